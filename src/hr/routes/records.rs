//! `/rh/agents` (searchable list, exported whole as CSV or XLSX) and
//! `/rh/agents/<id>` (one agent's participation record, each opening
//! written to the audit log).

use rocket::{get, State};
use rocket_dyn_templates::Template;

use crate::auth::SignedIn;
use crate::config::Settings;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::hr::exports::{self, Download};
use crate::hr::views::{AgentsPage, RecordPage};
use crate::hr::{access, audit_actions, record};
use crate::web::layout::Page;

#[get("/rh/agents?<q>&<page>")]
pub async fn list(
    q: Option<String>,
    page: Option<i64>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Template> {
    access::require_review(&signed_in)?;
    let search = q.unwrap_or_default().chars().take(100).collect::<String>();
    let page = page.unwrap_or(1).clamp(1, 100_000);
    let wanted = search.clone();
    let (rows, more) = db
        .run(move |conn| Ok(record::search(conn, &wanted, page)?))
        .await?;
    let q = rocket::http::RawStr::new(&search)
        .percent_encode()
        .to_string();
    let link = |n: i64| format!("/rh/agents?q={q}&page={n}");
    let view = AgentsPage {
        search: search.clone(),
        export_query: format!("q={q}"),
        rows,
        page,
        previous_link: (page > 1).then(|| link(page - 1)),
        next_link: more.then(|| link(page + 1)),
    };
    Ok(Template::render(
        "hr/agents",
        Page::new("Dossiers individuels", &signed_in, "/rh", view),
    ))
}

#[get("/rh/agents/<id>")]
pub async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    access::require_review(&signed_in)?;
    let tz = settings.tz();
    let actor = signed_in.agent.id;
    let (agent, service, tables) = db
        .run(move |conn| {
            db::write_transaction(conn, |conn| {
                let agent = record::find(conn, id)?.ok_or(AppError::NotFound)?;
                let service = match agent.service_id {
                    Some(s) => crate::agents::all_services(conn)?
                        .into_iter()
                        .find(|(id, _)| *id == s)
                        .map(|(_, name)| name),
                    None => None,
                };
                let tables = record::tables(conn, agent.id, db::now(), tz)?;
                crate::audit::record(
                    conn,
                    Some(actor),
                    audit_actions::RECORD_VIEWED,
                    &format!("dossier de {} ({})", agent.display_name, agent.username),
                )?;
                Ok((agent, service, tables))
            })
        })
        .await?;
    let page = RecordPage {
        id: agent.id,
        name: agent.display_name.clone(),
        service: service.unwrap_or_else(|| "Sans service".into()),
        active: agent.active,
        tables,
    };
    Ok(Template::render(
        "hr/record",
        Page::new(
            format!("Dossier de {}", agent.display_name),
            &signed_in,
            "/rh",
            page,
        ),
    ))
}

/// The name of the list's export (without extension).
pub const LIST_EXPORT: &str = "agents";

/// The whole list under a search (every page), as CSV or XLSX, streamed;
/// the export is written to the audit log before it starts.
#[get("/rh/agents/exports/<file>?<q>")]
pub async fn export(
    file: &str,
    q: Option<String>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Download> {
    access::require_review(&signed_in)?;
    let (slug, format) = exports::parse_file(file)?;
    if slug != LIST_EXPORT {
        return Err(AppError::NotFound);
    }
    let search = q.unwrap_or_default().chars().take(100).collect::<String>();
    let about = match search.trim() {
        "" => "tous les agents".to_string(),
        wanted => format!("recherche « {wanted} »"),
    };
    let detail = format!("{slug}.{} ({about})", format.extension());
    let actor = signed_in.agent.id;
    db.run(move |conn| {
        crate::audit::record(conn, Some(actor), audit_actions::EXPORTED, &detail)?;
        Ok(())
    })
    .await?;
    Ok(exports::start(db, &slug, format, move |conn, sink| {
        sink.row(&["Agent", "Identifiant", "Service", "Situation"])?;
        record::each_agent(conn, &search, |agent| {
            let situation = if agent.active { "En poste" } else { "Parti" };
            sink.row(&[
                agent.name,
                agent.username,
                agent.service,
                situation.to_string(),
            ])
        })
    }))
}
