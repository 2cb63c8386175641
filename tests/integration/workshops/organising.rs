//! Proposing workshops, series across daylight-saving changes, editing,
//! moving and cancelling sessions, and who may do it.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use diesel::prelude::*;
use passerelles::schema::{agenda_entries, workshop_sessions};

use super::*;
use crate::both_backends;

both_backends! {
    async fn proposals_are_checked_field_by_field_in_french(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let page = jerome
            .post("/ateliers/nouveau", &[("title", ""), ("description", "Chantiers"), ("kind", "missions"), ("audience", "tous"), ("date", ""), ("start_time", "10:00"), ("end_time", "09:00")])
            .await;
        assert_eq!(page.status, 422);
        let errors = page.texts(".field-error").join(" | ");
        for expected in [
            "Indiquez le titre de l'atelier.",
            "Choisissez au moins un service qui présente.",
            "Indiquez la date au format JJ/MM/AAAA.",
            "L'heure de fin doit suivre l'heure de début.",
            "Indiquez un lieu ou un lien de visioconférence.",
        ] {
            assert!(errors.contains(expected), "{expected} in {errors}");
        }
        // The input is kept, errors are tied to their fields.
        assert!(page.body.contains("Chantiers"));
        assert!(page.body.contains(r#"aria-describedby="title-aide title-erreur""#));
        assert_eq!(page.texts("#erreurs li").len(), 5);

        let voirie = service_of(&app, "jgarnier").await.to_string();
        let yesterday = day_in(-1);
        let after_the_session = day_in(20);
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (vec![("services", &voirie), ("date", &yesterday)], "La session doit commencer dans le futur."),
            (vec![("services", &voirie), ("co_facilitators", "personne")], "Identifiant inconnu : personne."),
            (vec![("services", &voirie), ("online_url", "visio.ville-bourges.fr")], "commençant par https://"),
            (vec![("services", &voirie), ("capacity", "0")], "Indiquez un nombre de places entre 1 et 5000"),
            (vec![("services", &voirie), ("deadline_date", &after_the_session)], "La clôture des inscriptions doit précéder le début de la session."),
            (vec![("services", &voirie), ("audience", "sur-invitation")], "Choisissez au moins un service ou un rôle invité"),
            (vec![("services", &voirie), ("repeat", "mensuelle"), ("occurrences", "40")], "entre 1 et 24"),
            (vec![("services", &voirie), ("kind", "fete")], "Choisissez le type d'atelier."),
        ];
        for (fields, expected) in cases {
            let page = propose_raw(&mut jerome, &fields).await;
            assert_eq!(page.status, 422, "{fields:?}");
            let errors = page.texts(".field-error").join(" | ");
            assert!(errors.contains(expected), "{expected} in {errors}");
        }
        let count: i64 = app.db().run(|conn| Ok(workshop_sessions::table.count().get_result(conn)?)).await.unwrap();
        assert_eq!(count, 0, "nothing half written");
    }

    async fn a_proposal_puts_its_sessions_in_the_facilitators_diaries(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("aferreira").await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let proposed = propose(&app, &mut jerome, &[("services", &voirie), ("co_facilitators", "aferreira, jgarnier"), ("repeat", "hebdomadaire"), ("occurrences", "3")]).await;
        assert_eq!(proposed.sessions.len(), 3);
        // Co-facilitating is an invitation: nothing in Antonio's diary until he accepts.
        let antonio = agent_id(&app, "aferreira").await;
        assert!(diary(&app, antonio).await.is_empty());
        let told = notifications_of(&app, antonio).await;
        assert!(told[0].contains("vous invite à co-animer l'atelier « La Voirie présente ses missions »"), "{told:?}");
        let page = jerome.get(&format!("/ateliers/{}", proposed.workshop_id)).await;
        assert!(page.texts(".facts dd").iter().any(|d| d == "Antonio Ferreira"), "listed as invited");
        assert!(!page.texts(".facts dt").iter().any(|d| d == "Co-animation"));
        let mut antonio_browser = app.sign_in("aferreira").await;
        assert!(antonio_browser.get("/").await.body.contains("Invitation à co-animer : La Voirie présente ses missions"));
        let invitation = antonio_browser.get(&format!("/ateliers/{}", proposed.workshop_id)).await;
        assert_eq!(invitation.texts("#co-animation ~ .actions button, #co-animation + p + .actions button"), vec!["Accepter de co-animer".to_string(), "Décliner".to_string()]);
        accept_co_facilitation(&app, "aferreira", proposed.workshop_id).await;
        assert!(notifications_of(&app, agent_id(&app, "jgarnier").await).await[0].contains("Antonio Ferreira a accepté de co-animer"));
        for who in ["jgarnier", "aferreira"] {
            let entries = diary(&app, agent_id(&app, who).await).await;
            assert_eq!(entries.len(), 3, "{who}");
            assert!(entries.iter().all(|(_, t)| t == "Atelier (animation) : La Voirie présente ses missions"));
        }
        let page = jerome.get(&format!("/ateliers/{}", proposed.workshop_id)).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.h1(), "La Voirie présente ses missions");
        assert_eq!(page.texts(".session-card").len(), 3);
        assert!(page.texts(".facts dd").iter().any(|d| d == "Antonio Ferreira"));
    }

    async fn a_monthly_series_keeps_its_local_time_across_daylight_saving(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let year = passerelles::db::now().year() + 1;
        let first = NaiveDate::from_weekday_of_month_opt(year, 2, Weekday::Tue, 1).unwrap();
        let date = first.format("%Y-%m-%d").to_string();
        let proposed = propose(&app, &mut jerome, &[("services", &voirie), ("date", &date), ("repeat", "mensuelle"), ("occurrences", "6"), ("deadline_date", &(first - Duration::days(2)).format("%Y-%m-%d").to_string()), ("deadline_time", "12:00")]).await;
        assert_eq!(proposed.sessions.len(), 6);
        let ids = proposed.sessions.clone();
        let rows: Vec<(chrono::NaiveDateTime, Option<chrono::NaiveDateTime>)> = app
            .db()
            .run(move |conn| Ok(workshop_sessions::table.filter(workshop_sessions::id.eq_any(ids)).order(workshop_sessions::starts_at).select((workshop_sessions::starts_at, workshop_sessions::registration_deadline)).load(conn)?))
            .await
            .unwrap();
        for (i, (starts, deadline)) in rows.iter().enumerate() {
            let local = passerelles::common::format::local(*starts, PARIS);
            assert_eq!(local.format("%H:%M").to_string(), "09:30", "session {i} at 09:30 Paris");
            assert_eq!(local.weekday(), Weekday::Tue);
            assert!(local.day() <= 7, "first Tuesday: {local}");
            assert_eq!(local.month(), 2 + i as u32);
            let deadline = passerelles::common::format::local(deadline.unwrap(), PARIS);
            assert_eq!(deadline.format("%H:%M").to_string(), "12:00");
            assert_eq!((local.date_naive() - deadline.date_naive()).num_days(), 2);
        }
        // Winter (UTC+1) then summer (UTC+2): the UTC hour changes, not the local one.
        assert_eq!(rows[0].0.format("%H:%M").to_string(), "08:30");
        assert_eq!(rows[5].0.format("%H:%M").to_string(), "07:30");

        // A time skipped by the spring change is refused.
        let mut sunday = NaiveDate::from_ymd_opt(year, 3, 31).unwrap();
        while sunday.weekday() != Weekday::Sun {
            sunday -= Duration::days(1);
        }
        let page = propose_raw(&mut jerome, &[("services", &voirie), ("date", &sunday.format("%Y-%m-%d").to_string()), ("start_time", "02:30"), ("end_time", "04:00")]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts(".field-error").join(" ").contains("passage à l'heure d'été"), "{}", page.texts(".field-error").join(" "));
    }

    async fn each_session_of_a_series_is_edited_on_its_own(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let proposed = propose(&app, &mut jerome, &[("services", &voirie), ("repeat", "hebdomadaire"), ("occurrences", "3")]).await;
        let second = proposed.sessions[1];
        let form = jerome.get(&format!("/ateliers/sessions/{second}/modifier")).await;
        assert_eq!(form.status, 200);
        assert_eq!(form.html().select(&scraper::Selector::parse("#start_time").unwrap()).next().unwrap().value().attr("value"), Some("09:30"));
        let date = day_in(30);
        let page = jerome.post(&format!("/ateliers/sessions/{second}/modifier"), &[("date", &date), ("start_time", "14:00"), ("end_time", "15:30"), ("place", "Hôtel de ville, salle du conseil"), ("capacity", "12")]).await;
        assert_eq!(page.status, 303, "{}", page.texts(".field-error").join(" "));
        let ids = proposed.sessions.clone();
        let rows: Vec<(i32, chrono::NaiveDateTime, Option<String>, Option<i32>)> = app
            .db()
            .run(move |conn| Ok(workshop_sessions::table.filter(workshop_sessions::id.eq_any(ids)).order(workshop_sessions::id).select((workshop_sessions::id, workshop_sessions::starts_at, workshop_sessions::place, workshop_sessions::capacity)).load(conn)?))
            .await
            .unwrap();
        for (id, starts, place, capacity) in rows {
            let local = passerelles::common::format::local(starts, PARIS);
            if id == second {
                assert_eq!(local.format("%Y-%m-%d %H:%M").to_string(), format!("{date} 14:00"));
                assert_eq!(place.as_deref(), Some("Hôtel de ville, salle du conseil"));
                assert_eq!(capacity, Some(12));
            } else {
                assert_eq!(local.format("%H:%M").to_string(), "09:30");
                assert_eq!(place.as_deref(), Some("Centre technique municipal"));
                assert_eq!(capacity, None);
            }
        }
        // An added session joins the workshop.
        let page = jerome.post(&format!("/ateliers/{}/sessions/nouvelle", proposed.workshop_id), &[("date", &day_in(40)), ("start_time", "10:00"), ("end_time", "11:00"), ("online_url", "https://visio.ville-bourges.fr/voirie")]).await;
        assert_eq!(page.status, 303);
        let page = jerome.post(&format!("/ateliers/{}/sessions/nouvelle", proposed.workshop_id), &[("date", &day_in(40)), ("start_time", "10:00"), ("end_time", "11:00")]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts(".field-error").join(" ").contains("Indiquez un lieu ou un lien"));
    }

    async fn only_organisers_and_co_facilitators_change_a_workshop(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("aferreira").await;
        let mut jerome = app.sign_in("jgarnier").await;
        let mut helene = app.sign_in("hmercier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let media = service_of(&app, "hmercier").await.to_string();
        let voirie_workshop = propose(&app, &mut jerome, &[("services", &voirie), ("co_facilitators", "aferreira")]).await;
        let media_workshop = propose(&app, &mut helene, &[("services", &media), ("title", "La Médiathèque présente ses missions")]).await;
        let (w, s) = (voirie_workshop.workshop_id, voirie_workshop.sessions[0]);
        // Invited, not yet accepted: no rights yet.
        let mut antonio = app.sign_in("aferreira").await;
        assert_eq!(antonio.get(&format!("/ateliers/{w}/modifier")).await.status, 403);
        accept_co_facilitation(&app, "aferreira", w).await;
        let date = day_in(20);
        let session_fields: Vec<(&str, &str)> = vec![("date", &date), ("start_time", "10:00"), ("end_time", "11:00"), ("place", "Ailleurs")];
        let workshop_fields: Vec<(&str, &str)> = vec![("title", "Détourné"), ("description", "x"), ("kind", "missions"), ("services", &voirie), ("audience", "tous")];
        // An agent, an élu, a manager of another service, the organiser of another workshop.
        for who in ["cdubois", "mvasseur", "tmoreau", "hmercier"] {
            let mut other = app.sign_in(who).await;
            for path in [format!("/ateliers/{w}/modifier"), format!("/ateliers/{w}/sessions/nouvelle"), format!("/ateliers/sessions/{s}/modifier"), format!("/ateliers/sessions/{s}/presences")] {
                assert_eq!(other.get(&path).await.status, 403, "{who} GET {path}");
            }
            assert_eq!(other.post(&format!("/ateliers/{w}/modifier"), &workshop_fields).await.status, 403, "{who}");
            assert_eq!(other.post(&format!("/ateliers/{w}/sessions/nouvelle"), &session_fields).await.status, 403, "{who}");
            assert_eq!(other.post(&format!("/ateliers/sessions/{s}/modifier"), &session_fields).await.status, 403, "{who}");
            assert_eq!(other.post(&format!("/ateliers/sessions/{s}/annuler"), &[("confirm", "true")]).await.status, 403, "{who}");
            assert_eq!(other.post(&format!("/ateliers/sessions/{s}/annuler"), &[]).await.status, 403, "{who}");
            assert_eq!(other.post(&format!("/ateliers/sessions/{s}/invitations"), &[("invitees", "1")]).await.status, 403, "{who}");
            assert_eq!(other.post(&format!("/ateliers/sessions/{s}/presences"), &[]).await.status, 403, "{who}");
            let page = other.get(&format!("/ateliers/sessions/{s}")).await;
            assert!(page.texts("#organiser").is_empty(), "{who} does not see the organisation block");
        }
        // The co-facilitator may; the organiser may; on their own workshop only.
        assert_eq!(antonio.get(&format!("/ateliers/{w}/modifier")).await.status, 200);
        assert_eq!(antonio.post(&format!("/ateliers/sessions/{s}/modifier"), &session_fields).await.status, 303);
        // Only the organiser changes who co-facilitates.
        let page = antonio.post(&format!("/ateliers/{w}/modifier"), &[("title", "La Voirie présente ses missions"), ("description", "Chantiers."), ("kind", "missions"), ("services", &voirie), ("audience", "tous"), ("co_facilitators", "aferreira, cdubois")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#co_facilitators-erreur"), vec!["Seul l'organisateur de l'atelier peut modifier la liste des co-animateurs.".to_string()]);
        let page = antonio.post(&format!("/ateliers/{w}/modifier"), &[("title", "La Voirie présente ses missions"), ("description", "Chantiers."), ("kind", "missions"), ("services", &voirie), ("audience", "tous"), ("co_facilitators", "aferreira")]).await;
        assert_eq!(page.status, 303, "the same list is fine");
        assert_eq!(jerome.get(&format!("/ateliers/{}/modifier", media_workshop.workshop_id)).await.status, 403);
        let page = jerome.post(&format!("/ateliers/{w}/modifier"), &[("title", "La Voirie et ses chantiers"), ("description", "Chantiers."), ("kind", "missions"), ("services", &voirie), ("audience", "tous"), ("co_facilitators", "aferreira")]).await;
        assert_eq!(page.status, 303);
        // The diaries follow the new title.
        let entries = diary(&app, agent_id(&app, "aferreira").await).await;
        assert_eq!(entries[0].1, "Atelier (animation) : La Voirie et ses chantiers");
        // Missing objects are 404.
        for path in ["/ateliers/99999", "/ateliers/99999/modifier", "/ateliers/sessions/99999", "/ateliers/sessions/99999/agenda.ics"] {
            assert_eq!(jerome.get(path).await.status, 404, "{path}");
        }
        assert_eq!(jerome.post("/ateliers/sessions/99999/inscription", &[]).await.status, 404);
    }

    async fn moving_a_session_reschedules_diaries_and_tells_registrants(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let proposed = propose(&app, &mut jerome, &[("services", &voirie), ("capacity", "2")]).await;
        let s = proposed.sessions[0];
        for who in ["cdubois", "lpetit", "mdiallo"] {
            let mut b = app.sign_in(who).await;
            assert_eq!(b.post(&format!("/ateliers/sessions/{s}/inscription"), &[]).await.status, 303);
        }
        let camille = agent_id(&app, "cdubois").await;
        let mamadou = agent_id(&app, "mdiallo").await;
        let date = day_in(15);
        // Capacity cannot go below the confirmed seats.
        let page = jerome.post(&format!("/ateliers/sessions/{s}/modifier"), &[("date", &date), ("start_time", "14:00"), ("end_time", "16:00"), ("place", "Hôtel de ville, salle du conseil"), ("capacity", "1")]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#capacity-erreur").join(" ").contains("2 personnes sont déjà inscrites"), "{}", page.body);
        // Moved, and one more seat: the waiting list moves up.
        let page = jerome.post(&format!("/ateliers/sessions/{s}/modifier"), &[("date", &date), ("start_time", "14:00"), ("end_time", "16:00"), ("place", "Hôtel de ville, salle du conseil"), ("capacity", "3")]).await;
        assert_eq!(page.status, 303);
        let starts: chrono::NaiveDateTime = app.db().run(move |conn| Ok(agenda_entries::table.filter(agenda_entries::agent_id.eq(camille)).filter(agenda_entries::source_id.eq(s)).select(agenda_entries::starts_at).first(conn)?)).await.unwrap();
        assert_eq!(passerelles::common::format::local(starts, PARIS).format("%Y-%m-%d %H:%M").to_string(), format!("{date} 14:00"));
        let location: Option<String> = app.db().run(move |conn| Ok(agenda_entries::table.filter(agenda_entries::agent_id.eq(camille)).filter(agenda_entries::source_id.eq(s)).select(agenda_entries::location).first(conn)?)).await.unwrap();
        assert_eq!(location.as_deref(), Some("Hôtel de ville, salle du conseil"));
        assert!(notifications_of(&app, camille).await.iter().any(|n| n.contains("est déplacée") && n.contains("14 h 00") && n.contains("salle du conseil")));
        assert!(notifications_of(&app, mamadou).await.iter().any(|n| n.contains("Une place s'est libérée")));
        assert_eq!(registrations(&app, s).await.iter().filter(|(_, st)| st == "confirmed").count(), 3);
    }

    async fn cancelling_a_session_empties_diaries_and_tells_everyone(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("mvasseur").await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let proposed = propose(&app, &mut jerome, &[("services", &voirie), ("capacity", "1")]).await;
        let s = proposed.sessions[0];
        let mut camille = app.sign_in("cdubois").await;
        camille.post(&format!("/ateliers/sessions/{s}/inscription"), &[]).await;
        let mut laurence = app.sign_in("lpetit").await;
        laurence.post(&format!("/ateliers/sessions/{s}/inscription"), &[]).await;
        let martine = agent_id(&app, "mvasseur").await;
        assert_eq!(jerome.post(&format!("/ateliers/sessions/{s}/invitations"), &[("invitees", &martine.to_string())]).await.status, 303);
        let page = jerome.post(&format!("/ateliers/sessions/{s}/annuler"), &[]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#confirm_cancel-erreur").join(" ").contains("Cochez la case"));
        assert_eq!(jerome.post(&format!("/ateliers/sessions/{s}/annuler"), &[("confirm", "true")]).await.status, 303);
        for who in ["cdubois", "lpetit", "mvasseur"] {
            let id = agent_id(&app, who).await;
            assert!(notifications_of(&app, id).await[0].contains("est annulée"), "{who} is told");
        }
        for who in ["cdubois", "jgarnier"] {
            assert!(diary(&app, agent_id(&app, who).await).await.is_empty(), "{who}'s diary");
        }
        let page = camille.get(&format!("/ateliers/sessions/{s}")).await;
        assert!(page.texts(".notice--error").join(" ").contains("Cette session a été annulée."));
        assert!(page.texts("#inscription p").join(" ").contains("elle a été retirée de votre agenda"));
        assert!(page.texts("#inscription button").is_empty());
        let mut other = app.sign_in("mdiallo").await;
        let page = other.post(&format!("/ateliers/sessions/{s}/inscription"), &[]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts(".notice--error").join(" ").contains("annulée"));
        assert_eq!(jerome.get(&format!("/ateliers/sessions/{s}/modifier")).await.status, 422);
        // Cancelled sessions leave the upcoming list.
        assert!(other.get("/ateliers").await.texts(".session-card").is_empty());
    }
}

both_backends! {
    async fn a_registration_deadline_already_past_is_refused(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let yesterday = day_in(-1);
        let soon = day_in(10);
        let past_deadline = [("services", voirie.as_str()), ("date", soon.as_str()), ("deadline_date", yesterday.as_str()), ("deadline_time", "12:00")];
        let page = propose_raw(&mut jerome, &past_deadline).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#deadline_date-erreur"), vec!["La clôture des inscriptions est déjà passée : choisissez une date et une heure à venir.".to_string()]);
        let proposed = propose(&app, &mut jerome, &[("services", &voirie)]).await;
        let session = proposed.sessions[0];
        let page = jerome.post(&format!("/ateliers/sessions/{session}/modifier"), &[
            ("date", &soon), ("start_time", "09:30"), ("end_time", "11:30"), ("place", "Centre technique municipal"),
            ("deadline_date", &yesterday), ("deadline_time", "18:00"),
        ]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#deadline_date-erreur").len(), 1);
        let deadline: Option<chrono::NaiveDateTime> = app.db().run(move |conn| Ok(workshop_sessions::table.find(session).select(workshop_sessions::registration_deadline).first(conn)?)).await.unwrap();
        assert_eq!(deadline, None, "nothing written");
    }
}

both_backends! {
    async fn an_invited_co_facilitator_may_decline_and_others_cannot_answer(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("aferreira").await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let proposed = propose(&app, &mut jerome, &[("services", &voirie), ("co_facilitators", "aferreira")]).await;
        let w = proposed.workshop_id;
        let mut camille = app.sign_in("cdubois").await;
        for action in ["accepter", "decliner"] {
            let page = camille.post(&format!("/ateliers/{w}/co-animation/{action}"), &[]).await;
            assert_eq!(page.status, 422, "{action}");
            assert!(page.body.contains("pas d&#x27;invitation en attente"), "{}", page.body);
        }
        let mut antonio = app.sign_in("aferreira").await;
        assert_eq!(antonio.post(&format!("/ateliers/{w}/co-animation/decliner"), &[]).await.status, 303);
        assert!(notifications_of(&app, agent_id(&app, "jgarnier").await).await[0].contains("Antonio Ferreira a décliné"));
        let page = jerome.get(&format!("/ateliers/{w}")).await;
        assert!(!page.texts(".facts dd").iter().any(|d| d.contains("Antonio Ferreira")));
        assert_eq!(antonio.post(&format!("/ateliers/{w}/co-animation/accepter"), &[]).await.status, 422, "the invitation is gone");
        assert_eq!(antonio.get(&format!("/ateliers/{w}/modifier")).await.status, 403);
    }
}
