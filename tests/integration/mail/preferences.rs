//! Each agent's choices on `/profil`: the defaults, in-app only, the daily
//! digest (and the one missed while the server was down, sent once later);
//! an agent without an address gets in-app only and is told.

use super::*;
use crate::both_backends;
use crate::harness::SmtpSink;
use passerelles::common::vocabulary::Vocabulary;
use passerelles::notifications::{self, NotificationKind};
use passerelles::schema::{agents, notifications as notification_rows};

/// The selected option of the select named `choix[code]`.
fn selected(page: &crate::harness::Page, code: &str) -> String {
    let html = page.html();
    let selector =
        scraper::Selector::parse(&format!("select[name=\"choix[{code}]\"] option[selected]"))
            .unwrap();
    html.select(&selector)
        .next()
        .and_then(|o| o.value().attr("value"))
        .unwrap_or_default()
        .to_string()
}

both_backends! {
    async fn the_profile_shows_the_defaults_and_keeps_choices(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut manager = app.sign_in("tmoreau").await;
        let page = manager.get("/profil").await;
        assert_eq!(page.status, 200);
        assert_eq!(selected(&page, "demande-a-approuver"), "courriel");
        assert_eq!(selected(&page, "place-liberee"), "courriel");
        assert_eq!(selected(&page, "statut-initiative"), "application");
        // What asks the recipient to act comes at once; the calls to every
        // agent (a campaign, a barometer wave) stay in the app.
        assert_eq!(selected(&page, "validation-attendue"), "courriel");
        assert_eq!(selected(&page, "rappel"), "courriel");
        assert_eq!(selected(&page, "campagne-competences"), "application");
        assert_eq!(selected(&page, "barometre"), "application");
        assert_eq!(selected(&page, "competences"), "application");
        assert!(page.body.contains("tmoreau@ville-bourges.fr"));

        // A value that is not a choice: the form comes back with the error.
        let refused = manager.post("/profil/courriels", &[("choix[demande-a-approuver]", "pigeon")]).await;
        assert_eq!(refused.status, 422);
        assert_eq!(refused.texts(".field-error").len(), 1, "{}", refused.body);

        let saved = manager
            .post(
                "/profil/courriels",
                &[
                    ("choix[demande-a-approuver]", "application"),
                    ("choix[statut-initiative]", "resume"),
                ],
            )
            .await;
        assert_eq!(saved.status, 303);
        let page = manager.get("/profil/courriels").await;
        assert_eq!(page.status, 200);
        assert_eq!(selected(&page, "demande-a-approuver"), "application");
        assert_eq!(selected(&page, "statut-initiative"), "resume");
        assert_eq!(selected(&page, "retour-attendu"), "courriel");

        // In the app only: the request is notified, no email is queued.
        let mut visitor = app.sign_in("cdubois").await;
        app.sign_in("lmartin").await;
        let (offer, slot) = publish(&app, "lmartin", "Une matinée au support informatique", crate::swaps::in_days(20)).await;
        crate::swaps::ask(&mut visitor, offer, slot).await;
        let manager_id = crate::harness::agent_id(&app, "tmoreau").await;
        assert_eq!(crate::swaps::notices(&app, manager_id).await.len(), 1);
        assert_eq!(outbox_count(&app, "waiting").await, 0);
    }

    async fn an_agent_without_an_address_gets_in_app_only(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut agent = app.sign_in("cdubois").await;
        let id = crate::harness::agent_id(&app, "cdubois").await;
        app.db()
            .run(move |conn| {
                diesel::update(agents::table.find(id)).set(agents::email.eq(None::<String>)).execute(conn)?;
                notifications::notify(conn, id, NotificationKind::Invitation, "Vous êtes invité à « Atelier ».", "/ateliers")?;
                Ok(())
            })
            .await
            .unwrap();
        assert_eq!(outbox_count(&app, "waiting").await, 0);
        assert_eq!(crate::swaps::notices(&app, id).await.len(), 1);
        let page = agent.get("/profil").await;
        assert_eq!(page.texts("#courriels-sans-adresse").len(), 1, "{}", page.body);
        assert!(page.texts("select").is_empty());
    }

    async fn without_mail_the_profile_still_shows_the_defaults(backend) {
        let app = TestApp::start(backend).await;
        let mut agent = app.sign_in("cdubois").await;
        let page = agent.get("/profil").await;
        assert_eq!(selected(&page, "demande-a-accepter"), "courriel");
        assert!(page.body.contains("n'est pas encore configuré"));
        let mut admin = app.sign_in("lmartin").await;
        let page = admin.get("/admin").await;
        assert_eq!(page.texts("#courriel-non-configure").len(), 1);
    }

    async fn the_digest_lists_the_day_once(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut agent = app.sign_in("cdubois").await;
        agent.post("/profil/courriels", &[("choix[statut-initiative]", "resume"), ("choix[invitation]", "resume")]).await;
        let id = crate::harness::agent_id(&app, "cdubois").await;
        // Around the March change: the digest of Sunday 28 March 2027 at
        // 7:00 (5:00 UTC) covers Saturday 7:00 (6:00 UTC) to Sunday 7:00.
        let rows = [
            ("2027-03-27 05:59", NotificationKind::InitiativeStatus, "« Trop tôt » est maintenant « en cours »"),
            ("2027-03-27 06:00", NotificationKind::InitiativeStatus, "« Jardins partagés » est maintenant « en cours »"),
            ("2027-03-28 04:59", NotificationKind::Invitation, "Vous êtes invité à « Atelier compostage »."),
            ("2027-03-28 05:00", NotificationKind::Invitation, "Vous êtes invité à « Trop tard »."),
            ("2027-03-27 12:00", NotificationKind::Skills, "Pas dans le résumé : dans l'application seulement"),
        ];
        app.db()
            .run(move |conn| {
                for (at, kind, message) in rows {
                    diesel::insert_into(notification_rows::table)
                        .values((
                            notification_rows::agent_id.eq(id),
                            notification_rows::kind.eq(kind.code()),
                            notification_rows::message.eq(message),
                            notification_rows::link.eq("/initiatives/1"),
                            notification_rows::created_at.eq(utc(at)),
                        ))
                        .execute(conn)?;
                }
                Ok(())
            })
            .await
            .unwrap();
        let tz = chrono_tz::Europe::Paris;
        let produce = |now: &'static str| {
            app.db().run(move |conn| passerelles::mail::digest::produce_due(conn, 7, tz, utc(now)))
        };
        assert_eq!(produce("2027-03-28 04:59").await.unwrap(), 0, "not before 7:00 local");
        assert_eq!(produce("2027-03-28 05:00").await.unwrap(), 1);
        assert_eq!(produce("2027-03-28 09:00").await.unwrap(), 0, "once a day");
        assert_eq!(send_with(&app, context(&app), utc("2027-03-28 09:00")).await.sent, 1);
        let all = sink.messages();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].subject(), "Votre résumé Passerelles du dimanche 28 mars 2027 : 2 notifications");
        let text = all[0].text();
        assert!(text.contains("27/03/2027 à 7 h 00 — « Jardins partagés » est maintenant « en cours »"), "{text}");
        assert!(text.contains("28/03/2027 à 6 h 59 — Vous êtes invité à « Atelier compostage »."), "{text}");
        assert!(!text.contains("Trop tôt") && !text.contains("Trop tard") && !text.contains("Pas dans le résumé"), "{text}");
        assert!(text.contains(&format!("{PUBLIC_URL}/initiatives/1")), "{text}");
    }
}

both_backends! {
    async fn a_digest_missed_while_the_server_was_down_comes_once_later(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut agent = app.sign_in("cdubois").await;
        agent.post("/profil/courriels", &[("choix[statut-initiative]", "resume")]).await;
        let id = crate::harness::agent_id(&app, "cdubois").await;
        let write = |rows: Vec<(&'static str, &'static str)>| {
            app.db().run(move |conn| {
                for (at, message) in rows {
                    diesel::insert_into(notification_rows::table)
                        .values((
                            notification_rows::agent_id.eq(id),
                            notification_rows::kind.eq(NotificationKind::InitiativeStatus.code()),
                            notification_rows::message.eq(message),
                            notification_rows::link.eq("/initiatives/1"),
                            notification_rows::created_at.eq(utc(at)),
                        ))
                        .execute(conn)?;
                }
                Ok(())
            })
        };
        let tz = chrono_tz::Europe::Paris;
        let produce = |now: &'static str| {
            app.db().run(move |conn| passerelles::mail::digest::produce_due(conn, 7, tz, utc(now)))
        };
        // Friday 26 March 2027, 7:00 in Paris (6:00 UTC): the digest is written.
        write(vec![("2027-03-25 12:00", "« Vendredi » est maintenant « en cours »")]).await.unwrap();
        assert_eq!(produce("2027-03-26 06:00").await.unwrap(), 1);
        // Then the server is down on Saturday and Sunday at 7:00 (the clocks
        // go forward on Sunday night); what came in meanwhile waits.
        write(vec![
            ("2027-03-26 12:00", "« Samedi » est maintenant « en cours »"),
            ("2027-03-27 20:00", "« Dimanche » est maintenant « en cours »"),
            ("2027-03-28 04:00", "« Aube » est maintenant « en cours »"),
            ("2027-03-28 06:00", "« Après » est maintenant « en cours »"),
        ])
        .await
        .unwrap();
        // Back on Monday at 6:00 in Paris (4:00 UTC), before the digest
        // hour: the missed digest comes at once, once, with both days.
        assert_eq!(produce("2027-03-29 04:00").await.unwrap(), 1);
        assert_eq!(produce("2027-03-29 04:30").await.unwrap(), 0, "once");
        // Monday 7:00 (5:00 UTC): the day's digest takes what came after.
        assert_eq!(produce("2027-03-29 05:00").await.unwrap(), 1);
        assert_eq!(produce("2027-03-29 09:00").await.unwrap(), 0);
        assert_eq!(send_with(&app, context(&app), utc("2027-03-29 09:00")).await.sent, 3);
        let all = sink.messages();
        let subjects: Vec<String> = all.iter().map(|m| m.subject()).collect();
        assert_eq!(
            subjects,
            [
                "Votre résumé Passerelles du vendredi 26 mars 2027 : 1 notification",
                "Votre résumé Passerelles du dimanche 28 mars 2027 : 3 notifications",
                "Votre résumé Passerelles du lundi 29 mars 2027 : 1 notification",
            ]
        );
        let missed = all[1].text();
        for title in ["Samedi", "Dimanche", "Aube"] {
            assert!(missed.contains(&format!("« {title} »")), "{missed}");
        }
        assert!(missed.contains("28/03/2027 à 6 h 00 — « Aube »"), "{missed}");
        assert!(!missed.contains("Vendredi") && !missed.contains("Après"), "{missed}");
        let monday = all[2].text();
        assert!(monday.contains("« Après »") && !monday.contains("« Aube »"), "{monday}");
    }

    async fn the_demo_has_choices_and_queues_nothing(backend) {
        let app = TestApp::builder(backend).config("demo", true).start().await;
        let mut thierry = app.sign_in("tmoreau").await;
        let page = thierry.get("/profil").await;
        assert_eq!(selected(&page, "statut-initiative"), "resume");
        assert_eq!(selected(&page, "demande-a-approuver"), "courriel");
        let mut camille = app.sign_in("cdubois").await;
        let page = camille.get("/profil").await;
        assert_eq!(selected(&page, "statut-initiative"), "application", "the defaults");
        assert_eq!(outbox_count(&app, "waiting").await, 0, "no mail host in the demo");
    }
}
