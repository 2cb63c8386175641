//! Lists: upcoming sessions and their filters, past sessions, "mes
//! ateliers", and the service pages.

use chrono::Duration;

use super::*;
use crate::both_backends;

both_backends! {
    async fn upcoming_sessions_filter_by_kind_service_month_and_seats(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let mut helene = app.sign_in("hmercier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let media = service_of(&app, "hmercier").await.to_string();
        let soon = day_in(3);
        let later = day_in(70);
        propose(&app, &mut jerome, &[("services", &voirie), ("date", &soon)]).await;
        let full = propose(&app, &mut helene, &[("services", &media), ("title", "Les coulisses de la Médiathèque"), ("kind", "experience"), ("capacity", "1"), ("date", &later)]).await;
        let mut camille = app.sign_in("cdubois").await;
        camille.post(&format!("/ateliers/sessions/{}/inscription", full.sessions[0]), &[]).await;
        let titles = |page: &crate::harness::Page| page.texts(".session-card__title");
        let all = camille.get("/ateliers").await;
        assert_eq!(all.status, 200);
        assert_eq!(all.h1(), "Ateliers et temps forts");
        assert_eq!(titles(&all), vec!["La Voirie présente ses missions", "Les coulisses de la Médiathèque"]);
        assert!(all.texts(".session-card .badge").contains(&"Inscrit".to_string()));
        let by_kind = camille.get("/ateliers?type=experience").await;
        assert_eq!(titles(&by_kind), vec!["Les coulisses de la Médiathèque"]);
        let by_service = camille.get(&format!("/ateliers?service={voirie}")).await;
        assert_eq!(titles(&by_service), vec!["La Voirie présente ses missions"]);
        let month = &later[..7];
        let by_month = camille.get(&format!("/ateliers?mois={month}")).await;
        assert_eq!(titles(&by_month), vec!["Les coulisses de la Médiathèque"]);
        let available = camille.get("/ateliers?places=disponibles").await;
        assert_eq!(titles(&available), vec!["La Voirie présente ses missions"]);
        assert!(available.body.contains(r#"id="filtre-places" name="places" value="disponibles" checked"#));
        let none = camille.get("/ateliers?type=temps-fort").await;
        assert!(none.texts(".empty").join(" ").contains("Aucune session à venir"));
        // Nonsense filters are ignored, not errors.
        assert_eq!(camille.get("/ateliers?service=abc&mois=13-99&page=-4").await.status, 200);
    }

    async fn past_sessions_and_my_workshops(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let old = propose(&app, &mut jerome, &[("services", &voirie), ("title", "Atelier d'hier")]).await.sessions[0];
        let full = propose(&app, &mut jerome, &[("services", &voirie), ("title", "Atelier complet"), ("capacity", "1")]).await.sessions[0];
        let open = propose(&app, &mut jerome, &[("services", &voirie), ("title", "Atelier ouvert")]).await.sessions[0];
        let mut lan = app.sign_in("lnguyen").await;
        lan.post(&format!("/ateliers/sessions/{full}/inscription"), &[]).await;
        let mut camille = app.sign_in("cdubois").await;
        for s in [old, full, open] {
            // The three are at the same time: Camille confirms the overlap.
            let page = camille.post(&format!("/ateliers/sessions/{s}/inscription"), &[("confirm_overlap", "true")]).await;
            assert_eq!(page.status, 303);
        }
        shift_session(&app, old, Duration::days(-20)).await;
        let past = camille.get("/ateliers/passees").await;
        assert_eq!(past.h1(), "Sessions passées");
        assert_eq!(past.texts(".session-card__title"), vec!["Atelier d'hier"]);
        let mine = camille.get("/ateliers/mes-ateliers").await;
        assert_eq!(mine.h1(), "Mes ateliers");
        let section = |id: &str| mine.texts(&format!("section[aria-labelledby={id}] .session-card__title"));
        assert_eq!(section("inscrit"), vec!["Atelier ouvert"]);
        assert_eq!(section("attente"), vec!["Atelier complet"]);
        assert!(mine.texts("section[aria-labelledby=attente] .badge").contains(&"Liste d'attente (1re)".to_string()));
        assert_eq!(section("passe"), vec!["Atelier d'hier"]);
        assert!(section("anime").is_empty());
        let organised = jerome.get("/ateliers/mes-ateliers").await;
        let titles = organised.texts("section[aria-labelledby=anime] .session-card__title");
        // The past one stays until its attendance is recorded.
        assert_eq!(titles.len(), 3, "{titles:?}");
    }

    async fn service_pages_list_the_workshops_they_presented(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await;
        let proposed = propose(&app, &mut jerome, &[("services", &voirie.to_string()), ("repeat", "hebdomadaire"), ("occurrences", "2")]).await;
        let page = jerome.get(&format!("/services/{voirie}")).await;
        assert_eq!(page.status, 200);
        let items = page.texts(".card li");
        assert!(items.contains(&"La Voirie présente ses missions — Présentation de missions · 2 sessions".to_string()), "{items:?}");
        let link = format!("/ateliers/{}", proposed.workshop_id);
        assert!(page.body.contains(&format!("href=\"{}\"", link.replace('/', "&#x2F;"))) || page.body.contains(&format!("href=\"{link}\"")));
        let mut camille = app.sign_in("cdubois").await;
        let other = service_of(&app, "cdubois").await;
        let page = camille.get(&format!("/services/{other}")).await;
        assert!(page.texts(".empty").join(" ").contains("n'a pas encore présenté ses missions"));
    }
}
