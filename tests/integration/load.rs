//! Load and faults (issue 14): a burst of registrations for one session on
//! a generated city fills the seats exactly, with no server error on either
//! backend (on SQLite: no "database is locked" reaches anyone); PostgreSQL
//! going away gives a quick French 503, `/health` says so, and service
//! resumes by itself when it is back.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use passerelles::auth::session::{self, SESSION_COOKIE};
use passerelles::schema::{agents, sessions, workshop_registrations, workshop_sessions, workshops};
use rocket::futures::future::join_all;
use rocket::http::{ContentType, Cookie};

use crate::both_backends;
use crate::harness::proxy::CountingProxy;
use crate::harness::{Backend, TestApp, TestDatabase};
use crate::speed::city_app;

const SEATS: i64 = 30;
const PEOPLE: i64 = 500;

both_backends! {
    async fn five_hundred_registrations_at_once_fill_thirty_seats(backend) {
        let (app, dir) = city_app(backend, 600).await;
        let (session_id, people) = app
            .db()
            .run(|conn| {
                let ids: Vec<i32> = agents::table
                    .filter(agents::active.eq(true))
                    .select(agents::id)
                    .order(agents::id)
                    .limit(PEOPLE + 1)
                    .load(conn)?;
                let now = passerelles::db::now();
                // Far ahead, at night: no generated diary entry clashes with it.
                let starts = (now + chrono::Duration::days(200))
                    .date()
                    .and_hms_opt(3, 0, 0)
                    .unwrap();
                diesel::insert_into(workshops::table)
                    .values((
                        workshops::title.eq("Atelier très demandé"),
                        workshops::description.eq("Trente places."),
                        workshops::kind.eq("temps-fort"),
                        workshops::organiser_id.eq(ids[0]),
                        workshops::open_to_all.eq(true),
                        workshops::created_at.eq(now),
                        workshops::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                let workshop: i32 = workshops::table
                    .select(diesel::dsl::max(workshops::id))
                    .first::<Option<i32>>(conn)?
                    .unwrap();
                diesel::insert_into(workshop_sessions::table)
                    .values((
                        workshop_sessions::workshop_id.eq(workshop),
                        workshop_sessions::starts_at.eq(starts),
                        workshop_sessions::ends_at.eq(starts + chrono::Duration::hours(2)),
                        workshop_sessions::place.eq("Salle des fêtes"),
                        workshop_sessions::capacity.eq(SEATS as i32),
                        workshop_sessions::taken.eq(0),
                        workshop_sessions::created_at.eq(now),
                        workshop_sessions::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                let session_id: i32 = workshop_sessions::table
                    .filter(workshop_sessions::workshop_id.eq(workshop))
                    .select(workshop_sessions::id)
                    .first(conn)?;
                let mut people = Vec::new();
                for id in &ids[1..] {
                    let token = session::open(conn, *id)?;
                    let csrf: String = sessions::table
                        .find(session::hash(&token))
                        .select(sessions::csrf_token)
                        .first(conn)?;
                    people.push((token, csrf));
                }
                Ok((session_id, people))
            })
            .await
            .unwrap();
        let path = format!("/ateliers/sessions/{session_id}/inscription");
        let started = Instant::now();
        let responses = join_all(people.iter().map(|(token, csrf)| {
            app.client
                .post(path.clone())
                .private_cookie(Cookie::new(SESSION_COOKIE, token.clone()))
                .header(ContentType::Form)
                .body(format!("csrf_token={csrf}"))
                .dispatch()
        }))
        .await;
        let elapsed = started.elapsed();
        let mut statuses = std::collections::BTreeMap::new();
        for response in &responses {
            *statuses.entry(response.status().code).or_insert(0) += 1;
        }
        eprintln!("{backend:?}: {PEOPLE} registrations in {elapsed:?}: {statuses:?}");
        assert_eq!(statuses.get(&303), Some(&(PEOPLE as i32)), "every registration answered: {statuses:?}");
        let (confirmed, waiting, taken) = app
            .db()
            .run(move |conn| {
                let count = |status: &'static str, conn: &mut passerelles::db::AnyConnection| {
                    workshop_registrations::table
                        .filter(workshop_registrations::session_id.eq(session_id))
                        .filter(workshop_registrations::status.eq(status))
                        .count()
                        .get_result::<i64>(conn)
                };
                let taken: i32 = workshop_sessions::table
                    .find(session_id)
                    .select(workshop_sessions::taken)
                    .first(conn)?;
                Ok((count("confirmed", conn)?, count("waitlisted", conn)?, taken))
            })
            .await
            .unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!((confirmed, waiting, taken), (SEATS, PEOPLE - SEATS, SEATS as i32));
    }
}

#[test]
fn postgres_going_away_gives_a_quick_503_and_service_resumes() {
    rocket::async_test(async {
        let mut database = TestDatabase::create(Backend::Postgres);
        let (server, rest) = database.url.split_once('@').unwrap();
        let (host_port, name) = rest.split_once('/').unwrap();
        let port: u16 = host_port
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap_or(5432);
        let proxy = CountingProxy::start(port);
        database.url = format!("{server}@127.0.0.1:{}/{name}", proxy.port());
        let app = TestApp::builder(Backend::Postgres)
            .database(database)
            .start()
            .await;
        let mut camille = app.sign_in("cdubois").await;
        assert_eq!(camille.get("/").await.status, 200);

        proxy.cut();
        for _ in 0..3 {
            let started = Instant::now();
            let page = camille.get("/").await;
            let elapsed = started.elapsed();
            assert_eq!(page.status, 503, "{}", page.body);
            assert!(
                page.body.contains("base de données"),
                "a French message: {}",
                page.body
            );
            assert!(elapsed < Duration::from_secs(3), "answered in {elapsed:?}");
        }
        let health = camille.get("/health").await;
        assert_eq!(health.status, 503);
        assert!(health.body.contains("\"database\""), "{}", health.body);

        proxy.restore();
        let started = Instant::now();
        loop {
            if camille.get("/").await.status == 200 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "service did not resume"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        assert_eq!(camille.get("/health").await.status, 200);
    });
}
