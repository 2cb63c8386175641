//! `/pilotage`: élus, HR and admins only; no names; the "< 5" rule and no
//! hidden count found again by subtraction.

use std::collections::HashMap;

use passerelles::hr::disclosure::Disclosure;
use passerelles::hr::participation::{Figures, ServiceShare, SwapFigures};
use passerelles::hr::report;

use super::dataset;
use super::pages::figure;
use crate::both_backends;
use crate::harness::{Page, TestApp};

const NAMES: [&str; 14] = [
    "Alice", "Aubert", "Bruno", "Chloé", "Carré", "David", "Dumas", "Emma", "Euler", "Farid",
    "Fekir", "Gina", "Gros", "t-alice",
];

/// A figure's value per label, from the figures tables of a page.
fn figures(page: &Page) -> HashMap<String, String> {
    let html = page.html();
    let tr = scraper::Selector::parse("table.figures tbody tr").unwrap();
    let th = scraper::Selector::parse("th").unwrap();
    let td = scraper::Selector::parse("td").unwrap();
    html.select(&tr)
        .map(|row| {
            let label: String = row.select(&th).flat_map(|e| e.text()).collect();
            let value: String = row.select(&td).next().unwrap().text().collect();
            (label.trim().to_string(), value.trim().to_string())
        })
        .collect()
}

/// No group with a shown total has exactly one hidden part.
fn assert_no_subtraction(total: &str, parts: &[&str]) {
    if total.parse::<i64>().is_ok() {
        let hidden = parts.iter().filter(|p| p.parse::<i64>().is_err()).count();
        assert_ne!(hidden, 1, "total {total}, parts {parts:?}");
    }
}

#[test]
fn a_lone_small_count_takes_another_with_it() {
    let swaps = SwapFigures {
        requested: 20,
        approved: 18,
        pending: 12,
        confirmed: 6,
        done: 6,
        reciprocated: 0,
        declined: 2,
        cancelled: 0,
        median_wait_hours: Some(30.0),
        approvals: 3,
    };
    let figures = Figures {
        active_agents: 40,
        participants: 23,
        by_service: vec![
            ServiceShare {
                service_id: Some(1),
                active: 30,
                participants: 20,
            },
            ServiceShare {
                service_id: Some(2),
                active: 10,
                participants: 3,
            },
        ],
        swaps: Some(swaps),
        workshops: None,
        initiatives: None,
    };
    let names = [(1, "Voirie".to_string()), (2, "Sport".to_string())]
        .into_iter()
        .collect();
    let sections = report::sections(&figures, &figures, Some(3), &names, Disclosure::Protected);
    let value = |section: usize, label: &str| {
        sections[section]
            .figures
            .iter()
            .find(|f| f.label == label)
            .unwrap()
            .now
            .clone()
    };
    assert_eq!(value(1, "Demandes"), "20");
    assert_eq!(value(1, "Refusées"), "< 5");
    // 20 − 12 − 2 − 0 would give the confirmed ones, and with them the declined.
    assert_eq!(value(1, "Confirmées"), "secret");
    assert_eq!(value(1, "En attente"), "12");
    // 18 approved, so 2 not approved: the approved count goes too.
    assert_eq!(value(1, "Accordées par l'encadrant"), "secret");
    assert_eq!(
        value(1, "Attente médiane d'un accord"),
        "secret",
        "three approvals only"
    );
    assert_eq!(value(1, "Demandes bloquées aujourd'hui"), "< 5");
    // Sport's 3 participants are hidden, and Voirie's 20 with them.
    let rows = &sections[0].tables[0].rows;
    assert_eq!(rows[0], vec!["Sport", "10", "< 5", "secret", "secret"]);
    assert_eq!(rows[1], vec!["Voirie", "30", "secret", "secret", "secret"]);
    assert_eq!(value(0, "Agents ayant participé"), "23");
}

both_backends! {
    async fn steering_is_for_elus_hr_and_admins(backend) {
        let app = TestApp::start(backend).await;
        for (user, status) in [("cdubois", 403), ("tmoreau", 403), ("mvasseur", 200), ("cbonnet", 200), ("lmartin", 200)] {
            let mut browser = app.sign_in(user).await;
            assert_eq!(browser.get("/pilotage").await.status, status, "{user}");
        }
    }

    async fn elus_see_no_names_and_no_small_counts(backend) {
        let app = TestApp::start(backend).await;
        let mut elu = app.sign_in("mvasseur").await;
        dataset::load(&app).await;
        let page = elu.get("/pilotage").await;
        assert_eq!(page.status, 200);
        let text = page.texts("main").join(" ");
        for name in NAMES {
            assert!(!text.contains(name), "{name} appears on /pilotage");
            assert!(!page.body.contains(name), "{name} is in the HTML of /pilotage");
        }
        assert!(page.texts("main a").iter().all(|a| !a.contains("Dossier")));
        // Over the last 12 months: five took part (shown), by service all small.
        assert_eq!(figure(&page, "Agents ayant participé").0, "5");
        let rows = page.texts("#tableau-participation-par-service tbody tr");
        assert!(rows.iter().any(|r| r.starts_with("Culture < 5 < 5")), "{rows:?}");
        assert!(rows.iter().any(|r| r.starts_with("Finances < 5 0")), "{rows:?}");
        let f = figures(&page);
        assert_no_subtraction(&f["Demandes"], &[&f["En attente"], &f["Confirmées"], &f["Refusées"], &f["Annulées"]]);
        assert_no_subtraction(&f["Inscriptions"], &[&f["Présents"], &f["Absents"]]);
        for value in f.values() {
            if let Ok(n) = value.parse::<i64>() {
                assert!(n == 0 || n >= 5, "a small count is shown: {value} in {f:?}");
            }
        }
        // Free dates and people filters are not offered, and ignored if forced.
        assert!(page.texts("#du").is_empty() && page.texts("#service").is_empty());
        let forced = elu.get("/pilotage?service=1&du=2026-01-01&au=2026-01-02").await;
        assert_eq!(forced.status, 200);
        assert_eq!(figure(&forced, "Agents ayant participé").0, "5");
    }

    async fn elus_see_skills_growth_protected(backend) {
        let app = TestApp::start(backend).await;
        let mut elu = app.sign_in("mvasseur").await;
        let ids = dataset::load(&app).await;
        crate::hr::growth_dataset::load(&app, ids).await;
        let page = elu.get("/pilotage").await;
        assert_eq!(page.status, 200);
        for name in NAMES {
            assert!(!page.body.contains(name), "{name} is in the HTML of /pilotage");
        }
        assert!(page.body.contains("niveaux-carte-titre"), "the levels heat map");
        for table in ["niveaux-valides-par-competence", "niveaux-valides-par-service", "progression-par-service", "ecart-auto-evaluation-par-service", "completion-des-campagnes"] {
            let html = page.html();
            let tr = scraper::Selector::parse(&format!("#tableau-{table} tbody tr")).unwrap();
            let td = scraper::Selector::parse("td").unwrap();
            let rows: Vec<Vec<String>> = html
                .select(&tr)
                .map(|r| r.select(&td).map(|c| c.text().collect::<String>().trim().to_string()).collect())
                .collect();
            assert!(!rows.is_empty(), "{table}");
            for row in &rows {
                for cell in row {
                    if let Ok(n) = cell.parse::<i64>() {
                        assert!(n == 0 || n >= 5, "a small count in {table}: {row:?}");
                    }
                }
            }
            if table.starts_with("niveaux") {
                for row in &rows {
                    let parts: Vec<&str> = row[..4].iter().map(String::as_str).collect();
                    assert_no_subtraction(&row[4], &parts);
                }
            }
        }
        let rows = page.texts("#tableau-niveaux-valides-par-competence tbody tr");
        assert!(rows.iter().any(|r| r.starts_with("Travailler en transversalité 0 < 5 < 5 0 < 5")), "{rows:?}");
        let (status, _, bytes) = crate::hr::exports::download(&app, &elu, "/pilotage/exports/niveaux-valides-par-service.csv").await;
        assert_eq!(status, 200);
        let csv = crate::hr::exports::read_csv(&bytes);
        assert!(csv.iter().flatten().any(|c| c == "< 5"), "{csv:?}");
    }
}
