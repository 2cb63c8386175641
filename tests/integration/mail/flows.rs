//! Who is emailed along a Vis ma vie request, with which links and
//! attachments; nobody about their own action; nothing twice; a title with
//! line breaks never makes a header line.

use super::*;
use crate::both_backends;
use crate::harness::SmtpSink;

const TITLE: &str = "Une matinée au support informatique";

both_backends! {
    async fn a_request_emails_each_party_once(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut visitor = app.sign_in("cdubois").await;
        let mut manager = app.sign_in("tmoreau").await;
        let mut host = app.sign_in("lmartin").await;
        let (offer, slot) = publish(&app, "lmartin", TITLE, crate::swaps::in_days(20)).await;

        let id = crate::swaps::request_id(&crate::swaps::ask(&mut visitor, offer, slot).await);
        assert_eq!(send(&app).await.sent, 1, "the manager is asked for an agreement");
        crate::swaps::confirm(&mut manager, &mut host, id).await;
        let report = send(&app).await;
        assert_eq!((report.sent, report.failed), (4, 0));
        assert_eq!(send(&app).await.sent, 0, "nothing is sent twice");

        let all = sink.messages();
        assert_eq!(all.len(), 5);
        for message in &all {
            assert_eq!(message.rcpt.len(), 1, "one recipient per email");
            let parsed = message.parsed();
            assert_eq!(parsed.to().and_then(|a| a.first()).and_then(|a| a.address()), Some(message.rcpt[0].as_str()));
            assert!(parsed.cc().is_none() && parsed.bcc().is_none());
            assert!(message.header_block().contains("Content-Language: fr"), "{}", message.header_block());
            assert!(message.subject().contains(&format!("« {TITLE} »")), "{}", message.subject());
            let text = message.text();
            assert!(text.contains(&format!("{PUBLIC_URL}/vis-ma-vie/demandes/{id}")), "{text}");
            assert!(text.contains(&format!("{PUBLIC_URL}/profil#courriels")), "{text}");
            let html = message.html();
            assert!(html.contains("<html lang=\"fr\">"), "{html}");
            assert!(html.contains(&format!("href=\"{PUBLIC_URL}/profil#courriels\"")), "{html}");
        }
        // The manager: asked, then told of the confirmation (no diary entry: no .ics).
        let to_manager = sink.messages_to("tmoreau@ville-bourges.fr");
        assert_eq!(to_manager.len(), 2);
        assert!(to_manager[0].text().contains("votre accord est attendu"));
        assert!(to_manager[1].subject().starts_with("Immersion confirmée"));
        assert!(to_manager[1].calendars().is_empty());
        // The host: asked to accept; not emailed about their own acceptance.
        let to_host = sink.messages_to("lmartin@ville-bourges.fr");
        assert_eq!(to_host.len(), 1);
        assert!(to_host[0].text().contains("à vous d'accepter ou de refuser"));
        // The visitor: not emailed about their own request; the agreement,
        // then the confirmation with the swap's .ics (the feed's UID).
        let to_visitor = sink.messages_to("cdubois@ville-bourges.fr");
        assert_eq!(to_visitor.len(), 2);
        assert!(to_visitor[0].text().contains("Votre encadrant a donné son accord"));
        let calendars = to_visitor[1].calendars();
        assert_eq!(calendars.len(), 1, "the confirmation carries the .ics");
        assert!(calendars[0].contains(&format!("UID:swap-{id}@passerelles.bourges.fr")), "{}", calendars[0]);
        assert!(calendars[0].contains("DTSTART;TZID=Europe/Paris:"));
        assert!(calendars[0].contains("LOCATION:Hôtel de ville\\, DSI"), "{}", calendars[0]);
        assert!(to_visitor[1].text().contains("Où : Hôtel de ville, DSI"), "{}", to_visitor[1].text());
        // The email says no more about the visitor than the app shows the recipient.
        assert!(!to_host[0].text().contains("Je voudrais comprendre ce métier"));
    }

    async fn a_title_with_line_breaks_never_makes_a_header(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut visitor = app.sign_in("cdubois").await;
        app.sign_in("tmoreau").await;
        app.sign_in("lmartin").await;
        let (offer, slot) = publish(
            &app,
            "lmartin",
            "Visite\r\nBcc: pirate@exemple.fr\r\nSubject: gagné",
            crate::swaps::in_days(20),
        )
        .await;
        crate::swaps::ask(&mut visitor, offer, slot).await;
        assert_eq!(send(&app).await.sent, 1);
        let all = sink.messages();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].rcpt, vec!["tmoreau@ville-bourges.fr".to_string()]);
        let headers = all[0].header_block();
        for line in headers.lines() {
            assert!(!line.to_ascii_lowercase().starts_with("bcc:"), "{headers}");
        }
        assert_eq!(headers.lines().filter(|l| l.to_ascii_lowercase().starts_with("subject:")).count(), 1, "{headers}");
        let parsed = all[0].parsed();
        assert!(parsed.bcc().is_none());
        assert_eq!(
            all[0].subject(),
            "Camille Dubois demande une immersion « Visite Bcc: pirate@exemple.fr Subject: gagné »"
        );
    }

    async fn without_a_mail_host_nothing_is_queued(backend) {
        let app = TestApp::start(backend).await;
        let mut visitor = app.sign_in("cdubois").await;
        app.sign_in("tmoreau").await;
        app.sign_in("lmartin").await;
        let (offer, slot) = publish(&app, "lmartin", TITLE, crate::swaps::in_days(20)).await;
        crate::swaps::ask(&mut visitor, offer, slot).await;
        let manager = crate::harness::agent_id(&app, "tmoreau").await;
        assert_eq!(crate::swaps::notices(&app, manager).await.len(), 1, "in the app as before");
        assert_eq!(outbox_count(&app, "waiting").await, 0);
    }
}

both_backends! {
    async fn request_emails_give_the_time_and_place_across_daylight_saving_changes(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut visitor = app.sign_in("cdubois").await;
        let mut manager = app.sign_in("tmoreau").await;
        let mut host = app.sign_in("lmartin").await;
        // Sunday 31 October 2027, the day clocks go back: 9:00 in Paris is 8:00 UTC.
        let (autumn_offer, autumn_slot) = publish(&app, "lmartin", "Un dimanche d'automne à la DSI", utc("2027-10-31 08:00")).await;
        // Sunday 28 March 2027, the day clocks go forward: 9:00 in Paris is 7:00 UTC.
        let (spring_offer, spring_slot) = publish(&app, "lmartin", "Un dimanche de printemps à la DSI", utc("2027-03-28 07:00")).await;
        let autumn = crate::swaps::request_id(&crate::swaps::ask(&mut visitor, autumn_offer, autumn_slot).await);
        let spring = crate::swaps::request_id(&crate::swaps::ask(&mut visitor, spring_offer, spring_slot).await);
        // The manager agrees: the host is asked, the visitor told.
        for id in [autumn, spring] {
            assert_eq!(manager.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await.status, 303);
        }
        // The host declines the spring one.
        let declined = host
            .post(&format!("/vis-ma-vie/demandes/{spring}/refuser"), &[("reason", "Le service est fermé ce jour-là.")])
            .await;
        assert_eq!(declined.status, 303, "{}", declined.body);
        send(&app).await;
        let when_where = |message: &crate::harness::smtp::Received, when: &str| {
            let text = message.text();
            assert!(text.contains(&format!("Quand : {when}")), "{text}");
            assert!(text.contains("Où : Hôtel de ville, DSI"), "{text}");
            let html = message.html();
            assert!(html.contains(&format!("<strong>Quand :</strong> {when}")), "{html}");
            assert!(message.calendars().is_empty(), "not in the recipient's diary: no .ics");
        };
        let autumn_when = "le dimanche 31 octobre 2027, de 9 h 00 à 13 h 00";
        let spring_when = "le dimanche 28 mars 2027, de 9 h 00 à 13 h 00";
        let by_title = |to: &str, title: &str| -> Vec<crate::harness::smtp::Received> {
            sink.messages_to(to).into_iter().filter(|m| m.subject().contains(title)).collect()
        };
        // The manager, asked for an agreement (and told of the host's refusal).
        for (title, when, count) in [("automne", autumn_when, 1), ("printemps", spring_when, 2)] {
            let to_manager = by_title("tmoreau@ville-bourges.fr", title);
            assert_eq!(to_manager.len(), count, "{title}");
            assert!(to_manager[0].text().contains("votre accord est attendu"));
            for message in &to_manager {
                when_where(message, when);
            }
            // The host, asked to accept.
            let to_host = by_title("lmartin@ville-bourges.fr", title);
            assert_eq!(to_host.len(), 1, "{title}");
            assert!(to_host[0].text().contains("à vous d'accepter ou de refuser"));
            when_where(&to_host[0], when);
        }
        // The visitor: the agreement of each, then the refusal of the spring one.
        let to_visitor = by_title("cdubois@ville-bourges.fr", "automne");
        assert_eq!(to_visitor.len(), 1);
        when_where(&to_visitor[0], autumn_when);
        let to_visitor = by_title("cdubois@ville-bourges.fr", "printemps");
        assert_eq!(to_visitor.len(), 2);
        assert!(to_visitor[1].text().contains("L'accueillant a refusé votre demande"), "{}", to_visitor[1].text());
        for message in &to_visitor {
            when_where(message, spring_when);
        }
    }

    async fn a_promotion_from_the_waiting_list_carries_the_session_ics(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut organiser = app.sign_in("jgarnier").await;
        let voirie = crate::harness::service_of(&app, "jgarnier").await.to_string();
        let proposed = crate::workshops::propose(&app, &mut organiser, &[("capacity", "1"), ("services", voirie.as_str())]).await;
        let session = proposed.sessions[0];
        let path = format!("/ateliers/sessions/{session}");
        let mut thierry = app.sign_in("tmoreau").await;
        assert_eq!(thierry.post(&format!("{path}/inscription"), &[]).await.status, 303);
        let mut camille = app.sign_in("cdubois").await;
        assert_eq!(camille.post(&format!("{path}/inscription"), &[]).await.status, 303);
        send(&app).await;
        assert!(sink.messages().is_empty(), "registering is one's own action: no email");
        assert_eq!(thierry.post(&format!("{path}/desinscription"), &[]).await.status, 303);
        assert_eq!(send(&app).await.sent, 1);
        let all = sink.messages();
        assert_eq!(all[0].rcpt, vec!["cdubois@ville-bourges.fr".to_string()]);
        assert!(all[0].subject().starts_with("Une place s'est libérée"), "{}", all[0].subject());
        assert!(all[0].text().contains(&format!("{PUBLIC_URL}{path}")), "{}", all[0].text());
        assert!(all[0].text().contains("Où : Centre technique municipal"), "{}", all[0].text());
        let calendars = all[0].calendars();
        assert_eq!(calendars.len(), 1);
        assert!(calendars[0].contains(&format!("UID:session-{session}@passerelles.bourges.fr")), "{}", calendars[0]);
        assert!(calendars[0].contains("DTSTART;TZID=Europe/Paris:"));
        assert!(calendars[0].contains("T093000"), "{}", calendars[0]);
    }
}
