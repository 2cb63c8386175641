//! A fresh database per test: a SQLite file in a temp dir, or a PostgreSQL
//! database created for the test and dropped afterwards.

use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::{Connection, PgConnection, RunQueryDsl};

/// The two storage backends every test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The PostgreSQL server tests use (TEST_DATABASE_URL, or the local one).
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn with_database(admin_url: &str, name: &str) -> String {
    let (server, _) = admin_url
        .rsplit_once('/')
        .expect("a PostgreSQL URL names a database");
    format!("{server}/{name}")
}

/// A database that exists for one test.
pub struct TestDatabase {
    pub url: String,
    temp_dir: Option<std::path::PathBuf>,
    pg_name: Option<String>,
}

impl TestDatabase {
    /// A tag unique within this test process.
    pub fn create_tag() -> String {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        format!("{}_{}_{n}", std::process::id(), rand_suffix())
    }

    pub fn create(backend: Backend) -> TestDatabase {
        let tag = TestDatabase::create_tag();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("passerelles-test-{tag}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                TestDatabase {
                    url: format!("sqlite://{}/test.db", dir.display()),
                    temp_dir: Some(dir),
                    pg_name: None,
                }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("passerelles_test_{tag}");
                let mut conn = PgConnection::establish(&admin).unwrap_or_else(|e| {
                    panic!("PostgreSQL est requis pour les tests ({admin}) : {e}")
                });
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .expect("create the test database");
                TestDatabase {
                    url: with_database(&admin, &name),
                    temp_dir: None,
                    pg_name: Some(name),
                }
            }
        }
    }
}

fn rand_suffix() -> u32 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos())
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(dir) = &self.temp_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some(name) = &self.pg_name {
            if let Ok(mut conn) = PgConnection::establish(&postgres_admin_url()) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn);
            }
        }
    }
}
