//! The exports of a closed wave's tables, as CSV or XLSX (formula-safe, see
//! `hr::exports`): `/rh/barometre/<id>/exports/<table>.…` (HR) and
//! `/pilotage/barometre/<id>/exports/<table>.…` (élus, counts protected).
//! Each export is written to the audit log before it starts.

use rocket::{get, routes, Route, State};

use crate::auth::SignedIn;
use crate::barometer::model::WaveState;
use crate::barometer::{access, queries, report};
use crate::common::forms::today;
use crate::config::Settings;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::hr::audit_actions;
use crate::hr::disclosure::Disclosure;
use crate::hr::exports::{self, Download};

pub fn routes() -> Vec<Route> {
    routes![for_hr, for_steering]
}

async fn export(
    id: i32,
    file: &str,
    actor: i32,
    db: &State<Db>,
    settings: &State<Settings>,
    disclosure: Disclosure,
) -> AppResult<Download> {
    let (slug, format) = exports::parse_file(file)?;
    let today = today(settings.tz());
    let wanted = slug.clone();
    let table = db
        .run(move |conn| {
            let wave = queries::find_wave(conn, id)?.ok_or(AppError::NotFound)?;
            if wave.state(today) != WaveState::Closed {
                return Err(AppError::NotFound);
            }
            let table = report::wave_report(conn, &wave, today, disclosure)?
                .tables
                .into_iter()
                .find(|t| t.slug == wanted)
                .ok_or(AppError::NotFound)?;
            let about = match disclosure {
                Disclosure::Full => "baromètre",
                Disclosure::Protected => "pilotage, baromètre",
            };
            crate::audit::record(
                conn,
                Some(actor),
                audit_actions::EXPORTED,
                &format!(
                    "{wanted}.{} ({about} « {} »)",
                    format.extension(),
                    wave.title
                ),
            )?;
            Ok(table)
        })
        .await?;
    let filename = format!("barometre-{id}-{slug}");
    Ok(exports::start(db, &filename, format, move |_, sink| {
        exports::write_table(sink, &table)
    }))
}

#[get("/rh/barometre/<id>/exports/<file>")]
async fn for_hr(
    id: i32,
    file: &str,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Download> {
    access::require_manage(&signed_in.agent)?;
    export(id, file, signed_in.agent.id, db, settings, Disclosure::Full).await
}

#[get("/pilotage/barometre/<id>/exports/<file>")]
async fn for_steering(
    id: i32,
    file: &str,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Download> {
    access::require_steer(&signed_in)?;
    export(
        id,
        file,
        signed_in.agent.id,
        db,
        settings,
        Disclosure::Protected,
    )
    .await
}
