//! A relay that refuses or is down: the message waits, is tried again on
//! the announced schedule, and arrives once the relay is back; given up
//! after `mail.max_tries`; a claim left by a dead instance is taken over,
//! and the slow instance whose claim was taken over does not send it too;
//! two workers at once send each message once.

use super::*;
use crate::both_backends;
use crate::harness::SmtpSink;
use passerelles::notifications::{self, outbox, NotificationKind};

/// Queues one notification's email for `username` (signed in once).
async fn queue_one(app: &TestApp, username: &'static str, message: &'static str) {
    let id = crate::harness::agent_id(app, username).await;
    app.db()
        .run(move |conn| {
            Ok(notifications::notify(
                conn,
                id,
                NotificationKind::Invitation,
                message,
                "/ateliers",
            )?)
        })
        .await
        .unwrap();
}

/// (tries, status, last error, next try) of the only outbox row.
async fn row(app: &TestApp) -> (i32, String, Option<String>, NaiveDateTime) {
    app.db()
        .run(|conn| {
            Ok(mail_outbox::table
                .select((
                    mail_outbox::tries,
                    mail_outbox::status,
                    mail_outbox::last_error,
                    mail_outbox::next_try_at,
                ))
                .first(conn)?)
        })
        .await
        .unwrap()
}

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

both_backends! {
    async fn a_refusing_relay_gets_the_message_later(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        app.sign_in("cdubois").await;
        queue_one(&app, "cdubois", "Vous êtes invité à « Atelier compostage ».").await;
        sink.set_refusing(true);
        let now = passerelles::db::now();
        let report = send_with(&app, context(&app), now).await;
        assert_eq!((report.sent, report.failed), (0, 1));
        let (tries, status, error, next) = row(&app).await;
        assert_eq!((tries, status.as_str()), (1, "waiting"));
        assert!(error.unwrap_or_default().contains("451"));
        assert!(next <= now + Duration::minutes(2), "tried again within 2 minutes");
        // Not due yet: nothing is tried.
        assert_eq!(send_with(&app, context(&app), now).await, SendReport::default());
        sink.set_refusing(false);
        let report = send_with(&app, context(&app), now + Duration::minutes(2)).await;
        assert_eq!(report.sent, 1);
        assert_eq!(sink.messages_to("cdubois@ville-bourges.fr").len(), 1);
        assert_eq!(outbox_count(&app, "sent").await, 1);
    }

    async fn a_relay_down_then_back_loses_nothing_and_failures_reach_admin(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        app.sign_in("cdubois").await;
        let mut admin = app.sign_in("lmartin").await;
        queue_one(&app, "cdubois", "Vous êtes invité à « Atelier compostage ».").await;
        let mut down = context(&app);
        down.settings.port = closed_port();
        down.settings.max_tries = 3;
        let start = passerelles::db::now();
        // Within the first ten minutes: tried every minute or so.
        let mut at = start;
        for expected in 1..=2 {
            assert_eq!(send_with(&app, down.clone(), at).await.failed, 1);
            let (tries, status, _, next) = row(&app).await;
            assert_eq!((tries, status.as_str()), (expected, "waiting"));
            assert!(next - at <= Duration::minutes(2));
            at = next;
        }
        // The third failure gives up: shown on /admin with its error.
        assert_eq!(send_with(&app, down.clone(), at).await.failed, 1);
        let (tries, status, error, _) = row(&app).await;
        assert_eq!((tries, status.as_str()), (3, "failed"));
        assert!(!error.unwrap_or_default().is_empty());
        let page = admin.get("/admin").await;
        assert_eq!(page.status, 200);
        let rows = page.texts("table.mail-failed tbody tr");
        assert_eq!(rows.len(), 1, "{}", page.body);
        assert!(rows[0].contains("Camille Dubois") && rows[0].contains("Atelier compostage"), "{rows:?}");
        // The admin puts it back; the relay is up again: it arrives.
        let id: i32 = app.db().run(|conn| Ok(mail_outbox::table.select(mail_outbox::id).first(conn)?)).await.unwrap();
        let retried = admin.post(&format!("/admin/courriels/{id}/renvoyer"), &[]).await;
        assert_eq!(retried.status, 303, "{}", retried.body);
        assert_eq!(send(&app).await.sent, 1);
        assert_eq!(sink.messages().len(), 1);
        // Only admins may retry, and only failed messages.
        let mut agent = app.sign_in("cdubois").await;
        assert_eq!(agent.post(&format!("/admin/courriels/{id}/renvoyer"), &[]).await.status, 403);
        assert_eq!(admin.post(&format!("/admin/courriels/{id}/renvoyer"), &[]).await.status, 404);
    }

    async fn a_claim_left_by_a_dead_instance_is_taken_over(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        app.sign_in("cdubois").await;
        queue_one(&app, "cdubois", "Vous êtes invité à « Atelier compostage ».").await;
        let now = passerelles::db::now();
        app.db()
            .run(move |conn| {
                diesel::update(mail_outbox::table)
                    .set((mail_outbox::claimed_at.eq(now - Duration::minutes(1)), mail_outbox::claim_token.eq("mort")))
                    .execute(conn)?;
                Ok(())
            })
            .await
            .unwrap();
        assert_eq!(send_with(&app, context(&app), now).await.sent, 0, "another instance is on it");
        assert_eq!(send_with(&app, context(&app), now + Duration::minutes(5)).await.sent, 1, "taken over after the claim timeout");
        assert_eq!(sink.messages().len(), 1);
    }

    async fn a_claim_taken_over_from_a_slow_worker_is_not_sent_twice(backend) {
        use passerelles::mail::sending::{send_claimed, Outcome, PassClock};
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        app.sign_in("cdubois").await;
        queue_one(&app, "cdubois", "Vous êtes invité à « Atelier compostage ».").await;
        queue_one(&app, "cdubois", "Vous êtes invité à « Atelier vannerie ».").await;
        let ctx = context(&app);
        let timeout = Duration::seconds(ctx.settings.claim_timeout_s);
        let now = passerelles::db::now();
        // Worker A claims both messages, one after the other, then stalls
        // (a slow relay) beyond the claim timeout.
        let claim = |token: &'static str| {
            app.db().run(move |conn| Ok(outbox::claim_next(conn, now, now, now - timeout, token)?.expect("a message is due")))
        };
        let first = claim("lent").await.unwrap();
        let second = claim("lent").await.unwrap();
        // A sends the first while its claim is still its own.
        let (ctx_a, first_a) = (ctx.clone(), first.clone());
        let sent = app
            .db()
            .run(move |conn| {
                let transport = passerelles::mail::transport::open(&ctx_a.settings).map_err(passerelles::error::AppError::Internal)?;
                send_claimed(conn, &ctx_a, &transport, &first_a, "lent", &PassClock::starting(now + Duration::minutes(4)))
            })
            .await
            .unwrap();
        assert_eq!(sent, Outcome::Sent);
        // Worker B, past the timeout, takes the second over and sends it.
        let later = now + timeout + Duration::seconds(1);
        assert_eq!(send_with(&app, ctx.clone(), later).await.sent, 1, "only the second is B's to take");
        // A wakes up: the claim is no longer its own, it does not send.
        let outcome = app
            .db()
            .run(move |conn| {
                let transport = passerelles::mail::transport::open(&ctx.settings).map_err(passerelles::error::AppError::Internal)?;
                send_claimed(conn, &ctx, &transport, &second, "lent", &PassClock::starting(later))
            })
            .await
            .unwrap();
        assert_eq!(outcome, Outcome::Lost);
        let all = sink.messages();
        assert_eq!(all.len(), 2, "each message once");
        let mut subjects: Vec<String> = all.iter().map(|m| m.subject()).collect();
        subjects.sort();
        assert_eq!(subjects, ["Vous êtes invité à « Atelier compostage »", "Vous êtes invité à « Atelier vannerie »"]);
        assert_eq!(outbox_count(&app, "sent").await, 2);
    }

    async fn two_workers_at_once_send_each_message_once(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let people = ["cdubois", "tmoreau", "lmartin", "mdiallo", "lpetit"];
        for username in people {
            app.sign_in(username).await;
        }
        let ids: Vec<i32> = {
            let mut ids = Vec::new();
            for username in people {
                ids.push(crate::harness::agent_id(&app, username).await);
            }
            ids
        };
        app.db()
            .run(move |conn| {
                for n in 0..8 {
                    notifications::notify_all(
                        conn,
                        &ids,
                        NotificationKind::SessionChanged,
                        &format!("La session « Atelier {n} » est déplacée."),
                        "/ateliers",
                    )?;
                }
                Ok(())
            })
            .await
            .unwrap();
        let (a, b) = rocket::tokio::join!(send(&app), send(&app));
        assert_eq!(a.sent + b.sent, 40, "{a:?} {b:?}");
        let all = sink.wait_for(40, std::time::Duration::from_secs(5));
        assert_eq!(all.len(), 40);
        let mut seen: Vec<(String, String)> = all.iter().map(|m| (m.rcpt[0].clone(), m.subject())).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 40, "no message twice");
    }
}
