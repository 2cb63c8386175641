//! `/rh/agents` (searchable list) and `/rh/agents/<id>` (one agent's
//! participation record, each opening written to the audit log).

use rocket::{get, State};
use rocket_dyn_templates::Template;

use crate::auth::SignedIn;
use crate::config::Settings;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
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
    let link = |n: i64| {
        let q = rocket::http::RawStr::new(&search)
            .percent_encode()
            .to_string();
        format!("/rh/agents?q={q}&page={n}")
    };
    let view = AgentsPage {
        search: search.clone(),
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
