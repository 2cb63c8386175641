//! `/admin/journal` (the whole audit log, admin), `/rh/journal` (HR's own
//! reads and exports) and `/profil/mes-donnees.json` (an agent's data).

use chrono::NaiveDate;
use rocket::http::{Header, Status};
use rocket::{get, State};
use rocket_dyn_templates::Template;

use super::status_for;
use crate::auth::SignedIn;
use crate::common::format::TimeView;
use crate::common::forms::{local_to_utc, FieldErrors};
use crate::config::Settings;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::hr::audit_log::{self, AuditFilter};
use crate::hr::views::{AuditLineView, AuditPage, OptionView};
use crate::hr::{access, audit_actions, personal_data};
use crate::web::layout::Page;

fn encode(value: &str) -> String {
    rocket::http::RawStr::new(value)
        .percent_encode()
        .to_string()
}

#[allow(clippy::too_many_arguments)]
async fn render(
    signed_in: &SignedIn,
    db: &Db,
    settings: &Settings,
    everyone: bool,
    person: Option<String>,
    action: Option<String>,
    du: Option<String>,
    au: Option<String>,
    page: Option<i64>,
) -> AppResult<(Status, Template)> {
    let tz = settings.tz();
    let mut errors = FieldErrors::new();
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let day = |field: &str, value: &Option<String>, errors: &mut FieldErrors| {
        let value = given(value)?;
        match NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.add(field, "Date invalide : utilisez le format JJ/MM/AAAA.");
                None
            }
        }
    };
    let from = day("du", &du, &mut errors);
    let to = day("au", &au, &mut errors);
    let at = |d: NaiveDate| local_to_utc(&d.format("%Y-%m-%d").to_string(), "00:00", tz).ok();
    let filter = AuditFilter {
        actor_id: (!everyone).then_some(signed_in.agent.id),
        person: if everyone { given(&person) } else { None },
        action: given(&action),
        from: from.and_then(at),
        to: to.and_then(|d| d.succ_opt()).and_then(at),
    };
    let page = page.unwrap_or(1).clamp(1, 100_000);
    let query = filter.clone();
    let (lines, more, actions) = db
        .run(move |conn| {
            let (lines, more) = audit_log::page(conn, &query, page)?;
            let actions = audit_log::actions(conn, query.actor_id)?;
            Ok((lines, more, actions))
        })
        .await?;
    let path = if everyone {
        "/admin/journal"
    } else {
        "/rh/journal"
    };
    let mut params = Vec::new();
    if let Some(p) = &filter.person {
        params.push(format!("personne={}", encode(p)));
    }
    if let Some(a) = &filter.action {
        params.push(format!("action={}", encode(a)));
    }
    if let Some(d) = from {
        params.push(format!("du={d}"));
    }
    if let Some(d) = to {
        params.push(format!("au={d}"));
    }
    let link = |n: i64| {
        let mut all = params.clone();
        all.push(format!("page={n}"));
        format!("{path}?{}", all.join("&"))
    };
    let status = status_for(&errors);
    let view = AuditPage {
        action_path: path.to_string(),
        everyone,
        person: filter.person.clone().unwrap_or_default(),
        actions: actions
            .into_iter()
            .map(|a| OptionView {
                selected: filter.action.as_deref() == Some(a.as_str()),
                label: a.clone(),
                value: a,
            })
            .collect(),
        from: from.map(|d| d.to_string()).unwrap_or_default(),
        to: to.map(|d| d.to_string()).unwrap_or_default(),
        errors,
        lines: lines
            .into_iter()
            .map(|l| AuditLineView {
                at: TimeView::new(l.at, tz),
                actor: l.actor.unwrap_or_else(|| "Système".into()),
                action: l.action,
                detail: l.detail,
            })
            .collect(),
        page,
        previous_link: (page > 1).then(|| link(page - 1)),
        next_link: more.then(|| link(page + 1)),
    };
    let (title, current) = if everyone {
        ("Journal d'audit", "/admin")
    } else {
        ("Mes consultations et exports", "/rh")
    };
    Ok((
        status,
        Template::render("hr/audit", Page::new(title, signed_in, current, view)),
    ))
}

#[get("/admin/journal?<personne>&<action>&<du>&<au>&<page>")]
#[allow(clippy::too_many_arguments)]
pub async fn whole(
    personne: Option<String>,
    action: Option<String>,
    du: Option<String>,
    au: Option<String>,
    page: Option<i64>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<(Status, Template)> {
    if !access::may_read_whole_audit(&signed_in) {
        return Err(AppError::Forbidden);
    }
    render(
        &signed_in, db, settings, true, personne, action, du, au, page,
    )
    .await
}

#[get("/rh/journal?<action>&<du>&<au>&<page>")]
#[allow(clippy::too_many_arguments)]
pub async fn own(
    action: Option<String>,
    du: Option<String>,
    au: Option<String>,
    page: Option<i64>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<(Status, Template)> {
    if !access::may_read_own_audit(&signed_in) {
        return Err(AppError::Forbidden);
    }
    render(&signed_in, db, settings, false, None, action, du, au, page).await
}

/// A JSON file to download.
#[derive(rocket::Responder)]
#[response(content_type = "json")]
pub struct JsonFile {
    body: String,
    disposition: Header<'static>,
}

#[get("/profil/mes-donnees.json")]
pub async fn personal(signed_in: SignedIn, db: &State<Db>) -> AppResult<JsonFile> {
    let id = signed_in.agent.id;
    let username = signed_in.agent.username.clone();
    let data = db
        .run(move |conn| {
            let data = personal_data::of_agent(conn, id)?;
            crate::audit::record(conn, Some(id), audit_actions::PERSONAL_DATA, &username)?;
            Ok(data)
        })
        .await?;
    let body = serde_json::to_string_pretty(&data)
        .map_err(|e| AppError::Internal(format!("JSON : {e}")))?;
    Ok(JsonFile {
        body,
        disposition: Header::new(
            "Content-Disposition",
            "attachment; filename=\"mes-donnees-passerelles.json\"",
        ),
    })
}
