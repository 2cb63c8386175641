//! Registering: seats, waiting list and promotion, the rules and their
//! French messages, overlaps, audiences, invitations of élus and managers.

use chrono::Duration;
use diesel::prelude::*;
use passerelles::schema::workshop_invitations;

use super::*;
use crate::both_backends;

async fn voirie_session(app: &TestApp, fields: &[(&str, &str)]) -> i32 {
    let mut jerome = app.sign_in("jgarnier").await;
    let voirie = service_of(app, "jgarnier").await.to_string();
    let mut all = vec![("services", voirie.as_str())];
    all.extend_from_slice(fields);
    propose(app, &mut jerome, &all).await.sessions[0]
}

both_backends! {
    async fn registering_takes_a_seat_and_writes_the_diary(backend) {
        let app = TestApp::start(backend).await;
        let s = voirie_session(&app, &[("capacity", "5")]).await;
        let mut camille = app.sign_in("cdubois").await;
        let path = format!("/ateliers/sessions/{s}");
        let before = camille.get(&path).await;
        assert!(before.texts(".facts dd").contains(&"5 places restantes sur 5".to_string()), "{:?}", before.texts(".facts dd"));
        let page = camille.post(&format!("{path}/inscription"), &[]).await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location().as_deref(), Some(path.as_str()));
        let after = camille.get(&path).await;
        assert!(after.texts(".notice--success").join(" ").contains("Vous êtes inscrit."));
        assert!(after.texts(".facts dd").contains(&"4 places restantes sur 5".to_string()));
        assert!(after.texts("#inscription .status").contains(&"Inscrit".to_string()));
        let id = agent_id(&app, "cdubois").await;
        assert_eq!(diary(&app, id).await, vec![(s, "Atelier : La Voirie présente ses missions".to_string())]);
        // The dashboard's "À venir" reads the diary.
        assert!(camille.get("/").await.texts("#a-venir ~ ul li").join(" ").contains("Atelier : La Voirie présente ses missions"));
        // No double registration.
        let again = camille.post(&format!("{path}/inscription"), &[]).await;
        assert_eq!(again.status, 422);
        assert!(again.texts("#inscription .notice--error").join(" ").contains("Vous êtes déjà inscrit à cette session."));
        assert_eq!(taken(&app, s).await, 1);
        // Cancelling gives the seat back and empties the diary.
        assert_eq!(camille.post(&format!("{path}/desinscription"), &[]).await.status, 303);
        assert!(diary(&app, id).await.is_empty());
        assert_eq!(taken(&app, s).await, 0);
        let page = camille.post(&format!("{path}/desinscription"), &[]).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("Vous n&#x27;êtes pas inscrit à cette session."));
    }

    async fn a_full_session_queues_and_a_cancellation_promotes_the_first(backend) {
        let app = TestApp::start(backend).await;
        let s = voirie_session(&app, &[("capacity", "2")]).await;
        let path = format!("/ateliers/sessions/{s}");
        // An élu and a manager register like anyone.
        let mut martine = app.sign_in("mvasseur").await;
        assert_eq!(martine.post(&format!("{path}/inscription"), &[]).await.status, 303);
        let mut thierry = app.sign_in("tmoreau").await;
        let page = thierry.get(&path).await;
        assert_eq!(page.texts("#inscription button").join(" "), "M'inscrire");
        assert_eq!(thierry.post(&format!("{path}/inscription"), &[]).await.status, 303);
        // The last seat is gone: the next ones wait, in order.
        let mut camille = app.sign_in("cdubois").await;
        let page = camille.get(&path).await;
        assert!(page.texts(".facts dd").contains(&"Complet sur 2".to_string()));
        assert_eq!(page.texts("#inscription button").join(" "), "Rejoindre la liste d'attente");
        let page = camille.post(&format!("{path}/inscription"), &[]).await;
        assert_eq!(page.status, 303);
        let page = camille.get(&path).await;
        assert!(page.texts(".notice--success").join(" ").contains("liste d'attente (1re)"), "{:?}", page.texts(".notice"));
        let mut laurence = app.sign_in("lpetit").await;
        laurence.post(&format!("{path}/inscription"), &[]).await;
        let camille_id = agent_id(&app, "cdubois").await;
        let laurence_id = agent_id(&app, "lpetit").await;
        assert!(diary(&app, camille_id).await.is_empty(), "waiting is not in the diary");
        assert!(laurence.get(&path).await.texts("#inscription p").join(" ").contains("en position 2"));
        // The manager cancels: the first waiting agent gets the seat and is told.
        assert_eq!(thierry.post(&format!("{path}/desinscription"), &[]).await.status, 303);
        let statuses = registrations(&app, s).await;
        let martine_id = agent_id(&app, "mvasseur").await;
        assert_eq!(statuses, vec![(martine_id, "confirmed".to_string()), (camille_id, "confirmed".to_string()), (laurence_id, "waitlisted".to_string())]);
        assert_eq!(taken(&app, s).await, 2);
        assert_eq!(diary(&app, camille_id).await.len(), 1);
        assert!(notifications_of(&app, camille_id).await[0].starts_with("Une place s'est libérée : vous êtes inscrit à « La Voirie présente ses missions »"));
        assert!(camille.get(&path).await.texts("#inscription .status").contains(&"Inscrit".to_string()));
        assert!(laurence.get(&path).await.texts("#inscription p").join(" ").contains("le premier ou la première"));
        // Leaving the waiting list promotes no one and frees no seat.
        assert_eq!(laurence.post(&format!("{path}/desinscription"), &[]).await.status, 303);
        assert_eq!(taken(&app, s).await, 2);
        // The organiser sees participants by service and the waiting list.
        let mut jerome = app.sign_in("jgarnier").await;
        let page = jerome.get(&path).await;
        let captions = page.texts("#organiser caption");
        assert!(captions.contains(&"Conseil municipal : 1 inscrit".to_string()), "{captions:?}");
        assert!(captions.contains(&"Espaces verts : 1 inscrit".to_string()), "{captions:?}");
    }

    async fn registration_rules_are_explained_in_french(backend) {
        let app = TestApp::start(backend).await;
        let deadline = day_in(5);
        let s = voirie_session(&app, &[("deadline_date", &deadline), ("deadline_time", "18:00")]).await;
        let path = format!("/ateliers/sessions/{s}");
        let mut camille = app.sign_in("cdubois").await;
        camille.post(&format!("{path}/inscription"), &[]).await;
        // Past the deadline.
        shift_session(&app, s, Duration::days(-6)).await;
        let mut laurence = app.sign_in("lpetit").await;
        let page = laurence.post(&format!("{path}/inscription"), &[]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#inscription .notice--error").join(" ").contains("Les inscriptions à cette session sont closes depuis le"), "{}", page.texts(".notice").join(" | "));
        assert!(page.texts("#inscription button").is_empty(), "no register button");
        // Once started.
        shift_session(&app, s, Duration::days(-5)).await;
        let page = laurence.post(&format!("{path}/inscription"), &[]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#inscription .notice--error").join(" ").contains("La session a déjà commencé"));
        let page = camille.post(&format!("{path}/desinscription"), &[]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#inscription .notice--error").join(" ").contains("La session a commencé : l'inscription ne peut plus être annulée."));
        // Facilitators do not register.
        let s2 = voirie_session(&app, &[]).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let page = jerome.post(&format!("/ateliers/sessions/{s2}/inscription"), &[]).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("Vous animez cet atelier"));
    }

    async fn an_overlap_needs_an_explicit_confirmation(backend) {
        let app = TestApp::start(backend).await;
        let first = voirie_session(&app, &[("title", "Premier atelier")]).await;
        let second = voirie_session(&app, &[("title", "Second atelier"), ("start_time", "10:30"), ("end_time", "12:00")]).await;
        let mut camille = app.sign_in("cdubois").await;
        assert_eq!(camille.post(&format!("/ateliers/sessions/{first}/inscription"), &[]).await.status, 303);
        let page = camille.post(&format!("/ateliers/sessions/{second}/inscription"), &[]).await;
        assert_eq!(page.status, 422);
        let warning = page.texts("#chevauchement").join(" ");
        assert!(warning.contains("chevauche") && warning.contains("Atelier : Premier atelier"), "{warning}");
        assert_eq!(page.texts("label[for=confirm_overlap]"), vec!["Je confirme malgré le chevauchement".to_string()]);
        assert!(registrations(&app, second).await.is_empty(), "nothing written before the confirmation");
        let page = camille.post(&format!("/ateliers/sessions/{second}/inscription"), &[("confirm_overlap", "true")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(diary(&app, agent_id(&app, "cdubois").await).await.len(), 2);
    }

    async fn restricted_workshops_take_only_their_audience_and_invitees(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("fndiaye").await;
        app.sign_in("tmoreau").await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let ccas = service_of(&app, "fndiaye").await.to_string();
        let proposed = propose(&app, &mut jerome, &[("services", &voirie), ("audience", "sur-invitation"), ("audience_services", &ccas), ("audience_roles", "elu")]).await;
        let path = format!("/ateliers/sessions/{}", proposed.sessions[0]);
        let mut camille = app.sign_in("cdubois").await;
        let page = camille.get(&path).await;
        assert!(page.texts("#inscription").join(" ").contains("réservé aux services et rôles invités"));
        assert!(page.texts("#inscription button").is_empty());
        let page = camille.post(&format!("{path}/inscription"), &[]).await;
        assert_eq!(page.status, 403);
        assert!(page.texts("#inscription .notice--error").join(" ").contains("Cet atelier est réservé aux services et rôles invités"));
        for who in ["fndiaye", "mvasseur"] {
            let mut b = app.sign_in(who).await;
            assert_eq!(b.post(&format!("{path}/inscription"), &[]).await.status, 303, "{who}");
        }
        // A manager outside the audience, invited explicitly, may register.
        let mut thierry = app.sign_in("tmoreau").await;
        assert_eq!(thierry.post(&format!("{path}/inscription"), &[]).await.status, 403);
        let thierry_id = agent_id(&app, "tmoreau").await.to_string();
        assert_eq!(jerome.post(&format!("{path}/invitations"), &[("invitees", &thierry_id)]).await.status, 303);
        assert_eq!(thierry.post(&format!("{path}/inscription"), &[]).await.status, 303);
        let list = app.sign_in("cdubois").await.get("/ateliers").await;
        assert!(list.texts(".session-card .status").contains(&"Sur invitation".to_string()));
    }

    async fn invitations_wait_on_the_dashboard_until_answered(backend) {
        let app = TestApp::start(backend).await;
        let mut martine = app.sign_in("mvasseur").await;
        let mut thierry = app.sign_in("tmoreau").await;
        app.sign_in("cdubois").await;
        let s = voirie_session(&app, &[("title", "Journée de la culture commune"), ("kind", "temps-fort")]).await;
        let path = format!("/ateliers/sessions/{s}");
        let mut jerome = app.sign_in("jgarnier").await;
        let page = jerome.get(&path).await;
        let offered = page.texts("#invitees label").join(" | ");
        assert!(offered.contains("Martine Vasseur") && offered.contains("Thierry Moreau"), "{offered}");
        assert!(!offered.contains("Camille Dubois") && !offered.contains("Jérôme Garnier"), "{offered}");
        // Only élus and managers are invited here.
        let camille = agent_id(&app, "cdubois").await.to_string();
        let page = jerome.post(&format!("{path}/invitations"), &[("invitees", &camille)]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#invitees-erreur").join(" ").contains("Seuls les élus et les encadrants"));
        let page = jerome.post(&format!("{path}/invitations"), &[]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#invitees-erreur").join(" ").contains("Cochez au moins une personne"));
        let (m, t) = (agent_id(&app, "mvasseur").await.to_string(), agent_id(&app, "tmoreau").await.to_string());
        assert_eq!(jerome.post(&format!("{path}/invitations"), &[("invitees", &m), ("invitees", &t)]).await.status, 303);
        assert!(jerome.get(&path).await.texts("#invitees .checkbox").join(" ").contains("invitation envoyée"));
        for b in [&mut martine, &mut thierry] {
            let home = b.get("/").await;
            assert!(home.texts("#en-attente ~ ul li").join(" ").contains("Invitation à répondre : Journée de la culture commune"));
            let page = b.get(&path).await;
            assert!(page.texts("#inscription button").contains(&"Accepter l'invitation et m'inscrire".to_string()));
            assert!(page.texts("#inscription button").contains(&"Décliner l'invitation".to_string()));
        }
        // The élue accepts: she is registered, the organiser is told.
        assert_eq!(martine.post(&format!("{path}/inscription"), &[]).await.status, 303);
        // The manager declines.
        assert_eq!(thierry.post(&format!("{path}/invitation/decliner"), &[]).await.status, 303);
        let page = thierry.post(&format!("{path}/invitation/decliner"), &[]).await;
        assert_eq!(page.status, 422);
        let answers: Vec<String> = app.db().run(move |conn| Ok(workshop_invitations::table.filter(workshop_invitations::session_id.eq(s)).order(workshop_invitations::agent_id).select(workshop_invitations::status).load(conn)?)).await.unwrap();
        let mut answers = answers;
        answers.sort();
        assert_eq!(answers, vec!["accepted".to_string(), "declined".to_string()]);
        let told = notifications_of(&app, agent_id(&app, "jgarnier").await).await;
        assert!(told.iter().any(|n| n == "Martine Vasseur a accepté votre invitation à « Journée de la culture commune »."), "{told:?}");
        assert!(told.iter().any(|n| n == "Thierry Moreau a décliné votre invitation à « Journée de la culture commune »."), "{told:?}");
        for b in [&mut martine, &mut thierry] {
            assert!(!b.get("/").await.texts("#en-attente ~ ul li").join(" ").contains("Invitation à répondre"));
        }
        assert_eq!(registrations(&app, s).await.len(), 1);
    }
}
