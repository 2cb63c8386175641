//! `/`: the agent's own dashboard.

use chrono_tz::Tz;
use rocket::request::FlashMessage;
use rocket::{get, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::agents::Agent;
use crate::auth::SignedIn;
use crate::common::links::LinkItem;
use crate::config::Settings;
use crate::db::AnyConnection;
use crate::db::Db;
use crate::error::AppResult;
use crate::web::layout::Page;

/// What the dashboard shows.
#[derive(Debug, Serialize)]
pub struct DashboardPage {
    pub first_name: String,
    pub today: String,
    pub notice: Option<String>,
    pub profile: ProfileView,
    pub coming: Vec<LinkItem>,
    pub awaiting: Vec<LinkItem>,
}

/// The agent's directory card (dashboard and profile page).
#[derive(Debug, Serialize)]
pub struct ProfileView {
    pub display_name: String,
    pub title: Option<String>,
    pub service: Option<String>,
    pub email: Option<String>,
    pub manager: Option<String>,
    /// Shown when given and not zero.
    pub team_size: Option<i64>,
    pub roles: Vec<&'static str>,
}

impl ProfileView {
    /// The card of the signed-in agent.
    pub fn new(
        signed_in: &SignedIn,
        manager: Option<String>,
        team_size: Option<i64>,
    ) -> ProfileView {
        let agent = &signed_in.agent;
        ProfileView {
            display_name: agent.display_name.clone(),
            title: agent.title.clone(),
            service: signed_in.service_name.clone(),
            email: agent.email.clone(),
            manager,
            team_size,
            roles: signed_in
                .roles()
                .list()
                .into_iter()
                .map(|r| r.label())
                .collect(),
        }
    }
}

#[get("/")]
pub async fn show(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz: Tz = settings.tz();
    let agent = signed_in.agent.clone();
    let (manager, team_size, coming, awaiting) = db
        .run(move |conn| {
            let manager = crate::agents::manager_name(conn, &agent)?;
            let team_size = crate::agents::team_size(conn, &agent)?;
            let coming = upcoming_items(conn, &agent, tz)?;
            let awaiting = awaiting_items(conn, &agent, tz)?;
            Ok((manager, team_size, coming, awaiting))
        })
        .await?;
    let agent = &signed_in.agent;
    let page = DashboardPage {
        first_name: first_name(&agent.display_name),
        today: crate::common::format::long_date(crate::db::now(), tz),
        notice: flash.map(|f| f.message().to_string()),
        profile: ProfileView::new(&signed_in, manager, Some(team_size)),
        coming,
        awaiting,
    };
    Ok(Template::render(
        "dashboard",
        Page::new("Mon tableau de bord", &signed_in, "/", page),
    ))
}

/// The first word of a display name ("Camille Dubois" → "Camille").
pub fn first_name(display_name: &str) -> String {
    display_name
        .split_whitespace()
        .next()
        .unwrap_or(display_name)
        .to_string()
}

/// What is coming in the agent's diary (confirmed swaps, sessions).
fn upcoming_items(conn: &mut AnyConnection, agent: &Agent, tz: Tz) -> AppResult<Vec<LinkItem>> {
    let entries = crate::agenda::upcoming(conn, agent.id, crate::db::now(), 8)?;
    Ok(entries
        .into_iter()
        .map(|e| LinkItem {
            detail: Some(crate::common::format::date_time(e.starts_at, tz)),
            label: e.title,
            href: e.link,
        })
        .collect())
}

/// What awaits the agent: unread notifications, then each feature's pending actions.
fn awaiting_items(conn: &mut AnyConnection, agent: &Agent, tz: Tz) -> AppResult<Vec<LinkItem>> {
    // Actions first (approvals, invitations, feedback…), then unread news
    // that does not point at the same place as an action.
    let mut items: Vec<LinkItem> = Vec::new();
    items.extend(crate::swaps::awaiting(conn, agent)?);
    items.extend(crate::workshops::awaiting(conn, agent)?);
    items.extend(crate::initiatives::awaiting(conn, agent)?);
    items.extend(crate::skills::awaiting(
        conn,
        agent,
        crate::skills::today(tz),
    )?);
    items.extend(crate::barometer::awaiting(
        conn,
        agent,
        crate::common::forms::today(tz),
    )?);
    let unread = crate::notifications::latest(conn, agent.id, 20)?
        .into_iter()
        .filter(|n| n.read_at.is_none())
        .filter(|n| !items.iter().any(|item| item.href == n.link))
        .take(6)
        .map(|n| LinkItem {
            label: n.message,
            href: n.link,
            detail: None,
        })
        .collect::<Vec<_>>();
    items.extend(unread);
    items.truncate(10);
    Ok(items)
}
