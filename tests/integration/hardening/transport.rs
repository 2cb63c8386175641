//! Cookies and transport: a browser-session cookie, `Secure` and HSTS
//! outside debug; the directory's URL read one way whatever its spelling,
//! clear-text LDAP refused outside debug unless allowed.

use passerelles::config::Settings;

use crate::both_backends;
use crate::harness::{self, TestApp};

fn settings(url: &str, extra: &[(&str, bool)]) -> Settings {
    let mut figment = harness::figment("sqlite://inutile.db").merge(("directory.url", url));
    for (key, value) in extra {
        figment = figment.merge((*key, *value));
    }
    Settings::from_figment(&figment.select("release")).unwrap()
}

#[test]
fn the_demo_directory_is_refused_outside_debug_however_it_is_spelled() {
    for url in [
        "ldif:demo/annuaire.ldif",
        " ldif:demo/annuaire.ldif",
        "LDIF:demo/annuaire.ldif",
        "\tLdIf: demo/annuaire.ldif ",
    ] {
        let error = settings(url, &[]).check_for_profile("release").unwrap_err();
        assert!(
            error.contains("annuaire de démonstration"),
            "{url:?}: {error}"
        );
        // And it is the demo directory wherever the URL is read.
        assert!(matches!(
            passerelles::config::DirectoryUrl::parse(url),
            Ok(passerelles::config::DirectoryUrl::Ldif(path)) if path == "demo/annuaire.ldif"
        ));
    }
    // Only the explicit setting lets it in.
    let allowed = settings(
        " LDIF:demo/annuaire.ldif",
        &[("allow_demo_directory", true)],
    );
    assert!(allowed.check_for_profile("release").is_ok());
}

#[test]
fn clear_text_ldap_is_refused_outside_debug_unless_allowed() {
    for url in ["ldap://annuaire:389", " LDAP://annuaire:389"] {
        let error = settings(url, &[]).check_for_profile("release").unwrap_err();
        assert!(error.contains("sans StartTLS"), "{url:?}: {error}");
        assert!(settings(url, &[("directory.starttls", true)])
            .check_for_profile("release")
            .is_ok());
        assert!(settings(url, &[("directory.allow_clear_text", true)])
            .check_for_profile("release")
            .is_ok());
        assert!(settings(url, &[]).check_for_profile("debug").is_ok());
    }
    assert!(settings("ldaps://annuaire:636", &[])
        .check_for_profile("release")
        .is_ok());
    assert!(settings("LDAPS://annuaire:636", &[])
        .check_for_profile("release")
        .is_ok());
    assert!(passerelles::config::DirectoryUrl::parse("ldapi:///").is_err());
}

#[test]
fn trusted_proxies_must_be_addresses_or_networks() {
    let figment = harness::figment("sqlite://inutile.db").merge((
        "trusted_proxies",
        vec!["127.0.0.1", "proxy.ville-bourges.fr"],
    ));
    let error = Settings::from_figment(&figment).unwrap_err();
    assert!(error.contains("proxy.ville-bourges.fr"), "{error}");
}

both_backends! {
    async fn in_debug_the_session_cookie_ends_with_the_browser(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.sign_in("cdubois").await;
        let cookie = browser.session_cookie().unwrap();
        assert_eq!(cookie.expires_datetime(), None, "no persistent expiry");
        assert_eq!(cookie.max_age(), None);
        assert_ne!(cookie.secure(), Some(true), "plain http on a developer's machine");
        assert_eq!(browser.get("/").await.header("Strict-Transport-Security"), None);
    }

    async fn outside_debug_cookies_are_secure_and_hsts_is_sent(backend) {
        let app = TestApp::builder(backend)
            .profile("release")
            .config("directory.allow_clear_text", true)
            .start()
            .await;
        let mut browser = app.browser();
        let login = browser.get("/connexion").await;
        assert_eq!(login.header("Strict-Transport-Security").as_deref(), Some("max-age=31536000"));
        let csrf = browser.cookie("passerelles_csrf").expect("the sign-in form's cookie");
        assert_eq!(csrf.secure(), Some(true));
        assert_eq!(csrf.expires_datetime(), None);
        let page = browser.post("/connexion", &[("username", "cdubois"), ("password", harness::PASSWORD)]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let cookie = browser.session_cookie().unwrap();
        assert_eq!(cookie.secure(), Some(true));
        assert_eq!(cookie.http_only(), Some(true));
        assert_eq!(cookie.expires_datetime(), None);
        assert_eq!(cookie.max_age(), None);
        let home = browser.get("/").await;
        assert_eq!(home.status, 200);
        assert_eq!(home.header("Strict-Transport-Security").as_deref(), Some("max-age=31536000"));
    }
}
