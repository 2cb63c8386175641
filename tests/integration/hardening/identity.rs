//! Agents bound to the directory's immutable identifier: a login given to
//! someone new is a new person, who sees none of their predecessor's data,
//! whose calendar feed and sessions stop.

use diesel::prelude::*;
use passerelles::directory::{self, DirectoryError};
use passerelles::schema::agents;

use crate::both_backends;
use crate::harness::{self, Slapd, TestApp, PASSWORD};

const CAMILLE_UUID: &str = "389e4086-b9e8-593e-a0b1-b435d111267a";

/// Camille Dubois leaves; Claude Dubois arrives and gets the login `cdubois`
/// (a new entry: slapd gives it a new entryUUID).
fn give_the_login_to_someone_new(slapd: &Slapd) {
    slapd.modify("dn: uid=cdubois,ou=people,dc=bourges,dc=fr\nchangetype: delete\n");
    slapd.modify(
        "dn: uid=cdubois,ou=people,dc=bourges,dc=fr\nchangetype: add\nobjectClass: inetOrgPerson\n\
         uid: cdubois\ncn: Claude Dubois\nsn: Dubois\ndepartmentNumber: Voirie\n\
         userPassword: {SSHA}XxCFSw2/8r6Zu9vF6ErzTu7ssHbnaWwA0qFmMQ==\n",
    );
}

/// (id, username, directory id, active) of every agent named Dubois.
async fn duboises(app: &TestApp) -> Vec<(i32, String, Option<String>, bool)> {
    app.db()
        .run(|conn| {
            Ok(agents::table
                .filter(agents::dn.eq("uid=cdubois,ou=people,dc=bourges,dc=fr"))
                .order(agents::id)
                .select((
                    agents::id,
                    agents::username,
                    agents::directory_id,
                    agents::active,
                ))
                .load(conn)?)
        })
        .await
        .unwrap()
}

fn settings_for(url: &str) -> passerelles::config::Settings {
    let figment = harness::figment("sqlite://inutile.db").merge(("directory.url", url));
    passerelles::config::Settings::from_figment(&figment).unwrap()
}

#[test]
fn both_directories_read_the_entry_uuid() {
    rocket::async_test(async {
        let slapd = Slapd::start();
        let ldif_url = format!("ldif:{}", harness::slapd::FIXTURE);
        for url in [slapd.url(), ldif_url] {
            let dir = directory::open(&settings_for(&url).directory).unwrap();
            let camille = directory::authenticate(dir.as_ref(), "cdubois", PASSWORD)
                .await
                .unwrap();
            assert_eq!(camille.directory_id, CAMILLE_UUID, "{url}");
        }
        // An identifier attribute the entries lack: no one can be described.
        let mut settings = settings_for(&slapd.url());
        settings.directory.attributes.id = "employeeNumber".into();
        let dir = directory::open(&settings.directory).unwrap();
        assert_eq!(
            directory::authenticate(dir.as_ref(), "cdubois", PASSWORD)
                .await
                .unwrap_err(),
            DirectoryError::InvalidCredentials
        );
    });
}

#[test]
fn an_object_guid_is_written_in_its_usual_form() {
    let bytes = [
        0xe0, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11, 0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c, 0x33,
        0x01,
    ];
    assert_eq!(
        directory::encode_binary_id("objectGUID", &bytes),
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
    );
    assert_eq!(directory::encode_binary_id("objectSid", &[1, 0xab]), "01ab");
}

both_backends! {
    async fn a_reused_login_is_a_new_person(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        camille.post("/profil/calendrier", &[]).await;
        let profile = camille.get("/profil").await;
        let link = profile.html().select(&scraper::Selector::parse("#lien-agenda").unwrap()).next().unwrap().value().attr("value").unwrap().to_string();
        let feed = link.strip_prefix("http://localhost").unwrap().to_string();
        assert_eq!(app.browser().get(&feed).await.status, 200);
        let camille_id = harness::agent_id(&app, "cdubois").await;
        app.db()
            .run(move |conn| Ok(passerelles::notifications::notify(conn, camille_id, passerelles::notifications::NotificationKind::SwapDecision, "Votre immersion à la Médiathèque est confirmée", "/vis-ma-vie")?))
            .await
            .unwrap();

        give_the_login_to_someone_new(app.slapd.as_ref().unwrap());
        let mut claude = app.sign_in("cdubois").await;
        let rows = duboises(&app).await;
        assert_eq!(rows.len(), 2, "{rows:?}");
        let (old, new) = (&rows[0], &rows[1]);
        assert_eq!(old.0, camille_id);
        assert_eq!((old.2.as_deref(), old.3), (Some(CAMILLE_UUID), false), "Camille's row is retired");
        assert_ne!(old.1, "cdubois", "her login is freed");
        assert_eq!((new.1.as_str(), new.3), ("cdubois", true));
        assert!(new.2.as_deref().is_some_and(|id| id != CAMILLE_UUID));

        // Claude sees none of Camille's data.
        let home = claude.get("/").await;
        assert_eq!(home.h1(), "Bonjour, Claude");
        let notifications = claude.get("/notifications").await;
        assert!(notifications.texts(".notification").is_empty(), "{:?}", notifications.texts(".notification"));
        let profile = claude.get("/profil").await;
        assert!(profile.texts("#lien-agenda, #lien-agenda-existant").is_empty());
        // Camille's feed and session stopped.
        assert_eq!(app.browser().get(&feed).await.status, 404);
        assert_eq!(camille.get("/").await.status, 303);
    }

    async fn sync_directory_retires_the_predecessor_of_a_reused_login(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        camille.post("/profil/calendrier", &[]).await;
        let camille_id = harness::agent_id(&app, "cdubois").await;
        let slapd = app.slapd.as_ref().unwrap();
        give_the_login_to_someone_new(slapd);
        let dir = directory::open(&settings_for(&slapd.url()).directory).unwrap();
        let people = dir.everyone().await.unwrap();
        app.db().run(move |conn| passerelles::agents::apply_directory(conn, &people)).await.unwrap();
        let rows = duboises(&app).await;
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!((rows[0].0, rows[0].3), (camille_id, false));
        assert_eq!((rows[1].1.as_str(), rows[1].3), ("cdubois", true));
        assert_eq!(camille.get("/").await.status, 303, "her session ended");
        let feeds: i64 = app.db().run(move |conn| {
            use passerelles::schema::calendar_feeds;
            Ok(calendar_feeds::table.filter(calendar_feeds::agent_id.eq(camille_id)).count().get_result(conn)?)
        }).await.unwrap();
        assert_eq!(feeds, 0, "her calendar feed is revoked");
        // A second run changes nothing.
        let people = dir.everyone().await.unwrap();
        let report = app.db().run(move |conn| passerelles::agents::apply_directory(conn, &people)).await.unwrap();
        assert_eq!((report.created, report.deactivated), (0, 0), "{report:?}");
    }

    async fn agents_from_before_identifiers_are_bound_at_their_next_sign_in(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cdubois").await;
        let id = harness::agent_id(&app, "cdubois").await;
        app.db().run(move |conn| Ok(diesel::update(agents::table.find(id)).set(agents::directory_id.eq(None::<String>)).execute(conn)?)).await.unwrap();
        app.sign_in("cdubois").await;
        let rows = duboises(&app).await;
        assert_eq!(rows, vec![(id, "cdubois".to_string(), Some(CAMILLE_UUID.to_string()), true)]);
    }
}
