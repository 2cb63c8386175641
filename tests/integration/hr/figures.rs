//! Every participation figure and the silo map, checked against the
//! hand-built dataset (see `dataset.rs` for why each answer is right).

use chrono::NaiveDate;
use passerelles::hr::model::{ActivityKind, Filters, Period, RoleFilter};
use passerelles::hr::participation::{self, Figures, ServiceShare};
use passerelles::hr::silo_map::SiloMap;

use super::dataset::{self, utc, Ids};
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

async fn figures_of(app: &TestApp, filters: Filters) -> Figures {
    app.db()
        .run(move |conn| {
            Ok(participation::figures(
                conn,
                &filters,
                utc(2026, 11, 1, 0, 0, 0),
                PARIS,
            )?)
        })
        .await
        .unwrap()
}

fn share(f: &Figures, service: i32) -> ServiceShare {
    f.by_service
        .iter()
        .find(|s| s.service_id == Some(service))
        .cloned()
        .unwrap_or_default()
}

both_backends! {
    async fn every_figure_matches_the_dataset(backend) {
        let app = TestApp::start(backend).await;
        let ids: Ids = dataset::load(&app).await;
        let filters = first_half_2026();
        assert_eq!(filters.period.previous().from, NaiveDate::from_ymd_opt(2025, 7, 4).unwrap());
        let f = figures_of(&app, filters).await;

        // People: emma (inactive) is not counted; david only missed a session.
        assert_eq!(f.active_agents, 6);
        assert_eq!(f.participants, 5, "alice, bruno, chloe, farid, gina");
        assert_eq!(share(&f, ids.voirie), ServiceShare { service_id: Some(ids.voirie), active: 1, participants: 1 });
        // farid changed service: he counts in Culture, his service today.
        assert_eq!(share(&f, ids.culture).participants, 2);
        assert_eq!(share(&f, ids.sport).participants, 2);
        assert_eq!(share(&f, ids.finances), ServiceShare { service_id: Some(ids.finances), active: 1, participants: 0 });

        let swaps = f.swaps.clone().unwrap();
        assert_eq!(swaps.requested, 6, "r1 to r6; r6 on the first instant of the period");
        assert_eq!(swaps.approved, 4);
        assert_eq!(swaps.pending, 1);
        assert_eq!(swaps.confirmed, 3);
        assert_eq!(swaps.done, 3);
        assert_eq!(swaps.reciprocated, 1);
        assert_eq!(swaps.declined, 1);
        assert_eq!(swaps.cancelled, 1);
        assert_eq!(swaps.approvals, 4);
        assert_eq!(swaps.median_wait_hours, Some(36.0), "24, 24, 48, 72 hours");

        let w = f.workshops.clone().unwrap();
        assert_eq!(w.sessions_held, 1, "the cancelled one and the one after the period do not count");
        assert_eq!(w.registrations, 3);
        assert_eq!(w.present, 2);
        assert_eq!(w.no_shows, 1);
        assert_eq!(w.unmarked, 0);
        assert_eq!(w.waitlisted, 1);
        assert_eq!(w.presenting_services, vec![(ids.culture, 1)]);
        assert_eq!((w.elus_taking_part, w.elus_total), (1, 1));
        assert_eq!((w.managers_taking_part, w.managers_total), (1, 1));

        let i = f.initiatives.clone().unwrap();
        assert_eq!(i.total, 2, "the hidden one and the one of November 2025 do not count");
        let count = |kind: &str, status: &str| {
            use passerelles::initiatives::model::Vocabulary;
            i.by_kind_status
                .iter()
                .find(|(k, s, _)| k.code() == kind && s.code() == status)
                .map(|(_, _, n)| *n)
                .unwrap()
        };
        assert_eq!(count("own", "in_progress"), 1);
        assert_eq!(count("heard", "proposed"), 1);
        assert_eq!(count("own", "done"), 0);
        assert_eq!(i.supports, 1);
        assert_eq!(i.cross_service_teams, 1, "alice (Voirie) and farid (Culture)");

        // The previous period: r7 (one second before) and bruno's initiative.
        let before = figures_of(&app, filters.previous()).await;
        assert_eq!(before.participants, 1);
        let swaps = before.swaps.unwrap();
        assert_eq!((swaps.requested, swaps.declined, swaps.approvals), (1, 1, 0));
        assert_eq!(swaps.median_wait_hours, None);
        assert_eq!(before.initiatives.unwrap().total, 1);
        assert_eq!(before.workshops.unwrap().sessions_held, 0);

        // Stuck today: r6 and r8, whatever the period.
        let stuck = app
            .db()
            .run(move |conn| Ok(participation::stuck_requests(conn, &filters, utc(2026, 11, 1, 0, 0, 0), 7)?))
            .await
            .unwrap();
        assert_eq!(stuck, 2);
    }

    async fn filters_narrow_every_figure(backend) {
        let app = TestApp::start(backend).await;
        let ids = dataset::load(&app).await;
        let workshops_only = Filters { kind: Some(ActivityKind::Workshops), ..first_half_2026() };
        let f = figures_of(&app, workshops_only).await;
        assert_eq!(f.participants, 3, "alice, chloe attended, bruno presented");
        assert!(f.swaps.is_none() && f.initiatives.is_none());

        let culture = Filters { service_id: Some(ids.culture), ..first_half_2026() };
        let f = figures_of(&app, culture).await;
        assert_eq!((f.active_agents, f.participants), (2, 2));
        assert_eq!(f.swaps.unwrap().requested, 1, "farid's r2: he is in Culture today");
        assert_eq!(f.workshops.unwrap().sessions_held, 1, "Culture presented it");

        let elus = Filters { role: Some(RoleFilter::Elu), ..first_half_2026() };
        let f = figures_of(&app, elus).await;
        assert_eq!((f.active_agents, f.participants), (1, 1));
        let swaps = f.swaps.unwrap();
        assert_eq!((swaps.requested, swaps.declined), (1, 1));
        assert_eq!(f.workshops.unwrap().present, 1);

        let agents = Filters { role: Some(RoleFilter::AgentOnly), ..first_half_2026() };
        let f = figures_of(&app, agents).await;
        assert_eq!((f.active_agents, f.participants), (4, 3), "alice, farid, gina; not david");
    }

    async fn the_silo_map_counts_pairs_of_services(backend) {
        let app = TestApp::start(backend).await;
        let ids = dataset::load(&app).await;
        let map = app
            .db()
            .run(|conn| Ok(SiloMap::read(conn, &first_half_2026(), PARIS)?))
            .await
            .unwrap();
        assert_eq!(map.services.len(), 4);
        assert_eq!(map.count(ids.voirie, ids.sport), 6, "three confirmed swaps, both sides");
        // farid visited Sport while in Voirie: the pair is Voirie–Sport, not Culture–Sport.
        assert_eq!(map.count(ids.sport, ids.culture), 1, "chloe at Culture's workshop");
        assert_eq!(map.count(ids.voirie, ids.culture), 3);
        assert_eq!(map.count(ids.culture, ids.finances), 0);
        assert_eq!(map.count_before(ids.culture, ids.finances), 1);
        let never: Vec<(i32, i32)> = map.never_met();
        assert_eq!(never.len(), 3);
        assert!(never.iter().all(|(a, b)| *a == ids.finances || *b == ids.finances));
        let (now, before) = map.index();
        assert_eq!(now, Some(50.0));
        assert!((before.unwrap() - 100.0 / 6.0).abs() < 1e-9);
        let _ = (ids.alice, ids.bruno, ids.chloe, ids.david, ids.emma, ids.farid, ids.gina, ids.i1);
    }
}
