//! The pages of one workshop and one session, as a given agent sees them:
//! everyone sees dates, seats and their own place; the organiser and
//! co-facilitators also see the participants by service, the waiting list,
//! invitations and feedback.

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use diesel::prelude::*;

use crate::agents::Agent;
use crate::common::format::{self, TimeView};
use crate::common::forms::FieldErrors;
use crate::common::vocabulary::Vocabulary;
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult};
use crate::schema::{
    agents, services, workshop_audience_services, workshop_facilitators, workshop_feedback,
    workshop_registrations,
};
use crate::workshops::attendance;
use crate::workshops::invitations;
use crate::workshops::model::{
    self, audience_role_label, Kind, RegistrationStatus, Session, Workshop, CONFIRMED, WAITLISTED,
};
use crate::workshops::queries;
use crate::workshops::seats;
use crate::workshops::views::{
    self, FacilitatorView, FeedbackForm, FeedbackRow, PersonRow, ServiceGroup, SessionPage,
    WorkshopPage,
};

/// Who organises and co-facilitates: (organiser, co-facilitators who
/// accepted, co-facilitators still invited), by name.
fn facilitator_names(
    conn: &mut AnyConnection,
    workshop: &Workshop,
) -> QueryResult<(String, Vec<String>, Vec<String>)> {
    let organiser = agents::table
        .find(workshop.organiser_id)
        .select(agents::display_name)
        .first(conn)?;
    let listed: Vec<(String, bool)> = workshop_facilitators::table
        .inner_join(agents::table)
        .filter(workshop_facilitators::workshop_id.eq(workshop.id))
        .order(agents::display_name)
        .select((
            agents::display_name,
            workshop_facilitators::accepted_at.is_not_null(),
        ))
        .load(conn)?;
    let (accepted, invited): (Vec<_>, Vec<_>) = listed.into_iter().partition(|(_, a)| *a);
    Ok((
        organiser,
        accepted.into_iter().map(|(name, _)| name).collect(),
        invited.into_iter().map(|(name, _)| name).collect(),
    ))
}

/// "Tous les agents", or who a restricted workshop is open to.
fn audience_text(conn: &mut AnyConnection, workshop: &Workshop) -> QueryResult<String> {
    if workshop.open_to_all {
        return Ok("Tous les agents".into());
    }
    let names: Vec<String> = workshop_audience_services::table
        .inner_join(services::table)
        .filter(workshop_audience_services::workshop_id.eq(workshop.id))
        .order(services::name)
        .select(services::name)
        .load(conn)?;
    let audience = model::audience(conn, workshop)?;
    let mut parts: Vec<String> = names;
    parts.extend(
        audience
            .roles
            .iter()
            .map(|r| audience_role_label(r).to_string()),
    );
    Ok(format!(
        "Sur invitation : {} (et les personnes invitées)",
        parts.join(", ")
    ))
}

/// The workshop page.
pub fn workshop_page(
    conn: &mut AnyConnection,
    workshop_id: i32,
    agent: &Agent,
    tz: Tz,
) -> AppResult<WorkshopPage> {
    let workshop = model::find_workshop(conn, workshop_id)?.ok_or(AppError::NotFound)?;
    let (organiser, co_facilitators, invited) = facilitator_names(conn, &workshop)?;
    let can_edit = model::is_facilitator(conn, &workshop, agent.id)?;
    let services = queries::service_names(conn, &[workshop.id])?
        .remove(&workshop.id)
        .unwrap_or_default();
    let sessions = queries::of_workshop(conn, &workshop)?;
    let sessions = queries::rows(conn, sessions, agent.id, tz)?;
    Ok(WorkshopPage {
        id: workshop.id,
        title: workshop.title.clone(),
        description: workshop.description.clone(),
        kind: Kind::label_of(&workshop.kind),
        services,
        organiser,
        co_facilitators,
        invited_co_facilitators: if can_edit { invited } else { Vec::new() },
        invited_to_co_facilitate: model::is_invited_to_co_facilitate(conn, workshop.id, agent.id)?,
        audience: audience_text(conn, &workshop)?,
        sessions,
        can_edit,
        notice: None,
    })
}

/// Why registering is closed for this viewer, if it is.
fn closed_reason(
    conn: &mut AnyConnection,
    agent: &Agent,
    session: &Session,
    workshop: &Workshop,
    now: NaiveDateTime,
    tz: Tz,
) -> AppResult<Option<String>> {
    match seats::refusal(conn, agent, session, workshop, now, tz) {
        Ok(reason) => Ok(reason),
        Err(AppError::Forbidden) => Ok(Some(
            "Cet atelier est réservé aux services et rôles invités.".into(),
        )),
        Err(other) => Err(other),
    }
}

/// The session page as `agent` sees it.
pub fn session_page(
    conn: &mut AnyConnection,
    session_id: i32,
    agent: &Agent,
    now: NaiveDateTime,
    tz: Tz,
) -> AppResult<SessionPage> {
    let (session, workshop) = model::find_session(conn, session_id)?.ok_or(AppError::NotFound)?;
    let (organiser, co_facilitators, _) = facilitator_names(conn, &workshop)?;
    let services = queries::service_names(conn, &[workshop.id])?
        .remove(&workshop.id)
        .unwrap_or_default();
    let waiting = queries::waiting_counts(conn, &[session.id])?
        .get(&session.id)
        .copied()
        .unwrap_or(0);
    let mine = model::registration_of(conn, session.id, agent.id)?;
    let my_position = match &mine {
        Some(r) if !r.is_confirmed() => model::waiting_position(conn, r)?,
        _ => 0,
    };
    let facilitating = model::is_facilitator(conn, &workshop, agent.id)?;
    let closed_reason = if mine.is_some() || facilitating {
        None
    } else {
        closed_reason(conn, agent, &session, &workshop, now, tz)?
    };
    let feedback = FeedbackForm {
        allowed: attendance::feedback_refusal(mine.as_ref(), &session, now).is_none(),
        value: attendance::feedback_of(conn, session.id, agent.id)?.unwrap_or_default(),
        saved: false,
    };
    let facilitator = if facilitating {
        Some(facilitator_view(conn, &session, &workshop, now)?)
    } else {
        None
    };
    Ok(SessionPage {
        id: session.id,
        workshop_id: workshop.id,
        title: workshop.title.clone(),
        description: workshop.description.clone(),
        kind: Kind::label_of(&workshop.kind),
        services,
        organiser,
        co_facilitators,
        day: format::long_date(session.starts_at, tz),
        hours: views::hours(session.starts_at, session.ends_at, tz),
        starts: TimeView::new(session.starts_at, tz),
        place: session.place.clone(),
        online_url: session.online_url.clone(),
        seats: views::seats_text(session.capacity, session.taken),
        capacity: session.capacity,
        seats_left: session.seats_left(),
        waiting,
        deadline: session.registration_deadline.map(|d| TimeView::new(d, tz)),
        cancelled: session.is_cancelled(),
        started: session.has_started(now),
        ended: session.has_ended(now),
        audience: audience_text(conn, &workshop)?,
        my_registration: match &mine {
            Some(r) => RegistrationStatus::parse(&r.status)?.slug(),
            None => "",
        },
        my_position,
        facilitating,
        invited: invitations::pending_for(conn, session.id, agent.id)?,
        can_register: mine.is_none() && !facilitating && closed_reason.is_none(),
        can_withdraw: mine.is_some() && !session.has_started(now) && !session.is_cancelled(),
        closed_reason,
        overlaps: Vec::new(),
        errors: FieldErrors::new(),
        notice: None,
        feedback,
        facilitator,
    })
}

type PersonTuple = (
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
);

fn person(row: PersonTuple) -> PersonRow {
    let (name, title, service, _, attendance) = row;
    PersonRow {
        name,
        title,
        service: service.unwrap_or_else(|| "Sans service".into()),
        attendance: attendance.map(|a| {
            if a == model::PRESENT {
                "Présent".to_string()
            } else {
                "Absent".to_string()
            }
        }),
    }
}

/// Registrants of a session with one status, ordered as given.
fn people(
    conn: &mut AnyConnection,
    session_id: i32,
    status: &str,
    by_service: bool,
) -> QueryResult<Vec<PersonRow>> {
    let query = workshop_registrations::table
        .inner_join(agents::table.left_join(services::table))
        .filter(workshop_registrations::session_id.eq(session_id))
        .filter(workshop_registrations::status.eq(status))
        .select((
            agents::display_name,
            agents::title,
            services::name.nullable(),
            workshop_registrations::status,
            workshop_registrations::attendance,
        ));
    let rows: Vec<PersonTuple> = if by_service {
        query
            .order((services::name.nullable(), agents::display_name))
            .load(conn)?
    } else {
        query.order(workshop_registrations::id).load(conn)?
    };
    Ok(rows.into_iter().map(person).collect())
}

/// What facilitators see: participants by service, waiting list,
/// invitations, feedback (a fixed number of queries).
fn facilitator_view(
    conn: &mut AnyConnection,
    session: &Session,
    workshop: &Workshop,
    now: NaiveDateTime,
) -> AppResult<FacilitatorView> {
    let seated = people(conn, session.id, CONFIRMED, true)?;
    let confirmed = seated.len();
    let mut groups: Vec<ServiceGroup> = Vec::new();
    for row in seated {
        match groups.last_mut() {
            Some(group) if group.service == row.service => group.people.push(row),
            _ => groups.push(ServiceGroup {
                service: row.service.clone(),
                people: vec![row],
            }),
        }
    }
    let waitlist = people(conn, session.id, WAITLISTED, false)?;
    let feedback: Vec<(String, Option<String>, String)> = workshop_feedback::table
        .inner_join(agents::table.left_join(services::table))
        .filter(workshop_feedback::session_id.eq(session.id))
        .order(workshop_feedback::created_at)
        .select((
            agents::display_name,
            services::name.nullable(),
            workshop_feedback::learned,
        ))
        .load(conn)?;
    let open = session.registration_open(now);
    Ok(FacilitatorView {
        groups,
        confirmed,
        waitlist,
        invitees: if open {
            let facilitators = model::facilitators(conn, workshop)?;
            invitations::invitees(conn, session.id, &facilitators)?
        } else {
            Vec::new()
        },
        feedback: feedback
            .into_iter()
            .map(|(name, service, learned)| FeedbackRow {
                name,
                service: service.unwrap_or_else(|| "Sans service".into()),
                learned,
            })
            .collect(),
        can_change: !session.is_cancelled() && !session.has_started(now),
        can_invite: open,
        can_mark: !session.is_cancelled() && session.has_started(now),
        attendance_taken: session.attendance_taken_at.is_some(),
    })
}
