//! Passerelles: the intranet through which the agents of the City of Bourges
//! build a common culture across services.
//!
//! [`build`] assembles the Rocket application from a configuration figment;
//! each part of the app is a stage that mounts its own routes.

pub mod agenda;
pub mod agents;
pub mod app;
pub mod audit;
pub mod auth;
pub mod barometer;
pub mod calendar;
pub mod citygen;
pub mod common;
pub mod config;
pub mod db;
pub mod demo;
pub mod directory;
pub mod encounters;
pub mod error;
pub mod hr;
pub mod initiatives;
pub mod mail;
pub mod notifications;
pub mod reminders;
pub mod schema;
pub mod skills;
pub mod swaps;
pub mod web;
pub mod workshops;

use rocket::fairing::AdHoc;
use rocket::figment::Figment;
use rocket::shield::Shield;
use rocket::{routes, Build, Rocket};
use rocket_dyn_templates::Template;

use crate::config::Settings;
use crate::db::Db;
use crate::directory::DirectoryHandle;

/// The application with the standard configuration (Rocket.toml, `ROCKET_*`, `DATABASE_URL`).
pub fn rocket() -> Rocket<Build> {
    build(config::standard_figment())
}

/// The application over a given configuration (tests pass their own).
pub fn build(figment: Figment) -> Rocket<Build> {
    let rocket = rocket::custom(figment);
    let rocket = if web::statement_header::wanted() {
        rocket.attach(web::statement_header::StatementHeader)
    } else {
        rocket
    };
    rocket
        .attach(storage_stage())
        .attach(Template::fairing())
        .attach(Shield::default())
        .attach(web::headers::SecurityHeaders)
        .attach(web::addresses::ControlCharacters)
        .attach(mail::worker::MailWorker)
        .manage(web::health::DirectoryProbe::default())
        .mount("/", web::sign_in::routes())
        .mount(
            "/",
            routes![
                app::dashboard::show,
                web::health::health,
                web::addresses::invalid_address
            ],
        )
        .mount("/", app::admin::routes())
        .mount("/", app::services::routes())
        .mount("/", web::notifications::routes())
        .mount("/", app::profile::routes())
        .mount("/", swaps::routes::routes())
        .mount("/", workshops::routes::routes())
        .mount("/", initiatives::routes())
        .mount("/", hr::routes())
        .mount("/", skills::routes())
        .mount("/", mail::routes::routes())
        .mount("/", barometer::routes())
        .mount(
            "/static",
            web::static_files::StaticFiles::load(static_dir()),
        )
        .register("/", web::catchers::catchers())
}

fn static_dir() -> String {
    std::env::var("PASSERELLES_STATIC_DIR").unwrap_or_else(|_| "static".into())
}

/// Reads the settings, checks them against the profile, opens the database
/// (migrating it) and the directory, and seeds demo content when asked.
fn storage_stage() -> AdHoc {
    AdHoc::try_on_ignite(
        "Passerelles : configuration, base et annuaire",
        |rocket| async move {
            match prepare(&rocket).await {
                Ok((settings, db, directory)) => Ok(rocket
                    .manage(settings)
                    .manage(db)
                    .manage(DirectoryHandle(directory))),
                Err(message) => {
                    log::error!("démarrage impossible : {message}");
                    eprintln!("Passerelles ne peut pas démarrer : {message}");
                    Err(rocket)
                }
            }
        },
    )
}

/// Everything the application needs before it serves.
pub async fn prepare(
    rocket: &Rocket<Build>,
) -> Result<(Settings, Db, std::sync::Arc<dyn directory::Directory>), String> {
    let figment = rocket.figment();
    let settings = Settings::from_figment(figment)?;
    let profile = figment.profile().as_str().to_string();
    settings.check_for_profile(&profile)?;
    if profile != "debug" && figment.find_value("secret_key").is_err() {
        return Err(format!(
            "aucune clé secrète (secret_key / ROCKET_SECRET_KEY) dans le profil « {profile} »"
        ));
    }
    let db = open_database(&settings).await?;
    let directory = directory::open(&settings.directory)?;
    if settings.demo
        && !db
            .run(demo::already_seeded)
            .await
            .map_err(|e| e.to_string())?
    {
        let people = directory
            .everyone()
            .await
            .map_err(|e| format!("lecture de l'annuaire pour la démonstration : {e}"))?;
        db.run(move |conn| demo::seed(conn, &people))
            .await
            .map_err(|e| format!("contenu de démonstration : {e}"))?;
    }
    Ok((settings, db, directory))
}

/// Opens the pool and runs pending migrations.
pub async fn open_database(settings: &Settings) -> Result<Db, String> {
    let db = Db::open(&settings.database_url, settings.database_pool_size)?
        .queueing_emails(settings.mail.enabled());
    db.run(|conn| {
        db::migrations::run_pending(conn)
            .map_err(|e| error::AppError::Internal(format!("migrations : {e}")))
    })
    .await
    .map_err(|e| e.to_string())?;
    db.run(|conn| skills::framework::ensure_default(conn).map(|_| ()))
        .await
        .map_err(|e| format!("référentiel de compétences : {e}"))?;
    Ok(db)
}
