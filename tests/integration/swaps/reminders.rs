//! `send-reminders`: once a confirmed swap has ended, both sides are asked
//! for feedback, once, even when several instances send reminders at once.

use super::*;
use crate::both_backends;

both_backends! {
    async fn ended_swaps_ask_both_sides_for_feedback_once(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut chloe = app.sign_in("chenry").await;
        let camille_id = agent(&app, "cdubois").await.id;
        let chloe_id = agent(&app, "chenry").await.id;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        confirm(&mut thierry, &mut chloe, id).await;
        let reminder = |notices: Vec<String>| notices.iter().filter(|n| n.contains("donnez votre retour d'expérience")).count();

        // Not before the end of the swap.
        let sent = app.db().run(passerelles::app::reminders::send_due).await.unwrap();
        assert_eq!(sent.swap_feedback, 0);

        move_slot(&app, slots[0], in_days(-3)).await;
        // Several instances at once: the reminder goes out once.
        let runs: Vec<_> = (0..4)
            .map(|_| {
                let db = app.db().clone();
                rocket::tokio::spawn(async move { db.run(passerelles::app::reminders::send_due).await })
            })
            .collect();
        let mut total = 0;
        for run in runs {
            total += run.await.unwrap().expect("no run fails").swap_feedback;
        }
        assert_eq!(total, 1);
        assert_eq!(reminder(notices(&app, camille_id).await), 1);
        assert_eq!(reminder(notices(&app, chloe_id).await), 1);
        let again = app.db().run(passerelles::app::reminders::send_due).await.unwrap();
        assert_eq!(again.swap_feedback, 0);
    }
}

#[test]
fn the_send_reminders_command_reports_what_it_sent() {
    let database = crate::harness::TestDatabase::create(crate::harness::Backend::Sqlite);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_passerelles"))
        .arg("send-reminders")
        .env("DATABASE_URL", &database.url)
        .env("ROCKET_LOG_LEVEL", "off")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("Rappels envoyés : 0 immersion(s)"),
        "{stdout}"
    );
}
