//! Sessions, CSRF, rate limiting and security headers.

use diesel::prelude::*;
use passerelles::schema::sessions;

use crate::both_backends;
use crate::harness::{TestApp, PASSWORD};

async fn age_sessions(app: &TestApp, created_minutes_ago: i64, seen_minutes_ago: i64) {
    app.db()
        .run(move |conn| {
            let now = passerelles::db::now();
            diesel::update(sessions::table)
                .set((
                    sessions::created_at.eq(now - chrono::Duration::minutes(created_minutes_ago)),
                    sessions::last_seen_at.eq(now - chrono::Duration::minutes(seen_minutes_ago)),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

async fn session_count(app: &TestApp) -> i64 {
    app.db()
        .run(|conn| Ok(sessions::table.count().get_result(conn)?))
        .await
        .unwrap()
}

both_backends! {
    async fn every_post_route_refuses_a_missing_or_wrong_token(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.sign_in("cdubois").await;
        let posts: Vec<String> = app
            .client
            .rocket()
            .routes()
            .filter(|r| r.method == rocket::http::Method::Post)
            .map(|r| {
                let path = r.uri.path().to_string();
                // Dynamic segments get a plausible value.
                path.split('/')
                    .map(|seg| if seg.starts_with('<') { "1" } else { seg })
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect();
        assert!(posts.contains(&"/deconnexion".to_string()), "{posts:?}");
        for path in &posts {
            for body in ["", "csrf_token=faux", "username=x&password=y"] {
                let page = browser.post_raw(path, body).await;
                assert_eq!(page.status, 403, "POST {path} with {body:?}");
                assert!(page.body.contains("Le formulaire a expiré"), "French message for {path}");
            }
        }
        // The session was not ended by the refused sign-out.
        assert_eq!(browser.get("/").await.status, 200);
    }

    async fn the_sign_in_form_needs_its_token(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.browser();
        browser.get("/connexion").await;
        let page = browser.post_raw("/connexion", &format!("username=cdubois&password={PASSWORD}")).await;
        assert_eq!(page.status, 403);
        assert!(!browser.is_signed_in());
    }

    async fn sign_out_ends_the_session_on_the_server(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.sign_in("cdubois").await;
        let cookie = browser.session_cookie().unwrap();
        let page = browser.post("/deconnexion", &[]).await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location().as_deref(), Some("/connexion"));
        assert_eq!(session_count(&app).await, 0);
        let mut replay = app.browser();
        replay.set_cookie(cookie);
        assert_eq!(replay.get("/").await.status, 303);
        let page = browser.get("/connexion").await;
        assert_eq!(page.texts("[role=status]"), vec!["Vous êtes déconnecté. À bientôt !".to_string()]);
    }

    async fn idle_and_old_sessions_end(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.sign_in("cdubois").await;
        age_sessions(&app, 20, 20).await;
        assert_eq!(browser.get("/").await.status, 200, "20 minutes idle is fine");
        age_sessions(&app, 40, 31).await;
        assert_eq!(browser.get("/").await.status, 303, "31 minutes idle ends the session");
        assert_eq!(session_count(&app).await, 0);

        let mut browser = app.sign_in("cdubois").await;
        age_sessions(&app, 12 * 60 + 1, 1).await;
        assert_eq!(browser.get("/").await.status, 303, "past 12 hours the session ends");
    }

    async fn signing_in_again_replaces_the_session(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.sign_in("cdubois").await;
        let first = browser.session_cookie().unwrap();
        browser.sign_in("cdubois", PASSWORD).await;
        let second = browser.session_cookie().unwrap();
        assert_ne!(first.value(), second.value());
        assert_eq!(session_count(&app).await, 1);
        let mut replay = app.browser();
        replay.set_cookie(first);
        assert_eq!(replay.get("/").await.status, 303);
    }

    async fn sign_in_is_limited_per_username(backend) {
        let app = TestApp::start(backend).await;
        for _ in 0..5 {
            let page = app.browser().sign_in("cdubois", "mauvais").await;
            assert_eq!(page.status, 401);
        }
        let mut browser = app.browser();
        let page = browser.sign_in("cdubois", PASSWORD).await;
        assert_eq!(page.status, 429);
        assert!(page.texts("[role=alert]")[0].starts_with("Trop de tentatives"));
        assert!(!browser.is_signed_in());
        // Another person is not held back.
        app.sign_in("tmoreau").await;
    }

    async fn sign_in_is_limited_per_ip(backend) {
        let app = TestApp::builder(backend).config("sign_in_limits.per_ip", 3).start().await;
        for username in ["a", "b", "c"] {
            let page = app.browser().with_peer("10.1.2.3").sign_in(username, "mauvais").await;
            assert_eq!(page.status, 401);
        }
        let page = app.browser().with_peer("10.1.2.3").sign_in("cdubois", PASSWORD).await;
        assert_eq!(page.status, 429);
        let page = app.browser().with_peer("10.9.9.9").sign_in("cdubois", PASSWORD).await;
        assert_eq!(page.status, 303);
    }

    async fn pages_carry_security_headers(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.sign_in("cdubois").await;
        for path in ["/", "/connexion", "/ateliers", "/page-inconnue"] {
            let page = browser.get(path).await;
            assert_eq!(page.header("Cache-Control").as_deref(), Some("no-store"), "{path}");
            assert!(page.header("Content-Security-Policy").unwrap().contains("default-src 'self'"));
            assert_eq!(page.header("Referrer-Policy").as_deref(), Some("same-origin"));
            assert_eq!(page.header("X-Content-Type-Options").as_deref(), Some("nosniff"));
            assert!(page.header("X-Frame-Options").is_some());
        }
        let css = browser.get("/static/css/passerelles.css").await;
        assert_eq!(css.status, 200);
    }

    async fn cookies_are_private_and_http_only(backend) {
        let app = TestApp::start(backend).await;
        let browser = app.sign_in("cdubois").await;
        let cookie = browser.session_cookie().unwrap();
        assert_eq!(cookie.http_only(), Some(true));
        // Encrypted: the raw session id stored (hashed) in the database is not readable from it.
        let ids: Vec<String> = app.db().run(|conn| Ok(sessions::table.select(sessions::id).load(conn)?)).await.unwrap();
        assert_eq!(ids.len(), 1);
        assert!(!cookie.value().contains(&ids[0]));
    }
}
