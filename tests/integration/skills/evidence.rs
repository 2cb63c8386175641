//! Evidence proposed from the agent's own history, checked again on the
//! server; free evidence with an optional link.

use diesel::prelude::*;
use passerelles::schema::{skill_evidence, workshop_skills};

use super::{agent_id, errors, register, says, session, skill, swap};
use crate::both_backends;
use crate::harness::TestApp;

async fn evidence_count(app: &TestApp) -> i64 {
    app.db()
        .run(|conn| Ok(skill_evidence::table.count().get_result(conn)?))
        .await
        .unwrap()
}

both_backends! {
    async fn evidence_comes_from_the_agents_own_real_activities(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        app.sign_in("jroux").await;
        app.sign_in("mdiallo").await;
        let camille_id = agent_id(&app, "cdubois").await;
        let julien = agent_id(&app, "jroux").await;
        let mamadou = agent_id(&app, "mdiallo").await;
        let id = skill(&app, "transversalite").await;

        let visited = swap(&app, julien, camille_id, -10, "confirmed").await;
        let hosted = swap(&app, camille_id, julien, -20, "confirmed").await;
        let cancelled = swap(&app, julien, camille_id, -5, "cancelled").await;
        let coming = swap(&app, julien, camille_id, 7, "confirmed").await;
        let others = swap(&app, julien, mamadou, -3, "confirmed").await;
        let (workshop, attended) = session(&app, julien, -2, false).await;
        register(&app, attended, camille_id, Some("present")).await;
        let (_, absent) = session(&app, julien, -4, false).await;
        register(&app, absent, camille_id, Some("absent")).await;
        let (_, organised) = session(&app, camille_id, -6, false).await;
        // The workshop says it practises the skill: proposed first.
        app.db()
            .run(move |conn| {
                diesel::insert_into(workshop_skills::table)
                    .values((workshop_skills::workshop_id.eq(workshop), workshop_skills::skill_id.eq(id)))
                    .execute(conn)?;
                Ok(())
            })
            .await
            .unwrap();

        let page = camille.get(&format!("/competences/{id}")).await;
        let proposals = page.texts(".proposal");
        assert_eq!(proposals.len(), 4, "{proposals:?}");
        assert!(proposals[0].contains("Atelier : a participé") && proposals[0].contains("pratique cette compétence"), "{proposals:?}");
        assert!(proposals.iter().any(|p| p.contains("Vis ma vie : a accueilli")));
        assert!(proposals.iter().any(|p| p.contains("Vis ma vie : a découvert un métier")));
        assert!(proposals.iter().any(|p| p.contains("Atelier : a organisé")));

        let path = format!("/competences/{id}/preuves/activite");
        let refused = [
            ("swap-visited", others, "Cette activité n'est pas la vôtre"),
            ("swap-hosted", visited, "Cette activité n'est pas la vôtre"),
            ("swap-visited", cancelled, "Cet échange Vis ma vie a été annulé"),
            ("swap-visited", coming, "Cet échange Vis ma vie n'a pas encore eu lieu"),
            ("session-attended", absent, "Vous n'avez pas été noté présent à cette session"),
            ("session-organised", attended, "Cette activité n'est pas la vôtre"),
        ];
        for (kind, source, message) in refused {
            let page = camille.post(&path, &[("kind", kind), ("source", &source.to_string())]).await;
            assert_eq!(page.status, 422, "{kind} {source}");
            assert!(says(&page, message), "{kind} {source}: {:?}", errors(&page));
        }
        assert_eq!(evidence_count(&app).await, 0);

        for (kind, source) in [("swap-visited", visited), ("swap-hosted", hosted), ("session-attended", attended), ("session-organised", organised)] {
            let page = camille.post(&path, &[("kind", kind), ("source", &source.to_string())]).await;
            assert_eq!(page.status, 303, "{kind}: {}", page.body);
        }
        // Twice the same: refused.
        let page = camille.post(&path, &[("kind", "swap-visited"), ("source", &visited.to_string())]).await;
        assert_eq!(page.status, 422);
        assert!(says(&page, "déjà une preuve"));
        assert_eq!(evidence_count(&app).await, 4);
        let page = camille.get(&format!("/competences/{id}")).await;
        assert_eq!(page.texts(".evidence").len(), 4);
        assert!(page.texts(".proposal").is_empty());
    }

    async fn free_evidence_takes_a_text_and_an_optional_link(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let id = skill(&app, "communiquer").await;
        let path = format!("/competences/{id}/preuves");
        let page = camille.post(&path, &[("title", "  "), ("link", "")]).await;
        assert_eq!(page.status, 422);
        assert!(says(&page, "Indiquez ce que vous avez fait."));
        let page = camille.post(&path, &[("title", "Article dans le journal interne"), ("link", "javascript:alert(1)")]).await;
        assert_eq!(page.status, 422);
        assert!(says(&page, "https://"));
        // The input is kept.
        assert!(page.body.contains("Article dans le journal interne"));
        assert_eq!(evidence_count(&app).await, 0);
        let page = camille.post(&path, &[("title", "Article dans le journal interne"), ("link", "https://intranet.ville-bourges.fr/article")]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let page = camille.post(&path, &[("title", "Présentation au comité de quartier"), ("link", "")]).await;
        assert_eq!(page.status, 303);
        let page = camille.get(&format!("/competences/{id}")).await;
        let items = page.texts(".evidence--free");
        assert_eq!(items.len(), 2);
        let html = page.html();
        let link = scraper::Selector::parse(".evidence--free a").unwrap();
        assert_eq!(html.select(&link).next().unwrap().value().attr("href"), Some("https://intranet.ville-bourges.fr/article"));
    }

    async fn evidence_is_removed_by_its_owner_only(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut mamadou = app.sign_in("mdiallo").await;
        let id = skill(&app, "communiquer").await;
        let other = skill(&app, "transversalite").await;
        let page = camille.post(&format!("/competences/{id}/preuves"), &[("title", "Présentation au comité de quartier"), ("link", "")]).await;
        assert_eq!(page.status, 303);
        let evidence: i32 = app.db().run(|conn| Ok(skill_evidence::table.select(skill_evidence::id).first(conn)?)).await.unwrap();
        let page = camille.get(&format!("/competences/{id}")).await;
        let remove = format!("/competences/{id}/preuves/{evidence}/retrait");
        assert!(page.body.contains(&remove), "the page offers to remove it");
        // Someone else, or the wrong skill: not found, nothing removed.
        assert_eq!(mamadou.post(&remove, &[]).await.status, 404);
        assert_eq!(camille.post(&format!("/competences/{other}/preuves/{evidence}/retrait"), &[]).await.status, 404);
        assert_eq!(evidence_count(&app).await, 1);
        let page = camille.post(&remove, &[]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(evidence_count(&app).await, 0);
        assert!(camille.get(&format!("/competences/{id}")).await.texts(".evidence").is_empty());
        // Twice: gone already.
        assert_eq!(camille.post(&remove, &[]).await.status, 404);
    }
}
