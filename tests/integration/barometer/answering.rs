//! Agents answer: invited on the dashboard, once per wave even with several
//! submissions at once, refused outside the wave's days, and nothing stored
//! links an answer to them.

use diesel::prelude::*;
use passerelles::schema::{barometer_answers, barometer_participations, barometer_responses};
use rocket::futures::future::join_all;

use super::*;
use crate::both_backends;
use crate::harness::Browser;

/// A full answer to a wave of three statements.
fn answer_fields(ids: &[i32]) -> Vec<(String, String)> {
    let values = ["4", "nsp", "2"];
    ids.iter()
        .zip(values)
        .map(|(id, v)| (format!("answers[{id}]"), v.to_string()))
        .chain([("comment".to_string(), "Plus d'ateliers, svp".to_string())])
        .collect()
}

async fn send(browser: &mut Browser<'_>, wave: i32, fields: &[(String, String)]) -> Page {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post(&format!("/barometre/{wave}"), &fields).await
}

async fn stored(app: &TestApp) -> (i64, i64, i64) {
    app.db()
        .run(|conn| {
            Ok((
                barometer_participations::table.count().get_result(conn)?,
                barometer_responses::table.count().get_result(conn)?,
                barometer_answers::table.count().get_result(conn)?,
            ))
        })
        .await
        .unwrap()
}

both_backends! {
    async fn an_agent_is_invited_answers_once_and_sees_only_that_they_did(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cbonnet").await;
        let hr = agent_id(&app, "cbonnet").await;
        let id = wave(&app, hr, -1, 10, &["A", "B", "C"]).await;
        let ids = statements(&app, id).await;
        let mut agent = app.sign_in("cdubois").await;
        let home = agent.get("/").await;
        assert!(links(&home).contains(&format!("/barometre/{id}")), "invited");
        let form = agent.get(&format!("/barometre/{id}")).await;
        assert_eq!(form.status, 200);
        assert_eq!(form.html().select(&scraper::Selector::parse("fieldset legend").unwrap()).count(), 3);
        assert_eq!(form.html().select(&scraper::Selector::parse("input[type=radio]").unwrap()).count(), 18);
        // A statement left out: the form comes back, nothing written.
        let partial: Vec<(String, String)> = answer_fields(&ids).into_iter().skip(1).collect();
        let page = send(&mut agent, id, &partial).await;
        assert_eq!(page.status, 422);
        assert!(errors(&page).join(" ").contains("Affirmation 1 : choisissez une réponse"), "{}", page.body);
        assert!(page.body.contains("value=\"nsp\" checked"), "the input is kept");
        assert_eq!(stored(&app).await, (0, 0, 0));
        let page = send(&mut agent, id, &answer_fields(&ids)).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(stored(&app).await, (1, 1, 3));
        let home = agent.get("/").await;
        assert!(!links(&home).contains(&format!("/barometre/{id}")), "no more invitation");
        let again = agent.get(&format!("/barometre/{id}")).await;
        assert!(again.body.contains("Vous avez répondu à ce baromètre"));
        assert!(!again.body.contains("Plus d'ateliers"), "never what they answered");
        let page = send(&mut agent, id, &answer_fields(&ids)).await;
        assert_eq!(page.status, 422);
        assert!(errors(&page).join(" ").contains("Vous avez déjà répondu"), "{}", page.body);
        assert_eq!(stored(&app).await, (1, 1, 3));
    }

    async fn two_submissions_at_once_make_one_answer(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cbonnet").await;
        let hr = agent_id(&app, "cbonnet").await;
        let id = wave(&app, hr, 0, 10, &["A", "B", "C"]).await;
        let ids = statements(&app, id).await;
        let mut browsers = Vec::new();
        for _ in 0..4 {
            let mut b = app.sign_in("cdubois").await;
            assert_eq!(b.get(&format!("/barometre/{id}")).await.status, 200);
            browsers.push(b);
        }
        let fields = answer_fields(&ids);
        let pages = join_all(browsers.iter_mut().map(|b| send(b, id, &fields))).await;
        let statuses: Vec<u16> = pages.iter().map(|p| p.status).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 422).count(), 3, "{statuses:?}");
        for page in pages.iter().filter(|p| p.status == 422) {
            assert!(errors(page).join(" ").contains("Vous avez déjà répondu"), "{}", page.body);
        }
        assert_eq!(stored(&app).await, (1, 1, 3));
    }

    async fn a_wave_not_open_refuses_answers(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let upcoming = wave(&app, me, 2, 10, &["A", "B", "C"]).await;
        let past = wave(&app, me, -20, 10, &["A", "B", "C"]).await;
        let early = wave(&app, me, -2, 10, &["A", "B", "C"]).await;
        assert_eq!(hr.post(&format!("/rh/barometre/{early}/clore"), &[]).await.status, 303);
        let mut agent = app.sign_in("cdubois").await;
        for (id, says) in [
            (upcoming, "pas encore ouvert : vous pourrez répondre à partir du"),
            (past, "est clos : il n"),
            (early, "est clos : il n"),
        ] {
            let page = agent.get(&format!("/barometre/{id}")).await;
            assert!(page.texts("[role=status]").join(" ").contains(says), "{}", page.body);
            assert_eq!(page.html().select(&scraper::Selector::parse("input[type=radio]").unwrap()).count(), 0);
            let ids = statements(&app, id).await;
            let page = send(&mut agent, id, &answer_fields(&ids)).await;
            assert_eq!(page.status, 422);
            assert!(errors(&page).join(" ").contains(says), "{}", page.body);
        }
        assert_eq!(stored(&app).await, (0, 0, 0));
        assert_eq!(agent.get("/barometre/9999").await.status, 404);
    }

    async fn nothing_stored_links_an_answer_to_its_agent(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cbonnet").await;
        let hr = agent_id(&app, "cbonnet").await;
        let id = wave(&app, hr, 0, 10, &["A", "B", "C"]).await;
        let ids = statements(&app, id).await;
        let people = ["cdubois", "tmoreau", "mvasseur", "lmartin", "aferreira", "lnguyen", "rgirard", "ybenali"];
        let mut order = Vec::new();
        for username in people {
            let mut b = app.sign_in(username).await;
            b.get(&format!("/barometre/{id}")).await;
            assert_eq!(send(&mut b, id, &answer_fields(&ids)).await.status, 303);
            order.push(agent_id(&app, username).await);
        }
        let is_sqlite = matches!(backend, crate::harness::Backend::Sqlite);
        let (participation_columns, response_columns, answer_columns, keys, participants) = app
            .db()
            .run(move |conn| {
                let columns = |conn: &mut passerelles::db::AnyConnection, table: &str| -> QueryResult<Vec<String>> {
                    #[derive(QueryableByName)]
                    struct Column {
                        #[diesel(sql_type = diesel::sql_types::Text)]
                        name: String,
                    }
                    let sql = if is_sqlite {
                        format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
                    } else {
                        format!(
                            "SELECT column_name AS name FROM information_schema.columns \
                             WHERE table_name = '{table}' ORDER BY ordinal_position"
                        )
                    };
                    Ok(diesel::sql_query(sql).load::<Column>(conn)?.into_iter().map(|c| c.name).collect())
                };
                let keys: Vec<String> = barometer_responses::table.select(barometer_responses::id).load(conn)?;
                let participants: Vec<i32> = barometer_participations::table
                    .select(barometer_participations::agent_id)
                    .load(conn)?;
                Ok((
                    columns(conn, "barometer_participations")?,
                    columns(conn, "barometer_responses")?,
                    columns(conn, "barometer_answers")?,
                    keys,
                    participants,
                ))
            })
            .await
            .unwrap();
        // The "has answered" record: the wave and the agent, nothing else.
        assert_eq!(participation_columns, vec!["wave_id", "agent_id"]);
        // Answers: no agent, no time (the batch they were mixed in, or NULL
        // while pending: see mixing.rs).
        assert_eq!(response_columns, vec!["id", "wave_id", "service_id", "took_part", "comment", "batch"]);
        assert_eq!(answer_columns, vec!["response_id", "statement_id", "score"]);
        // Keys are random 128-bit numbers, not a counter, and the rows come
        // back in their order, not in the order the agents answered.
        assert_eq!(keys.len(), people.len());
        assert!(keys.iter().all(|k| k.len() == 32 && k.chars().all(|c| c.is_ascii_hexdigit())));
        let mut sorted = keys.clone();
        sorted.sort();
        if is_sqlite {
            assert_eq!(keys, sorted, "WITHOUT ROWID: stored in key order");
            let mut by_agent = order.clone();
            by_agent.sort();
            assert_eq!(participants, by_agent, "WITHOUT ROWID: stored in (wave, agent) order");
        }
        sorted.dedup();
        assert_eq!(sorted.len(), people.len());
        // A rowid would give the insertion order away: there is none.
        if is_sqlite {
            let rowid = app
                .db()
                .run(|conn| {
                    Ok(diesel::sql_query("SELECT rowid FROM barometer_responses")
                        .execute(conn)
                        .is_err())
                })
                .await
                .unwrap();
            assert!(rowid, "barometer_responses has no rowid");
        }
    }
}

both_backends! {
    async fn the_answer_says_only_whether_the_agent_took_part_in_12_months(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cbonnet").await;
        let hr = agent_id(&app, "cbonnet").await;
        let id = wave(&app, hr, 0, 10, &["A", "B", "C"]).await;
        let ids = statements(&app, id).await;
        let mut recent = app.sign_in("cdubois").await;
        let mut old = app.sign_in("aferreira").await;
        let mut host = app.sign_in("chenry").await;
        let (cdubois, aferreira, chenry) = (
            agent_id(&app, "cdubois").await,
            agent_id(&app, "aferreira").await,
            agent_id(&app, "chenry").await,
        );
        // A swap done a month ago; another more than a year ago; one cancelled.
        crate::skills::swap(&app, chenry, cdubois, -30, "confirmed").await;
        crate::skills::swap(&app, chenry, aferreira, -400, "confirmed").await;
        crate::skills::swap(&app, chenry, aferreira, -20, "cancelled").await;
        for b in [&mut recent, &mut old, &mut host] {
            b.get(&format!("/barometre/{id}")).await;
            assert_eq!(send(b, id, &answer_fields(&ids)).await.status, 303);
        }
        let flags: Vec<(Option<i32>, bool)> = app
            .db()
            .run(|conn| {
                Ok(barometer_responses::table
                    .select((barometer_responses::service_id, barometer_responses::took_part))
                    .load(conn)?)
            })
            .await
            .unwrap();
        use crate::harness::service_of;
        let mut expected = vec![
            (Some(service_of(&app, "cdubois").await), true),
            (Some(service_of(&app, "aferreira").await), false),
            (Some(service_of(&app, "chenry").await), true),
        ];
        let mut flags = flags;
        flags.sort();
        expected.sort();
        assert_eq!(flags, expected);
    }
}
