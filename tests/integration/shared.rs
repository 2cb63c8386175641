//! Shared pieces every section builds on: the agenda, notifications,
//! calendar files and feeds, local times, service pages.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use passerelles::agenda::{self, EntryKind, NewEntry};
use passerelles::calendar::ics;
use passerelles::common::forms::local_to_utc;

use crate::both_backends;
use crate::harness::{agent_id, TestApp};

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

#[test]
fn local_times_follow_daylight_saving() {
    let paris = chrono_tz::Europe::Paris;
    assert_eq!(
        local_to_utc("2026-12-03", "09:30", paris).unwrap(),
        utc(2026, 12, 3, 8, 30)
    );
    assert_eq!(
        local_to_utc("2026-07-03", "09:30", paris).unwrap(),
        utc(2026, 7, 3, 7, 30)
    );
    // 29 March 2026, 02:30 does not exist in Paris.
    let gap = local_to_utc("2026-03-29", "02:30", paris).unwrap_err();
    assert!(gap.contains("heure d'été"), "{gap}");
    // 25 October 2026, 02:30 happens twice: the first one is taken.
    assert_eq!(
        local_to_utc("2026-10-25", "02:30", paris).unwrap(),
        utc(2026, 10, 25, 0, 30)
    );
    assert!(local_to_utc("03/12/2026", "09:30", paris)
        .unwrap_err()
        .contains("Date invalide"));
    assert!(local_to_utc("2026-12-03", "9h30", paris)
        .unwrap_err()
        .contains("Heure invalide"));
}

#[test]
fn ics_files_escape_fold_and_carry_the_paris_time_zone() {
    let event = ics::Event {
        uid: "session-7".into(),
        starts_at: utc(2026, 3, 31, 7, 0),
        ends_at: utc(2026, 3, 31, 9, 0),
        summary: "Présentation; la voirie, ses missions\\ et \"ses\" chantiers".into(),
        location: Some("Salle du conseil, Hôtel de ville".into()),
        description: Some("Une longue description qui dépasse largement soixante-quinze octets pour vérifier le pliage des lignes.".into()),
        url: None,
        cancelled: false,
    };
    let body = ics::calendar("Test", &[event], chrono_tz::Europe::Paris);
    assert!(body.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"));
    // After the spring change: UTC+2, so 07:00 UTC is 09:00 in Paris.
    assert!(
        body.contains("DTSTART;TZID=Europe/Paris:20260331T090000\r\n"),
        "{body}"
    );
    assert!(
        body.contains("SUMMARY:Présentation\\; la voirie\\, ses missions\\\\ et \"ses\" chantiers")
    );
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "folded: {line:?}");
    }
    let unfolded = body.replace("\r\n ", "");
    assert!(unfolded.contains("DESCRIPTION:Une longue description qui dépasse largement soixante-quinze octets pour vérifier le pliage des lignes."));
    assert!(body.ends_with("END:VCALENDAR\r\n"));
}

both_backends! {
    async fn agenda_entries_overlap_and_feed_the_dashboard(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.sign_in("cdubois").await;
        let id = agent_id(&app, "cdubois").await;
        let soon = passerelles::db::now() + chrono::Duration::days(2);
        app.db()
            .run(move |conn| {
                agenda::put(conn, &NewEntry {
                    agent_id: id,
                    kind: EntryKind::Session,
                    source_id: 42,
                    title: "Atelier : la Voirie présente ses missions",
                    location: Some("Salle 3"),
                    link: "/ateliers",
                    starts_at: soon,
                    ends_at: soon + chrono::Duration::hours(2),
                })?;
                let hour = chrono::Duration::hours(1);
                assert_eq!(agenda::overlapping(conn, id, soon + hour, soon + hour * 3, None)?.len(), 1);
                assert_eq!(agenda::overlapping(conn, id, soon + hour * 2, soon + hour * 3, None)?.len(), 0, "touching is not overlapping");
                assert_eq!(agenda::overlapping(conn, id, soon, soon + hour, Some((EntryKind::Session, 42)))?.len(), 0);
                Ok(())
            })
            .await
            .unwrap();
        let home = browser.get("/").await;
        let coming = home.texts("#a-venir + ul li");
        assert_eq!(coming.len(), 1, "{}", home.body);
        assert!(coming[0].starts_with("Atelier : la Voirie présente ses missions"));
    }

    async fn notifications_are_listed_counted_and_read(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let id = agent_id(&app, "cdubois").await;
        app.db()
            .run(move |conn| {
                passerelles::notifications::notify(conn, id, passerelles::notifications::NotificationKind::SwapDecision, "Votre demande a été acceptée", "/vis-ma-vie")?;
                passerelles::notifications::notify(conn, id, passerelles::notifications::NotificationKind::SessionChanged, "Un atelier a été déplacé", "/ateliers")?;
                Ok(())
            })
            .await
            .unwrap();
        let home = camille.get("/").await;
        assert_eq!(home.texts(".who__links .badge"), vec!["2 non lues".to_string()]);
        assert_eq!(home.texts("#en-attente + ul li").len(), 2);
        let list = camille.get("/notifications").await;
        assert_eq!(list.texts(".notification--unread").len(), 2);
        let ids: Vec<String> = list
            .html()
            .select(&scraper::Selector::parse("form.notification__form").unwrap())
            .map(|f| f.value().attr("action").unwrap().to_string())
            .collect();
        // Someone else cannot open Camille's notification.
        assert_eq!(thierry.post(&ids[0], &[]).await.status, 404);
        let opened = camille.post(&ids[0], &[]).await;
        assert_eq!(opened.status, 303);
        assert_eq!(camille.get("/notifications").await.texts(".notification--unread").len(), 1);
        camille.post("/notifications/tout-lire", &[]).await;
        let home = camille.get("/").await;
        assert!(home.texts(".who__links .badge").is_empty());
    }

    async fn the_personal_feed_is_secret_revocable_and_anonymous(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let id = agent_id(&app, "cdubois").await;
        let soon = passerelles::db::now() + chrono::Duration::days(3);
        app.db()
            .run(move |conn| {
                agenda::put(conn, &NewEntry {
                    agent_id: id,
                    kind: EntryKind::Swap,
                    source_id: 5,
                    title: "Vis ma vie : une journée à la Médiathèque",
                    location: Some("Médiathèque des Gâtines"),
                    link: "/vis-ma-vie",
                    starts_at: soon,
                    ends_at: soon + chrono::Duration::hours(7),
                })?;
                Ok(())
            })
            .await
            .unwrap();
        assert!(camille.get("/profil").await.texts("#lien-agenda").is_empty());
        camille.post("/profil/calendrier", &[]).await;
        let profile = camille.get("/profil").await;
        let path = profile.html().select(&scraper::Selector::parse("#lien-agenda").unwrap()).next().unwrap().value().attr("value").unwrap().to_string();
        let path = path.strip_prefix("http://localhost").expect("an absolute link").to_string();
        let mut outsider = app.browser();
        let feed = outsider.get(&path).await;
        assert_eq!(feed.status, 200);
        assert!(feed.header("Content-Type").unwrap().starts_with("text/calendar"));
        let unfolded = feed.body.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Vis ma vie : une journée à la Médiathèque"));
        assert!(!unfolded.contains("Camille"), "no names in the feed");
        assert_eq!(outsider.get("/calendrier/inconnu.ics").await.status, 404);
        camille.post("/profil/calendrier", &[]).await;
        assert_eq!(outsider.get(&path).await.status, 404, "the renewed link replaces the old one");
        camille.post("/profil/calendrier/supprimer", &[]).await;
        assert!(camille.get("/profil").await.texts("#lien-agenda").is_empty());
    }

    async fn services_are_listed_with_their_agents(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("tmoreau").await;
        let mut browser = app.sign_in("cdubois").await;
        let list = browser.get("/services").await;
        assert_eq!(list.status, 200);
        let rows = list.texts("table.table tbody tr");
        assert!(rows.contains(&"Espaces verts 2".to_string()), "{rows:?}");
        let link = list.html().select(&scraper::Selector::parse("table.table a").unwrap()).next().unwrap().value().attr("href").unwrap().to_string();
        assert_eq!(browser.get(&link).await.status, 200);
        assert_eq!(browser.get("/services/99999").await.status, 404);
    }
}

both_backends! {
    async fn encounters_link_services_both_ways(backend) {
        use passerelles::encounters::{self, Through};
        use passerelles::schema::agents;
        let app = TestApp::start(backend).await;
        app.sign_in("cdubois").await; // Espaces verts
        app.sign_in("lmartin").await; // DSI
        let camille = agent_id(&app, "cdubois").await;
        let lucas = agent_id(&app, "lmartin").await;
        let (green, it) = app
            .db()
            .run(move |conn| {
                let green: Option<i32> = agents::table.find(camille).select(agents::service_id).first(conn)?;
                let it: Option<i32> = agents::table.find(lucas).select(agents::service_id).first(conn)?;
                Ok((green.unwrap(), it.unwrap()))
            })
            .await
            .unwrap();
        app.db()
            .run(move |conn| {
                encounters::record(conn, camille, it, Through::Swap, 1)?;
                encounters::record(conn, camille, it, Through::Swap, 1)?; // once per source
                encounters::record(conn, camille, green, Through::Workshop, 2)?; // own service: ignored
                encounters::record(conn, lucas, green, Through::Initiative, 3)?;
                assert_eq!(encounters::met_by_agent(conn, camille)?.into_iter().collect::<Vec<_>>(), vec![it]);
                assert_eq!(encounters::links_of_service(conn, green)?.get(&it), Some(&2));
                assert_eq!(encounters::links_of_service(conn, it)?.get(&green), Some(&2));
                encounters::forget(conn, Through::Swap, 1)?;
                assert!(encounters::met_by_agent(conn, camille)?.is_empty());
                Ok(())
            })
            .await
            .unwrap();
    }
}

#[test]
fn field_errors_keep_the_order_of_the_form() {
    let mut errors = passerelles::common::forms::FieldErrors::new();
    errors.add("title", "Indiquez un titre.");
    errors.add("body", "Indiquez une description.");
    errors.add("title", "ignored: the first message stays");
    errors.replace("body", "La description est trop longue.");
    let json = serde_json::to_string(&errors).unwrap();
    assert_eq!(
        json,
        r#"{"title":"Indiquez un titre.","body":"La description est trop longue."}"#
    );
}

both_backends! {
    async fn services_are_sorted_in_french_order(backend) {
        use passerelles::schema::services;
        let app = TestApp::start(backend).await;
        let names = app
            .db()
            .run(|conn| {
                for name in ["Voirie", "État civil", "Éducation", "Espaces verts", "CCAS"] {
                    diesel::insert_into(services::table)
                        .values((services::name.eq(name), services::created_at.eq(passerelles::db::now())))
                        .execute(conn)?;
                }
                Ok(passerelles::agents::all_services(conn)?)
            })
            .await
            .unwrap();
        let names: Vec<&str> = names.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["CCAS", "Éducation", "Espaces verts", "État civil", "Voirie"]);
    }
}

both_backends! {
    async fn the_directory_card_shows_manager_and_team(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("pmarchand").await;
        app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let home = thierry.get("/").await;
        let card = home.texts("#mon-profil ~ dl.facts dd");
        assert!(card.contains(&"Philippe Marchand".to_string()), "{card:?}");
        assert!(card.contains(&"1 agent".to_string()), "{card:?}");
        let profile = thierry.get("/profil").await;
        let card = profile.texts("dl.facts dd");
        assert!(card.contains(&"Philippe Marchand".to_string()), "{card:?}");
        assert!(!profile.texts("dl.facts dt").contains(&"Mon équipe".to_string()), "the profile card has no team line");
        let mut camille = app.sign_in("cdubois").await;
        let card = camille.get("/").await.texts("#mon-profil ~ dl.facts dt");
        assert!(!card.contains(&"Mon équipe".to_string()), "no reports, no team line");
    }
}
