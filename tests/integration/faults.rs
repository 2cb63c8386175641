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
