//! After the swap: both sides' feedback, the published testimony on the
//! front page, the return visit (reciprocity), and "Pour vous".

use diesel::prelude::*;
use passerelles::encounters::{self, Through};
use passerelles::schema::{swap_offers, swap_requests};

use super::*;
use crate::both_backends;

both_backends! {
    async fn both_sides_give_feedback_and_testimonies_are_published(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut chloe = app.sign_in("chenry").await;
        let mut lucas = app.sign_in("lmartin").await;
        let chloe_id = agent(&app, "chenry").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        confirm(&mut thierry, &mut chloe, id).await;
        let path = format!("/vis-ma-vie/demandes/{id}/retour");
        // Not before the swap has happened.
        assert_eq!(camille.get(&path).await.status, 422);
        move_slot(&app, slots[0], in_days(-3)).await;
        let home = camille.get("/").await;
        assert!(home.texts("#en-attente + ul li").iter().any(|t| t.starts_with("Retour d'expérience à donner")));
        assert_eq!(lucas.get(&path).await.status, 403, "only the two parties give feedback");
        let form = camille.get(&path).await;
        assert_eq!(form.status, 200);
        assert_eq!(form.h1(), "Mon retour d'expérience");
        let page = camille.post(&path, &[("learned", ""), ("change_of_view", "x"), ("rating", "7"), ("publish", "true")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#learned-erreur"), vec!["Indiquez ce que vous avez appris sur ce service.".to_string()]);
        assert_eq!(page.texts("#rating-erreur"), vec!["Choisissez une note de 1 à 5.".to_string()]);
        assert!(page.texts("#testimony-erreur")[0].starts_with("Écrivez le témoignage"));
        let page = camille.post(&path, &[
            ("learned", "Derrière chaque ticket, une école ou un guichet à l'arrêt."),
            ("change_of_view", "Je signalerai mieux mes pannes."),
            ("rating", "5"), ("skills", "Diagnostic, priorisation"),
            ("testimony", "Une matinée au support : on ne voit plus son ordinateur de la même façon !"),
            ("publish", "true"),
        ]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert!(notices(&app, chloe_id.id).await[0].contains("donnez le vôtre"));
        assert_eq!(camille.get(&path).await.status, 422, "once");
        let again = camille.post(&path, &[("learned", "x"), ("change_of_view", "y"), ("rating", "3")]).await;
        assert_eq!(again.status, 422);
        let page = chloe.post(&path, &[("how_it_went", "")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#how_it_went-erreur").len(), 1);
        assert_eq!(chloe.post(&path, &[("how_it_went", "Très curieuse, à refaire.")]).await.status, 303);
        let request = thierry.get(&format!("/vis-ma-vie/demandes/{id}")).await;
        assert_eq!(request.texts(".status"), vec!["Réalisée".to_string()]);
        assert_eq!(request.texts("article.feedback").len(), 2);
        let front = lucas.get("/vis-ma-vie").await;
        let testimonies = front.texts(".testimonies li");
        assert_eq!(testimonies.len(), 1);
        assert!(testimonies[0].contains("on ne voit plus son ordinateur") && testimonies[0].contains("Camille Dubois, Espaces verts, en immersion au service DSI"), "{testimonies:?}");
    }

    async fn a_testimony_stays_private_unless_published(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut chloe = app.sign_in("chenry").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        confirm(&mut thierry, &mut chloe, id).await;
        move_slot(&app, slots[0], in_days(-3)).await;
        let page = camille.post(&format!("/vis-ma-vie/demandes/{id}/retour"), &[
            ("learned", "Beaucoup"), ("change_of_view", "Tout"), ("rating", "4"), ("testimony", "Pour moi seulement"),
        ]).await;
        assert_eq!(page.status, 303);
        assert!(camille.get("/vis-ma-vie").await.texts(".testimonies li").is_empty());
    }

    async fn the_host_proposes_the_return_visit_and_it_is_tracked(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut chloe = app.sign_in("chenry").await;
        let mut lucas = app.sign_in("lmartin").await;
        let mut francois = app.sign_in("fgauthier").await; // Chloé's manager
        let camille_id = agent(&app, "cdubois").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        // Not before the swap is confirmed.
        assert_eq!(chloe.post(&format!("/vis-ma-vie/demandes/{id}/reciproque"), &[]).await.status, 422);
        assert_eq!(camille.get(&format!("/vis-ma-vie/offres/nouvelle?retour={id}")).await.status, 403);
        confirm(&mut thierry, &mut chloe, id).await;
        assert_eq!(chloe.post(&format!("/vis-ma-vie/demandes/{id}/reciproque"), &[]).await.status, 303);
        assert_eq!(chloe.post(&format!("/vis-ma-vie/demandes/{id}/reciproque"), &[]).await.status, 422, "once");
        assert!(notices(&app, camille_id.id).await[0].contains("aimerait découvrir votre métier"));
        // One click: a prefilled form, for Camille only.
        assert_eq!(lucas.get(&format!("/vis-ma-vie/offres/nouvelle?retour={id}")).await.status, 403);
        let form = camille.get(&format!("/vis-ma-vie/offres/nouvelle?retour={id}")).await;
        assert_eq!(form.status, 200);
        assert!(form.body.contains("Immersion retour : le métier de jardinier paysagiste"), "{}", form.body);
        assert!(form.body.contains(&format!("name=\"return_of\" value=\"{id}\"")));
        let day = (in_days(15)).format("%Y-%m-%d").to_string();
        let page = camille.post("/vis-ma-vie/offres", &[
            ("host_id", &camille_id.id.to_string()), ("return_of", &id.to_string()),
            ("title", "Immersion retour : le métier de jardinier paysagiste"),
            ("activities", "Taille, paillage, arrosage"), ("place", "Parc Saint-Paul"), ("duration", "day"),
            ("slots[0].start_date", &day), ("slots[0].start_time", "08:00"), ("slots[0].end_time", "16:00"),
        ]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let return_offer: i32 = page.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
        let linked: Option<i32> = app.db().run(move |conn| Ok(swap_offers::table.find(return_offer).select(swap_offers::return_of).first(conn)?)).await.unwrap();
        assert_eq!(linked, Some(id));
        let chloe_id = agent(&app, "chenry").await;
        assert!(notices(&app, chloe_id.id).await[0].contains("vous propose l'immersion retour"));
        // Chloé asks, her manager agrees, Camille accepts: the first swap is reciprocated.
        let slot: i32 = app.db().run(move |conn| {
            use passerelles::schema::swap_slots;
            Ok(swap_slots::table.filter(swap_slots::offer_id.eq(return_offer)).select(swap_slots::id).first(conn)?)
        }).await.unwrap();
        let back = request_id(&ask(&mut chloe, return_offer, slot).await);
        confirm(&mut francois, &mut camille, back).await;
        let reciprocated: Option<chrono::NaiveDateTime> = app.db().run(move |conn| Ok(swap_requests::table.find(id).select(swap_requests::reciprocated_at).first(conn)?)).await.unwrap();
        assert!(reciprocated.is_some());
        let mine = camille.get("/vis-ma-vie/mon-suivi").await;
        assert!(mine.texts("section[aria-labelledby=mes-demandes] tbody tr")[0].contains("Réciproque"));
    }

    async fn suggestions_favour_the_least_connected_services(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await; // Espaces verts
        let mut thierry = app.sign_in("tmoreau").await;
        for host in ["chenry", "lnguyen", "aferreira", "mdiallo"] {
            app.sign_in(host).await;
        }
        let (dsi, _) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let (media, _) = publish(&app, "lnguyen", false, &[(in_days(11), 1)]).await;
        let (voirie, _) = publish(&app, "aferreira", false, &[(in_days(12), 1)]).await;
        publish(&app, "mdiallo", false, &[(in_days(13), 1)]).await; // Camille's own service
        let camille_id = agent(&app, "cdubois").await;
        let thierry_id = agent(&app, "tmoreau").await;
        let dsi_service = agent(&app, "chenry").await.service_id.unwrap();
        let media_service = agent(&app, "lnguyen").await.service_id.unwrap();
        let voirie_service = agent(&app, "aferreira").await.service_id.unwrap();
        app.db().run(move |conn| {
            // Camille met the Voirie herself; her service met the DSI twice, the médiathèque once.
            encounters::record(conn, camille_id.id, voirie_service, Through::Workshop, 1)?;
            encounters::record(conn, thierry_id.id, dsi_service, Through::Workshop, 2)?;
            encounters::record(conn, thierry_id.id, dsi_service, Through::Initiative, 3)?;
            encounters::record(conn, thierry_id.id, media_service, Through::Workshop, 4)?;
            Ok(())
        }).await.unwrap();
        let page = camille.get("/vis-ma-vie").await;
        let suggested: Vec<String> = page.html().select(&scraper::Selector::parse("section[aria-labelledby=pour-vous] h3 a").unwrap())
            .map(|a| a.value().attr("href").unwrap().to_string()).collect();
        assert_eq!(suggested, vec![format!("/vis-ma-vie/offres/{media}"), format!("/vis-ma-vie/offres/{dsi}")], "least connected first, Voirie (met) and own service left out");
        let _ = (voirie, &mut thierry);
    }
}

both_backends! {
    async fn the_visitor_withdraws_a_published_testimony(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut chloe = app.sign_in("chenry").await;
        let mut lucas = app.sign_in("lmartin").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        confirm(&mut thierry, &mut chloe, id).await;
        move_slot(&app, slots[0], in_days(-3)).await;
        let path = format!("/vis-ma-vie/demandes/{id}/retour");
        let page = camille.post(&path, &[
            ("learned", "Le métier de technicien."), ("change_of_view", "Oui."), ("rating", "5"),
            ("testimony", "Une matinée passionnante au support."), ("publish", "true"),
        ]).await;
        assert_eq!(page.status, 303);
        assert_eq!(lucas.get("/vis-ma-vie").await.texts(".testimonies li").len(), 1);
        let withdraw = format!("/vis-ma-vie/demandes/{id}/temoignage/retirer");
        // Only its author sees the button and may withdraw it.
        let request = format!("/vis-ma-vie/demandes/{id}");
        assert!(chloe.get(&request).await.texts(&format!("form[action='{withdraw}'] button")).is_empty());
        assert_eq!(chloe.post(&withdraw, &[]).await.status, 403);
        assert_eq!(thierry.post(&withdraw, &[]).await.status, 403);
        assert_eq!(lucas.post(&withdraw, &[]).await.status, 403);
        assert_eq!(lucas.get("/vis-ma-vie").await.texts(".testimonies li").len(), 1);
        let buttons = camille.get(&request).await.texts(&format!("form[action='{withdraw}'] button"));
        assert_eq!(buttons, vec!["Retirer mon témoignage de la page Vis ma vie".to_string()]);
        assert_eq!(camille.post(&withdraw, &[]).await.status, 303);
        assert!(lucas.get("/vis-ma-vie").await.texts(".testimonies li").is_empty());
        // It stays in the request's feedback, no longer marked as published.
        let page = camille.get(&request).await;
        assert!(page.body.contains("Une matinée passionnante au support."));
        assert!(page.texts("article.feedback .tag").is_empty());
        let again = camille.post(&withdraw, &[]).await;
        assert_eq!(again.status, 422);
        assert!(again.body.contains("rien à retirer"));
    }
}
