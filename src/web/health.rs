//! `/health`: the state of the database and of the directory, as JSON.

use diesel::connection::SimpleConnection;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{get, State};
use serde::Serialize;

use crate::auth::routes::DirectoryHandle;
use crate::db::Db;

/// The health report.
#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub database: &'static str,
    pub directory: &'static str,
}

#[get("/health")]
pub async fn health(db: &State<Db>, directory: &State<DirectoryHandle>) -> (Status, Json<Health>) {
    let database_ok = db
        .run(|conn| Ok(conn.batch_execute("SELECT 1")?))
        .await
        .is_ok();
    let directory_ok = directory.0.check().await.is_ok();
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
