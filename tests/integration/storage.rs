//! Storage: migrations on both backends, URL schemes, profile checks,
//! concurrent writers.

use diesel::prelude::*;
use passerelles::db::{self, migrations, Db};
use passerelles::schema::services;

use crate::both_backends;
use crate::harness::{self, TestDatabase};

#[test]
fn both_backends_have_the_same_migration_versions() {
    let sqlite = migrations::versions(&migrations::SQLITE);
    let postgres = migrations::versions(&migrations::POSTGRES);
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
    let folders = |backend: &str| {
        let mut names: Vec<String> = std::fs::read_dir(format!("migrations/{backend}"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(folders("sqlite"), folders("postgres"));
}

async fn ignite_fails(app: rocket::Rocket<rocket::Build>) -> bool {
    match app.ignite().await {
        Ok(_) => false,
        Err(error) => {
            // Inspecting the error marks it handled (Rocket panics on unhandled errors).
            let _ = error.kind();
            true
        }
    }
}

#[test]
fn unknown_database_schemes_stop_the_start() {
    let error = Db::open("mysql://localhost/passerelles", 1).err().unwrap();
    assert!(
        error.contains("schéma d'URL de base de données inconnu « mysql »"),
        "{error}"
    );
    let error = Db::open("data/passerelles.db", 1).err().unwrap();
    assert!(error.contains("inconnu"), "{error}");
    rocket::async_test(async {
        let app = passerelles::build(harness::figment("mysql://localhost/passerelles"));
        assert!(ignite_fails(app).await);
    });
}

#[test]
fn a_release_profile_refuses_demo_shortcuts() {
    rocket::async_test(async {
        let database = TestDatabase::create(harness::Backend::Sqlite);
        let release = || {
            rocket::Config::figment()
                .select("release")
                .merge(("database_url", database.url.clone()))
                .merge(("log_level", "off"))
        };
        // No secret key.
        let without_key = release().merge(("directory.url", "ldap://127.0.0.1:1"));
        assert!(ignite_fails(passerelles::build(without_key)).await);
        // The demo directory without allow_demo_directory.
        let key = "hPRYyVRiMyxpw5sBB1XeCMN1kFsDCqKvBi2QJxBVHQk=";
        let ldif = release().merge(("secret_key", key));
        assert!(ignite_fails(passerelles::build(ldif.clone())).await);
        // Allowed explicitly, it starts.
        let allowed = ldif.merge(("allow_demo_directory", true));
        assert!(passerelles::build(allowed).ignite().await.is_ok());
    });
    let settings = passerelles::config::Settings::from_figment(
        &harness::figment("sqlite://x.db").merge(("allow_demo_directory", false)),
    )
    .unwrap();
    let error = settings.check_for_profile("release").unwrap_err();
    assert!(error.contains("annuaire de démonstration"), "{error}");
}

both_backends! {
    async fn migrations_run_up_down_and_up(backend) {
        let database = TestDatabase::create(backend);
        let db = Db::open(&database.url, 2).unwrap();
        let mut conn = db.get().unwrap();
        let applied = migrations::run_pending(&mut conn).unwrap();
        assert_eq!(applied, migrations::versions(&migrations::SQLITE));
        migrations::revert_all(&mut conn).unwrap();
        assert!(services::table.count().get_result::<i64>(&mut *conn).is_err(), "tables are gone");
        migrations::run_pending(&mut conn).unwrap();
        assert_eq!(services::table.count().get_result::<i64>(&mut *conn).unwrap(), 0);
        assert!(migrations::run_pending(&mut conn).unwrap().is_empty());
    }

    async fn concurrent_writers_share_one_service_row(backend) {
        let database = TestDatabase::create(backend);
        let db = Db::open(&database.url, 4).unwrap();
        migrations::run_pending(&mut db.get().unwrap()).unwrap();
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let db = db.clone();
                rocket::tokio::spawn(async move {
                    db.run(|conn| {
                        db::write_transaction(conn, |conn| {
                            Ok::<_, passerelles::error::AppError>(passerelles::agents::service_id_for(conn, "Archives municipales")?)
                        })
                    })
                    .await
                })
            })
            .collect();
        let mut ids = Vec::new();
        for task in tasks {
            ids.push(task.await.unwrap().expect("no writer fails"));
        }
        ids.dedup();
        assert_eq!(ids.len(), 1);
        let count: i64 = db.run(|conn| Ok(services::table.count().get_result(conn)?)).await.unwrap();
        assert_eq!(count, 1);
    }

    async fn timestamps_round_trip_to_the_microsecond(backend) {
        let database = TestDatabase::create(backend);
        let db = Db::open(&database.url, 1).unwrap();
        migrations::run_pending(&mut db.get().unwrap()).unwrap();
        let now = db::now();
        let stored: chrono::NaiveDateTime = db
            .run(move |conn| {
                diesel::insert_into(services::table)
                    .values((services::name.eq("Voirie"), services::created_at.eq(now)))
                    .execute(conn)?;
                Ok(services::table.select(services::created_at).first(conn)?)
            })
            .await
            .unwrap();
        assert_eq!(stored, now);
    }
}
