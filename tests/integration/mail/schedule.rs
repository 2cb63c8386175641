//! What time produces: reminders before a confirmed swap (48 and 2 hours
//! before, with the .ics, times right across the daylight-saving changes),
//! a request left waiting reminded once, and the worker inside the server.

use super::*;
use crate::both_backends;
use crate::harness::SmtpSink;
use passerelles::schema::swap_requests;

/// Confirms a swap of cdubois at lmartin's, starting at `starts_at` (UTC).
async fn confirmed_swap(app: &TestApp, starts_at: NaiveDateTime) -> i32 {
    let mut visitor = app.sign_in("cdubois").await;
    let mut manager = app.sign_in("tmoreau").await;
    let mut host = app.sign_in("lmartin").await;
    let (offer, slot) = publish(
        app,
        "lmartin",
        "Une matinée au support informatique",
        starts_at,
    )
    .await;
    let id = crate::swaps::request_id(&crate::swaps::ask(&mut visitor, offer, slot).await);
    crate::swaps::confirm(&mut manager, &mut host, id).await;
    id
}

async fn remind(app: &TestApp, now: &'static str) -> usize {
    app.db()
        .run(move |conn| {
            passerelles::mail::reminders::event_reminders(
                conn,
                &[48, 2],
                chrono_tz::Europe::Paris,
                utc(now),
            )
        })
        .await
        .unwrap()
}

/// Sends what is due and returns the messages that arrived since `before`.
async fn new_messages(
    app: &TestApp,
    sink: &SmtpSink,
    before: usize,
) -> Vec<crate::harness::smtp::Received> {
    send(app).await;
    sink.messages().into_iter().skip(before).collect()
}

both_backends! {
    async fn reminders_before_a_swap_in_spring(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        // Monday 29 March 2027, 10:00 in Paris (summer time since Sunday).
        let id = confirmed_swap(&app, utc("2027-03-29 08:00")).await;
        let before = new_messages(&app, &sink, 0).await.len();
        // 48 hours before is Saturday 27 March, 9:00 in Paris (winter time).
        assert_eq!(remind(&app, "2027-03-27 07:59").await, 0);
        assert_eq!(remind(&app, "2027-03-27 08:00").await, 2, "visitor and host");
        assert_eq!(remind(&app, "2027-03-27 09:00").await, 0, "once");
        let first = new_messages(&app, &sink, before).await;
        assert_eq!(first.len(), 2);
        for message in &first {
            assert!(message.subject().starts_with("Rappel : « Vis ma vie"), "{}", message.subject());
            let text = message.text();
            assert!(text.contains("le lundi 29 mars 2027, de 10 h 00 à 14 h 00"), "{text}");
            assert!(text.contains(&format!("{PUBLIC_URL}/vis-ma-vie/demandes/{id}")), "{text}");
            let calendars = message.calendars();
            assert_eq!(calendars.len(), 1);
            assert!(calendars[0].contains("DTSTART;TZID=Europe/Paris:20270329T100000"), "{}", calendars[0]);
        }
        let mut to: Vec<String> = first.iter().map(|m| m.rcpt[0].clone()).collect();
        to.sort();
        assert_eq!(to, vec!["cdubois@ville-bourges.fr", "lmartin@ville-bourges.fr"]);
        // 2 hours before: 6:00 UTC, 8:00 in Paris.
        assert_eq!(remind(&app, "2027-03-29 05:59").await, 0);
        assert_eq!(remind(&app, "2027-03-29 06:00").await, 2);
        assert_eq!(remind(&app, "2027-03-29 07:59").await, 0);
        assert_eq!(remind(&app, "2027-03-29 08:00").await, 0, "not once started");
        assert_eq!(new_messages(&app, &sink, before + 2).await.len(), 2);
    }

    async fn reminders_before_a_swap_in_autumn(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        // Monday 1 November 2027, 10:00 in Paris (winter time since Sunday).
        confirmed_swap(&app, utc("2027-11-01 09:00")).await;
        let before = new_messages(&app, &sink, 0).await.len();
        // A late run (the server was down at the 48-hour mark) sends one
        // reminder, not two.
        assert_eq!(remind(&app, "2027-10-30 08:59").await, 0);
        assert_eq!(remind(&app, "2027-10-31 12:00").await, 2);
        let first = new_messages(&app, &sink, before).await;
        assert!(first[0].text().contains("le lundi 1er novembre 2027, de 10 h 00 à 14 h 00"), "{}", first[0].text());
        assert!(first[0].calendars()[0].contains("DTSTART;TZID=Europe/Paris:20271101T100000"));
        assert_eq!(remind(&app, "2027-11-01 07:30").await, 2, "the 2-hour reminder still comes");
    }

    async fn a_request_left_waiting_reminds_the_manager_once(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut visitor = app.sign_in("cdubois").await;
        app.sign_in("tmoreau").await;
        app.sign_in("lmartin").await;
        let (offer, slot) = publish(&app, "lmartin", "Une matinée au support informatique", crate::swaps::in_days(30)).await;
        let id = crate::swaps::request_id(&crate::swaps::ask(&mut visitor, offer, slot).await);
        send(&app).await;
        let stale = |now: NaiveDateTime| {
            app.db().run(move |conn| passerelles::mail::reminders::stale_requests(conn, 7, now))
        };
        let now = passerelles::db::now();
        assert_eq!(stale(now).await.unwrap(), 0, "not waiting long enough");
        app.db()
            .run(move |conn| {
                diesel::update(swap_requests::table.find(id))
                    .set(swap_requests::created_at.eq(now - Duration::days(8)))
                    .execute(conn)?;
                Ok(())
            })
            .await
            .unwrap();
        assert_eq!(stale(now).await.unwrap(), 1);
        assert_eq!(stale(now).await.unwrap(), 0, "once");
        send(&app).await;
        let to_manager = sink.messages_to("tmoreau@ville-bourges.fr");
        assert_eq!(to_manager.len(), 2);
        assert!(to_manager[1].text().contains("attend votre accord depuis plus de 7 jours"), "{}", to_manager[1].text());
    }

    async fn the_worker_sends_within_seconds(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::builder(backend)
            .config("mail.host", "127.0.0.1")
            .config("mail.port", sink.port())
            .config("mail.tls", "none")
            .config("mail.poll_s", 1)
            .config("public_url", PUBLIC_URL)
            .start()
            .await;
        let mut visitor = app.sign_in("cdubois").await;
        app.sign_in("tmoreau").await;
        app.sign_in("lmartin").await;
        let (offer, slot) = publish(&app, "lmartin", "Une matinée au support informatique", crate::swaps::in_days(20)).await;
        crate::swaps::ask(&mut visitor, offer, slot).await;
        let mut arrived = Vec::new();
        for _ in 0..100 {
            arrived = sink.messages();
            if !arrived.is_empty() {
                break;
            }
            rocket::tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(arrived.len(), 1, "sent by the worker within seconds");
        assert_eq!(arrived[0].rcpt, vec!["tmoreau@ville-bourges.fr".to_string()]);
    }
}

both_backends! {
    async fn reminders_before_a_session_carry_its_ics(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut organiser = app.sign_in("jgarnier").await;
        let voirie = crate::harness::service_of(&app, "jgarnier").await.to_string();
        // Sunday 31 October 2027, the day clocks go back, 10:00 in Paris (9:00 UTC).
        let proposed = crate::workshops::propose(
            &app,
            &mut organiser,
            &[("date", "2027-10-31"), ("start_time", "10:00"), ("end_time", "12:00"), ("services", voirie.as_str())],
        )
        .await;
        let session = proposed.sessions[0];
        let mut camille = app.sign_in("cdubois").await;
        assert_eq!(camille.post(&format!("/ateliers/sessions/{session}/inscription"), &[]).await.status, 303);
        let before = new_messages(&app, &sink, 0).await.len();
        // 48 hours before: Friday 29 October, 11:00 in Paris (summer time), 9:00 UTC.
        assert_eq!(remind(&app, "2027-10-29 08:59").await, 0);
        assert_eq!(remind(&app, "2027-10-29 09:00").await, 2, "the registrant and the organiser");
        let sent = new_messages(&app, &sink, before).await;
        let to_camille: Vec<_> = sent.iter().filter(|m| m.rcpt[0] == "cdubois@ville-bourges.fr").collect();
        assert_eq!(to_camille.len(), 1);
        let text = to_camille[0].text();
        assert!(text.contains("le dimanche 31 octobre 2027, de 10 h 00 à 12 h 00"), "{text}");
        assert!(text.contains(&format!("{PUBLIC_URL}/ateliers/sessions/{session}")), "{text}");
        let calendars = to_camille[0].calendars();
        assert!(calendars[0].contains(&format!("UID:session-{session}@passerelles.bourges.fr")));
        assert!(calendars[0].contains("DTSTART;TZID=Europe/Paris:20271031T100000"), "{}", calendars[0]);
    }
}
