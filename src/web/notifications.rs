//! `/notifications`: the list, and marking as read.

use rocket::response::Redirect;
use rocket::{get, post, routes, uri, Route, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::common::format::TimeView;
use crate::config::Settings;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![list, open, read_all]
}

/// What the notifications page shows.
#[derive(Debug, Serialize)]
pub struct NotificationsPage {
    pub items: Vec<NotificationView>,
    pub unread: usize,
}

/// One notification, formatted.
#[derive(Debug, Serialize)]
pub struct NotificationView {
    pub id: i32,
    pub message: String,
    pub at: TimeView,
    pub unread: bool,
}

#[get("/notifications")]
async fn list(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let agent_id = signed_in.agent.id;
    let tz = settings.tz();
    let rows = db
        .run(move |conn| Ok(crate::notifications::latest(conn, agent_id, 100)?))
        .await?;
    let items: Vec<NotificationView> = rows
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            message: n.message,
            at: TimeView::new(n.created_at, tz),
            unread: n.read_at.is_none(),
        })
        .collect();
    let unread = items.iter().filter(|n| n.unread).count();
    let page = NotificationsPage { items, unread };
    Ok(Template::render(
        "notifications/list",
        Page::new("Notifications", &signed_in, "/notifications", page),
    ))
}

/// Opening a notification marks it read and goes where it points.
#[post("/notifications/<id>/ouvrir", data = "<_form>")]
async fn open(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Redirect> {
    let agent_id = signed_in.agent.id;
    let link = db
        .run(move |conn| Ok(crate::notifications::mark_read(conn, agent_id, id)?))
        .await?;
    let link = link.ok_or(AppError::NotFound)?;
    Ok(Redirect::to(
        super::sign_in::safe_next(Some(&link)).unwrap_or_else(|| "/".into()),
    ))
}

#[post("/notifications/tout-lire", data = "<_form>")]
async fn read_all(
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Redirect> {
    let agent_id = signed_in.agent.id;
    db.run(move |conn| Ok(crate::notifications::mark_all_read(conn, agent_id)?))
        .await?;
    Ok(Redirect::to(uri!(list)))
}
