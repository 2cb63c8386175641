//! Who may enter which section.

use crate::both_backends;
use crate::harness::TestApp;

const SECTIONS: [&str; 8] = [
    "/",
    "/vis-ma-vie",
    "/ateliers",
    "/initiatives",
    "/competences",
    "/rh",
    "/pilotage",
    "/admin",
];

both_backends! {
    async fn each_role_enters_only_its_sections(backend) {
        let app = TestApp::start(backend).await;
        // Expected status per section, in SECTIONS order.
        let cases = [
            ("cdubois", [200, 200, 200, 200, 200, 403, 403, 403]),
            ("tmoreau", [200, 200, 200, 200, 200, 403, 403, 403]),
            ("mvasseur", [200, 200, 200, 200, 200, 403, 200, 403]),
            ("cbonnet", [200, 200, 200, 200, 200, 200, 200, 403]),
            ("lmartin", [200, 200, 200, 200, 200, 403, 200, 200]),
        ];
        for (username, expected) in cases {
            let mut browser = app.sign_in(username).await;
            for (path, status) in SECTIONS.iter().zip(expected) {
                let page = browser.get(path).await;
                assert_eq!(page.status, status, "{username} {path}");
                if status == 403 {
                    assert_eq!(page.h1(), "Accès refusé");
                    assert!(!page.texts(".main-nav a").is_empty(), "the 403 page keeps the navigation");
                }
            }
        }
    }

    async fn anonymous_visitors_are_sent_to_sign_in(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.browser();
        for path in SECTIONS {
            let page = browser.get(path).await;
            assert_eq!(page.status, 303, "{path}");
            let location = page.location().unwrap();
            assert!(location.starts_with("/connexion"), "{path} → {location}");
        }
        assert_eq!(browser.get("/admin").await.location().as_deref(), Some("/connexion?suivant=%2Fadmin"));
    }

    async fn the_admin_page_lists_sign_ins_in_the_audit_log(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cdubois").await;
        let mut admin = app.sign_in("lmartin").await;
        let page = admin.get("/admin").await;
        let rows = page.texts("table.table tbody tr");
        assert!(rows.iter().any(|r| r.contains("Camille Dubois") && r.contains("connexion")), "{rows:?}");
    }
}
