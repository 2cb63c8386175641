//! What workshops add to other pages: the dashboard's "Ce qui m'attend"
//! (invitations to answer, attendance to record, feedback to give) and the
//! service pages (workshops where the service presented its missions).

use super::links;
use std::collections::HashMap;

use chrono::Duration;
use diesel::prelude::*;

use super::model::{Kind, ABSENT, CONFIRMED, PENDING};
use crate::agents::Agent;
use crate::common::links::LinkItem;
use crate::db::{self, AnyConnection};
use crate::schema::{
    workshop_facilitators, workshop_feedback, workshop_invitations, workshop_registrations,
    workshop_services, workshop_sessions, workshops,
};
use crate::web::services::ServiceSection;

/// How far back sessions still ask for attendance or feedback.
const ATTENDANCE_WINDOW_DAYS: i64 = 60;
const FEEDBACK_WINDOW_DAYS: i64 = 30;

/// What awaits the agent in workshops.
pub fn awaiting(conn: &mut AnyConnection, agent: &Agent) -> QueryResult<Vec<LinkItem>> {
    let now = db::now();
    let mut items = Vec::new();

    let invitations: Vec<(i32, String, String)> = workshop_invitations::table
        .inner_join(workshop_sessions::table.inner_join(workshops::table))
        .filter(workshop_invitations::agent_id.eq(agent.id))
        .filter(workshop_invitations::status.eq(PENDING))
        .filter(workshop_sessions::cancelled_at.is_null())
        .filter(workshop_sessions::starts_at.gt(now))
        .order(workshop_sessions::starts_at)
        .select((workshop_sessions::id, workshops::title, workshops::kind))
        .load(conn)?;
    items.extend(invitations.into_iter().map(|(id, title, kind)| LinkItem {
        label: format!("Invitation à répondre : {title}"),
        href: links::session(id),
        detail: Some(Kind::label_of(&kind)),
    }));

    let co_facilitation: Vec<(i32, String)> = workshop_facilitators::table
        .inner_join(workshops::table)
        .filter(workshop_facilitators::agent_id.eq(agent.id))
        .filter(workshop_facilitators::accepted_at.is_null())
        .order(workshops::title)
        .select((workshops::id, workshops::title))
        .load(conn)?;
    items.extend(co_facilitation.into_iter().map(|(id, title)| LinkItem {
        label: format!("Invitation à co-animer : {title}"),
        href: links::workshop(id),
        detail: None,
    }));

    let co_facilitated = workshop_facilitators::table
        .filter(workshop_facilitators::agent_id.eq(agent.id))
        .filter(workshop_facilitators::accepted_at.is_not_null())
        .select(workshop_facilitators::workshop_id);
    let to_mark: Vec<(i32, String)> = workshop_sessions::table
        .inner_join(workshops::table)
        .filter(
            workshops::organiser_id
                .eq(agent.id)
                .or(workshops::id.eq_any(co_facilitated)),
        )
        .filter(workshop_sessions::starts_at.le(now))
        .filter(workshop_sessions::starts_at.gt(now - Duration::days(ATTENDANCE_WINDOW_DAYS)))
        .filter(workshop_sessions::cancelled_at.is_null())
        .filter(workshop_sessions::attendance_taken_at.is_null())
        .order(workshop_sessions::starts_at)
        .select((workshop_sessions::id, workshops::title))
        .load(conn)?;
    items.extend(to_mark.into_iter().map(|(id, title)| LinkItem {
        label: format!("Présences à saisir : {title}"),
        href: links::attendance(id),
        detail: None,
    }));

    // Sessions attended (or not marked absent) without feedback yet.
    let given = workshop_feedback::table
        .filter(workshop_feedback::agent_id.eq(agent.id))
        .filter(workshop_feedback::session_id.eq(workshop_sessions::id));
    let feedback_due: Vec<(i32, String)> = workshop_registrations::table
        .inner_join(workshop_sessions::table.inner_join(workshops::table))
        .filter(workshop_registrations::agent_id.eq(agent.id))
        .filter(workshop_registrations::status.eq(CONFIRMED))
        .filter(
            workshop_registrations::attendance
                .is_null()
                .or(workshop_registrations::attendance.ne(ABSENT)),
        )
        .filter(workshop_sessions::ends_at.le(now))
        .filter(workshop_sessions::ends_at.gt(now - Duration::days(FEEDBACK_WINDOW_DAYS)))
        .filter(workshop_sessions::cancelled_at.is_null())
        .filter(diesel::dsl::not(diesel::dsl::exists(given)))
        .order(workshop_sessions::starts_at)
        .select((workshop_sessions::id, workshops::title))
        .load(conn)?;
    items.extend(feedback_due.into_iter().map(|(id, title)| LinkItem {
        label: format!("Votre retour sur l'atelier : {title}"),
        href: format!("{}#retour", links::session(id)),
        detail: None,
    }));
    Ok(items)
}

/// The service page's section: workshops where the service presented its missions.
pub fn service_section(conn: &mut AnyConnection, service_id: i32) -> QueryResult<ServiceSection> {
    let presented: Vec<(i32, String, String)> = workshops::table
        .inner_join(workshop_services::table)
        .filter(workshop_services::service_id.eq(service_id))
        .order(workshops::created_at.desc())
        .limit(50)
        .select((workshops::id, workshops::title, workshops::kind))
        .load(conn)?;
    let ids: Vec<i32> = presented.iter().map(|(id, _, _)| *id).collect();
    let counts: HashMap<i32, i64> = workshop_sessions::table
        .filter(workshop_sessions::workshop_id.eq_any(&ids))
        .filter(workshop_sessions::cancelled_at.is_null())
        .group_by(workshop_sessions::workshop_id)
        .select((workshop_sessions::workshop_id, diesel::dsl::count_star()))
        .load::<(i32, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(ServiceSection {
        heading: "Ateliers où le service a présenté ses missions".into(),
        empty: "Ce service n'a pas encore présenté ses missions en atelier.".into(),
        items: presented
            .into_iter()
            .map(|(id, title, kind)| {
                let n = counts.get(&id).copied().unwrap_or(0);
                LinkItem {
                    label: title,
                    href: links::workshop(id),
                    detail: Some(format!(
                        "{} · {n} session{}",
                        Kind::label_of(&kind),
                        if n > 1 { "s" } else { "" }
                    )),
                }
            })
            .collect(),
    })
}
