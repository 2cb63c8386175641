//! A request's life: asked, approved by the visitor's manager (or HR),
//! accepted by the host, confirmed in both diaries; declined and cancelled
//! with their reasons; notifications at each step.

use diesel::prelude::*;
use passerelles::encounters;
use passerelles::schema::{agenda_entries, swap_requests};

use super::*;
use crate::both_backends;

both_backends! {
    async fn a_request_goes_from_asked_to_confirmed(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await; // Espaces verts, manager tmoreau
        let mut thierry = app.sign_in("tmoreau").await;
        let mut chloe = app.sign_in("chenry").await; // DSI
        let camille_id = agent(&app, "cdubois").await;
        let thierry_id = agent(&app, "tmoreau").await;
        let chloe_id = agent(&app, "chenry").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;

        let page = camille.get(&format!("/vis-ma-vie/offres/{offer}")).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.h1(), "Une matinée au support informatique");
        assert_eq!(page.texts("#demander").len(), 1, "Camille may ask");
        let asked = ask(&mut camille, offer, slots[0]).await;
        assert_eq!(asked.status, 303, "{}", asked.body);
        let id = request_id(&asked);
        assert_eq!(status(&app, id).await, "requested");
        assert_eq!(taken(&app, slots[0]).await, 1, "the seat is held from the request on");
        assert!(notices(&app, thierry_id.id).await[0].contains("votre accord est attendu"));
        let home = thierry.get("/").await;
        assert!(home.texts("#en-attente + ul li").iter().any(|t| t.starts_with("Accord à donner : Camille Dubois")), "{}", home.body);

        // The host cannot accept before the manager agreed.
        let early = chloe.post(&format!("/vis-ma-vie/demandes/{id}/accepter"), &[]).await;
        assert_eq!(early.status, 422);
        assert!(early.body.contains("n&#x27;a pas encore donné son accord"), "{}", early.body);

        let approved = thierry.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await;
        assert_eq!(approved.status, 303);
        assert_eq!(status(&app, id).await, "approved");
        assert!(notices(&app, chloe_id.id).await[0].contains("à vous d'accepter"));
        let home = chloe.get("/").await;
        assert!(home.texts("#en-attente + ul li").iter().any(|t| t.starts_with("Demande à accepter : Camille Dubois")));

        let accepted = chloe.post(&format!("/vis-ma-vie/demandes/{id}/accepter"), &[]).await;
        assert_eq!(accepted.status, 303);
        assert_eq!(status(&app, id).await, "confirmed");
        assert!(notices(&app, camille_id.id).await[0].starts_with("Immersion confirmée"));
        assert!(notices(&app, thierry_id.id).await[0].starts_with("Immersion confirmée"));

        // Who decided, and when, is kept.
        let (approved_by, approved_at, accepted_at) = app.db().run(move |conn| {
            Ok(swap_requests::table.find(id)
                .select((swap_requests::approved_by, swap_requests::approved_at, swap_requests::accepted_at))
                .first::<(Option<i32>, Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>)>(conn)?)
        }).await.unwrap();
        assert_eq!(approved_by, Some(thierry_id.id));
        assert!(approved_at.is_some() && accepted_at.is_some());

        // Both diaries, without the other person's name.
        let titles: Vec<(i32, String)> = app.db().run(move |conn| {
            Ok(agenda_entries::table
                .filter(agenda_entries::source_id.eq(id))
                .order(agenda_entries::agent_id)
                .select((agenda_entries::agent_id, agenda_entries::title))
                .load(conn)?)
        }).await.unwrap();
        assert_eq!(titles.len(), 2);
        for (who, title) in &titles {
            if *who == camille_id.id {
                assert_eq!(title, "Vis ma vie : immersion au service DSI");
            } else {
                assert_eq!(*who, chloe_id.id);
                assert_eq!(title, "Vis ma vie : accueil d'un agent du service Espaces verts");
            }
            assert!(!title.contains("Camille") && !title.contains("Chloé"));
        }
        let home = camille.get("/").await;
        assert!(home.texts("#a-venir + ul li")[0].starts_with("Vis ma vie : immersion au service DSI"));

        // Encounters both ways.
        let (camille_met, chloe_met) = app.db().run(move |conn| {
            Ok((encounters::met_by_agent(conn, camille_id.id)?, encounters::met_by_agent(conn, chloe_id.id)?))
        }).await.unwrap();
        assert!(camille_met.contains(&chloe_id.service_id.unwrap()));
        assert!(chloe_met.contains(&camille_id.service_id.unwrap()));

        // The request's page tells where it stands; agreement and .ics are there.
        let page = camille.get(&format!("/vis-ma-vie/demandes/{id}")).await;
        assert_eq!(page.texts(".status"), vec!["Confirmée".to_string()]);
        assert_eq!(page.texts("ol.steps li").len(), 3);
        let agreement = camille.get(&format!("/vis-ma-vie/demandes/{id}/convention")).await;
        assert_eq!(agreement.status, 200);
        assert_eq!(agreement.h1(), "Convention d'immersion");
        let text = agreement.texts(".agreement").join(" ");
        for expected in ["Camille Dubois", "Chloé Henry", "Thierry Moreau", "DSI", "Espaces verts", "Hôtel de ville, DSI", "Tickets, installation d'un poste"] {
            assert!(text.contains(expected), "agreement mentions {expected}: {text}");
        }
        let ics = camille.get(&format!("/vis-ma-vie/demandes/{id}/agenda.ics")).await;
        assert_eq!(ics.status, 200);
        assert!(ics.header("Content-Type").unwrap().starts_with("text/calendar"));
        let unfolded = ics.body.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Vis ma vie : immersion au service DSI"));
        assert!(unfolded.contains("BEGIN:VTIMEZONE"));
        assert!(!unfolded.contains("Camille") && !unfolded.contains("Chloé"), "no names in the .ics");
        let host_ics = chloe.get(&format!("/vis-ma-vie/demandes/{id}/agenda.ics")).await.body.replace("\r\n ", "");
        assert!(host_ics.contains("SUMMARY:Vis ma vie : accueil d'un agent du service Espaces verts"));

        // The visitor cancels: seat freed, diaries and encounters undone, others told.
        let cancelled = camille.post(&format!("/vis-ma-vie/demandes/{id}/annuler"), &[("reason", "Réunion imprévue")]).await;
        assert_eq!(cancelled.status, 303);
        assert_eq!(status(&app, id).await, "cancelled");
        assert_eq!(taken(&app, slots[0]).await, 0);
        let left: i64 = app.db().run(move |conn| Ok(agenda_entries::table.filter(agenda_entries::source_id.eq(id)).count().get_result(conn)?)).await.unwrap();
        assert_eq!(left, 0);
        let met = app.db().run(move |conn| Ok(encounters::met_by_agent(conn, camille_id.id)?)).await.unwrap();
        assert!(met.is_empty());
        assert!(notices(&app, chloe_id.id).await[0].contains("a annulé sa demande"));
        assert_eq!(camille.get(&format!("/vis-ma-vie/demandes/{id}/convention")).await.status, 404);
    }

    async fn declines_need_a_reason_and_free_the_seat(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut chloe = app.sign_in("chenry").await;
        let camille_id = agent(&app, "cdubois").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1), (in_days(12), 1)]).await;

        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        let page = thierry.post(&format!("/vis-ma-vie/demandes/{id}/refuser"), &[("reason", "  ")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#decline_reason-erreur"), vec!["Indiquez la raison du refus : l'agent la lira.".to_string()]);
        assert_eq!(status(&app, id).await, "requested");
        let page = thierry.post(&format!("/vis-ma-vie/demandes/{id}/refuser"), &[("reason", "Période de plantations : toute l'équipe est mobilisée.")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(status(&app, id).await, "declined");
        assert_eq!(taken(&app, slots[0]).await, 0);
        assert!(notices(&app, camille_id.id).await[0].contains("Période de plantations"));
        let page = camille.get(&format!("/vis-ma-vie/demandes/{id}")).await;
        assert_eq!(page.texts(".status"), vec!["Refusée".to_string()]);
        assert!(page.body.contains("Période de plantations"));
        assert!(page.texts("ol.steps li").iter().any(|s| s.starts_with("Refusée par Thierry Moreau")));
        // Once declined, nobody decides on it again.
        assert_eq!(thierry.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await.status, 422);

        // The host may decline after the manager's agreement.
        let id = request_id(&ask(&mut camille, offer, slots[1]).await);
        thierry.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await;
        let page = chloe.post(&format!("/vis-ma-vie/demandes/{id}/refuser"), &[("reason", "Je serai en formation ce jour-là.")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(status(&app, id).await, "declined");
        let thierry_id = agent(&app, "tmoreau").await;
        assert!(notices(&app, thierry_id.id).await[0].contains("L'accueillant a refusé"));
    }

    async fn hr_approves_when_the_visitor_has_no_manager(backend) {
        let app = TestApp::start(backend).await;
        let mut philippe = app.sign_in("pmarchand").await; // Direction générale, no manager
        let mut claire = app.sign_in("cbonnet").await; // RH
        let mut thierry = app.sign_in("tmoreau").await;
        app.sign_in("vchevalier").await; // RH too
        let claire_id = agent(&app, "cbonnet").await;
        let valerie_id = agent(&app, "vchevalier").await;
        let (offer, slots) = publish(&app, "tmoreau", false, &[(in_days(9), 1)]).await;
        let id = request_id(&ask(&mut philippe, offer, slots[0]).await);
        assert!(notices(&app, claire_id.id).await[0].contains("votre accord est attendu"));
        assert!(notices(&app, valerie_id.id).await[0].contains("votre accord est attendu"));
        let waiting = claire.get("/vis-ma-vie/en-attente").await;
        assert_eq!(waiting.status, 200);
        assert!(waiting.texts("#sans-encadrant ~ div table tbody tr, section[aria-labelledby=sans-encadrant] tbody tr").iter().any(|r| r.contains("Philippe Marchand")), "{}", waiting.body);
        // The host (a manager, but not Philippe's) cannot give the agreement.
        assert_eq!(thierry.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await.status, 403);
        let page = claire.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await;
        assert_eq!(page.status, 303);
        assert_eq!(status(&app, id).await, "approved");
    }

    async fn hr_sees_requests_waiting_too_long(backend) {
        let app = TestApp::builder(backend).config("swaps.stale_after_days", 3).start().await;
        let mut camille = app.sign_in("cdubois").await;
        let mut claire = app.sign_in("cbonnet").await;
        app.sign_in("tmoreau").await;
        app.sign_in("chenry").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1), (in_days(12), 1)]).await;
        let old = request_id(&ask(&mut camille, offer, slots[0]).await);
        let fresh = request_id(&ask(&mut camille, offer, slots[1]).await);
        app.db().run(move |conn| {
            diesel::update(swap_requests::table.find(old))
                .set(swap_requests::created_at.eq(passerelles::db::now() - chrono::Duration::days(5)))
                .execute(conn)?;
            Ok(())
        }).await.unwrap();
        let page = claire.get("/vis-ma-vie/en-attente").await;
        let rows = page.texts("section[aria-labelledby=trop-longtemps] tbody tr");
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert!(rows[0].contains("Camille Dubois") && rows[0].contains("5 jours") && rows[0].contains("Thierry Moreau (encadrant)"), "{rows:?}");
        assert!(!page.body.contains(&format!("/vis-ma-vie/demandes/{fresh}\"")));
        assert!(page.body.contains("plus de 3 jours"));
    }

    async fn an_unknown_stored_status_is_never_read_as_requested(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        app.sign_in("chenry").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        // A row this version does not understand (a later version's status,
        // or a corrupted one).
        app.db().run(move |conn| {
            diesel::update(swap_requests::table.find(id))
                .set(swap_requests::status.eq("suspended"))
                .execute(conn)?;
            Ok(())
        }).await.unwrap();
        // Its page fails (logged 500) rather than offering to approve it…
        let page = thierry.get(&format!("/vis-ma-vie/demandes/{id}")).await;
        assert_eq!(page.status, 500, "{}", page.body);
        assert!(!page.body.contains("/accord\""), "no approval button");
        // …and the manager's approval is refused, the row left as it was.
        let approved = thierry.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await;
        assert_eq!(approved.status, 500, "{}", approved.body);
        assert_eq!(status(&app, id).await, "suspended");
    }
}
