//! Self-assessment (every one kept), the growth chart and its table, the
//! manager's validation kept beside it, the agent told, the team table.

use super::{agent_id, counts, says, skill};
use crate::both_backends;
use crate::harness::TestApp;

both_backends! {
    async fn agents_assess_themselves_and_every_assessment_is_kept(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let id = skill(&app, "animer").await;
        let path = format!("/competences/{id}/auto-evaluation");
        // Levels outside 1–4: refused with a French message, nothing written.
        for bad in ["0", "5", "-1", "deux", ""] {
            let page = camille.post(&path, &[("level", bad), ("comment", "")]).await;
            assert_eq!(page.status, 422, "level {bad:?}");
            assert!(says(&page, "Choisissez un niveau entre 1 (Notions) et 4 (Expertise)."), "{bad:?}");
            assert_eq!(page.h1(), "Animer une réunion, faciliter");
        }
        assert_eq!(counts(&app).await, (0, 0));
        for level in ["1", "2", "2"] {
            let page = camille.post(&path, &[("level", level), ("comment", "Réunion de quartier")]).await;
            assert_eq!(page.status, 303, "{}", page.body);
        }
        assert_eq!(counts(&app).await, (3, 0));
        let page = camille.get(&format!("/competences/{id}")).await;
        assert_eq!(page.texts("table.history tbody tr").len(), 3);
        assert_eq!(page.texts("table.history tbody tr td:nth-child(3)"), vec!["1 – Notions", "2 – Application", "2 – Application"]);
        assert!(page.texts(".skill-levels dd")[0].starts_with("2 – Application"));
        // The chart is an SVG with a title, its points, and the table beside it.
        assert_eq!(page.texts("svg.growth-chart title").len(), 1);
        let html = page.html();
        let circles = scraper::Selector::parse("svg.growth-chart circle.self").unwrap();
        assert_eq!(html.select(&circles).count(), 3);
        let mine = camille.get("/competences").await;
        assert_eq!(mine.h1(), "Mes compétences");
        assert_eq!(mine.texts(".skill-card").len(), 10);
        assert!(mine.texts("p").iter().any(|p| p.contains("1 compétence auto-évaluée, 0 validée")));
        let overview = mine.texts("table.skills-overview tbody tr");
        assert_eq!(overview.len(), 10);
        assert_eq!(overview.iter().filter(|r| r.starts_with("Animer une réunion, faciliter Coopérer 2 – Application — 0")).count(), 1, "{overview:?}");
    }

    async fn the_manager_validates_beside_the_self_level_and_the_agent_is_told(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut antonio = app.sign_in("aferreira").await;
        let camille_id = agent_id(&app, "cdubois").await;
        let antonio_id = agent_id(&app, "aferreira").await;
        let id = skill(&app, "piloter").await;
        camille.post(&format!("/competences/{id}/auto-evaluation"), &[("level", "3")]).await;

        let team = thierry.get("/competences/equipe").await;
        assert_eq!(team.status, 200);
        assert_eq!(team.h1(), "Les compétences de mon équipe");
        let rows = team.texts("table.team-skills tbody tr");
        assert_eq!(rows.len(), 1, "only Camille signed in from the team: {rows:?}");
        assert!(rows[0].starts_with("Camille Dubois"));
        assert!(team.texts(".notice")[0].contains("1 auto-évaluation attend votre validation"));
        let dashboard = thierry.get("/").await;
        assert!(dashboard.body.contains("Validations attendues : 1 auto-évaluation de votre équipe"));

        let review = thierry.get(&format!("/competences/equipe/{camille_id}")).await;
        assert_eq!(review.status, 200);
        assert_eq!(review.h1(), "Les compétences de Camille Dubois");
        let path = format!("/competences/equipe/{camille_id}/{id}/validation");
        let page = thierry.post(&path, &[("level", "9"), ("comment", "")]).await;
        assert_eq!(page.status, 422);
        assert!(says(&page, "Choisissez un niveau entre 1 (Notions) et 4 (Expertise)."));
        let page = thierry.post(&path, &[("level", "2"), ("comment", "Le tableau de bord reste à tenir seule.")]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(counts(&app).await, (1, 1));
        // The team table: Camille's validated level under "Piloter et suivre", nothing elsewhere.
        let team = thierry.get("/competences/equipe").await;
        let heads = team.texts("table.team-skills thead th");
        let column = heads.iter().position(|h| h == "Piloter et suivre").unwrap();
        let cells = team.texts("table.team-skills tbody tr td");
        assert_eq!(cells[column - 1], "2");
        assert_eq!(cells[0], "0", "nothing left to validate");
        assert_eq!(cells.iter().filter(|c| *c == "—").count(), 9);
        assert!(team.texts(".notice").is_empty(), "nothing waits any more");

        // Side by side, neither overwritten.
        let mine = camille.get(&format!("/competences/{id}")).await;
        let levels = mine.texts(".skill-levels dd");
        assert!(levels[0].starts_with("3 – Maîtrise"), "{levels:?}");
        assert!(levels[1].starts_with("2 – Application"), "{levels:?}");
        assert!(levels[1].contains("par Thierry Moreau"));
        assert!(levels[1].contains("Le tableau de bord reste à tenir seule."));
        let notes = crate::initiatives::notifications_of(&app, camille_id).await;
        assert!(notes[0].contains("Thierry Moreau a validé votre niveau en « Piloter et suivre » : 2 – Application"), "{notes:?}");

        // Outside the team: refused with its message, nothing written.
        antonio.post(&format!("/competences/{id}/auto-evaluation"), &[("level", "2")]).await;
        let page = thierry.post(&format!("/competences/equipe/{antonio_id}/{id}/validation"), &[("level", "2")]).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("Cet agent ne fait pas partie de votre équipe"));
        assert_eq!(counts(&app).await, (2, 1));
        assert_eq!(thierry.get(&format!("/competences/equipe/{antonio_id}")).await.status, 403);
        // An agent cannot validate themselves nor their manager.
        let page = camille.post(&format!("/competences/equipe/{camille_id}/{id}/validation"), &[("level", "4")]).await;
        assert_eq!(page.status, 422);
        let thierry_id = agent_id(&app, "tmoreau").await;
        let page = camille.post(&format!("/competences/equipe/{thierry_id}/{id}/validation"), &[("level", "4")]).await;
        assert_eq!(page.status, 422);
        // HR reads but does not validate.
        let mut claire = app.sign_in("cbonnet").await;
        let page = claire.post(&path, &[("level", "4")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(counts(&app).await, (2, 1));
        // An agent without a team has no team page.
        assert_eq!(camille.get("/competences/equipe").await.status, 403);
    }
}
