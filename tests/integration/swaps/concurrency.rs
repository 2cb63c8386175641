//! Many agents asking for the last seats at once: never more requests than
//! seats, a clear French refusal for the others, no error page; the same
//! for the per-service cap and for one agent clicking many times.

use diesel::prelude::*;
use passerelles::schema::swap_requests;
use rocket::futures::future::join_all;

use super::*;
use crate::both_backends;

/// Agents of twelve different services (none is the DSI, the host's).
const VISITORS: [&str; 12] = [
    "cdubois",
    "aferreira",
    "lnguyen",
    "rgirard",
    "ybenali",
    "samrani",
    "mfaure",
    "imansouri",
    "otraore",
    "ecaron",
    "erousseau",
    "nbelkacem",
];

async fn live_requests(app: &TestApp, slot: i32) -> i64 {
    app.db()
        .run(move |conn| {
            Ok(swap_requests::table
                .filter(swap_requests::slot_id.eq(slot))
                .filter(swap_requests::status.eq_any(["requested", "approved", "confirmed"]))
                .count()
                .get_result(conn)?)
        })
        .await
        .unwrap()
}

/// Sends every browser's request at once; returns the statuses and bodies.
async fn all_at_once(browsers: &mut [Browser<'_>], offer: i32, slot: i32) -> Vec<Page> {
    // Each browser loads the offer first (its form token), so that only the POSTs race.
    for browser in browsers.iter_mut() {
        assert_eq!(
            browser
                .get(&format!("/vis-ma-vie/offres/{offer}"))
                .await
                .status,
            200
        );
    }
    join_all(browsers.iter_mut().map(|b| ask(b, offer, slot))).await
}

both_backends! {
    async fn the_last_seats_are_never_overbooked(backend) {
        let app = TestApp::builder(backend)
            .config("swaps.max_absences_per_service_per_day", 100)
            .start()
            .await;
        let mut browsers = Vec::new();
        for username in VISITORS {
            browsers.push(app.sign_in(username).await);
        }
        app.sign_in("chenry").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 3)]).await;
        let pages = all_at_once(&mut browsers, offer, slots[0]).await;
        let statuses: Vec<u16> = pages.iter().map(|p| p.status).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 3, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 422).count(), VISITORS.len() - 3, "{statuses:?}");
        for page in pages.iter().filter(|p| p.status == 422) {
            assert!(page.texts("#slot_id-erreur")[0].starts_with("Ce créneau est complet"), "{}", page.body);
        }
        assert_eq!(taken(&app, slots[0]).await, 3);
        assert_eq!(live_requests(&app, slots[0]).await, 3);
    }

    async fn the_absences_cap_holds_under_concurrent_requests(backend) {
        let app = TestApp::builder(backend)
            .config("swaps.max_absences_per_service_per_day", 2)
            .start()
            .await;
        // Four agents of Espaces verts ask for a ten-seat slot at once.
        let mut browsers = Vec::new();
        for username in ["cdubois", "mdiallo", "lpetit", "tmoreau"] {
            browsers.push(app.sign_in(username).await);
        }
        app.sign_in("chenry").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 10)]).await;
        let pages = all_at_once(&mut browsers, offer, slots[0]).await;
        let statuses: Vec<u16> = pages.iter().map(|p| p.status).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 2, "{statuses:?}");
        for page in pages.iter().filter(|p| p.status == 422) {
            assert!(page.texts("#slot_id-erreur")[0].contains("maximum d'absences simultanées"), "{}", page.body);
        }
        assert_eq!(taken(&app, slots[0]).await, 2);
    }

    async fn one_agent_clicking_many_times_asks_once(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("chenry").await;
        let mut browsers = Vec::new();
        for _ in 0..6 {
            browsers.push(app.sign_in("cdubois").await);
        }
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 10)]).await;
        let pages = all_at_once(&mut browsers, offer, slots[0]).await;
        let statuses: Vec<u16> = pages.iter().map(|p| p.status).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 1, "{statuses:?}");
        for page in pages.iter().filter(|p| p.status == 422) {
            assert_eq!(page.texts("#slot_id-erreur"), vec!["Vous avez déjà une demande en cours pour ce créneau.".to_string()]);
        }
        assert_eq!(taken(&app, slots[0]).await, 1);
        assert_eq!(live_requests(&app, slots[0]).await, 1);
    }
}

both_backends! {
    async fn two_hosts_accepting_at_once_never_double_book_the_visitor(backend) {
        let app = TestApp::builder(backend)
            .config("swaps.max_absences_per_service_per_day", 100)
            .start()
            .await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut chloe = app.sign_in("chenry").await;
        let mut jerome = app.sign_in("jgarnier").await;
        for round in 0..4 {
            let day = in_days(10 + round);
            let (offer_a, slots_a) = publish(&app, "chenry", false, &[(day, 1)]).await;
            let (offer_b, slots_b) = publish(&app, "jgarnier", false, &[(day, 1)]).await;
            let a = request_id(&ask(&mut camille, offer_a, slots_a[0]).await);
            let b = request_id(&ask(&mut camille, offer_b, slots_b[0]).await);
            for id in [a, b] {
                assert_eq!(thierry.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await.status, 303);
            }
            // Both hosts load the page (their form token), then accept together.
            chloe.get(&format!("/vis-ma-vie/demandes/{a}")).await;
            jerome.get(&format!("/vis-ma-vie/demandes/{b}")).await;
            let path_a = format!("/vis-ma-vie/demandes/{a}/accepter");
            let path_b = format!("/vis-ma-vie/demandes/{b}/accepter");
            let (page_a, page_b) = rocket::futures::join!(chloe.post(&path_a, &[]), jerome.post(&path_b, &[]));
            let mut statuses = [page_a.status, page_b.status];
            statuses.sort_unstable();
            assert_eq!(statuses, [303, 422], "round {round}");
            let refused = if page_a.status == 422 { &page_a } else { &page_b };
            let message = refused.texts(".field-error").join(" ");
            assert!(message.starts_with("L'agent a entre-temps un autre engagement"), "{message}");
            let confirmed = [status(&app, a).await, status(&app, b).await]
                .iter()
                .filter(|s| *s == "confirmed")
                .count();
            assert_eq!(confirmed, 1, "round {round}");
        }
    }
}

both_backends! {
    async fn a_slot_removed_while_agents_ask_keeps_no_live_request(backend) {
        let app = TestApp::builder(backend)
            .config("swaps.max_absences_per_service_per_day", 100)
            .start()
            .await;
        let mut browsers = Vec::new();
        for username in &VISITORS[..6] {
            browsers.push(app.sign_in(username).await);
        }
        let mut chloe = app.sign_in("chenry").await;
        for round in 0..3 {
            let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10 + round), 6)]).await;
            let slot = slots[0];
            for browser in browsers.iter_mut() {
                browser.get(&format!("/vis-ma-vie/offres/{offer}")).await;
            }
            chloe.get(&format!("/vis-ma-vie/offres/{offer}")).await;
            let remove = format!("/vis-ma-vie/offres/{offer}/creneaux/{slot}/supprimer");
            let (asked, removed) = rocket::futures::join!(
                join_all(browsers.iter_mut().map(|b| ask(b, offer, slot))),
                chloe.post(&remove, &[]),
            );
            assert_eq!(removed.status, 303, "round {round}: {}", removed.body);
            assert!(asked.iter().all(|p| p.status == 303 || p.status == 422), "no error page");
            assert_eq!(live_requests(&app, slot).await, 0, "round {round}: a live request on a removed slot");
            assert_eq!(taken(&app, slot).await, 0);
        }
    }
}

both_backends! {
    async fn feedback_sent_twice_at_once_is_kept_once_without_an_error_page(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut chloe = app.sign_in("chenry").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        confirm(&mut thierry, &mut chloe, id).await;
        move_slot(&app, slots[0], in_days(-3)).await;
        let path = format!("/vis-ma-vie/demandes/{id}/retour");
        // The host, in four tabs, sends the same feedback at once.
        let mut tabs = Vec::new();
        for _ in 0..4 {
            let mut tab = app.sign_in("chenry").await;
            assert_eq!(tab.get(&path).await.status, 200);
            tabs.push(tab);
        }
        let pages = join_all(tabs.iter_mut().map(|t| t.post(&path, &[("how_it_went", "Très curieuse, à refaire.")]))).await;
        let statuses: Vec<u16> = pages.iter().map(|p| p.status).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 422).count(), 3, "{statuses:?}");
        let kept: i64 = app
            .db()
            .run(move |conn| {
                use passerelles::schema::swap_feedback;
                Ok(swap_feedback::table.filter(swap_feedback::request_id.eq(id)).count().get_result(conn)?)
            })
            .await
            .unwrap();
        assert_eq!(kept, 1);
    }
}
