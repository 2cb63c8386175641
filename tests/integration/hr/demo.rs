//! The HR demo: the previous period reads something, and the skills growth
//! page shows levels, rises and a campaign.

use super::pages::figure;
use crate::both_backends;
use crate::harness::TestApp;

both_backends! {
    async fn the_demo_fills_both_periods_and_the_growth_page(backend) {
        let app = TestApp::builder(backend).config("demo", true).start().await;
        let mut hr = app.sign_in("cbonnet").await;
        let review = hr.get("/rh").await;
        assert_eq!(review.status, 200);
        for label in ["Demandes", "Agents ayant participé", "Séances tenues", "Initiatives publiées"] {
            let (now, before, _) = figure(&review, label);
            assert_ne!(now, "0", "{label} this period");
            assert_ne!(before, "0", "{label} the previous period");
        }
        let map = hr.get("/rh/carte").await;
        assert!(!map.texts("#tableau-evolution-des-rencontres tbody tr").is_empty());

        let growth = hr.get("/rh/competences").await;
        assert_eq!(growth.status, 200);
        let (validated, before, _) = figure(&growth, "Agents ayant un niveau validé");
        assert!(validated.parse::<i64>().unwrap() >= 6, "{validated}");
        assert!(before.parse::<i64>().unwrap() >= 4, "{before}");
        let (risen, _, _) = figure(&growth, "Agents en progression sur 12 mois");
        assert!(risen.parse::<i64>().unwrap() >= 3, "{risen}");
        let campaigns = growth.texts("#tableau-completion-des-campagnes tbody tr");
        assert!(campaigns.iter().any(|r| r.starts_with("Entretiens professionnels 2026")), "{campaigns:?}");
        assert!(campaigns.iter().any(|r| r.starts_with("Entretiens professionnels 2027")), "{campaigns:?}");
    }
}
