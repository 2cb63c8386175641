//! The two directory backends held to the same behaviour, and the
//! synchronisation of agents with the directory.

use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use diesel::prelude::*;
use passerelles::config::Settings;
use passerelles::directory::{self, DirectoryError};
use passerelles::schema::agents;

use crate::both_backends;
use crate::harness::{self, Slapd, TestApp, PASSWORD};

fn settings_for(url: &str) -> Settings {
    let figment = harness::figment("sqlite://inutile.db").merge(("directory.url", url));
    Settings::from_figment(&figment).unwrap()
}

fn ldif_url() -> String {
    format!("ldif:{}", harness::slapd::FIXTURE)
}

#[test]
fn both_backends_describe_people_identically() {
    rocket::async_test(async {
        let slapd = Slapd::start();
        let ldap = directory::open(&settings_for(&slapd.url()).directory).unwrap();
        let ldif = directory::open(&settings_for(&ldif_url()).directory).unwrap();
        for username in [
            "cdubois",
            "tmoreau",
            "mvasseur",
            "cbonnet",
            "lmartin",
            "pmarchand",
            "sansservice",
            "khaddad",
        ] {
            let from_ldap = directory::authenticate(ldap.as_ref(), username, PASSWORD).await;
            let from_ldif = directory::authenticate(ldif.as_ref(), username, PASSWORD).await;
            assert!(from_ldap.is_ok(), "{username}: {from_ldap:?}");
            assert_eq!(from_ldap, from_ldif, "{username}");
        }
        let camille = directory::authenticate(ldap.as_ref(), "cdubois", PASSWORD)
            .await
            .unwrap();
        assert_eq!(camille.service.as_deref(), Some("Espaces verts"));
        assert_eq!(
            camille.manager_dn.as_deref(),
            Some("uid=tmoreau,ou=people,dc=bourges,dc=fr")
        );
        assert!(!camille.roles.manager && !camille.roles.rh);
        let mut everyone_ldap = ldap.everyone().await.unwrap();
        let mut everyone_ldif = ldif.everyone().await.unwrap();
        everyone_ldap.sort_by(|a, b| a.dn.cmp(&b.dn));
        everyone_ldif.sort_by(|a, b| a.dn.cmp(&b.dn));
        assert_eq!(everyone_ldap.len(), 44);
        assert_eq!(everyone_ldap.len(), everyone_ldif.len());
        for person in &everyone_ldif {
            let same = everyone_ldap
                .iter()
                .find(|p| p.dn == person.dn)
                .expect("same people");
            assert_eq!(same, person);
        }
        for (username, expected) in [
            ("*", DirectoryError::InvalidCredentials),
            ("doublon", DirectoryError::Ambiguous),
            ("cdubois)(uid=*", DirectoryError::InvalidCredentials),
        ] {
            assert_eq!(
                directory::authenticate(ldap.as_ref(), username, PASSWORD)
                    .await
                    .unwrap_err(),
                expected,
                "{username}"
            );
            assert_eq!(
                directory::authenticate(ldif.as_ref(), username, PASSWORD)
                    .await
                    .unwrap_err(),
                expected,
                "{username}"
            );
        }
    });
}

#[test]
fn an_empty_password_never_reaches_the_directory() {
    rocket::async_test(async {
        // A fake directory that counts the connections it receives.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                counter.fetch_add(1, Ordering::SeqCst);
                let mut buffer = [0u8; 64];
                let mut stream = stream;
                let _ = stream.read(&mut buffer);
            }
        });
        let dir =
            directory::open(&settings_for(&format!("ldap://127.0.0.1:{port}")).directory).unwrap();
        for password in ["", "   ", "\t"] {
            assert_eq!(
                directory::authenticate(dir.as_ref(), "cdubois", password)
                    .await
                    .unwrap_err(),
                DirectoryError::InvalidCredentials
            );
        }
        harness::pause(100);
        assert_eq!(connections.load(Ordering::SeqCst), 0, "no bind was sent");
    });
}

#[test]
fn unknown_directory_schemes_are_refused() {
    let error = directory::open(&settings_for("http://annuaire").directory)
        .err()
        .unwrap();
    assert!(error.contains("URL d'annuaire non reconnue"), "{error}");
}

both_backends! {
    async fn sync_imports_everyone_and_deactivates_leavers(backend) {
        let app = TestApp::start(backend).await;
        let slapd = app.slapd.as_ref().unwrap();
        let dir = directory::open(&settings_for(&slapd.url()).directory).unwrap();
        let mut leaver = app.sign_in("mdiallo").await;
        let people = dir.everyone().await.unwrap();
        let report = app.db().run(move |conn| passerelles::agents::apply_directory(conn, &people)).await.unwrap();
        assert_eq!((report.created, report.unchanged, report.ambiguous), (41, 1, 1), "{report:?}");
        assert_eq!(report.deactivated, 0);
        assert!(report.services_created >= 12, "{report:?}");

        slapd.modify("dn: uid=mdiallo,ou=people,dc=bourges,dc=fr\nchangetype: delete\n");
        slapd.modify("dn: uid=cdubois,ou=people,dc=bourges,dc=fr\nchangetype: modify\nreplace: title\ntitle: Responsable de secteur\n");
        let people = dir.everyone().await.unwrap();
        let report = app.db().run(move |conn| passerelles::agents::apply_directory(conn, &people)).await.unwrap();
        assert_eq!((report.created, report.updated, report.deactivated), (0, 1, 1), "{report:?}");
        assert_eq!(leaver.get("/").await.status, 303, "the leaver's session ended");
        let active: bool = app.db().run(|conn| Ok(agents::table.filter(agents::username.eq("mdiallo")).select(agents::active).first(conn)?)).await.unwrap();
        assert!(!active);
        let refused = app.browser().sign_in("mdiallo", PASSWORD).await;
        assert_eq!(refused.status, 401);
    }
}

#[test]
fn the_sync_directory_command_reports_what_changed() {
    let database = harness::TestDatabase::create(harness::Backend::Sqlite);
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_passerelles"))
            .arg("sync-directory")
            .env("DATABASE_URL", &database.url)
            .env("ROCKET_LOG_LEVEL", "off")
            .output()
            .unwrap()
    };
    let first = run();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(stdout.contains("Créées : 40"), "{stdout}");
    let second = run();
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(
        stdout.contains("Créées : 0, mises à jour : 0, inchangées : 40, désactivées : 0"),
        "{stdout}"
    );
}
