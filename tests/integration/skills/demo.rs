//! The skills demo: histories over 18 months with a shape, a campaign, and
//! every page of the section renders for the demo's people.

use super::agent_id;
use crate::both_backends;
use crate::harness::TestApp;

both_backends! {
    async fn the_demo_shows_growth_over_eighteen_months(backend) {
        let app = TestApp::builder(backend).config("demo", true).start().await;
        let mut camille = app.sign_in("cdubois").await;
        let mine = camille.get("/competences").await;
        assert_eq!(mine.status, 200);
        assert!(mine.texts("svg.growth-chart").len() >= 5, "charts for Camille's skills");
        assert!(mine.texts(".campaign")[0].contains("Entretiens professionnels 2027"));
        assert!(mine.texts(".evidence").len() >= 3);
        assert_eq!(mine.texts("table.goals tbody tr").len(), 2);
        let history = mine.texts("table.history tbody tr");
        assert!(history.len() >= 15, "{}", history.len());
        let camille_id = agent_id(&app, "cdubois").await;
        for path in [format!("/competences/passeport/{camille_id}"), "/competences/referentiel".into(), "/competences/sollicitations".into(), "/competences/objectifs/1".into(), "/competences/ressources/7".into()] {
            assert_eq!(camille.get(&path).await.status, 200, "{path}");
        }
        let mut thierry = app.sign_in("tmoreau").await;
        let team = thierry.get("/competences/equipe").await;
        assert_eq!(team.status, 200);
        assert!(team.texts("table.team-skills tbody tr").len() >= 3);
        assert_eq!(thierry.get(&format!("/competences/equipe/{camille_id}")).await.status, 200);
        let mut claire = app.sign_in("cbonnet").await;
        let campaigns = claire.get("/competences/campagnes").await;
        assert_eq!(campaigns.status, 200);
        assert!(!campaigns.texts("table.completion tbody tr").is_empty());
        assert_eq!(claire.get("/competences/referentiel/1").await.status, 200);
    }
}
