//! After the session: attendance (present / absent, no-shows kept), the
//! participation record (presenting, co-facilitating, attending, no-show per
//! agent and session), encounters with the presenting services, and
//! participants' feedback.

use std::collections::HashMap;

use diesel::prelude::*;

use super::model::{self, Participation, Registration, ABSENT, CONFIRMED, PRESENT};
use super::organise::require_facilitator;
use crate::agents::Agent;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::encounters::{self, Through};
use crate::error::{AppError, AppResult};
use crate::schema::{
    workshop_feedback, workshop_participations, workshop_registrations, workshop_services,
    workshop_sessions,
};

/// The confirmed registrations of a session, in order of arrival.
pub fn confirmed(conn: &mut AnyConnection, session_id: i32) -> QueryResult<Vec<Registration>> {
    workshop_registrations::table
        .filter(workshop_registrations::session_id.eq(session_id))
        .filter(workshop_registrations::status.eq(CONFIRMED))
        .order(workshop_registrations::id)
        .select(Registration::as_select())
        .load(conn)
}

/// The session and its workshop if `agent_id` may record its attendance
/// at `now`: a facilitator (else 403), of a session neither cancelled nor
/// still to start (else a French refusal). The sheet's page and
/// [`record`] both ask here.
pub fn recordable(
    conn: &mut AnyConnection,
    session_id: i32,
    agent_id: i32,
    now: chrono::NaiveDateTime,
) -> AppResult<(model::Session, model::Workshop)> {
    let (session, workshop) = model::find_session(conn, session_id)?.ok_or(AppError::NotFound)?;
    require_facilitator(conn, &workshop, agent_id)?;
    if session.is_cancelled() {
        return Err(AppError::Invalid(
            "Cette session a été annulée : il n'y a pas de présences à saisir.".into(),
        ));
    }
    if !session.has_started(now) {
        return Err(AppError::Invalid(
            "Les présences se saisissent une fois la session commencée.".into(),
        ));
    }
    Ok((session, workshop))
}

/// How many were present and absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub present: usize,
    pub absent: usize,
}

/// Records attendance for every confirmed registrant (`marks`: agent id →
/// present), the participation of facilitators and registrants, and the
/// encounters of those present with each presenting service. Saving again
/// replaces the previous record.
pub fn record(
    conn: &mut AnyConnection,
    actor: &Agent,
    session_id: i32,
    marks: &HashMap<i32, bool>,
) -> AppResult<Tally> {
    db::write_transaction(conn, |conn| record_within(conn, actor, session_id, marks))
}

/// [`record`] inside the caller's write transaction.
pub(super) fn record_within(
    conn: &mut AnyConnection,
    actor: &Agent,
    session_id: i32,
    marks: &HashMap<i32, bool>,
) -> AppResult<Tally> {
    let now = db::now();
    let (session, workshop) = recordable(conn, session_id, actor.id, now)?;
    let registrations = confirmed(conn, session.id)?;
    let missing = registrations
        .iter()
        .filter(|r| !marks.contains_key(&r.agent_id))
        .count();
    if missing > 0 {
        return Err(AppError::Invalid(format!(
            "Indiquez « présent » ou « absent » pour chaque inscrit ({missing} sans réponse)."
        )));
    }
    diesel::delete(
        workshop_participations::table.filter(workshop_participations::session_id.eq(session.id)),
    )
    .execute(conn)?;
    let mut participations = vec![(workshop.organiser_id, Participation::Presenting)];
    for agent_id in model::co_facilitators(conn, workshop.id)? {
        participations.push((agent_id, Participation::CoFacilitating));
    }
    let mut tally = Tally {
        present: 0,
        absent: 0,
    };
    let mut present = Vec::new();
    for registration in &registrations {
        let here = marks[&registration.agent_id];
        diesel::update(workshop_registrations::table.find(registration.id))
            .set(workshop_registrations::attendance.eq(if here { PRESENT } else { ABSENT }))
            .execute(conn)?;
        if here {
            tally.present += 1;
            present.push(registration.agent_id);
            participations.push((registration.agent_id, Participation::Attending));
        } else {
            tally.absent += 1;
            participations.push((registration.agent_id, Participation::NoShow));
        }
    }
    for (agent_id, role) in participations {
        diesel::insert_into(workshop_participations::table)
            .values((
                workshop_participations::session_id.eq(session.id),
                workshop_participations::agent_id.eq(agent_id),
                workshop_participations::role.eq(role.code()),
                workshop_participations::recorded_at.eq(now),
            ))
            .execute(conn)?;
    }
    encounters::forget(conn, Through::Workshop, session.id)?;
    let presenting: Vec<i32> = workshop_services::table
        .filter(workshop_services::workshop_id.eq(workshop.id))
        .select(workshop_services::service_id)
        .load(conn)?;
    for agent_id in present {
        for service_id in &presenting {
            encounters::record(conn, agent_id, *service_id, Through::Workshop, session.id)?;
        }
    }
    diesel::update(workshop_sessions::table.find(session.id))
        .set(workshop_sessions::attendance_taken_at.eq(now))
        .execute(conn)?;
    Ok(tally)
}

/// Longest feedback accepted, in characters.
pub const FEEDBACK_MAX: usize = 2000;

/// Whether the agent may leave feedback on the session now; the French
/// reason when not. Only confirmed registrants who were not marked absent,
/// once the session is over.
pub fn feedback_refusal(
    registration: Option<&Registration>,
    session: &model::Session,
    now: chrono::NaiveDateTime,
) -> Option<&'static str> {
    match registration {
        Some(r) if r.is_confirmed() => {
            if session.is_cancelled() {
                Some("Cette session a été annulée.")
            } else if !session.has_ended(now) {
                Some("Vous pourrez donner votre retour une fois la session terminée.")
            } else if r.attendance.as_deref() == Some(ABSENT) {
                Some("Vous avez été noté absent à cette session : pas de retour à donner.")
            } else {
                None
            }
        }
        _ => Some("Seuls les participants de la session peuvent donner leur retour."),
    }
}

/// Writes (or rewrites) the agent's feedback: what they learned about the
/// presenting service.
pub fn leave_feedback(
    conn: &mut AnyConnection,
    agent: &Agent,
    session_id: i32,
    learned: &str,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        feedback_within(conn, agent, session_id, learned)
    })
}

/// [`leave_feedback`] inside the caller's write transaction.
pub(super) fn feedback_within(
    conn: &mut AnyConnection,
    agent: &Agent,
    session_id: i32,
    learned: &str,
) -> AppResult<()> {
    let (session, _) = model::find_session(conn, session_id)?.ok_or(AppError::NotFound)?;
    let registration = model::registration_of(conn, session.id, agent.id)?;
    if registration.is_none() {
        return Err(AppError::Forbidden);
    }
    if let Some(reason) = feedback_refusal(registration.as_ref(), &session, db::now()) {
        return Err(AppError::Invalid(reason.into()));
    }
    let updated = diesel::update(
        workshop_feedback::table
            .filter(workshop_feedback::session_id.eq(session.id))
            .filter(workshop_feedback::agent_id.eq(agent.id)),
    )
    .set(workshop_feedback::learned.eq(learned))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(workshop_feedback::table)
            .values((
                workshop_feedback::session_id.eq(session.id),
                workshop_feedback::agent_id.eq(agent.id),
                workshop_feedback::learned.eq(learned),
                workshop_feedback::created_at.eq(db::now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The agent's feedback on a session, if written.
pub fn feedback_of(
    conn: &mut AnyConnection,
    session_id: i32,
    agent_id: i32,
) -> QueryResult<Option<String>> {
    workshop_feedback::table
        .filter(workshop_feedback::session_id.eq(session_id))
        .filter(workshop_feedback::agent_id.eq(agent_id))
        .select(workshop_feedback::learned)
        .first(conn)
        .optional()
}
