//! Who may read a request (the visitor, the host, the visitor's manager,
//! HR) and who may decide (the visitor's manager only for their team, the
//! host only on their own offers).

use super::*;
use crate::both_backends;

both_backends! {
    async fn only_the_parties_their_manager_and_hr_read_a_request(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let (offer, slots) = {
            app.sign_in("chenry").await;
            publish(&app, "chenry", false, &[(in_days(10), 1)]).await
        };
        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        let path = format!("/vis-ma-vie/demandes/{id}");
        // Readers: visitor, host, visitor's manager, HR.
        for username in ["cdubois", "chenry", "tmoreau", "cbonnet"] {
            let mut browser = app.sign_in(username).await;
            let page = browser.get(&path).await;
            assert_eq!(page.status, 200, "{username} reads the request");
            assert!(page.body.contains("Je voudrais comprendre ce métier."), "{username} sees the motivation");
        }
        // Everyone else: a colleague, another manager, the host's manager, an élu, the admin.
        for username in ["mdiallo", "jgarnier", "fgauthier", "mvasseur", "lmartin"] {
            let mut browser = app.sign_in(username).await;
            for suffix in ["", "/convention", "/agenda.ics", "/retour"] {
                let page = browser.get(&format!("{path}{suffix}")).await;
                assert_eq!(page.status, 403, "{username} {suffix}");
            }
            assert!(!browser.get(&path).await.body.contains("Je voudrais comprendre"));
        }
    }

    async fn managers_decide_for_their_team_and_hosts_on_their_offers(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut jerome = app.sign_in("jgarnier").await; // manager of Voirie
        let mut claire = app.sign_in("cbonnet").await; // HR: Camille has a manager
        let mut chloe = app.sign_in("chenry").await;
        let mut lucas = app.sign_in("lmartin").await; // DSI too, but not the host
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        for (who, browser) in [("jgarnier", &mut jerome), ("cbonnet", &mut claire), ("chenry", &mut chloe), ("cdubois", &mut camille)] {
            let page = browser.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await;
            assert_eq!(page.status, 403, "{who} cannot give Thierry's agreement");
        }
        let page = jerome.post(&format!("/vis-ma-vie/demandes/{id}/refuser"), &[("reason", "Non")]).await;
        assert_eq!(page.status, 403);
        assert_eq!(status(&app, id).await, "requested");
        assert_eq!(thierry.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await.status, 303);
        for (who, browser) in [("lmartin", &mut lucas), ("tmoreau", &mut thierry), ("cdubois", &mut camille)] {
            let page = browser.post(&format!("/vis-ma-vie/demandes/{id}/accepter"), &[]).await;
            assert_eq!(page.status, 403, "{who} cannot accept on Chloé's offer");
        }
        assert_eq!(lucas.post(&format!("/vis-ma-vie/demandes/{id}/annuler"), &[]).await.status, 403);
        assert_eq!(lucas.post(&format!("/vis-ma-vie/demandes/{id}/reciproque"), &[]).await.status, 403);
        assert_eq!(status(&app, id).await, "approved");
        // The agreement exists only once confirmed.
        assert_eq!(camille.get(&format!("/vis-ma-vie/demandes/{id}/convention")).await.status, 404);
        assert_eq!(camille.get(&format!("/vis-ma-vie/demandes/{id}/agenda.ics")).await.status, 404);
        assert_eq!(chloe.post(&format!("/vis-ma-vie/demandes/{id}/accepter"), &[]).await.status, 303);
        assert_eq!(camille.get(&format!("/vis-ma-vie/demandes/{id}/convention")).await.status, 200);
    }

    async fn only_hr_sees_the_waiting_list(backend) {
        let app = TestApp::start(backend).await;
        for (username, expected) in [("cdubois", 403), ("tmoreau", 403), ("mvasseur", 403), ("lmartin", 403), ("cbonnet", 200)] {
            let mut browser = app.sign_in(username).await;
            assert_eq!(browser.get("/vis-ma-vie/en-attente").await.status, expected, "{username}");
        }
        let mut anonymous = app.browser();
        for path in ["/vis-ma-vie", "/vis-ma-vie/offres/nouvelle", "/vis-ma-vie/mon-suivi", "/vis-ma-vie/demandes/1"] {
            let page = anonymous.get(path).await;
            assert_eq!(page.status, 303, "{path}");
            assert!(page.location().unwrap().starts_with("/connexion"));
        }
    }
}

both_backends! {
    async fn nobody_approves_their_own_request(backend) {
        let app = TestApp::start(backend).await;
        // Claire (HR) has a manager in the directory who never signed in:
        // HR gives the agreement, but never Claire herself.
        let mut claire = app.sign_in("cbonnet").await;
        app.sign_in("chenry").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let id = request_id(&ask(&mut claire, offer, slots[0]).await);
        let page = claire.get(&format!("/vis-ma-vie/demandes/{id}")).await;
        assert!(page.texts("form[action$='/accord'] button").is_empty(), "no approve button for herself");
        let page = claire.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await;
        assert_eq!(page.status, 403);
        let page = claire.post(&format!("/vis-ma-vie/demandes/{id}/refuser"), &[("reason", "Non")]).await;
        assert_eq!(page.status, 403);
        assert_eq!(status(&app, id).await, "requested");
        let claire_id = agent(&app, "cbonnet").await.id;
        assert!(notices(&app, claire_id).await.iter().all(|n| !n.contains("votre accord est attendu")));
        let dashboard = claire.get("/").await;
        assert!(!dashboard.body.contains(&format!("/vis-ma-vie/demandes/{id}\"")), "not in her approvals");
        // Another HR agent gives it.
        let mut valerie = app.sign_in("vchevalier").await;
        assert_eq!(valerie.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await.status, 303);
        assert_eq!(status(&app, id).await, "approved");
    }

    async fn a_manager_is_found_whatever_the_spelling_of_their_dn(backend) {
        let app = TestApp::start(backend).await;
        // The fixture spells this agent's manager `UID=jgarnier, OU=People,…`.
        let mut jerome = app.sign_in("jgarnier").await;
        let mut visitor = app.sign_in("jean.michel-test").await;
        app.sign_in("chenry").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let id = request_id(&ask(&mut visitor, offer, slots[0]).await);
        let jerome_id = agent(&app, "jgarnier").await.id;
        assert!(notices(&app, jerome_id).await.iter().any(|n| n.contains("votre accord est attendu")));
        assert_eq!(jerome.post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[]).await.status, 303);
        assert_eq!(status(&app, id).await, "approved");
    }
}
