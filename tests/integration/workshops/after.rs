//! After the session: attendance by facilitators, the participation record,
//! encounters with the presenting service, feedback, and what the dashboard
//! asks for.

use chrono::Duration;
use diesel::prelude::*;
use passerelles::schema::{encounters, workshop_participations, workshop_registrations};

use super::*;
use crate::both_backends;

both_backends! {
    async fn facilitators_record_attendance_after_the_session(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("aferreira").await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await;
        let proposed = propose(&app, &mut jerome, &[("services", &voirie.to_string()), ("co_facilitators", "aferreira")]).await;
        accept_co_facilitation(&app, "aferreira", proposed.workshop_id).await;
        let s = proposed.sessions[0];
        let path = format!("/ateliers/sessions/{s}");
        for who in ["cdubois", "lnguyen", "fndiaye"] {
            let mut b = app.sign_in(who).await;
            b.post(&format!("{path}/inscription"), &[]).await;
        }
        let (camille, lan, fatou) = (agent_id(&app, "cdubois").await, agent_id(&app, "lnguyen").await, agent_id(&app, "fndiaye").await);
        // Not before the session.
        let page = jerome.get(&format!("{path}/presences")).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("Les présences se saisissent une fois la session commencée."));
        shift_session(&app, s, Duration::days(-11)).await;
        // The dashboard asks the facilitators.
        assert!(jerome.get("/").await.texts("#en-attente ~ ul li").join(" ").contains("Présences à saisir : La Voirie présente ses missions"));
        let sheet = jerome.get(&format!("{path}/presences")).await;
        assert_eq!(sheet.status, 200);
        assert_eq!(sheet.texts("table tbody tr").len(), 3);
        // Everyone must be marked.
        let (c, l, f) = (format!("presence[{camille}]"), format!("presence[{lan}]"), format!("presence[{fatou}]"));
        let page = jerome.post(&format!("{path}/presences"), &[(&c, "present"), (&l, "present")]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts(&format!("#presence-{fatou}-erreur")).join(" ").contains("Indiquez si Fatou Ndiaye était présent ou absent."));
        assert!(page.body.contains(&format!(r#"id="presence-{camille}-present" name="presence[{camille}]" value="present" checked"#)), "marks kept");
        // The co-facilitator records it.
        let mut antonio = app.sign_in("aferreira").await;
        let page = antonio.post(&format!("{path}/presences"), &[(&c, "present"), (&l, "present"), (&f, "absent")]).await;
        assert_eq!(page.status, 303);
        assert!(antonio.get(&path).await.texts(".notice--success").join(" ").contains("2 présents, 1 absent"));
        let roles: Vec<(i32, String)> = app.db().run(move |conn| Ok(workshop_participations::table.filter(workshop_participations::session_id.eq(s)).order((workshop_participations::role, workshop_participations::agent_id)).select((workshop_participations::agent_id, workshop_participations::role)).load(conn)?)).await.unwrap();
        let jerome_id = agent_id(&app, "jgarnier").await;
        let antonio_id = agent_id(&app, "aferreira").await;
        let mut expected = vec![(camille, "attending".to_string()), (lan, "attending".to_string()), (antonio_id, "co_facilitating".to_string()), (fatou, "no_show".to_string()), (jerome_id, "presenting".to_string())];
        expected.sort_by_key(|(id, role)| (role.clone(), *id));
        assert_eq!(roles, expected);
        let met: Vec<(i32, i32)> = app.db().run(move |conn| Ok(encounters::table.filter(encounters::kind.eq("workshop")).order(encounters::agent_id).select((encounters::agent_id, encounters::met_service_id)).load(conn)?)).await.unwrap();
        let mut expected_met = vec![(camille, voirie), (lan, voirie)];
        expected_met.sort();
        assert_eq!(met, expected_met, "those present met the Voirie; no-shows did not");
        // Corrected later: Fatou was there after all, Lan was not.
        antonio.post(&format!("{path}/presences"), &[(&c, "present"), (&l, "absent"), (&f, "present")]).await;
        let met: Vec<i32> = app.db().run(move |conn| Ok(encounters::table.filter(encounters::kind.eq("workshop")).order(encounters::agent_id).select(encounters::agent_id).load(conn)?)).await.unwrap();
        let mut expected_ids = vec![camille, fatou];
        expected_ids.sort();
        assert_eq!(met, expected_ids);
        let absent: Vec<i32> = app.db().run(move |conn| Ok(workshop_registrations::table.filter(workshop_registrations::session_id.eq(s)).filter(workshop_registrations::attendance.eq("absent")).select(workshop_registrations::agent_id).load(conn)?)).await.unwrap();
        assert_eq!(absent, vec![lan], "no-shows are kept");
        assert!(!jerome.get("/").await.texts("#en-attente ~ ul li").join(" ").contains("Présences à saisir"));
        // The organiser sees attendance by service.
        let page = jerome.get(&path).await;
        assert!(page.texts("#organiser tbody tr").iter().any(|r| r.contains("Lan Nguyen") && r.contains("Absent")));
    }

    async fn participants_give_feedback_once_the_session_is_over(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let s = propose(&app, &mut jerome, &[("services", &voirie)]).await.sessions[0];
        let path = format!("/ateliers/sessions/{s}");
        let mut camille = app.sign_in("cdubois").await;
        let mut lan = app.sign_in("lnguyen").await;
        camille.post(&format!("{path}/inscription"), &[]).await;
        lan.post(&format!("{path}/inscription"), &[]).await;
        let text = "La Voirie gère aussi la signalisation des chantiers des autres services.";
        let page = camille.post(&format!("{path}/retour"), &[("learned", text)]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#erreurs").join(" ").contains("une fois la session terminée"));
        shift_session(&app, s, Duration::days(-11)).await;
        assert!(camille.get("/").await.texts("#en-attente ~ ul li").join(" ").contains("Votre retour sur l'atelier : La Voirie présente ses missions"));
        // Someone who was not registered may not.
        let mut mamadou = app.sign_in("mdiallo").await;
        assert_eq!(mamadou.post(&format!("{path}/retour"), &[("learned", text)]).await.status, 403);
        assert!(mamadou.get(&path).await.texts("#retour").is_empty());
        // Empty, then written.
        let page = camille.post(&format!("{path}/retour"), &[("learned", "  ")]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#learned-erreur").join(" ").contains("Indiquez ce que vous avez appris sur le service."));
        assert_eq!(camille.post(&format!("{path}/retour"), &[("learned", text)]).await.status, 303);
        assert_eq!(camille.get(&path).await.texts("#learned").join(" "), text);
        assert!(!camille.get("/").await.texts("#en-attente ~ ul li").join(" ").contains("Votre retour"));
        // Marked absent: no feedback.
        let (c, l) = (format!("presence[{}]", agent_id(&app, "cdubois").await), format!("presence[{}]", agent_id(&app, "lnguyen").await));
        jerome.post(&format!("{path}/presences"), &[(&c, "present"), (&l, "absent")]).await;
        let page = lan.post(&format!("{path}/retour"), &[("learned", text)]).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("noté absent"));
        // The facilitators read the feedback.
        let page = jerome.get(&path).await;
        assert!(page.texts(".feedback-list li").join(" ").contains(text));
        assert!(page.texts(".feedback-list li").join(" ").contains("Camille Dubois, Espaces verts"));
    }
}
