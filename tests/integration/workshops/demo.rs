//! The demo workshops: believable, alive (relative to today), and every
//! page they lead to renders.

use diesel::prelude::*;
use passerelles::schema::{workshop_feedback, workshop_participations, workshop_sessions};

use super::*;
use crate::both_backends;

both_backends! {
    async fn the_demo_shows_living_workshops(backend) {
        let app = TestApp::builder(backend).config("demo", true).start().await;
        let (sessions, feedback, participations): (Vec<i32>, i64, i64) = app
            .db()
            .run(|conn| {
                Ok((
                    workshop_sessions::table.select(workshop_sessions::id).order(workshop_sessions::id).load(conn)?,
                    workshop_feedback::table.count().get_result(conn)?,
                    workshop_participations::table.count().get_result(conn)?,
                ))
            })
            .await
            .unwrap();
        assert!(sessions.len() >= 10, "{sessions:?}");
        assert!(feedback >= 3 && participations >= 15, "past sessions with attendance and feedback");
        let mut camille = app.sign_in("cdubois").await;
        let list = camille.get("/ateliers").await;
        let titles = list.texts(".session-card__title").join(" | ");
        for expected in ["La Voirie présente ses missions", "Atelier gestion de projet : lancer un projet en mode agile", "Journée de la culture commune"] {
            assert!(titles.contains(expected), "{expected} in {titles}");
        }
        assert!(list.texts(".status--full").join(" ").contains("en liste d'attente"), "a full session with a waiting list");
        assert!(list.texts(".session-card .status").contains(&"1 place restante".to_string()), "a nearly full one");
        let mine = camille.get("/ateliers/mes-ateliers").await;
        assert!(!mine.texts("section[aria-labelledby=attente] .session-card").is_empty());
        assert!(!mine.texts("section[aria-labelledby=passe] .session-card").is_empty());
        assert!(!camille.get("/ateliers/passees").await.texts(".session-card").is_empty());
        let mut martine = app.sign_in("mvasseur").await;
        assert!(martine.get("/").await.texts("#en-attente ~ ul li").join(" ").contains("Invitation à répondre : Journée de la culture commune"));
        // Every session page renders, for a participant and for an organiser.
        let mut jerome = app.sign_in("jgarnier").await;
        for id in &sessions {
            for b in [&mut camille, &mut jerome] {
                let page = b.get(&format!("/ateliers/sessions/{id}")).await;
                assert_eq!(page.status, 200, "session {id}");
                page.h1();
            }
        }
        let voirie = service_of(&app, "jgarnier").await;
        let page = jerome.get(&format!("/services/{voirie}")).await;
        assert!(page.texts(".card li").join(" ").contains("La Voirie présente ses missions"));
    }
}
