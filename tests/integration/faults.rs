//! Faults must not spread: a panic inside a write transaction, dates far in
//! the future, control characters in addresses.

use diesel::prelude::*;
use passerelles::db::{self, Db};
use passerelles::error::{AppError, AppResult};
use passerelles::schema::services;
use rocket::local::asynchronous::Client;
use rocket::{get, routes, State};

use crate::both_backends;
use crate::harness::{self, TestDatabase};

/// A handler with a bug: it writes, then panics inside the transaction.
#[get("/essai/panique")]
async fn panicking_write(db: &State<Db>) -> AppResult<&'static str> {
    db.run(|conn| {
        db::write_transaction(conn, |conn| {
            diesel::insert_into(services::table)
                .values((
                    services::name.eq("Service fantôme"),
                    services::created_at.eq(db::now()),
                ))
                .execute(conn)?;
            diesel::update(services::table.filter(services::name.eq("Voirie")))
                .set(services::name.eq("Voirie (verrouillée)"))
                .execute(conn)?;
            std::hint::black_box(None::<()>).expect("a programming error");
            Ok::<_, AppError>(())
        })
    })
    .await?;
    Ok("jamais")
}

/// A healthy handler that writes the same row.
#[get("/essai/ecriture")]
async fn healthy_write(db: &State<Db>) -> AppResult<String> {
    let renamed = db
        .run(|conn| {
            db::write_transaction(conn, |conn| {
                Ok::<_, AppError>(
                    diesel::update(services::table.filter(services::name.eq("Voirie")))
                        .set(services::name.eq("Voirie"))
                        .execute(conn)?,
                )
            })
        })
        .await?;
    Ok(renamed.to_string())
}

async fn app_with_buggy_route(database: &TestDatabase) -> Client {
    let figment = harness::figment(&database.url)
        .merge(("directory.url", format!("ldif:{}", harness::slapd::FIXTURE)))
        .merge(("database_pool_size", 2));
    let rocket = passerelles::build(figment).mount("/", routes![panicking_write, healthy_write]);
    Client::untracked(rocket)
        .await
        .expect("the application starts")
}

both_backends! {
    async fn a_panic_inside_a_write_transaction_leaves_no_transaction_behind(backend) {
        let database = TestDatabase::create(backend);
        let client = app_with_buggy_route(&database).await;
        let db = client.rocket().state::<Db>().unwrap().clone();
        db.run(|conn| {
            diesel::insert_into(services::table)
                .values((services::name.eq("Voirie"), services::created_at.eq(db::now())))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();

        for _ in 0..3 {
            let response = client.get("/essai/panique").dispatch().await;
            assert_eq!(response.status().code, 500);
        }
        // Every later write goes through, on every connection of the pool,
        // without waiting for a lock a broken request still holds.
        for _ in 0..6 {
            let started = std::time::Instant::now();
            let response = client.get("/essai/ecriture").dispatch().await;
            assert_eq!(response.status().code, 200);
            assert_eq!(response.into_string().await.unwrap(), "1");
            assert!(started.elapsed() < std::time::Duration::from_secs(5));
        }
        // Nothing the panicking request wrote was kept.
        let names: Vec<String> = db
            .run(|conn| Ok(services::table.select(services::name).order(services::name).load(conn)?))
            .await
            .unwrap();
        assert_eq!(names, vec!["Voirie".to_string()]);

        if backend == harness::Backend::Postgres {
            let idle: i64 = db
                .run(|conn| {
                    #[derive(QueryableByName)]
                    struct Count {
                        #[diesel(sql_type = diesel::sql_types::BigInt)]
                        n: i64,
                    }
                    Ok(diesel::sql_query(
                        "SELECT count(*) AS n FROM pg_stat_activity \
                         WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
                    )
                    .get_result::<Count>(conn)?
                    .n)
                })
                .await
                .unwrap();
            assert_eq!(idle, 0, "no connection is left idle inside a transaction");
        }
    }
}

both_backends! {
    async fn dates_outside_a_sensible_window_are_refused_in_french(backend) {
        use crate::workshops::{day_in, propose_raw};
        let app = harness::TestApp::start(backend).await;
        let mut chloe = app.sign_in("chenry").await;
        let host = harness::agent_id(&app, "chenry").await.to_string();
        for far in ["+262142-01-01", "9999-12-31", "1900-01-01"] {
            let page = chloe.post("/vis-ma-vie/offres", &[
                ("host_id", &host), ("title", "Support informatique"), ("activities", "Tickets et postes"),
                ("place", "Hôtel de ville"), ("duration", "half_day"),
                ("slots[0].start_date", far), ("slots[0].start_time", "08:00"), ("slots[0].end_time", "12:00"),
            ]).await;
            assert_eq!(page.status, 422, "{far}");
            let message = page.texts("#slot-0-start_date-erreur").join(" ");
            assert!(message.starts_with("Indiquez une date entre le "), "{far}: {message}");
        }

        let mut jerome = app.sign_in("jgarnier").await;
        let voirie = harness::service_of(&app, "jgarnier").await.to_string();
        let soon = day_in(10);
        let cases: [(&[(&str, &str)], &str); 3] = [
            (&[("date", "+262142-12-01"), ("repeat", "hebdomadaire"), ("occurrences", "24")], "#date-erreur"),
            (&[("date", "9999-12-31")], "#date-erreur"),
            (&[("date", &soon), ("deadline_date", "-262142-01-01"), ("deadline_time", "12:00")], "#deadline_date-erreur"),
        ];
        for (fields, error) in cases {
            let mut fields = fields.to_vec();
            fields.push(("services", &voirie));
            let page = propose_raw(&mut jerome, &fields).await;
            assert_eq!(page.status, 422, "{fields:?}");
            let message = page.texts(error).join(" ");
            assert!(message.starts_with("Indiquez une date entre le "), "{fields:?}: {message}");
        }

        // Month filters far away are ignored, never a server error.
        for path in ["/ateliers?mois=2147483647-12", "/ateliers?mois=-5-01", "/vis-ma-vie?mois=262143-12"] {
            assert_eq!(chloe.get(path).await.status, 200, "{path}");
        }
    }

    async fn control_characters_in_addresses_get_a_400(backend) {
        let app = harness::TestApp::start(backend).await;
        let mut anonymous = app.browser();
        let page = anonymous.get("/calendrier/%00abc.ics").await;
        assert_eq!(page.status, 400);
        let mut chloe = app.sign_in("chenry").await;
        for path in [
            "/initiatives?q=caf%C3%A9%00",
            "/initiatives?q=%01",
            "/ateliers?type=%00",
            "/vis-ma-vie?service=1%00",
            "/initiatives/a-la-une/2026-1%00",
            "/services/1%0A",
        ] {
            let page = chloe.get(path).await;
            assert_eq!(page.status, 400, "{path}");
            assert!(page.body.contains("caractères non autorisés"), "{path}");
        }
        // Ordinary addresses with accents and spaces still work.
        assert_eq!(chloe.get("/initiatives?q=caf%C3%A9+jardin").await.status, 200);
    }
}
