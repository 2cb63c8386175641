//! `/admin`'s email section: counts from aggregate queries checked against
//! a small hand-built queue; admins only.

use super::*;
use crate::both_backends;
use crate::harness::SmtpSink;

both_backends! {
    async fn the_admin_sees_the_queue(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut admin = app.sign_in("lmartin").await;
        let id = crate::harness::agent_id(&app, "lmartin").await;
        let now = passerelles::db::now();
        // 3 waiting, 2 sent today, 1 sent two days ago, 1 failed.
        let rows = [
            ("waiting", None),
            ("waiting", None),
            ("waiting", None),
            ("sent", Some(now)),
            ("sent", Some(now)),
            ("sent", Some(now - Duration::days(2))),
            ("failed", None),
        ];
        app.db()
            .run(move |conn| {
                for (status, sent_at) in rows {
                    diesel::insert_into(mail_outbox::table)
                        .values((
                            mail_outbox::agent_id.eq(id),
                            mail_outbox::kind.eq("invitation"),
                            mail_outbox::subject.eq("Vous êtes invité à « Atelier »"),
                            mail_outbox::body.eq("Vous êtes invité à « Atelier »."),
                            mail_outbox::link.eq("/ateliers"),
                            mail_outbox::status.eq(status),
                            mail_outbox::tries.eq(if status == "failed" { 20 } else { 0 }),
                            mail_outbox::last_error.eq((status == "failed").then_some("connexion refusée")),
                            mail_outbox::next_try_at.eq(now + Duration::days(1)),
                            mail_outbox::created_at.eq(now - Duration::days(3)),
                            mail_outbox::sent_at.eq(sent_at),
                        ))
                        .execute(conn)?;
                }
                Ok(())
            })
            .await
            .unwrap();
        let page = admin.get("/admin").await;
        assert_eq!(page.status, 200);
        let counts = page.texts("ul.mail-queue li");
        assert_eq!(counts, vec!["3 en attente d'envoi", "2 envoyés aujourd'hui", "1 abandonné après plusieurs essais"]);
        let failed = page.texts("table.mail-failed tbody tr");
        assert_eq!(failed.len(), 1);
        assert!(failed[0].contains("connexion refusée"), "{failed:?}");
        let mut agent = app.sign_in("cdubois").await;
        assert_eq!(agent.get("/admin").await.status, 403);
    }
}
