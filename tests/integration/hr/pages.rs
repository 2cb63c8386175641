//! The review pages: who may open them, what they show, bad filters.

use super::dataset;
use crate::both_backends;
use crate::harness::{Page, TestApp};

/// The row of a figures table whose header is `label`: (period, previous, change).
pub fn figure(page: &Page, label: &str) -> (String, String, String) {
    let rows = page.texts("table.figures tbody tr");
    let row = rows
        .iter()
        .find(|r| r.starts_with(label))
        .unwrap_or_else(|| panic!("no figure {label}: {rows:?}"));
    let html = page.html();
    let selector = scraper::Selector::parse("table.figures tbody tr").unwrap();
    let th = scraper::Selector::parse("th").unwrap();
    let td = scraper::Selector::parse("td").unwrap();
    for tr in html.select(&selector) {
        let head: String = tr.select(&th).flat_map(|e| e.text()).collect();
        if head.trim() == label {
            let cells: Vec<String> = tr
                .select(&td)
                .map(|e| e.text().collect::<String>().trim().to_string())
                .collect();
            return (cells[0].clone(), cells[1].clone(), cells[2].clone());
        }
    }
    panic!("no figure {label}: {row}");
}

const FIRST_HALF: &str = "du=2026-01-01&au=2026-06-30";

both_backends! {
    async fn only_hr_opens_the_review(backend) {
        let app = TestApp::start(backend).await;
        for (user, status) in [("cdubois", 403), ("tmoreau", 403), ("mvasseur", 403), ("lmartin", 403), ("cbonnet", 200)] {
            let mut browser = app.sign_in(user).await;
            for path in ["/rh", "/rh/carte"] {
                let page = browser.get(path).await;
                assert_eq!(page.status, status, "{user} on {path}");
            }
        }
        let page = app.browser().get("/rh").await;
        assert_ne!(page.status, 200, "signed out");
    }

    async fn the_review_shows_the_figures_with_their_trend(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        dataset::load(&app).await;
        let page = hr.get(&format!("/rh?{FIRST_HALF}")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.h1(), "Revue RH : participation");
        assert_eq!(figure(&page, "Agents ayant participé"), ("5".into(), "1".into(), "+4".into()));
        // cbonnet signed in: seven active agents.
        assert_eq!(figure(&page, "Agents actifs").0, "7");
        assert_eq!(figure(&page, "Demandes").0, "6");
        assert_eq!(figure(&page, "Annulées").0, "1");
        assert_eq!(figure(&page, "Attente médiane d'un accord").0, "36 h");
        assert_eq!(figure(&page, "Séances tenues"), ("1".into(), "0".into(), "+1".into()));
        assert_eq!(figure(&page, "Équipes inter-services").0, "1");
        let rows = page.texts("#tableau-participation-par-service tbody tr");
        assert!(rows.contains(&"Culture 2 2 100 % 50 %".to_string()), "{rows:?}");
        assert!(rows.contains(&"Finances 1 0 0 % 0 %".to_string()), "{rows:?}");
        // Every figure says how it is counted.
        assert!(page.texts("table.figures td.definition").iter().all(|d| d.len() > 20));

        let map = hr.get(&format!("/rh/carte?{FIRST_HALF}")).await;
        assert_eq!(map.status, 200);
        // Five services with active agents (cbonnet's included): 10 pairs, 3 met.
        assert!(map.texts(".big-figure")[0].starts_with("30 % des 10 paires"), "{:?}", map.texts(".big-figure"));
        assert_eq!(map.texts("svg rect").len(), 25);
        let never = map.texts("#tableau-services-qui-ne-se-sont-pas-rencontres tbody tr");
        assert_eq!(never.len(), 7);
    }

    async fn bad_filters_are_refused_with_their_field(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let page = hr.get("/rh?du=2026-06-30&au=2026-01-01&role=directeur").await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#au-erreur"), vec!["La fin de la période doit suivre son début."]);
        assert_eq!(page.texts("#role-erreur"), vec!["Choisissez un rôle dans la liste."]);
        let page = hr.get("/rh?periode=dernier-trimestre").await;
        assert_eq!(page.status, 200);
        let page = hr.get("/rh?periode=hier").await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#periode-erreur").len(), 1);
    }
}
