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

/// Settings over the test configuration, in the `release` profile.
fn release_settings(extra: &[(&str, &str)]) -> passerelles::config::Settings {
    let mut figment = crate::harness::figment("sqlite://inutile.db")
        .merge(("directory.url", "ldaps://annuaire.exemple.fr"));
    for (key, value) in extra {
        figment = figment.merge((*key, *value));
    }
    passerelles::config::Settings::from_figment(&figment.select("release")).unwrap()
}

#[test]
fn mail_without_a_public_address_is_refused_outside_debug() {
    let error = release_settings(&[("mail.host", "smtp.ville-bourges.fr")])
        .check_for_profile("release")
        .unwrap_err();
    assert!(error.contains("public_url"), "{error}");
    assert!(release_settings(&[("mail.host", "smtp.ville-bourges.fr")])
        .check_for_profile("debug")
        .is_ok());
    let configured = release_settings(&[
        ("mail.host", "smtp.ville-bourges.fr"),
        ("public_url", "https://passerelles.ville-bourges.fr"),
    ]);
    assert!(configured.check_for_profile("release").is_ok());
    // Every key but host has a default.
    assert_eq!(configured.mail.port, 587);
    assert_eq!(configured.mail.digest_hour, 7);
    assert_eq!(configured.mail.reminder_offsets(), vec![48, 2]);
    // No mail host: nothing to check.
    assert!(release_settings(&[("public_url", "")])
        .check_for_profile("release")
        .is_ok());
    // A TLS mode that does not exist, or a sender that is no address, stops the start.
    let error = release_settings(&[
        ("mail.host", "smtp.ville-bourges.fr"),
        ("public_url", "https://passerelles.ville-bourges.fr"),
        ("mail.tls", "peut-être"),
    ])
    .check_for_profile("release")
    .unwrap_err();
    assert!(error.contains("mail.tls"), "{error}");
    let error = release_settings(&[
        ("mail.host", "smtp.ville-bourges.fr"),
        ("public_url", "https://passerelles.ville-bourges.fr"),
        ("mail.from", "Passerelles"),
    ])
    .check_for_profile("release")
    .unwrap_err();
    assert!(error.contains("mail.from"), "{error}");
}

both_backends! {
    async fn starttls_required_never_falls_back_to_clear_text(backend) {
        // The test relay offers no STARTTLS: with tls = "starttls" nothing
        // is sent in clear, the message waits.
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        app.sign_in("cdubois").await;
        let id = crate::harness::agent_id(&app, "cdubois").await;
        app.db()
            .run(move |conn| {
                Ok(passerelles::notifications::notify(
                    conn,
                    id,
                    passerelles::notifications::NotificationKind::Invitation,
                    "Vous êtes invité à « Atelier ».",
                    "/ateliers",
                )?)
            })
            .await
            .unwrap();
        let mut ctx = context(&app);
        ctx.settings.tls = "starttls".into();
        let report = send_with(&app, ctx, passerelles::db::now()).await;
        assert_eq!((report.sent, report.failed), (0, 1));
        assert!(sink.messages().is_empty());
        assert_eq!(outbox_count(&app, "waiting").await, 1);
    }
}
