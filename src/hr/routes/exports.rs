//! The exports of every table: `/rh/exports/<table>.csv|xlsx` (with the
//! page's filters), `/rh/agents/<id>/exports/<table>.…` (a record) and
//! `/pilotage/exports/<table>.…` (protected counts, no names). Each export
//! is written to the audit log before it starts.

use rocket::{get, State};

use super::steering::steering_query;
use super::today;
use crate::auth::SignedIn;
use crate::config::Settings;
use crate::db::{self, AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::hr::disclosure::Disclosure;
use crate::hr::exports::{self, Download};
use crate::hr::forms::FilterQuery;
use crate::hr::queries::{self, Checked};
use crate::hr::views::{SectionView, TableView};
use crate::hr::{access, audit_actions, record};

/// The table named `wanted` among the review's, the map's and skills
/// growth's for checked filters (each section's figures table included): each part is computed only when the ones
/// before it do not hold the table (participation first, the most asked).
fn find_table(
    conn: &mut AnyConnection,
    checked: &Checked,
    settings: (chrono_tz::Tz, i64),
    disclosure: Disclosure,
    wanted: impl Fn(&TableView) -> bool,
) -> AppResult<TableView> {
    let (tz, stale) = settings;
    let pick = |tables: Vec<TableView>| tables.into_iter().find(|t| wanted(t));
    let participation = queries::sections(conn, checked, tz, db::now(), stale, disclosure)?;
    if let Some(table) = pick(
        participation
            .into_iter()
            .flat_map(SectionView::all_tables)
            .collect(),
    ) {
        return Ok(table);
    }
    let map = queries::map_of(conn, checked, tz, disclosure)?;
    if let Some(table) = pick(vec![map.matrix, map.never_met, map.trend]) {
        return Ok(table);
    }
    let growth = queries::growth_of(conn, checked, tz, disclosure)?;
    pick(
        growth
            .sections
            .into_iter()
            .flat_map(SectionView::all_tables)
            .collect(),
    )
    .ok_or(AppError::NotFound)
}

fn audit_export(
    conn: &mut AnyConnection,
    actor: i32,
    what: &str,
    format: exports::Format,
    about: &str,
) -> AppResult<()> {
    crate::audit::record(
        conn,
        Some(actor),
        audit_actions::EXPORTED,
        &format!("{what}.{} ({about})", format.extension()),
    )?;
    Ok(())
}

#[get("/rh/exports/<file>?<filtres..>")]
pub async fn review(
    file: &str,
    filtres: FilterQuery,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Download> {
    access::require_review(&signed_in)?;
    let (slug, format) = exports::parse_file(file)?;
    let today = today(settings);
    let tz_stale = (settings.tz(), settings.swaps.stale_after_days);
    let actor = signed_in.agent.id;
    let wanted = slug.clone();
    let table = db
        .run(move |conn| {
            let checked = queries::check(conn, &filtres, today, true)?;
            if !checked.errors.is_empty() {
                return Err(AppError::Invalid(
                    checked.errors.first().unwrap_or_default().to_string(),
                ));
            }
            let table = find_table(conn, &checked, tz_stale, Disclosure::Full, |t| {
                t.slug == wanted
            })?;
            audit_export(
                conn,
                actor,
                &wanted,
                format,
                &checked.filters.period.label(),
            )?;
            Ok(table)
        })
        .await?;
    Ok(exports::start(db, &slug, format, move |_, sink| {
        exports::write_table(sink, &table)
    }))
}

#[get("/rh/agents/<id>/exports/<file>")]
pub async fn one_record(
    id: i32,
    file: &str,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Download> {
    access::require_review(&signed_in)?;
    let (slug, format) = exports::parse_file(file)?;
    let tz = settings.tz();
    let actor = signed_in.agent.id;
    let wanted = slug.clone();
    let table = db
        .run(move |conn| {
            let agent = record::find(conn, id)?.ok_or(AppError::NotFound)?;
            let table = record::tables(conn, agent.id, db::now(), tz)?
                .into_iter()
                .find(|t| t.slug == wanted)
                .ok_or(AppError::NotFound)?;
            let about = format!("dossier de {} ({})", agent.display_name, agent.username);
            audit_export(conn, actor, &wanted, format, &about)?;
            Ok(table)
        })
        .await?;
    let filename = format!("{slug}-{id}");
    Ok(exports::start(db, &filename, format, move |_, sink| {
        exports::write_table(sink, &table)
    }))
}

#[get("/pilotage/exports/<file>?<filtres..>")]
pub async fn steering(
    file: &str,
    filtres: FilterQuery,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Download> {
    access::require_steer(&signed_in)?;
    let (slug, format) = exports::parse_file(file)?;
    let today = today(settings);
    let tz_stale = (settings.tz(), settings.swaps.stale_after_days);
    let actor = signed_in.agent.id;
    let wanted = slug.clone();
    let query = steering_query(&filtres);
    let table = db
        .run(move |conn| {
            let checked = queries::check(conn, &query, today, false)?;
            let table = find_table(conn, &checked, tz_stale, Disclosure::Protected, |t| {
                t.slug == wanted && t.slug != "evolution-des-rencontres"
            })?;
            let about = format!("pilotage, {}", checked.filters.period.label());
            audit_export(conn, actor, &wanted, format, &about)?;
            Ok(table)
        })
        .await?;
    Ok(exports::start(db, &slug, format, move |_, sink| {
        exports::write_table(sink, &table)
    }))
}
