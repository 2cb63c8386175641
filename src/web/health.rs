//! `/health`: the state of the database and of the directory, as JSON.
//! The directory is probed at most once per `health.directory_cache_s`
//! (one probe at a time): polling `/health` never drives load onto it.

use diesel::connection::SimpleConnection;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{get, State};
use serde::Serialize;

use crate::config::Settings;
use crate::db::Db;
use crate::directory::DirectoryHandle;

/// The last directory probe: when, and whether it answered.
#[derive(Debug, Default)]
pub struct DirectoryProbe(rocket::tokio::sync::Mutex<Option<(std::time::Instant, bool)>>);

impl DirectoryProbe {
    /// The cached answer while fresh; else probes (others wait for it).
    pub async fn directory_ok(&self, directory: &DirectoryHandle, fresh_for_s: u64) -> bool {
        let mut last = self.0.lock().await;
        if let Some((at, ok)) = *last {
            if at.elapsed() < std::time::Duration::from_secs(fresh_for_s) {
                return ok;
            }
        }
        let ok = directory.0.check().await.is_ok();
        *last = Some((std::time::Instant::now(), ok));
        ok
    }
}

/// The health report.
#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub database: &'static str,
    pub directory: &'static str,
}

#[get("/health")]
pub async fn health(
    db: &State<Db>,
    directory: &State<DirectoryHandle>,
    probe: &State<DirectoryProbe>,
    settings: &State<Settings>,
) -> (Status, Json<Health>) {
    let database_ok = db
        .run(|conn| Ok(conn.batch_execute("SELECT 1")?))
        .await
        .is_ok();
    let directory_ok = probe
        .directory_ok(directory, settings.health.directory_cache_s)
        .await;
    let label = |ok: bool| if ok { "ok" } else { "indisponible" };
    let all_ok = database_ok && directory_ok;
    let status = if all_ok {
        Status::Ok
    } else {
        Status::ServiceUnavailable
    };
    (
        status,
        Json(Health {
            status: label(all_ok),
            database: label(database_ok),
            directory: label(directory_ok),
        }),
    )
}
