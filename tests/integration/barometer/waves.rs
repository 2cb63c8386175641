//! HR's waves: creating one (agents told), the checks of the form, who may,
//! statements frozen once open, closing early.

use diesel::prelude::*;
use passerelles::schema::{barometer_statements, barometer_waves, notifications};

use super::*;
use crate::both_backends;

fn date(days: i64) -> String {
    (today() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

both_backends! {
    async fn hr_creates_a_wave_and_agents_are_told(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cdubois").await;
        let mut hr = app.sign_in("cbonnet").await;
        let form = hr.get("/rh/barometre").await;
        assert_eq!(form.status, 200);
        // The default statements are proposed.
        assert!(form.body.contains("Je comprends les missions des autres services de la Ville."));
        let opens = date(0);
        let closes = date(14);
        let page = hr
            .post(
                "/rh/barometre",
                &[
                    ("title", "Baromètre 2027"),
                    ("opens_on", &opens),
                    ("closes_on", &closes),
                    ("statements", "Je me sens appartenir à la Ville."),
                    ("statements", ""),
                    ("statements", "Je sais à qui m'adresser."),
                    ("statements", "J'ose proposer une idée."),
                    ("comment_question", ""),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
        let id: i32 = page.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
        let (texts, question, told) = app
            .db()
            .run(move |conn| {
                let texts: Vec<(i32, String)> = barometer_statements::table
                    .filter(barometer_statements::wave_id.eq(id))
                    .order(barometer_statements::position)
                    .select((barometer_statements::position, barometer_statements::text))
                    .load(conn)?;
                let question: Option<String> = barometer_waves::table
                    .find(id)
                    .select(barometer_waves::comment_question)
                    .first(conn)?;
                let told: i64 = notifications::table
                    .filter(notifications::link.eq(format!("/barometre/{id}")))
                    .count()
                    .get_result(conn)?;
                Ok((texts, question, told))
            })
            .await
            .unwrap();
        assert_eq!(
            texts,
            vec![
                (1, "Je me sens appartenir à la Ville.".to_string()),
                (2, "Je sais à qui m'adresser.".to_string()),
                (3, "J'ose proposer une idée.".to_string()),
            ]
        );
        assert_eq!(question, None);
        assert_eq!(told, 1, "every active agent but its author is told");
        let shown = hr.get(&format!("/rh/barometre/{id}")).await;
        assert_eq!(shown.status, 200);
        assert_eq!(shown.h1(), "Baromètre 2027");
    }

    async fn a_wrong_wave_comes_back_with_french_messages(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let yesterday = date(-1);
        let before = date(-3);
        let page = hr
            .post(
                "/rh/barometre",
                &[
                    ("title", " "),
                    ("opens_on", &yesterday),
                    ("closes_on", &before),
                    ("statements", "Une seule affirmation."),
                    ("statements", "Une seule affirmation."),
                    ("comment_question", ""),
                ],
            )
            .await;
        assert_eq!(page.status, 422);
        let all = errors(&page).join(" | ");
        assert!(all.contains("Indiquez le titre de la vague."), "{all}");
        assert!(all.contains("ne peut pas s'ouvrir dans le passé"), "{all}");
        assert!(all.contains("ne peut pas se clore avant de s'ouvrir"), "{all}");
        assert!(all.contains("Cette affirmation figure déjà plus haut."), "{all}");
        assert!(all.contains("Indiquez au moins 3 affirmations"), "{all}");
        // The input is kept, and nothing was written.
        assert!(page.body.contains("value=\"Une seule affirmation.\""));
        let waves: i64 = app
            .db()
            .run(|conn| Ok(barometer_waves::table.count().get_result(conn)?))
            .await
            .unwrap();
        assert_eq!(waves, 0);
        let nine: Vec<(&str, &str)> = std::iter::repeat_n(("statements", "x"), 9)
            .chain([("title", "T"), ("opens_on", "2026-13-40"), ("closes_on", "")])
            .collect();
        let page = hr.post("/rh/barometre", &nine).await;
        assert_eq!(page.status, 422);
        let all = errors(&page).join(" | ");
        assert!(all.contains("8 affirmations au plus."), "{all}");
        assert!(all.contains("Date invalide"), "{all}");
        assert!(all.contains("Indiquez une date."), "{all}");
    }

    async fn only_hr_manages_waves(backend) {
        let app = TestApp::start(backend).await;
        let hr = {
            app.sign_in("cbonnet").await;
            agent_id(&app, "cbonnet").await
        };
        let id = wave(&app, hr, 5, 10, &["A", "B", "C"]).await;
        for username in ["cdubois", "tmoreau", "mvasseur", "lmartin"] {
            let mut browser = app.sign_in(username).await;
            assert_eq!(browser.get("/rh/barometre").await.status, 403, "{username}");
            assert_eq!(browser.get(&format!("/rh/barometre/{id}")).await.status, 403, "{username}");
            assert_eq!(browser.get(&format!("/rh/barometre/{id}/modifier")).await.status, 403, "{username}");
            let page = browser
                .post("/rh/barometre", &[("title", "X"), ("opens_on", &date(1)), ("closes_on", &date(2))])
                .await;
            assert_eq!(page.status, 403, "{username}");
            assert_eq!(browser.post(&format!("/rh/barometre/{id}/clore"), &[]).await.status, 403);
        }
    }

    async fn statements_are_frozen_once_the_wave_opens(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let upcoming = wave(&app, me, 3, 10, &["A", "B", "C"]).await;
        let open = wave(&app, me, 0, 10, &["A", "B", "C"]).await;
        let page = hr.get(&format!("/rh/barometre/{upcoming}/modifier")).await;
        assert_eq!(page.status, 200);
        let fields = [
            ("title", "Vague retouchée"),
            ("opens_on", &date(4) as &str),
            ("closes_on", &date(20)),
            ("statements", "A"),
            ("statements", "B modifiée"),
            ("statements", "C"),
            ("statements", "D"),
        ];
        let page = hr.post(&format!("/rh/barometre/{upcoming}/modifier"), &fields).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(statements(&app, upcoming).await.len(), 4);
        // Open: the page offers no change, and a change is refused.
        let page = hr.get(&format!("/rh/barometre/{open}")).await;
        assert!(!links(&page).iter().any(|l| l.ends_with("/modifier")));
        assert_eq!(hr.get(&format!("/rh/barometre/{open}/modifier")).await.status, 422);
        let page = hr.post(&format!("/rh/barometre/{open}/modifier"), &fields).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("ses affirmations ne peuvent plus changer"), "{}", page.body);
        let texts: Vec<String> = app
            .db()
            .run(move |conn| {
                Ok(barometer_statements::table
                    .filter(barometer_statements::wave_id.eq(open))
                    .order(barometer_statements::position)
                    .select(barometer_statements::text)
                    .load(conn)?)
            })
            .await
            .unwrap();
        assert_eq!(texts, vec!["A", "B", "C"]);
    }

    async fn hr_closes_an_open_wave_early(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let open = wave(&app, me, -2, 10, &["A", "B", "C"]).await;
        let upcoming = wave(&app, me, 2, 10, &["A", "B", "C"]).await;
        let page = hr.post(&format!("/rh/barometre/{open}/clore"), &[]).await;
        assert_eq!(page.status, 303);
        let page = hr.get(&format!("/rh/barometre/{open}")).await;
        assert!(page.texts(".lead").join(" ").contains("Close"), "{}", page.body);
        assert_eq!(hr.post(&format!("/rh/barometre/{upcoming}/clore"), &[]).await.status, 422);
        assert_eq!(hr.post(&format!("/rh/barometre/{open}/clore"), &[]).await.status, 422);
    }
}
