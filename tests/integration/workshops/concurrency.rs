//! Many registrations and cancellations at once, on both backends: never
//! more confirmed seats than the capacity, no error, the waiting list kept
//! in order of arrival.

use rocket::futures::future::join_all;

use super::*;
use crate::both_backends;

const PEOPLE: [&str; 12] = [
    "cdubois",
    "mdiallo",
    "lpetit",
    "aferreira",
    "klambert",
    "lnguyen",
    "jroux",
    "fndiaye",
    "rgirard",
    "ybenali",
    "nperrin",
    "samrani",
];

both_backends! {
    async fn concurrent_registrations_never_overbook(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let s = propose(&app, &mut jerome, &[("services", &voirie), ("capacity", "3")]).await.sessions[0];
        let path = format!("/ateliers/sessions/{s}");
        let mut browsers = Vec::new();
        for who in PEOPLE {
            let mut b = app.sign_in(who).await;
            b.get(&path).await; // the form's token
            browsers.push(b);
        }
        let action = format!("{path}/inscription");
        let pages = join_all(browsers.iter_mut().map(|b| b.post(&action, &[]))).await;
        for page in &pages {
            assert_eq!(page.status, 303, "no error: {}", page.body);
        }
        let rows = registrations(&app, s).await;
        assert_eq!(rows.len(), PEOPLE.len());
        let confirmed: Vec<i32> = rows.iter().filter(|(_, st)| st == "confirmed").map(|(a, _)| *a).collect();
        assert_eq!(confirmed.len(), 3, "exactly the capacity: {rows:?}");
        assert_eq!(rows.iter().filter(|(_, st)| st == "waitlisted").count(), 9);
        assert_eq!(taken(&app, s).await, 3);
        // Only the seated have the session in their diary.
        let mut in_diaries = 0;
        for (agent, _) in &rows {
            let entries = diary(&app, *agent).await;
            if !entries.is_empty() {
                assert!(confirmed.contains(agent));
                in_diaries += 1;
            }
        }
        assert_eq!(in_diaries, 3);
    }

    async fn concurrent_cancellations_promote_the_waiting_list_in_order(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let s = propose(&app, &mut jerome, &[("services", &voirie), ("capacity", "3")]).await.sessions[0];
        let path = format!("/ateliers/sessions/{s}");
        let mut browsers = Vec::new();
        // One after the other: three seats, then five waiting in a known order.
        for who in &PEOPLE[..8] {
            let mut b = app.sign_in(who).await;
            assert_eq!(b.post(&format!("{path}/inscription"), &[]).await.status, 303);
            browsers.push(b);
        }
        let before = registrations(&app, s).await;
        let waiting: Vec<i32> = before.iter().filter(|(_, st)| st == "waitlisted").map(|(a, _)| *a).collect();
        assert_eq!(waiting.len(), 5);
        // The three seated cancel at once, while two waiting agents leave the queue.
        let action = format!("{path}/desinscription");
        let leaving: Vec<usize> = vec![0, 1, 2, 5, 6];
        let pages = join_all(
            browsers
                .iter_mut()
                .enumerate()
                .filter(|(i, _)| leaving.contains(i))
                .map(|(_, b)| b.post(&action, &[])),
        )
        .await;
        for page in &pages {
            assert_eq!(page.status, 303, "no error: {}", page.body);
        }
        let after = registrations(&app, s).await;
        assert_eq!(taken(&app, s).await, 3);
        let confirmed: Vec<i32> = after.iter().filter(|(_, st)| st == "confirmed").map(|(a, _)| *a).collect();
        // Whatever the interleaving, the seats went to those still waiting, first come first served.
        let still_waiting: Vec<i32> = waiting.iter().copied().filter(|a| after.iter().any(|(b, _)| b == a)).collect();
        assert_eq!(confirmed, still_waiting.iter().copied().take(3).collect::<Vec<_>>(), "{after:?}");
        assert!(after.iter().all(|(_, st)| st == "confirmed"));
    }
}
