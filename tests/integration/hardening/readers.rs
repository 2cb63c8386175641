//! Readers that are not browsers (feed readers, calendar apps) get a status
//! they understand, never a redirect to the sign-in page; browsers on
//! ordinary pages keep the redirect.

use crate::both_backends;
use crate::harness::TestApp;

both_backends! {
    async fn calendar_feeds_answer_wrong_or_revoked_tokens_with_404(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        camille.post("/profil/calendrier", &[]).await;
        let profile = camille.get("/profil").await;
        let link = profile.html().select(&scraper::Selector::parse("#lien-agenda").unwrap()).next().unwrap().value().attr("value").unwrap().to_string();
        let feed = link.strip_prefix("http://localhost").unwrap().to_string();
        let mut reader = app.browser();
        assert_eq!(reader.get(&feed).await.status, 200);
        for wrong in ["/calendrier/inconnu.ics", "/calendrier/inconnu", "/calendrier/%00.ics"] {
            let page = reader.get(wrong).await;
            assert!(matches!(page.status, 400 | 404), "{wrong}: {}", page.status);
            assert_eq!(page.location(), None, "{wrong}");
        }
        camille.post("/profil/calendrier/supprimer", &[]).await;
        let page = reader.get(&feed).await;
        assert_eq!((page.status, page.location()), (404, None), "revoked");
    }

    async fn atom_feeds_refuse_an_ended_session_without_redirect(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let cookie = camille.session_cookie().unwrap();
        assert_eq!(camille.get("/initiatives/flux.atom").await.status, 200);
        camille.post("/deconnexion", &[]).await;
        let mut stale = app.browser();
        stale.set_cookie(cookie);
        let page = stale.get("/initiatives/flux.atom").await;
        assert_eq!((page.status, page.location()), (401, None));
        assert!(page.header("Content-Type").unwrap().starts_with("text/plain"));
    }

    async fn browsers_on_ordinary_pages_keep_the_redirect(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.browser();
        for path in ["/", "/ateliers", "/profil", "/initiatives"] {
            let page = browser.get(path).await;
            assert_eq!(page.status, 303, "{path}");
            assert!(page.location().unwrap().starts_with("/connexion"), "{path}");
        }
    }
}
