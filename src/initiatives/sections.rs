//! What initiatives add to the dashboard (requests to join one's teams,
//! reports for moderators) and to a service's page.

use crate::initiatives::links;
use diesel::prelude::*;

use super::comments;
use super::model::{is_moderator, member_state, Initiative, Vocabulary};
use crate::agents::Agent;
use crate::common::links::LinkItem;
use crate::db::AnyConnection;
use crate::schema::{agents, initiative_members, initiative_services, initiatives};
use crate::web::services::ServiceSection;

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
            href: links::team(id),
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
                href: links::moderation(),
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
                href: links::initiative(i.id),
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
