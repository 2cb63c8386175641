//! Answers mixed in batches (issue 13): a response is written pending with
//! its "has answered" record, then, once its wave holds 5 pending ones,
//! written again with them in one transaction, in key order. On PostgreSQL
//! no mixed row then shares its writing transaction (`xmin`) with a "has
//! answered" record, and the physical order (`ctid`) is the random keys'.
//! Fewer than 5 stay pending until the wave closes, when they join the last
//! batch. The figures do not change.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text};
use passerelles::barometer::queries;
use passerelles::schema::{barometer_responses, barometer_waves};
use rocket::futures::future::join_all;

use super::*;
use crate::both_backends;
use crate::harness::{Backend, Browser};

/// An answer to a wave of three statements, different for each `n`.
fn fields(ids: &[i32], n: usize) -> Vec<(String, String)> {
    let values = ["1", "2", "3", "4", "5", "nsp"];
    ids.iter()
        .enumerate()
        .map(|(s, id)| {
            (
                format!("answers[{id}]"),
                values[(n * 5 + s) % 6].to_string(),
            )
        })
        .chain([("comment".to_string(), format!("Idée numéro {n}"))])
        .collect()
}

async fn send(browser: &mut Browser<'_>, wave: i32, fields: &[(String, String)]) -> Page {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post(&format!("/barometre/{wave}"), &fields).await
}

/// `username` answers the wave (the `n`-th answer).
async fn answers(app: &TestApp, username: &str, wave: i32, ids: &[i32], n: usize) {
    let mut b = app.sign_in(username).await;
    b.get(&format!("/barometre/{wave}")).await;
    let page = send(&mut b, wave, &fields(ids, n)).await;
    assert_eq!(page.status, 303, "{}", page.body);
}

/// A wave's responses: how many pending, and how many in each batch.
async fn batches(app: &TestApp, wave: i32) -> (usize, BTreeMap<i32, usize>) {
    let rows: Vec<Option<i32>> = app
        .db()
        .run(move |conn| {
            Ok(barometer_responses::table
                .filter(barometer_responses::wave_id.eq(wave))
                .select(barometer_responses::batch)
                .load(conn)?)
        })
        .await
        .unwrap();
    let mut batches = BTreeMap::new();
    for batch in rows.iter().flatten() {
        *batches.entry(*batch).or_insert(0) += 1;
    }
    (rows.iter().filter(|b| b.is_none()).count(), batches)
}

/// Everything the results are computed from, in a stable order.
type Figures = (
    Vec<(Option<i32>, bool, i64)>,
    Vec<queries::AnswerGroup>,
    Vec<(Option<i32>, String)>,
);

async fn figures(app: &TestApp, wave: i32) -> Figures {
    app.db()
        .run(move |conn| {
            let mut respondents = queries::respondents(conn, wave)?;
            let mut groups = queries::answer_groups(conn, &[wave])?;
            let mut comments = queries::comments(conn, wave)?;
            respondents.sort();
            groups.sort();
            comments.sort();
            Ok((respondents, groups, comments))
        })
        .await
        .unwrap()
}

#[derive(QueryableByName)]
struct Written {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = Text)]
    xid: String,
    #[diesel(sql_type = Nullable<Integer>)]
    batch: Option<i32>,
}

/// On PostgreSQL, the writing transaction (`xmin`) of the rows: of the
/// "has answered" records, of the responses (in physical order, with their
/// batch) and of the answers (key: their response).
async fn xmins(app: &TestApp) -> (BTreeSet<String>, Vec<Written>, Vec<Written>) {
    app.db()
        .run(|conn| {
            let participations: Vec<Written> = diesel::sql_query(
                "SELECT agent_id::text AS key, xmin::text AS xid, NULL::integer AS batch \
                 FROM barometer_participations",
            )
            .load(conn)?;
            let responses = diesel::sql_query(
                "SELECT id AS key, xmin::text AS xid, batch FROM barometer_responses ORDER BY ctid",
            )
            .load(conn)?;
            let answers = diesel::sql_query(
                "SELECT response_id AS key, xmin::text AS xid, NULL::integer AS batch \
                 FROM barometer_answers ORDER BY ctid",
            )
            .load(conn)?;
            Ok((
                participations.into_iter().map(|p| p.xid).collect(),
                responses,
                answers,
            ))
        })
        .await
        .unwrap()
}

/// On PostgreSQL: no mixed response or answer was written by the
/// transaction of a "has answered" record; a batch was written by one
/// transaction, its own, in the order of its random keys. Gives the number
/// of mixed responses checked.
async fn mixed_rows_are_unlinkable(app: &TestApp) -> usize {
    let (participations, responses, answers) = xmins(app).await;
    let mut per_batch: BTreeMap<i32, (BTreeSet<String>, Vec<String>)> = BTreeMap::new();
    let mut response_xid = BTreeMap::new();
    for r in &responses {
        let Some(batch) = r.batch else { continue };
        assert!(
            !participations.contains(&r.xid),
            "a mixed response shares its xmin with a participation"
        );
        let entry = per_batch.entry(batch).or_default();
        entry.0.insert(r.xid.clone());
        entry.1.push(r.key.clone());
        response_xid.insert(r.key.clone(), r.xid.clone());
    }
    let mut xids_of_batches = BTreeSet::new();
    for (batch, (xids, keys)) in &per_batch {
        assert_eq!(
            xids.len(),
            1,
            "batch {batch} written by one transaction: {xids:?}"
        );
        xids_of_batches.extend(xids.iter().cloned());
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(
            keys, &sorted,
            "batch {batch}: physical order is the keys' order"
        );
    }
    assert_eq!(
        xids_of_batches.len(),
        per_batch.len(),
        "each batch its own transaction"
    );
    for a in &answers {
        if let Some(xid) = response_xid.get(&a.key) {
            assert_eq!(&a.xid, xid, "an answer is written again with its response");
            assert!(!participations.contains(&a.xid));
        }
    }
    response_xid.len()
}

async fn set_days(app: &TestApp, wave: i32, opens: i64, closes: i64) {
    app.db()
        .run(move |conn| {
            diesel::update(barometer_waves::table.find(wave))
                .set((
                    barometer_waves::opens_on.eq(today() + Duration::days(opens)),
                    barometer_waves::closes_on.eq(today() + Duration::days(closes)),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

async fn send_reminders(app: &TestApp) -> usize {
    app.db()
        .run(passerelles::app::reminders::send_due)
        .await
        .unwrap()
        .barometer_mixed
}

const PEOPLE: [&str; 8] = [
    "cdubois",
    "tmoreau",
    "mvasseur",
    "lmartin",
    "aferreira",
    "lnguyen",
    "rgirard",
    "ybenali",
];

both_backends! {
    async fn answers_are_mixed_by_five_and_closing_adds_the_rest_to_the_last_batch(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let id = wave(&app, me, 0, 10, &["A", "B", "C"]).await;
        let ids = statements(&app, id).await;
        let postgres = matches!(backend, Backend::Postgres);
        for (n, username) in PEOPLE.iter().enumerate() {
            answers(&app, username, id, &ids, n).await;
            let (pending, mixed) = batches(&app, id).await;
            match n + 1 {
                1..=4 => {
                    assert_eq!(pending, n + 1, "fewer than 5: pending");
                    assert!(mixed.is_empty());
                    if postgres && n == 0 {
                        // What mixing is for (and what the README owns up
                        // to): a pending response still shares its xmin with
                        // its "has answered" record.
                        let (participations, responses, _) = xmins(&app).await;
                        assert!(participations.contains(&responses[0].xid));
                    }
                }
                5 => {
                    assert_eq!(pending, 0, "the fifth answer makes a batch");
                    assert_eq!(mixed, BTreeMap::from([(1, 5)]));
                    if postgres {
                        assert_eq!(mixed_rows_are_unlinkable(&app).await, 5);
                    }
                }
                _ => {
                    assert_eq!(pending, n - 4);
                    assert_eq!(mixed, BTreeMap::from([(1, 5)]));
                }
            }
        }
        let before = figures(&app, id).await;
        assert_eq!(before.0.iter().map(|r| r.2).sum::<i64>(), 8);
        // HR closes the wave: the 3 pending answers join the last batch.
        assert_eq!(hr.post(&format!("/rh/barometre/{id}/clore"), &[]).await.status, 303);
        assert_eq!(batches(&app, id).await, (0, BTreeMap::from([(1, 8)])));
        if postgres {
            assert_eq!(mixed_rows_are_unlinkable(&app).await, 8);
        }
        assert_eq!(figures(&app, id).await, before, "mixing changes no figure");
        // Nothing more to do for send-reminders.
        assert_eq!(send_reminders(&app).await, 0);
    }

    async fn fewer_than_five_stay_pending_until_the_wave_is_past_its_last_day(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let id = wave(&app, me, 0, 10, &["A", "B", "C"]).await;
        let ids = statements(&app, id).await;
        for (n, username) in PEOPLE.iter().take(3).enumerate() {
            answers(&app, username, id, &ids, n).await;
        }
        assert_eq!(send_reminders(&app).await, 0, "an open wave keeps them pending");
        assert_eq!(batches(&app, id).await, (3, BTreeMap::new()));
        let before = figures(&app, id).await;
        // Its last day passed (two days ago, whatever the time zone).
        set_days(&app, id, -12, -2).await;
        assert_eq!(send_reminders(&app).await, 3);
        assert_eq!(batches(&app, id).await, (0, BTreeMap::from([(1, 3)])), "a wave of 3: one batch of 3");
        if matches!(backend, Backend::Postgres) {
            assert_eq!(mixed_rows_are_unlinkable(&app).await, 3);
        }
        assert_eq!(figures(&app, id).await, before);
        assert_eq!(send_reminders(&app).await, 0);
    }

    async fn responses_left_pending_in_a_closed_wave_are_mixed_by_send_reminders(backend) {
        // Rows written before mixing existed, or an answer that raced the
        // closing, are pending in a closed wave.
        let app = TestApp::start(backend).await;
        app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let id = wave(&app, me, -20, 10, &["A", "B"]).await;
        const SIX: &[Given] = &[
            (None, true, &[Some(1), Some(2)], None),
            (None, false, &[Some(2), None], Some("Un")),
            (None, true, &[Some(3), Some(5)], None),
            (None, false, &[Some(4), Some(4)], None),
            (None, true, &[Some(5), None], Some("Deux")),
            (None, false, &[None, Some(1)], None),
        ];
        const TWO: &[Given] = &[
            (None, true, &[Some(2), Some(2)], None),
            (None, false, &[Some(3), Some(3)], Some("Trois")),
        ];
        given(&app, id, SIX).await;
        assert_eq!(send_reminders(&app).await, 6);
        assert_eq!(batches(&app, id).await, (0, BTreeMap::from([(1, 6)])), "5 or more: their own batch");
        given(&app, id, TWO).await;
        let before = figures(&app, id).await;
        assert_eq!(send_reminders(&app).await, 8, "2 pending and the last batch of 6");
        assert_eq!(batches(&app, id).await, (0, BTreeMap::from([(1, 8)])));
        assert_eq!(figures(&app, id).await, before);
    }

    async fn a_small_batch_mixed_too_early_is_not_left_alone(backend) {
        // send-reminders reads the date in UTC: west of Greenwich it could
        // mix a wave a few hours before its true end.
        let app = TestApp::start(backend).await;
        app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let id = wave(&app, me, 0, 10, &["A", "B"]).await;
        const TWO: &[Given] = &[
            (None, true, &[Some(2), Some(2)], None),
            (None, false, &[Some(3), None], None),
        ];
        const FIVE: &[Given] = &[
            (None, true, &[Some(1), Some(2)], None),
            (None, false, &[Some(2), None], None),
            (None, true, &[Some(3), Some(5)], None),
            (None, false, &[Some(4), Some(4)], None),
            (None, true, &[Some(5), None], None),
        ];
        given(&app, id, TWO).await;
        let mixed = app
            .db()
            .run(move |conn| Ok(passerelles::barometer::mixing::mix_locked(conn, id, true)?))
            .await
            .unwrap();
        assert_eq!(mixed, 2);
        assert_eq!(batches(&app, id).await, (0, BTreeMap::from([(1, 2)])));
        given(&app, id, FIVE).await;
        let before = figures(&app, id).await;
        let mixed = app
            .db()
            .run(move |conn| passerelles::barometer::mixing::mix(conn, id, today()))
            .await
            .unwrap();
        assert_eq!(mixed, 7);
        assert_eq!(batches(&app, id).await, (0, BTreeMap::from([(1, 7)])), "the batch of 2 grew");
        assert_eq!(figures(&app, id).await, before);
    }

    async fn many_agents_answering_at_once_make_no_batch_under_five(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let id = wave(&app, me, 0, 10, &["A", "B", "C"]).await;
        let ids = statements(&app, id).await;
        let mut browsers = Vec::new();
        for username in PEOPLE.iter().take(7) {
            let mut b = app.sign_in(username).await;
            assert_eq!(b.get(&format!("/barometre/{id}")).await.status, 200);
            browsers.push(b);
        }
        let answers: Vec<_> = (0..7).map(|n| fields(&ids, n)).collect();
        let pages = join_all(
            browsers.iter_mut().zip(&answers).map(|(b, fields)| send(b, id, fields)),
        )
        .await;
        assert!(pages.iter().all(|p| p.status == 303), "{:?}", pages.iter().map(|p| p.status).collect::<Vec<_>>());
        let (pending, mixed) = batches(&app, id).await;
        assert_eq!(pending + mixed.values().sum::<usize>(), 7, "no answer lost");
        assert!(mixed.values().all(|n| *n >= 5), "{mixed:?}");
        assert!(pending < 5, "5 pending make a batch");
        assert_eq!(hr.post(&format!("/rh/barometre/{id}/clore"), &[]).await.status, 303);
        assert_eq!(batches(&app, id).await, (0, BTreeMap::from([(1, 7)])));
        if matches!(backend, Backend::Postgres) {
            assert_eq!(mixed_rows_are_unlinkable(&app).await, 7);
        }
    }
}
