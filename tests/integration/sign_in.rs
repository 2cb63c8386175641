//! Signing in through the directory: every role, bad input, faults.

use std::time::{Duration, Instant};

use crate::both_backends;
use crate::harness::{DirectoryChoice, TestApp, PASSWORD};

const WRONG: &str = "Identifiant ou mot de passe incorrect.";

async fn refused_with(app: &TestApp, username: &str, password: &str) -> crate::harness::Page {
    let mut browser = app.browser();
    let page = browser.sign_in(username, password).await;
    assert!(
        !browser.is_signed_in(),
        "{username:?} must not be signed in"
    );
    page
}

both_backends! {
    async fn each_demo_role_signs_in_and_sees_their_header(backend) {
        let app = TestApp::start(backend).await;
        let cases = [
            ("cdubois", "Camille Dubois", "Espaces verts", "Agent", vec!["Accueil", "Vis ma vie", "Ateliers", "Initiatives", "Compétences"]),
            ("tmoreau", "Thierry Moreau", "Espaces verts", "Agent, Encadrant", vec!["Accueil", "Vis ma vie", "Ateliers", "Initiatives", "Compétences"]),
            ("mvasseur", "Martine Vasseur", "Conseil municipal", "Agent, Élu", vec!["Accueil", "Vis ma vie", "Ateliers", "Initiatives", "Compétences", "Pilotage"]),
            ("cbonnet", "Claire Bonnet", "Ressources humaines", "Agent, RH", vec!["Accueil", "Vis ma vie", "Ateliers", "Initiatives", "Compétences", "RH", "Pilotage"]),
            ("lmartin", "Lucas Martin", "DSI", "Agent, Administration", vec!["Accueil", "Vis ma vie", "Ateliers", "Initiatives", "Compétences", "Pilotage", "Administration"]),
        ];
        for (username, name, service, roles, nav) in cases {
            let mut browser = app.browser();
            let page = browser.sign_in(username, PASSWORD).await;
            assert_eq!(page.status, 303);
            assert_eq!(page.location().as_deref(), Some("/"));
            let home = browser.get("/").await;
            assert_eq!(home.status, 200);
            let first = name.split(' ').next().unwrap();
            assert_eq!(home.h1(), format!("Bonjour, {first}"));
            assert_eq!(home.texts(".who__name"), vec![name.to_string()]);
            assert_eq!(home.texts(".who__meta"), vec![format!("{service} · {roles}")]);
            assert_eq!(home.texts(".main-nav a"), nav, "{username}");
        }
    }

    async fn sign_in_records_the_agent_and_their_service(backend) {
        use diesel::prelude::*;
        use passerelles::schema::{agents, services};
        let app = TestApp::start(backend).await;
        app.sign_in("tmoreau").await;
        app.sign_in("tmoreau").await;
        let (name, service, manager, manager_dn): (String, String, bool, Option<String>) = app
            .db()
            .run(|conn| {
                Ok(agents::table
                    .inner_join(services::table)
                    .filter(agents::username.eq("tmoreau"))
                    .select((agents::display_name, services::name, agents::is_manager, agents::manager_dn))
                    .first(conn)?)
            })
            .await
            .unwrap();
        assert_eq!((name.as_str(), service.as_str(), manager), ("Thierry Moreau", "Espaces verts", true));
        assert_eq!(manager_dn.as_deref(), Some("uid=pmarchand,ou=people,dc=bourges,dc=fr"));
        let count: i64 = app
            .db()
            .run(|conn| Ok(services::table.filter(services::name.eq("Espaces verts")).count().get_result(conn)?))
            .await
            .unwrap();
        assert_eq!(count, 1, "a service row is created once");
    }

    async fn wrong_password_and_unknown_user_get_the_same_answer(backend) {
        let app = TestApp::start(backend).await;
        let wrong = refused_with(&app, "cdubois", "pas-le-bon").await;
        let unknown = refused_with(&app, "personne", "pas-le-bon").await;
        assert_eq!(wrong.status, 401);
        assert_eq!(unknown.status, 401);
        assert_eq!(wrong.texts("[role=alert]"), vec![WRONG.to_string()]);
        assert_eq!(unknown.texts("[role=alert]"), vec![WRONG.to_string()]);
        // The form keeps the username and ties the error to its fields.
        let html = wrong.html();
        let input = html.select(&scraper::Selector::parse("#username").unwrap()).next().unwrap();
        assert_eq!(input.value().attr("value"), Some("cdubois"));
        assert_eq!(input.value().attr("aria-describedby"), Some("erreur-connexion"));
    }

    async fn form_fields_are_percent_decoded(backend) {
        let app = TestApp::start(backend).await;
        // A browser sends spaces as '+' and accents percent-encoded.
        let mut browser = app.browser();
        browser.get("/connexion").await;
        let page = browser.post("/connexion", &[("username", " cdubois "), ("password", PASSWORD)]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let mut browser = app.browser();
        let login = browser.get("/connexion").await;
        let token = login.html().select(&scraper::Selector::parse("input[name=csrf_token]").unwrap()).next().unwrap().value().attr("value").unwrap().to_string();
        let page = browser.post_raw("/connexion", &format!("csrf_token={token}&username=+tmoreau+&password={PASSWORD}")).await;
        assert_eq!(page.status, 303);
        let refused = app.browser().sign_in("cdubois", "bourges%202026").await;
        assert_eq!(refused.status, 401);
    }

    async fn empty_or_blank_passwords_are_refused(backend) {
        let app = TestApp::start(backend).await;
        for password in ["", " ", "   \t "] {
            let page = refused_with(&app, "cdubois", password).await;
            assert_eq!(page.status, 401);
            assert_eq!(page.texts("[role=alert]"), vec![WRONG.to_string()]);
        }
        let page = refused_with(&app, "  ", PASSWORD).await;
        assert_eq!(page.status, 401);
    }

    async fn filter_metacharacters_never_match_anyone(backend) {
        for directory in [DirectoryChoice::Slapd, DirectoryChoice::Ldif] {
            let app = TestApp::builder(backend)
                .directory(directory)
                .config("sign_in_limits.per_username", 100)
                .config("sign_in_limits.per_ip", 100)
                .start()
                .await;
            for username in ["*", "c*", "*)(uid=*", "cdubois)(|(uid=*", "cdubois*", "\\", "(", ")", "cdubois\0", "uid=cdubois,ou=people,dc=bourges,dc=fr"] {
                let page = refused_with(&app, username, PASSWORD).await;
                assert_eq!(page.status, 401, "{username:?}");
                assert_eq!(page.texts("[role=alert]"), vec![WRONG.to_string()], "{username:?}");
            }
            // The odd but legal login still works.
            app.sign_in("jean.michel-test").await;
        }
    }

    async fn an_ambiguous_username_is_refused(backend) {
        for directory in [DirectoryChoice::Slapd, DirectoryChoice::Ldif] {
            let app = TestApp::builder(backend).directory(directory).start().await;
            let page = refused_with(&app, "doublon", PASSWORD).await;
            assert_eq!(page.status, 401);
            assert_eq!(page.texts("[role=alert]"), vec![WRONG.to_string()]);
        }
    }

    async fn the_ldif_directory_signs_in_with_both_hash_schemes(backend) {
        let app = TestApp::builder(backend).directory(DirectoryChoice::Ldif).start().await;
        app.sign_in("cdubois").await;
        app.sign_in("khaddad").await;
        refused_with(&app, "khaddad", "bourges2025").await;
    }

    async fn an_unreachable_directory_gives_a_503_page(backend) {
        let port = closed_port();
        let app = TestApp::builder(backend)
            .directory(DirectoryChoice::Url(format!("ldap://127.0.0.1:{port}")))
            .start()
            .await;
        let page = refused_with(&app, "cdubois", PASSWORD).await;
        assert_eq!(page.status, 503);
        assert!(page.texts("[role=alert]")[0].starts_with("Annuaire indisponible"));
    }

    async fn a_silent_directory_times_out_with_a_503_page(backend) {
        let (port, _listener) = silent_server();
        let app = TestApp::builder(backend)
            .directory(DirectoryChoice::Url(format!("ldap://127.0.0.1:{port}")))
            .config("directory.timeout_s", 1)
            .start()
            .await;
        let started = Instant::now();
        let page = refused_with(&app, "cdubois", PASSWORD).await;
        assert_eq!(page.status, 503);
        assert!(started.elapsed() < Duration::from_secs(5), "answered within the timeout");
    }

    async fn open_sessions_survive_the_directory_going_down(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.sign_in("cdubois").await;
        app.slapd.as_ref().unwrap().stop();
        assert_eq!(browser.get("/").await.status, 200);
        assert_eq!(browser.get("/ateliers").await.status, 200);
        let page = refused_with(&app, "tmoreau", PASSWORD).await;
        assert_eq!(page.status, 503);
    }

    async fn failing_tls_is_refused_without_falling_back_to_clear_text(backend) {
        let app = TestApp::builder(backend).config("directory.starttls", true).start().await;
        let page = refused_with(&app, "cdubois", PASSWORD).await;
        assert_eq!(page.status, 503, "StartTLS refused by the server: no clear-text sign-in");
        let clear_text_url = app.slapd.as_ref().unwrap().url();
        let ldaps = TestApp::builder(backend)
            .directory(DirectoryChoice::Url(clear_text_url.replace("ldap://", "ldaps://")))
            .start()
            .await;
        let page = refused_with(&ldaps, "cdubois", PASSWORD).await;
        assert_eq!(page.status, 503, "LDAPS against a clear-text server must fail");
    }

    async fn after_sign_in_the_agent_returns_where_they_were(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.browser();
        let page = browser.get("/ateliers").await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location().as_deref(), Some("/connexion?suivant=%2Fateliers"));
        let page = browser.sign_in_to("/connexion?suivant=%2Fateliers", "cdubois", PASSWORD).await;
        assert_eq!(page.location().as_deref(), Some("/ateliers"));
        for hostile in ["%2F%2Fexemple.org", "https%3A%2F%2Fexemple.org", "%2F%5Cexemple.org"] {
            let mut browser = app.browser();
            let page = browser.sign_in_to(&format!("/connexion?suivant={hostile}"), "cdubois", PASSWORD).await;
            assert_eq!(page.location().as_deref(), Some("/"), "{hostile}");
        }
    }
}

/// A loopback port with nothing listening.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A server that accepts connections and never answers.
fn silent_server() -> (u16, std::net::TcpListener) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    (listener.local_addr().unwrap().port(), listener)
}
