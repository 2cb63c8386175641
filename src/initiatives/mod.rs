//! `/initiatives`: agents post their own initiatives, the ideas they hear
//! from residents in the field, and what other cities do; others support
//! them, join their team and follow them to completion. Moderators (admin
//! and rh) move their status, feature them "à la une" and hide abuse.
//!
//! - [`model`]: kinds, statuses, themes, rows;
//! - [`posting`]: the form, its checks, creating and editing;
//! - [`markdown`]: bodies rendered and sanitised;
//! - [`search`]: words and filters, paginated;
//! - [`team`]: support, team, followers, encounters;
//! - [`comments`]: comments and abuse reports;
//! - [`progress`]: status, "à la une", hiding;
//! - [`feeds`]: Atom feeds;
//! - [`routes`]: the pages;
//! - [`demo`]: demo content.

pub mod comments;
pub mod demo;
pub mod feeds;
pub mod markdown;
pub mod model;
pub mod posting;
pub mod progress;
pub mod routes;
pub mod search;
pub mod team;

use std::collections::HashMap;

use diesel::prelude::*;

use crate::agents::Agent;
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult};
use crate::schema::{
    agents, initiative_members, initiative_services, initiative_themes, initiatives, services,
};
use crate::web::layout::LinkItem;
use crate::web::services::ServiceSection;
use model::{is_moderator, member_state, Choice, Initiative, Theme};

pub use demo::seed_demo;
pub use routes::routes;

/// An initiative by id; hidden ones exist only when `include_hidden` (for moderators).
pub fn find_visible(
    conn: &mut AnyConnection,
    id: i32,
    include_hidden: bool,
) -> AppResult<Initiative> {
    let initiative = initiatives::table
        .find(id)
        .select(Initiative::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    if initiative.hidden && !include_hidden {
        return Err(AppError::NotFound);
    }
    Ok(initiative)
}

/// The themes of several initiatives (one query).
pub fn themes_of(conn: &mut AnyConnection, ids: &[i32]) -> QueryResult<HashMap<i32, Vec<Theme>>> {
    let rows: Vec<(i32, String)> = initiative_themes::table
        .filter(initiative_themes::initiative_id.eq_any(ids))
        .select((initiative_themes::initiative_id, initiative_themes::theme))
        .load(conn)?;
    let mut themes: HashMap<i32, Vec<Theme>> = HashMap::new();
    for (id, code) in rows {
        if let Some(theme) = Theme::from_code(&code) {
            themes.entry(id).or_default().push(theme);
        }
    }
    for list in themes.values_mut() {
        list.sort_by_key(|t| Theme::ALL.iter().position(|x| x == t));
    }
    Ok(themes)
}

/// The services an initiative concerns: (id, name), by name.
pub fn services_of(conn: &mut AnyConnection, id: i32) -> QueryResult<Vec<(i32, String)>> {
    initiative_services::table
        .inner_join(services::table)
        .filter(initiative_services::initiative_id.eq(id))
        .order(services::name.asc())
        .select((services::id, services::name))
        .load(conn)
}

/// What awaits the agent: requests to join their initiatives' teams, and
/// for moderators the abuse reports to examine.
pub fn awaiting(conn: &mut AnyConnection, agent: &Agent) -> QueryResult<Vec<LinkItem>> {
    let pending: Vec<(i32, String, String)> = initiative_members::table
        .inner_join(initiatives::table)
        .inner_join(agents::table)
        .filter(initiatives::author_id.eq(agent.id))
        .filter(initiatives::hidden.eq(false))
        .filter(initiative_members::state.eq(member_state::PENDING))
        .order(initiative_members::requested_at.asc())
        .limit(5)
        .select((initiatives::id, initiatives::title, agents::display_name))
        .load(conn)?;
    let mut items: Vec<LinkItem> = pending
        .into_iter()
        .map(|(id, title, name)| LinkItem {
            label: format!("Répondre à {name}, qui souhaite rejoindre l'équipe de « {title} »"),
            href: format!("/initiatives/{id}/equipe"),
            detail: None,
        })
        .collect();
    if is_moderator(agent.roles()) {
        let reports = comments::open_report_count(conn)?;
        if reports > 0 {
            items.push(LinkItem {
                label: if reports == 1 {
                    "1 commentaire signalé à examiner".into()
                } else {
                    format!("{reports} commentaires signalés à examiner")
                },
                href: "/initiatives/moderation".into(),
                detail: None,
            });
        }
    }
    Ok(items)
}

/// For a service's page: the visible initiatives it is involved in (it is
/// concerned, or the author belongs to it), newest first.
pub fn service_section(conn: &mut AnyConnection, service_id: i32) -> QueryResult<ServiceSection> {
    let rows: Vec<Initiative> = initiatives::table
        .filter(initiatives::hidden.eq(false))
        .filter(
            initiatives::author_service_id
                .eq(service_id)
                .or(initiatives::id.eq_any(
                    initiative_services::table
                        .filter(initiative_services::service_id.eq(service_id))
                        .select(initiative_services::initiative_id),
                )),
        )
        .order((initiatives::created_at.desc(), initiatives::id.desc()))
        .limit(10)
        .select(Initiative::as_select())
        .load(conn)?;
    Ok(ServiceSection {
        heading: "Initiatives".into(),
        empty: "Aucune initiative ne concerne ce service pour l'instant.".into(),
        items: rows
            .into_iter()
            .map(|i| LinkItem {
                href: format!("/initiatives/{}", i.id),
                detail: Some(format!(
                    "{} · {}",
                    i.kind().public_label(),
                    i.status().label().to_lowercase()
                )),
                label: i.title,
            })
            .collect(),
    })
}
