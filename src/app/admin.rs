//! The administration page (`/admin`): the latest audit events and a few
//! counts, for admins.

use diesel::prelude::*;
use rocket::{get, routes, Route, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::agents::roles::Role;
use crate::auth::SignedIn;
use crate::common::format::TimeView;
use crate::config::Settings;
use crate::db::Db;
use crate::error::AppResult;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![admin]
}

/// The administration page: the latest audit events.
#[derive(Debug, Serialize)]
pub struct AdminPage {
    pub events: Vec<AuditRow>,
    pub agents_active: i64,
    pub services: i64,
    /// The email queue.
    pub mail: crate::mail::views::QueueView,
    pub notice: Option<String>,
}

/// One audit event, formatted.
#[derive(Debug, Serialize)]
pub struct AuditRow {
    pub at: TimeView,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

#[get("/admin")]
async fn admin(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<rocket::request::FlashMessage<'_>>,
) -> AppResult<Template> {
    use crate::schema::{agents, services};
    signed_in.require_any(&[Role::Admin])?;
    let tz = settings.tz();
    let today = crate::mail::digest::local_instant(crate::common::forms::today(tz), 0, tz);
    let (lines, agents_active, services, queue) = db
        .run(move |conn| {
            let lines = crate::audit::latest(conn, 50)?;
            let active = agents::table
                .filter(agents::active.eq(true))
                .count()
                .get_result(conn)?;
            let services = services::table.count().get_result(conn)?;
            let queue = crate::mail::queries::queue_state(conn, today, 50)?;
            Ok((lines, active, services, queue))
        })
        .await?;
    let events = lines
        .into_iter()
        .map(|l| AuditRow {
            at: TimeView::new(l.at, tz),
            actor: l.actor.unwrap_or_else(|| "Système".into()),
            action: l.action,
            detail: l.detail,
        })
        .collect();
    let page = AdminPage {
        events,
        agents_active,
        services,
        mail: crate::mail::views::QueueView::new(&settings.mail, queue, tz),
        notice: flash.map(|f| f.message().to_string()),
    };
    Ok(Template::render(
        "sections/admin",
        Page::new("Administration", &signed_in, "/admin", page),
    ))
}
