//! Sign-in limits: attempts in flight count, one counter per login however
//! it is typed, the client's address from the peer unless it is a trusted
//! proxy, IPv6 per /64; refusals cost the directory alike.

use rocket::futures::future::join_all;

use crate::both_backends;
use crate::harness::{Browser, TestApp, PASSWORD};

/// Sends many sign-ins at once (each browser fetched its form first).
async fn all_at_once(browsers: &mut [Browser<'_>], username: &str, password: &str) -> Vec<u16> {
    for browser in browsers.iter_mut() {
        browser.get("/connexion").await;
    }
    let attempts = browsers.iter_mut().map(|b| async move {
        b.post(
            "/connexion",
            &[("username", username), ("password", password)],
        )
        .await
        .status
    });
    join_all(attempts).await
}

both_backends! {
    async fn parallel_wrong_passwords_reach_the_directory_five_times(backend) {
        let app = TestApp::builder(backend)
            .proxied()
            .config("sign_in_limits.per_ip", 1000)
            .start()
            .await;
        let mut browsers: Vec<Browser<'_>> = (0..200).map(|_| app.browser()).collect();
        let statuses = all_at_once(&mut browsers, "cdubois", "mauvais").await;
        let refused = statuses.iter().filter(|s| **s == 401).count();
        let limited = statuses.iter().filter(|s| **s == 429).count();
        assert_eq!((refused, limited), (5, 195), "{statuses:?}");
        // Each refused attempt costs two connections (search, then bind): no more went through.
        assert_eq!(app.proxy.as_ref().unwrap().connections(), 10);
        // The right password is held back too, until the window ends.
        assert_eq!(app.browser().sign_in("cdubois", PASSWORD).await.status, 429);
    }

    async fn successful_sign_ins_give_their_place_back(backend) {
        let app = TestApp::start(backend).await;
        for _ in 0..8 {
            assert_eq!(app.browser().sign_in("cdubois", PASSWORD).await.status, 303);
        }
        // Still five wrong tries left.
        for _ in 0..5 {
            assert_eq!(app.browser().sign_in("cdubois", "mauvais").await.status, 401);
        }
        assert_eq!(app.browser().sign_in("cdubois", "mauvais").await.status, 429);
    }

    async fn variants_of_a_login_share_one_counter(backend) {
        let app = TestApp::builder(backend).config("sign_in_limits.per_ip", 1000).start().await;
        for variant in ["CDubois", " cdubois", "ＣＤＵＢＯＩＳ", "CDUBOIS", "cdubois "] {
            let page = app.browser().sign_in(variant, "mauvais").await;
            assert_eq!(page.status, 401, "{variant:?}");
        }
        assert_eq!(app.browser().sign_in("cdubois", PASSWORD).await.status, 429);
        assert_eq!(app.browser().sign_in("Cdubois", PASSWORD).await.status, 429);
    }

    async fn the_address_comes_from_the_peer_unless_it_is_a_trusted_proxy(backend) {
        let app = TestApp::builder(backend)
            .config("sign_in_limits.per_ip", 2)
            .config("trusted_proxies", vec!["127.0.0.1", "10.0.0.0/8"])
            .start()
            .await;
        // A client that is not a proxy names itself in the header: ignored, its own address counts.
        for (i, claimed) in ["198.51.100.1", "198.51.100.2"].into_iter().enumerate() {
            let page = app.browser().with_peer("203.0.113.9").with_ip(claimed).sign_in(&format!("inconnu{i}"), "mauvais").await;
            assert_eq!(page.status, 401);
        }
        let page = app.browser().with_peer("203.0.113.9").with_ip("198.51.100.3").sign_in("cdubois", PASSWORD).await;
        assert_eq!(page.status, 429, "the peer's own address is limited");
        // Behind a trusted proxy, the header names the client.
        for (i, proxy) in ["127.0.0.1", "10.20.30.40"].into_iter().enumerate() {
            let page = app.browser().with_peer(proxy).with_ip("192.0.2.50").sign_in(&format!("autre{i}"), "mauvais").await;
            assert_eq!(page.status, 401);
        }
        let page = app.browser().with_peer("127.0.0.1").with_ip("192.0.2.50").sign_in("cdubois", PASSWORD).await;
        assert_eq!(page.status, 429, "the client behind the proxy is limited");
        let page = app.browser().with_peer("127.0.0.1").with_ip("192.0.2.51").sign_in("cdubois", PASSWORD).await;
        assert_eq!(page.status, 303, "another client behind the same proxy is not");
    }

    async fn ipv6_clients_are_limited_per_64(backend) {
        let app = TestApp::builder(backend).config("sign_in_limits.per_ip", 2).start().await;
        for (i, peer) in ["2001:db8:1:2::1", "2001:db8:1:2:ffff::2"].into_iter().enumerate() {
            let page = app.browser().with_peer(peer).sign_in(&format!("inconnu{i}"), "mauvais").await;
            assert_eq!(page.status, 401);
        }
        let page = app.browser().with_peer("2001:db8:1:2:abcd:1:2:3").sign_in("cdubois", PASSWORD).await;
        assert_eq!(page.status, 429, "same /64");
        let page = app.browser().with_peer("2001:db8:1:3::1").sign_in("cdubois", PASSWORD).await;
        assert_eq!(page.status, 303, "another /64");
    }

    async fn unknown_login_and_wrong_password_cost_the_directory_alike(backend) {
        let app = TestApp::builder(backend).proxied().start().await;
        let proxy = app.proxy.as_ref().unwrap();
        let before = proxy.connections();
        assert_eq!(app.browser().sign_in("personne", "mauvais").await.status, 401);
        let unknown = proxy.connections() - before;
        let before = proxy.connections();
        assert_eq!(app.browser().sign_in("cdubois", "mauvais").await.status, 401);
        let wrong = proxy.connections() - before;
        assert_eq!(unknown, wrong, "a search and a bind each");
        assert_eq!(wrong, 2);
    }
}
