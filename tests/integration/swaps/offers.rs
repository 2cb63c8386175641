//! The host's side: publishing (for oneself or one's team), editing,
//! closing, slots; the offers list, its filters and the service pages.

use diesel::prelude::*;
use passerelles::schema::{swap_offers, swap_slots};

use super::*;
use crate::both_backends;

fn date(at: chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d").to_string()
}

both_backends! {
    async fn an_agent_publishes_an_offer_through_the_form(backend) {
        let app = TestApp::start(backend).await;
        let mut chloe = app.sign_in("chenry").await;
        let form = chloe.get("/vis-ma-vie/offres/nouvelle").await;
        assert_eq!(form.status, 200);
        assert_eq!(form.h1(), "Proposer une immersion dans mon métier");
        let chloe_id = agent(&app, "chenry").await;
        let host = chloe_id.id.to_string();
        let day = date(in_days(10));
        // Errors are tied to their fields and the input is kept.
        let page = chloe.post("/vis-ma-vie/offres", &[
            ("host_id", &host), ("title", "Support informatique"), ("activities", ""), ("place", ""),
            ("duration", "half_day"), ("slots[0].start_date", &day), ("slots[0].start_time", "08:00"),
            ("slots[0].end_time", "17:00"), ("slots[0].capacity", "1"),
        ]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#activities-erreur"), vec!["Indiquez ce que le visiteur verra et fera.".to_string()]);
        assert_eq!(page.texts("#place-erreur"), vec!["Indiquez le lieu.".to_string()]);
        assert!(page.texts("#slot-0-end_time-erreur")[0].contains("demi-journée"));
        assert!(page.body.contains("value=\"Support informatique\""));
        let page = chloe.post("/vis-ma-vie/offres", &[
            ("host_id", &host), ("title", "Support informatique"), ("activities", "Tickets et postes"), ("place", "Hôtel de ville"),
            ("duration", "half_day"),
        ]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#slot-0-start_date-erreur"), vec!["Proposez au moins un créneau.".to_string()]);
        let past = date(in_days(-2));
        let page = chloe.post("/vis-ma-vie/offres", &[
            ("host_id", &host), ("title", "Support informatique"), ("activities", "Tickets et postes"), ("place", "Hôtel de ville"),
            ("duration", "half_day"), ("slots[0].start_date", &past), ("slots[0].start_time", "08:00"), ("slots[0].end_time", "12:00"),
        ]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#slot-0-start_date-erreur"), vec!["Le créneau doit être à venir.".to_string()]);
        let other_day = date(in_days(12));
        let page = chloe.post("/vis-ma-vie/offres", &[
            ("host_id", &host), ("title", "Support informatique"), ("activities", "Tickets et postes"), ("place", "Hôtel de ville"),
            ("duration", "half_day"), ("prerequisites", ""), ("sensitive", "true"),
            ("slots[0].start_date", &day), ("slots[0].start_time", "08:00"), ("slots[0].end_time", "12:00"), ("slots[0].capacity", "2"),
            ("slots[2].start_date", &other_day), ("slots[2].start_time", "13:30"), ("slots[2].end_time", "17:00"),
        ]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let location = page.location().unwrap();
        let offer = chloe.get(&location).await;
        assert_eq!(offer.h1(), "Support informatique");
        assert_eq!(offer.texts("section[aria-labelledby=creneaux] tbody tr").len(), 2);
        assert!(offer.body.contains("Activité sensible"));
        assert!(offer.texts("#demander").is_empty(), "the host does not ask for their own offer");
        assert_eq!(offer.texts("#gerer").len(), 1);
        let id: i32 = location.rsplit('/').next().unwrap().parse().unwrap();
        let (service_id, capacities): (i32, Vec<i32>) = app.db().run(move |conn| {
            let service = swap_offers::table.find(id).select(swap_offers::service_id).first(conn)?;
            let capacities = swap_slots::table.filter(swap_slots::offer_id.eq(id)).order(swap_slots::starts_at).select(swap_slots::capacity).load(conn)?;
            Ok((service, capacities))
        }).await.unwrap();
        assert_eq!(Some(service_id), chloe_id.service_id);
        assert_eq!(capacities, vec![2, 1]);
        // The service's page lists it.
        let service = chloe.get(&format!("/services/{service_id}")).await;
        assert!(service.texts(".card li a").contains(&"Support informatique".to_string()), "{}", service.body);
    }

    async fn a_manager_publishes_for_their_team_only(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cdubois").await;
        app.sign_in("chenry").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let camille = agent(&app, "cdubois").await;
        let chloe = agent(&app, "chenry").await;
        let form = thierry.get("/vis-ma-vie/offres/nouvelle").await;
        let hosts = form.texts("#host_id option");
        assert!(hosts.iter().any(|h| h.starts_with("Camille Dubois")), "{hosts:?}");
        assert!(!hosts.iter().any(|h| h.starts_with("Chloé Henry")));
        let day = date(in_days(10));
        let fields = |host: String| vec![
            ("host_id", host), ("title", "Tailler les rosiers".to_string()), ("activities", "Taille et paillage".to_string()),
            ("place", "Jardin de l'Archevêché".to_string()), ("duration", "day".to_string()),
            ("slots[0].start_date", day.clone()), ("slots[0].start_time", "08:00".to_string()), ("slots[0].end_time", "16:00".to_string()),
        ];
        let mine = fields(camille.id.to_string());
        let mine: Vec<(&str, &str)> = mine.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = thierry.post("/vis-ma-vie/offres", &mine).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let offer = thierry.get(&page.location().unwrap()).await;
        assert!(offer.texts(".facts dd").contains(&"Camille Dubois, Jardinier paysagiste".to_string()), "{:?}", offer.texts(".facts dd"));
        assert!(offer.texts(".facts dd").contains(&"Thierry Moreau".to_string()), "published by");
        assert!(notices(&app, camille.id).await[0].contains("a publié pour vous"));
        let theirs = fields(chloe.id.to_string());
        let theirs: Vec<(&str, &str)> = theirs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(thierry.post("/vis-ma-vie/offres", &theirs).await.status, 403);
    }

    async fn hosts_edit_close_and_manage_slots(backend) {
        let app = TestApp::start(backend).await;
        let mut chloe = app.sign_in("chenry").await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let camille_id = agent(&app, "cdubois").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1), (in_days(11), 1)]).await;
        // Only the host (or the publisher) manages the offer.
        assert_eq!(camille.get(&format!("/vis-ma-vie/offres/{offer}/modifier")).await.status, 403);
        assert_eq!(camille.post(&format!("/vis-ma-vie/offres/{offer}/fermer"), &[]).await.status, 403);
        assert_eq!(camille.post(&format!("/vis-ma-vie/offres/{offer}/creneaux/{}/supprimer", slots[1]), &[]).await.status, 403);
        let edit = chloe.get(&format!("/vis-ma-vie/offres/{offer}/modifier")).await;
        assert_eq!(edit.status, 200);
        let page = chloe.post(&format!("/vis-ma-vie/offres/{offer}/modifier"), &[("title", ""), ("activities", "x"), ("place", "y"), ("duration", "half_day")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#title-erreur"), vec!["Indiquez un titre.".to_string()]);
        let page = chloe.post(&format!("/vis-ma-vie/offres/{offer}/modifier"), &[("title", "Le support vu de l'intérieur"), ("activities", "x"), ("place", "y"), ("duration", "half_day")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(chloe.get(&format!("/vis-ma-vie/offres/{offer}")).await.h1(), "Le support vu de l'intérieur");
        // Closing hides the offer from the list; reopening brings it back.
        chloe.post(&format!("/vis-ma-vie/offres/{offer}/fermer"), &[]).await;
        assert!(!camille.get("/vis-ma-vie").await.body.contains("Le support vu de l&#x27;intérieur"));
        chloe.post(&format!("/vis-ma-vie/offres/{offer}/rouvrir"), &[]).await;
        assert!(camille.get("/vis-ma-vie").await.body.contains("Le support vu de l&#x27;intérieur"));
        // Adding a slot: checked, then listed.
        let page = chloe.post(&format!("/vis-ma-vie/offres/{offer}/creneaux"), &[("start_date", ""), ("start_time", "08:00"), ("end_time", "12:00")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#start_date-erreur"), vec!["Indiquez la date de début.".to_string()]);
        let page = chloe.post(&format!("/vis-ma-vie/offres/{offer}/creneaux"), &[("start_date", &date(in_days(20))), ("start_time", "08:00"), ("end_time", "12:00"), ("capacity", "3")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(chloe.get(&format!("/vis-ma-vie/offres/{offer}")).await.texts("section[aria-labelledby=creneaux] tbody tr").len(), 3);
        // Removing a slot with a confirmed visitor cancels the swap and tells them.
        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        confirm(&mut thierry, &mut chloe, id).await;
        let page = chloe.post(&format!("/vis-ma-vie/offres/{offer}/creneaux/{}/supprimer", slots[0]), &[]).await;
        assert_eq!(page.status, 303);
        assert_eq!(status(&app, id).await, "cancelled");
        assert!(notices(&app, camille_id.id).await[0].contains("a été supprimé par l'accueillant"));
        let request = camille.get(&format!("/vis-ma-vie/demandes/{id}")).await;
        assert!(request.body.contains("Créneau supprimé par l&#x27;accueillant."));
        assert!(camille.get("/").await.texts("#a-venir + ul li").is_empty(), "gone from the diary");
        assert_eq!(chloe.get(&format!("/vis-ma-vie/offres/{offer}")).await.texts("section[aria-labelledby=creneaux] tbody tr").len(), 2);
    }

    async fn the_offers_list_filters(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        app.sign_in("chenry").await;
        app.sign_in("lnguyen").await;
        let (dsi, _) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let (media, _) = publish(&app, "lnguyen", false, &[(in_days(40), 1)]).await;
        let dsi_service = agent(&app, "chenry").await.service_id.unwrap();
        let links = |page: &Page| -> Vec<String> {
            page.html().select(&scraper::Selector::parse("section[aria-labelledby=offres] .offer-card h3 a").unwrap())
                .map(|a| a.value().attr("href").unwrap().to_string()).collect()
        };
        let all = camille.get("/vis-ma-vie").await;
        assert_eq!(all.status, 200);
        assert_eq!(all.h1(), "Vis ma vie");
        assert_eq!(links(&all), vec![format!("/vis-ma-vie/offres/{dsi}"), format!("/vis-ma-vie/offres/{media}")]);
        let by_service = camille.get(&format!("/vis-ma-vie?service={dsi_service}")).await;
        assert_eq!(links(&by_service), vec![format!("/vis-ma-vie/offres/{dsi}")]);
        let month = (passerelles::db::now() + chrono::Duration::days(40)).format("%Y-%m").to_string();
        let by_month = camille.get(&format!("/vis-ma-vie?mois={month}")).await;
        assert!(links(&by_month).contains(&format!("/vis-ma-vie/offres/{media}")));
        assert!(by_month.body.contains(&format!("value=\"{month}\" selected")) || links(&by_month).len() == 2);
        assert!(links(&camille.get("/vis-ma-vie?duree=several_days").await).is_empty());
        // Services never met: once Camille has met the DSI, its offer leaves that list.
        let camille_id = agent(&app, "cdubois").await;
        app.db().run(move |conn| {
            passerelles::encounters::record(conn, camille_id.id, dsi_service, passerelles::encounters::Through::Workshop, 1)?;
            Ok(())
        }).await.unwrap();
        let never = camille.get("/vis-ma-vie?jamais=1").await;
        assert_eq!(links(&never), vec![format!("/vis-ma-vie/offres/{media}")]);
    }
}
