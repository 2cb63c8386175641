//! Calendars: the `.ics` of a session, parsed back, and the personal feed
//! following registrations, moves and cancellations — never naming anyone.

use super::*;
use crate::both_backends;

/// The properties of the first VEVENT of an iCalendar body, unfolded.
fn event(body: &str) -> Vec<(String, String)> {
    assert!(body.contains("\r\n"), "CRLF line ends");
    let unfolded = body.replace("\r\n ", "");
    let mut inside = false;
    let mut props = Vec::new();
    for line in unfolded.split("\r\n") {
        match line {
            "BEGIN:VEVENT" => inside = true,
            "END:VEVENT" => break,
            _ if inside => {
                let (name, value) = line.split_once(':').expect("NAME:value");
                props.push((name.to_string(), value.to_string()));
            }
            _ => {}
        }
    }
    props
}

fn prop<'a>(props: &'a [(String, String)], name: &str) -> Option<&'a str> {
    props
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

both_backends! {
    async fn each_session_downloads_as_ics(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let date = day_in(12);
        let s = propose(&app, &mut jerome, &[("services", &voirie), ("date", &date), ("start_time", "14:00"), ("end_time", "16:30"), ("place", "Centre technique municipal, salle 2")]).await.sessions[0];
        let mut camille = app.sign_in("cdubois").await;
        camille.post(&format!("/ateliers/sessions/{s}/inscription"), &[]).await;
        let page = camille.get(&format!("/ateliers/sessions/{s}/agenda.ics")).await;
        assert_eq!(page.status, 200);
        assert!(page.header("Content-Type").unwrap().starts_with("text/calendar"));
        assert!(page.header("Content-Disposition").unwrap().contains(&format!("atelier-session-{s}.ics")));
        assert!(page.body.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(page.body.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"));
        let props = event(&page.body);
        let compact = date.replace('-', "");
        assert_eq!(prop(&props, "DTSTART;TZID=Europe/Paris"), Some(format!("{compact}T140000").as_str()));
        assert_eq!(prop(&props, "DTEND;TZID=Europe/Paris"), Some(format!("{compact}T163000").as_str()));
        assert_eq!(prop(&props, "SUMMARY"), Some("Atelier : La Voirie présente ses missions"));
        assert_eq!(prop(&props, "LOCATION"), Some("Centre technique municipal\\, salle 2"));
        assert_eq!(prop(&props, "STATUS"), Some("CONFIRMED"));
        let uid = format!("UID:session-{s}@passerelles.bourges.fr");
        assert_eq!(prop(&props, "UID"), Some(uid.trim_start_matches("UID:")));
        // The same event has the same UID in the personal feed: a calendar holding both shows it once.
        camille.post("/profil/calendrier", &[]).await;
        let profile = camille.get("/profil").await;
        let link = profile.html().select(&scraper::Selector::parse("#lien-agenda").unwrap()).next().unwrap().value().attr("value").unwrap().to_string();
        let feed = app.browser().get(link.strip_prefix("http://localhost").unwrap()).await.body;
        assert!(feed.contains(&format!("{uid}\r\n")), "{feed}");
        for name in ["Camille", "Dubois", "Jérôme", "Garnier"] {
            assert!(!page.body.contains(name), "no participant's name: {name}");
        }
        // Cancelled: subscribers are told.
        jerome.post(&format!("/ateliers/sessions/{s}/annuler"), &[("confirm", "true")]).await;
        let page = camille.get(&format!("/ateliers/sessions/{s}/agenda.ics")).await;
        assert_eq!(prop(&event(&page.body), "STATUS"), Some("CANCELLED"));
    }

    async fn the_personal_feed_follows_registrations_and_names_no_one(backend) {
        let app = TestApp::start(backend).await;
        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = service_of(&app, "jgarnier").await.to_string();
        let s = propose(&app, &mut jerome, &[("services", &voirie), ("capacity", "1")]).await.sessions[0];
        let mut camille = app.sign_in("cdubois").await;
        let mut laurence = app.sign_in("lpetit").await;
        let mut feeds = Vec::new();
        for b in [&mut camille, &mut laurence, &mut jerome] {
            b.post("/profil/calendrier", &[]).await;
            let profile = b.get("/profil").await;
            let path = profile.html().select(&scraper::Selector::parse("#lien-agenda").unwrap()).next().unwrap().value().attr("value").unwrap().to_string();
            let path = path.strip_prefix("http://localhost").expect("an absolute link").to_string();
            feeds.push(path);
        }
        let mut outsider = app.browser();
        let summary = "SUMMARY:Atelier : La Voirie présente ses missions";
        camille.post(&format!("/ateliers/sessions/{s}/inscription"), &[]).await;
        laurence.post(&format!("/ateliers/sessions/{s}/inscription"), &[]).await; // waiting
        let body = outsider.get(&feeds[0]).await.body.replace("\r\n ", "");
        assert!(body.contains(summary), "{body}");
        assert!(!outsider.get(&feeds[1]).await.body.contains("SUMMARY"), "waiting is not in the feed");
        let organiser = outsider.get(&feeds[2]).await.body.replace("\r\n ", "");
        assert!(organiser.contains("SUMMARY:Atelier (animation) : La Voirie présente ses missions"));
        for feed in &feeds {
            let body = outsider.get(feed).await.body;
            for name in ["Camille", "Laurence", "Jérôme", "Dubois", "Petit", "Garnier"] {
                assert!(!body.contains(name), "no names in feeds: {name}");
            }
        }
        // Camille cancels: gone from her feed, in Laurence's.
        camille.post(&format!("/ateliers/sessions/{s}/desinscription"), &[]).await;
        assert!(!outsider.get(&feeds[0]).await.body.contains("SUMMARY"));
        assert!(outsider.get(&feeds[1]).await.body.replace("\r\n ", "").contains(summary));
        // Moved: the feed follows.
        let date = day_in(21);
        jerome.post(&format!("/ateliers/sessions/{s}/modifier"), &[("date", &date), ("start_time", "15:00"), ("end_time", "16:00"), ("place", "Centre technique municipal"), ("capacity", "1")]).await;
        let body = outsider.get(&feeds[1]).await.body;
        assert!(body.contains(&format!("DTSTART;TZID=Europe/Paris:{}T150000", date.replace('-', ""))), "{body}");
        // Cancelled: gone from every feed.
        jerome.post(&format!("/ateliers/sessions/{s}/annuler"), &[("confirm", "true")]).await;
        for feed in &feeds {
            assert!(!outsider.get(feed).await.body.contains("SUMMARY"));
        }
    }
}
