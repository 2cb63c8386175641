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
use crate::common::vocabulary::SelectOption;
use crate::config::Settings;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::hr::audit_log::{self, AuditFilter};
use crate::hr::exports::{self, Download};
use crate::hr::views::{AuditLineView, AuditPage};
use crate::hr::{access, audit_actions, personal_data};
use crate::web::layout::Page;

fn encode(value: &str) -> String {
    rocket::http::RawStr::new(value)
        .percent_encode()
        .to_string()
}

/// The filters as asked in the query string, checked.
struct Asked {
    filter: AuditFilter,
    errors: FieldErrors,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Asked {
    fn read(
        signed_in: &SignedIn,
        tz: chrono_tz::Tz,
        everyone: bool,
        person: Option<String>,
        action: Option<String>,
        (du, au): (Option<String>, Option<String>),
    ) -> Asked {
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
        Asked {
            filter,
            errors,
            from,
            to,
        }
    }

    /// The filters in words, for the audit entry of an export.
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.filter.person {
            parts.push(format!("personne « {p} »"));
        }
        if let Some(a) = &self.filter.action {
            parts.push(format!("action « {a} »"));
        }
        if let Some(d) = self.from {
            parts.push(format!("du {}", d.format("%d/%m/%Y")));
        }
        if let Some(d) = self.to {
            parts.push(format!("au {}", d.format("%d/%m/%Y")));
        }
        if parts.is_empty() {
            "tout le journal".to_string()
        } else {
            parts.join(", ")
        }
    }

    /// The query string that reproduces these filters.
    fn params(&self) -> Vec<String> {
        let mut params = Vec::new();
        if let Some(p) = &self.filter.person {
            params.push(format!("personne={}", encode(p)));
        }
        if let Some(a) = &self.filter.action {
            params.push(format!("action={}", encode(a)));
        }
        if let Some(d) = self.from {
            params.push(format!("du={d}"));
        }
        if let Some(d) = self.to {
            params.push(format!("au={d}"));
        }
        params
    }
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
    let asked = Asked::read(signed_in, tz, everyone, person, action, (du, au));
    let page = page.unwrap_or(1).clamp(1, 100_000);
    let query = asked.filter.clone();
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
    let params = asked.params();
    let link = |n: i64| {
        let mut all = params.clone();
        all.push(format!("page={n}"));
        format!("{path}?{}", all.join("&"))
    };
    let Asked {
        filter,
        errors,
        from,
        to,
    } = asked;
    let status = status_for(&errors);
    let view = AuditPage {
        action_path: path.to_string(),
        export_path: format!("{path}/exports/{}", export_name(everyone)),
        query: params.join("&"),
        everyone,
        person: filter.person.clone().unwrap_or_default(),
        actions: actions
            .into_iter()
            .map(|a| {
                let chosen = filter.action.as_deref() == Some(a.as_str());
                SelectOption::with_checked(&a, a.clone(), chosen)
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

/// The export's file name (without extension).
fn export_name(everyone: bool) -> &'static str {
    if everyone {
        "journal-d-audit"
    } else {
        "mes-consultations"
    }
}

/// Streams the log under the filters as CSV or XLSX, after writing the
/// export itself to the log.
#[allow(clippy::too_many_arguments)]
async fn export(
    signed_in: &SignedIn,
    db: &Db,
    settings: &Settings,
    everyone: bool,
    file: &str,
    person: Option<String>,
    action: Option<String>,
    dates: (Option<String>, Option<String>),
) -> AppResult<Download> {
    let (slug, format) = exports::parse_file(file)?;
    if slug != export_name(everyone) {
        return Err(AppError::NotFound);
    }
    let tz = settings.tz();
    let asked = Asked::read(signed_in, tz, everyone, person, action, dates);
    if let Some(message) = asked.errors.first() {
        return Err(AppError::Invalid(message.to_string()));
    }
    let actor = signed_in.agent.id;
    let detail = format!("{slug}.{} ({})", format.extension(), asked.describe());
    db.run(move |conn| {
        crate::audit::record(conn, Some(actor), audit_actions::EXPORTED, &detail)?;
        Ok(())
    })
    .await?;
    let filter = asked.filter;
    Ok(exports::start(db, &slug, format, move |conn, sink| {
        sink.row(&["Date", "Heure", "Auteur", "Action", "Détail"])?;
        audit_log::each(conn, &filter, |line| {
            let at = crate::common::format::local(line.at, tz);
            sink.row(&[
                at.format("%d/%m/%Y").to_string(),
                at.format("%H:%M:%S").to_string(),
                line.actor.unwrap_or_else(|| "Système".into()),
                line.action,
                line.detail,
            ])
        })
    }))
}

#[get("/admin/journal/exports/<file>?<personne>&<action>&<du>&<au>")]
#[allow(clippy::too_many_arguments)]
pub async fn whole_export(
    file: &str,
    personne: Option<String>,
    action: Option<String>,
    du: Option<String>,
    au: Option<String>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Download> {
    if !access::may_read_whole_audit(&signed_in) {
        return Err(AppError::Forbidden);
    }
    export(
        &signed_in,
        db,
        settings,
        true,
        file,
        personne,
        action,
        (du, au),
    )
    .await
}

#[get("/rh/journal/exports/<file>?<action>&<du>&<au>")]
#[allow(clippy::too_many_arguments)]
pub async fn own_export(
    file: &str,
    action: Option<String>,
    du: Option<String>,
    au: Option<String>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Download> {
    if !access::may_read_own_audit(&signed_in) {
        return Err(AppError::Forbidden);
    }
    export(
        &signed_in,
        db,
        settings,
        false,
        file,
        None,
        action,
        (du, au),
    )
    .await
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
