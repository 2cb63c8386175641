//! `/`: the agent's own dashboard.

use chrono_tz::Tz;
use diesel::prelude::*;
use rocket::request::FlashMessage;
use rocket::{get, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::SignedIn;
use crate::config::Settings;
use crate::db::Db;
use crate::error::AppResult;
use crate::schema::agents;
use crate::web::layout::Page;

/// What the dashboard shows.
#[derive(Debug, Serialize)]
pub struct DashboardPage {
    pub first_name: String,
    pub today: String,
    pub notice: Option<String>,
    pub profile: ProfileView,
    pub coming: Vec<DashboardItem>,
    pub awaiting: Vec<DashboardItem>,
}

/// The agent's directory card.
#[derive(Debug, Serialize)]
pub struct ProfileView {
    pub display_name: String,
    pub title: Option<String>,
    pub service: Option<String>,
    pub email: Option<String>,
    pub manager: Option<String>,
    pub team_size: i64,
    pub roles: Vec<&'static str>,
}

/// One line of "à venir" or "ce qui m'attend".
#[derive(Debug, Serialize)]
pub struct DashboardItem {
    pub label: String,
    pub href: String,
    pub when: Option<String>,
}

#[get("/")]
pub async fn show(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz: Tz = settings
        .timezone
        .parse()
        .unwrap_or(chrono_tz::Europe::Paris);
    let agent = signed_in.agent.clone();
    let (manager, team_size) = db
        .run(move |conn| {
            let manager = match &agent.manager_dn {
                Some(dn) => agents::table
                    .filter(agents::dn.eq(dn))
                    .select(agents::display_name)
                    .first::<String>(conn)
                    .optional()?,
                None => None,
            };
            let team_size = agents::table
                .filter(agents::manager_dn.eq(&agent.dn))
                .filter(agents::active.eq(true))
                .count()
                .get_result::<i64>(conn)?;
            Ok((manager, team_size))
        })
        .await?;
    let agent = &signed_in.agent;
    let page = DashboardPage {
        first_name: first_name(&agent.display_name),
        today: crate::web::format::long_date(crate::db::now(), tz),
        notice: flash.map(|f| f.message().to_string()),
        profile: ProfileView {
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
        },
        coming: Vec::new(),
        awaiting: Vec::new(),
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
