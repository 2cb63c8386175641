//! Checking, on the server, that an activity offered as evidence is the
//! agent's own and really happened: the precise reason of a refusal.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::evidence::{
    Activity, NOT_ATTENDED, NOT_YOURS, SESSION_CANCELLED, SESSION_NOT_DONE, SWAP_CANCELLED,
    SWAP_NOT_DONE,
};
use super::model::EvidenceKind;
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::initiatives::model::{member_role, member_state};
use crate::schema::{
    initiative_members, initiatives, swap_offers, swap_requests, swap_slots, workshop_facilitators,
    workshop_registrations, workshop_sessions, workshops,
};

/// Checks one activity for the agent, with the precise reason of a refusal.
pub fn check_activity(
    conn: &mut AnyConnection,
    agent: &Agent,
    kind: EvidenceKind,
    source_id: i32,
) -> AppResult<Activity> {
    let now = db::now();
    let refuse = |m: &str| Err(AppError::Invalid(m.to_string()));
    match kind {
        EvidenceKind::Free => Err(AppError::BadRequest("preuve libre".into())),
        EvidenceKind::SwapHosted | EvidenceKind::SwapVisited => {
            let row: Option<(i32, i32, String, String, NaiveDateTime)> = swap_requests::table
                .inner_join(swap_slots::table)
                .inner_join(swap_offers::table)
                .filter(swap_requests::id.eq(source_id))
                .select((
                    swap_requests::visitor_id,
                    swap_offers::host_id,
                    swap_requests::status,
                    swap_offers::title,
                    swap_slots::ends_at,
                ))
                .first(conn)
                .optional()?;
            let Some((visitor, host, status, title, ends_at)) = row else {
                return refuse(NOT_YOURS);
            };
            let mine = match kind {
                EvidenceKind::SwapHosted => host == agent.id,
                _ => visitor == agent.id,
            };
            if !mine {
                return refuse(NOT_YOURS);
            }
            if status == "cancelled" || status == "declined" {
                return refuse(SWAP_CANCELLED);
            }
            if status != "confirmed" || ends_at > now {
                return refuse(SWAP_NOT_DONE);
            }
            Ok(Activity {
                kind,
                source_id,
                title: format!("Vis ma vie : {title}"),
                occurred_at: ends_at,
                practises: Vec::new(),
            })
        }
        EvidenceKind::SessionOrganised
        | EvidenceKind::SessionFacilitated
        | EvidenceKind::SessionAttended => {
            let row: Option<(i32, i32, String, NaiveDateTime, Option<NaiveDateTime>)> =
                workshop_sessions::table
                    .inner_join(workshops::table)
                    .filter(workshop_sessions::id.eq(source_id))
                    .select((
                        workshops::id,
                        workshops::organiser_id,
                        workshops::title,
                        workshop_sessions::ends_at,
                        workshop_sessions::cancelled_at,
                    ))
                    .first(conn)
                    .optional()?;
            let Some((workshop_id, organiser, title, ends_at, cancelled)) = row else {
                return refuse(NOT_YOURS);
            };
            match kind {
                EvidenceKind::SessionOrganised if organiser != agent.id => {
                    return refuse(NOT_YOURS)
                }
                EvidenceKind::SessionFacilitated => {
                    let is: i64 = workshop_facilitators::table
                        .filter(workshop_facilitators::workshop_id.eq(workshop_id))
                        .filter(workshop_facilitators::agent_id.eq(agent.id))
                        .count()
                        .get_result(conn)?;
                    if is == 0 {
                        return refuse(NOT_YOURS);
                    }
                }
                EvidenceKind::SessionAttended => {
                    let registration: Option<(String, Option<String>)> =
                        workshop_registrations::table
                            .filter(workshop_registrations::session_id.eq(source_id))
                            .filter(workshop_registrations::agent_id.eq(agent.id))
                            .select((
                                workshop_registrations::status,
                                workshop_registrations::attendance,
                            ))
                            .first(conn)
                            .optional()?;
                    if cancelled.is_some() {
                        return refuse(SESSION_CANCELLED);
                    }
                    if ends_at > now {
                        return refuse(SESSION_NOT_DONE);
                    }
                    match registration {
                        Some((status, Some(mark)))
                            if status == "confirmed" && mark == "present" => {}
                        _ => return refuse(NOT_ATTENDED),
                    }
                }
                _ => {}
            }
            if cancelled.is_some() {
                return refuse(SESSION_CANCELLED);
            }
            if ends_at > now {
                return refuse(SESSION_NOT_DONE);
            }
            Ok(Activity {
                kind,
                source_id,
                title: format!("Atelier : {title}"),
                occurred_at: ends_at,
                practises: Vec::new(),
            })
        }
        EvidenceKind::InitiativeLed | EvidenceKind::InitiativeJoined => {
            let row: Option<(i32, String, bool, NaiveDateTime)> = initiatives::table
                .filter(initiatives::id.eq(source_id))
                .select((
                    initiatives::author_id,
                    initiatives::title,
                    initiatives::hidden,
                    initiatives::created_at,
                ))
                .first(conn)
                .optional()?;
            let Some((author, title, hidden, created)) = row else {
                return refuse(NOT_YOURS);
            };
            if hidden {
                return refuse(NOT_YOURS);
            }
            let occurred_at = if kind == EvidenceKind::InitiativeLed {
                if author != agent.id {
                    return refuse(NOT_YOURS);
                }
                created
            } else {
                let joined: Option<NaiveDateTime> = initiative_members::table
                    .filter(initiative_members::initiative_id.eq(source_id))
                    .filter(initiative_members::agent_id.eq(agent.id))
                    .filter(initiative_members::state.eq(member_state::ACCEPTED))
                    .filter(initiative_members::role.eq(member_role::MEMBER))
                    .select(initiative_members::requested_at)
                    .first(conn)
                    .optional()?;
                match joined {
                    Some(at) => at,
                    None => return refuse(NOT_YOURS),
                }
            };
            Ok(Activity {
                kind,
                source_id,
                title: format!("Initiative : {title}"),
                occurred_at,
                practises: Vec::new(),
            })
        }
    }
}
