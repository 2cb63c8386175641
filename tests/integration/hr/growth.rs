//! Skills growth and campaign completion, checked against the hand-built
//! dataset (see `growth_dataset.rs` for why each answer is right), the page
//! per role and its exports.

use std::collections::HashMap;

use chrono::NaiveDate;
use passerelles::hr::campaign_progress::{self, ServiceProgress};
use passerelles::hr::growth::{self, GrowthFigures};
use passerelles::hr::model::{Filters, Period, RoleFilter};

use super::dataset::{self, Ids};
use super::growth_dataset::{self, Skills};
use crate::both_backends;
use crate::harness::TestApp;

const PARIS: chrono_tz::Tz = chrono_tz::Europe::Paris;

fn first_half_2026() -> Filters {
    Filters {
        period: Period {
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
        },
        service_id: None,
        role: None,
        kind: None,
    }
}

async fn figures_of(app: &TestApp, filters: Filters) -> GrowthFigures {
    app.db()
        .run(move |conn| Ok(growth::figures(conn, &filters, PARIS)?))
        .await
        .unwrap()
}

fn map<K: std::hash::Hash + Eq, V>(pairs: Vec<(K, V)>) -> HashMap<K, V> {
    pairs.into_iter().collect()
}

both_backends! {
    async fn skills_growth_matches_the_dataset(backend) {
        let app = TestApp::start(backend).await;
        let ids: Ids = dataset::load(&app).await;
        let Skills { x, y } = growth_dataset::load(&app, ids).await;
        let (v, c, s, f) = (Some(ids.voirie), Some(ids.culture), Some(ids.sport), Some(ids.finances));
        let now = figures_of(&app, first_half_2026()).await;

        // Latest validated level at the end: gina's lowered 2, not her 3;
        // david's 4 comes after the end; farid counts under Culture, his
        // service today; emma (inactive) nowhere.
        assert_eq!(now.levels, map(vec![
            ((x, v), [0, 1, 0, 0]),
            ((x, s), [0, 1, 1, 0]),
            ((x, c), [0, 1, 0, 0]),
            ((y, c), [0, 0, 1, 0]),
            ((y, f), [1, 0, 0, 0]),
        ]));
        assert_eq!(now.validated_agents, map(vec![(v, 1), (s, 2), (c, 1), (f, 1)]));
        // alice's 2 at the first instant of the 12 months counts as a rise,
        // chloe's 3 one second before does not; farid's first X is no rise.
        assert_eq!(now.risen, map(vec![((x, v), 1), ((x, s), 1), ((y, c), 1)]));
        assert_eq!(now.risen_agents, map(vec![(v, 1), (s, 1), (c, 1)]));
        assert_eq!(now.goals_set, map(vec![((x, v), 1), ((y, c), 1), ((x, s), 1), ((y, f), 1)]));
        assert_eq!(now.goals_reached, map(vec![((y, c), 1), ((x, s), 1)]));
        assert_eq!(now.gaps, map(vec![
            ((x, v), map(vec![((3, 2), 1)])),
            ((x, s), map(vec![((3, 3), 1), ((4, 2), 1)])),
            ((y, c), map(vec![((2, 3), 1)])),
        ]));

        let before = figures_of(&app, first_half_2026().previous()).await;
        assert_eq!(before.validated_agents, map(vec![(v, 1), (s, 2), (c, 1)]));
        assert_eq!(before.levels, map(vec![
            ((x, v), [0, 1, 0, 0]),
            ((x, s), [1, 0, 1, 0]),
            ((x, c), [0, 1, 0, 0]),
            ((y, c), [1, 0, 0, 0]),
        ]));
        assert!(before.risen.is_empty());
        assert_eq!(before.goals_set, map(vec![((y, v), 1)]));
        assert!(before.goals_reached.is_empty());
        assert_eq!(before.gaps, map(vec![((x, s), map(vec![((3, 3), 1)]))]));

        // Filters: Sport only; managers only (bruno has no level).
        let sport = figures_of(&app, Filters { service_id: Some(ids.sport), ..first_half_2026() }).await;
        assert_eq!(sport.levels, map(vec![((x, s), [0, 1, 1, 0])]));
        assert_eq!(sport.risen_agents, map(vec![(s, 1)]));
        let managers = figures_of(&app, Filters { role: Some(RoleFilter::Manager), ..first_half_2026() }).await;
        assert_eq!(managers, GrowthFigures::default());

        // Campaigns overlapping the period, newest first; autumn 2025 is out.
        let campaigns = app.db().run(|conn| Ok(campaign_progress::read(conn, &first_half_2026())?)).await.unwrap();
        let titles: Vec<&str> = campaigns.iter().map(|c| c.campaign.title.as_str()).collect();
        assert_eq!(titles, vec!["Été 2026", "Printemps 2026"]);
        let rows = |i: usize| {
            let mut r = campaigns[i].services.clone();
            r.sort_by_key(|p| p.service_id);
            r
        };
        assert_eq!(rows(0), vec![ServiceProgress { service_id: ids.sport, agents: 2, assessed: 1, validated: 0 }]);
        let mut spring = vec![
            ServiceProgress { service_id: ids.voirie, agents: 1, assessed: 1, validated: 0 },
            ServiceProgress { service_id: ids.culture, agents: 2, assessed: 0, validated: 1 },
            ServiceProgress { service_id: ids.sport, agents: 2, assessed: 1, validated: 0 },
            ServiceProgress { service_id: ids.finances, agents: 1, assessed: 0, validated: 0 },
        ];
        spring.sort_by_key(|p| p.service_id);
        assert_eq!(rows(1), spring);
    }

    async fn the_growth_page_reads_the_figures_for_hr_only(backend) {
        let app = TestApp::start(backend).await;
        let ids = dataset::load(&app).await;
        growth_dataset::load(&app, ids).await;
        let query = "du=2026-01-01&au=2026-06-30";
        let mut agent = app.sign_in("cdubois").await;
        assert_eq!(agent.get(&format!("/rh/competences?{query}")).await.status, 403);
        let mut manager = app.sign_in("tmoreau").await;
        assert_eq!(manager.get(&format!("/rh/competences?{query}")).await.status, 403);
        let mut hr = app.sign_in("cbonnet").await;
        let page = hr.get(&format!("/rh/competences?{query}")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let figure = |label: &str| {
            let (now, before, _) = crate::hr::pages::figure(&page, label);
            (now, before)
        };
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(figure("Agents ayant un niveau validé"), pair("5", "4"));
        assert_eq!(figure("Agents en progression sur 12 mois"), pair("3", "0"));
        assert_eq!(figure("Objectifs fixés"), pair("4", "1"));
        assert_eq!(figure("Objectifs atteints"), pair("2", "0"));
        assert_eq!(figure("Écart moyen"), pair("+0,5 niveau", "0 niveau"));
        assert_eq!(figure("Auto-évaluations au-dessus du niveau validé"), pair("50 %", "0 %"));
        let rows = page.texts("#tableau-niveaux-valides-par-competence tbody tr");
        assert!(rows.contains(&"Travailler en transversalité 0 3 1 0 4 4".to_string()), "{rows:?}");
        assert!(rows.contains(&"Communiquer sur un projet 1 0 1 0 2 1".to_string()), "{rows:?}");
        let gaps = page.texts("#tableau-ecart-auto-evaluation-par-service tbody tr");
        assert_eq!(gaps, vec!["Culture 1 0 0 1 −1 niveau", "Sport 2 1 1 0 +1 niveau", "Voirie 1 1 0 0 +1 niveau"]);
        assert!(page.body.contains("<svg"), "the heat map is drawn");
        let campaigns = page.texts("#tableau-completion-des-campagnes tbody tr");
        assert!(campaigns.iter().any(|r| r.contains("Printemps 2026") && r.contains("Culture 2 0 0 % 1")), "{campaigns:?}");
        // A wrong filter: 422, the page with defaults.
        assert_eq!(hr.get("/rh/competences?service=999").await.status, 422);

        // The export of a growth table, parsed back.
        let csv = hr.get(&format!("/rh/exports/progression-par-service.csv?{query}")).await;
        assert_eq!(csv.status, 200);
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
        let lines: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
        assert!(lines.contains(&vec!["Sport".to_string(), "1".into(), "1".into(), "1".into(), "100 %".into()]), "{lines:?}");
        // farid moved up under Culture, his service today.
        assert!(lines.contains(&vec!["Culture".to_string(), "1".into(), "1".into(), "1".into(), "100 %".into()]), "{lines:?}");
    }
}
