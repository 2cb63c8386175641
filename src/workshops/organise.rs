//! What organisers and co-facilitators do: propose a workshop with its
//! sessions (one or a series), edit it, add, move or cancel a session. Each
//! change keeps the diaries in step and tells the people concerned.

use super::links;
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use diesel::prelude::*;

use super::diary;
use super::forms::{SessionInput, WorkshopInput};
use super::model::{self, Session, Workshop, PENDING};
use super::seats;
use crate::agents::Agent;
use crate::common::format;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::notifications;
use crate::schema::{
    workshop_audience_roles, workshop_audience_services, workshop_facilitators,
    workshop_invitations, workshop_registrations, workshop_services, workshop_sessions, workshops,
};

/// Refuses with 403 unless the agent organises or co-facilitates the workshop.
pub fn require_facilitator(
    conn: &mut AnyConnection,
    workshop: &Workshop,
    agent_id: i32,
) -> AppResult<()> {
    if model::is_facilitator(conn, workshop, agent_id)? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Loads a workshop for a facilitator: 404, then 403.
pub fn facilitated(conn: &mut AnyConnection, id: i32, agent_id: i32) -> AppResult<Workshop> {
    let workshop = model::find_workshop(conn, id)?.ok_or(AppError::NotFound)?;
    require_facilitator(conn, &workshop, agent_id)?;
    Ok(workshop)
}

/// Creates a workshop, its presenting services, co-facilitators, audience
/// and sessions; puts the sessions in the facilitators' diaries.
pub fn propose(
    conn: &mut AnyConnection,
    organiser: &Agent,
    input: &WorkshopInput,
    sessions: &[SessionInput],
) -> AppResult<(Workshop, Vec<Session>)> {
    db::write_transaction(conn, |conn| {
        propose_within(conn, organiser, input, sessions)
    })
}

/// [`propose`] inside the caller's write transaction.
pub(super) fn propose_within(
    conn: &mut AnyConnection,
    organiser: &Agent,
    input: &WorkshopInput,
    sessions: &[SessionInput],
) -> AppResult<(Workshop, Vec<Session>)> {
    let now = db::now();
    let workshop = diesel::insert_into(workshops::table)
        .values((
            workshops::title.eq(&input.title),
            workshops::description.eq(&input.description),
            workshops::kind.eq(input.kind.code()),
            workshops::organiser_id.eq(organiser.id),
            workshops::open_to_all.eq(input.open_to_all),
            workshops::created_at.eq(now),
            workshops::updated_at.eq(now),
        ))
        .get_result::<Workshop>(conn)?;
    write_links(conn, workshop.id, input)?;
    let invited = sync_co_facilitators(conn, workshop.id, &input.co_facilitators)?;
    let mut created = Vec::new();
    for session in sessions {
        created.push(insert_session(conn, &workshop, session, now)?);
    }
    invite_co_facilitators(conn, organiser, &workshop, &invited)?;
    crate::audit::record(
        conn,
        Some(organiser.id),
        "atelier proposé",
        &format!("{} ({} session(s))", workshop.title, created.len()),
    )?;
    Ok((workshop, created))
}

/// Brings the co-facilitator list to `wanted`: those no longer on it leave,
/// those new to it are invited (pending until they accept), the others keep
/// their answer. Returns the newly invited.
fn sync_co_facilitators(
    conn: &mut AnyConnection,
    workshop_id: i32,
    wanted: &[i32],
) -> QueryResult<Vec<i32>> {
    let current = model::co_facilitator_list(conn, workshop_id)?;
    diesel::delete(
        workshop_facilitators::table
            .filter(workshop_facilitators::workshop_id.eq(workshop_id))
            .filter(workshop_facilitators::agent_id.ne_all(wanted)),
    )
    .execute(conn)?;
    let invited: Vec<i32> = wanted
        .iter()
        .copied()
        .filter(|id| !current.contains(id))
        .collect();
    for agent_id in &invited {
        diesel::insert_into(workshop_facilitators::table)
            .values((
                workshop_facilitators::workshop_id.eq(workshop_id),
                workshop_facilitators::agent_id.eq(agent_id),
            ))
            .execute(conn)?;
    }
    Ok(invited)
}

/// Tells the newly invited co-facilitators that their answer is awaited.
fn invite_co_facilitators(
    conn: &mut AnyConnection,
    organiser: &Agent,
    workshop: &Workshop,
    invited: &[i32],
) -> QueryResult<()> {
    notifications::notify_all(
        conn,
        invited,
        crate::notifications::NotificationKind::Invitation,
        &format!(
            "{} vous invite à co-animer l'atelier « {} » : acceptez ou déclinez sur sa page.",
            organiser.display_name, workshop.title
        ),
        &links::workshop(workshop.id),
    )
}

/// What a co-facilitator who tries to change the list is told.
pub const ONLY_THE_ORGANISER: &str =
    "Seul l'organisateur de l'atelier peut modifier la liste des co-animateurs.";

/// Replaces the presenting services and audience rows.
fn write_links(
    conn: &mut AnyConnection,
    workshop_id: i32,
    input: &WorkshopInput,
) -> QueryResult<()> {
    diesel::delete(workshop_services::table.filter(workshop_services::workshop_id.eq(workshop_id)))
        .execute(conn)?;
    diesel::delete(
        workshop_audience_services::table
            .filter(workshop_audience_services::workshop_id.eq(workshop_id)),
    )
    .execute(conn)?;
    diesel::delete(
        workshop_audience_roles::table.filter(workshop_audience_roles::workshop_id.eq(workshop_id)),
    )
    .execute(conn)?;
    // One insert per row: batch inserts are not available over both backends at once.
    for service_id in &input.services {
        diesel::insert_into(workshop_services::table)
            .values((
                workshop_services::workshop_id.eq(workshop_id),
                workshop_services::service_id.eq(service_id),
            ))
            .execute(conn)?;
    }
    for service_id in &input.audience_services {
        diesel::insert_into(workshop_audience_services::table)
            .values((
                workshop_audience_services::workshop_id.eq(workshop_id),
                workshop_audience_services::service_id.eq(service_id),
            ))
            .execute(conn)?;
    }
    for role in &input.audience_roles {
        diesel::insert_into(workshop_audience_roles::table)
            .values((
                workshop_audience_roles::workshop_id.eq(workshop_id),
                workshop_audience_roles::role.eq(role),
            ))
            .execute(conn)?;
    }
    crate::skills::practice::set_for_workshop(conn, workshop_id, &input.skills)?;
    Ok(())
}

fn insert_session(
    conn: &mut AnyConnection,
    workshop: &Workshop,
    input: &SessionInput,
    now: NaiveDateTime,
) -> AppResult<Session> {
    let session = diesel::insert_into(workshop_sessions::table)
        .values((
            workshop_sessions::workshop_id.eq(workshop.id),
            workshop_sessions::starts_at.eq(input.starts_at),
            workshop_sessions::ends_at.eq(input.ends_at),
            workshop_sessions::place.eq(&input.place),
            workshop_sessions::online_url.eq(&input.online_url),
            workshop_sessions::capacity.eq(input.capacity),
            workshop_sessions::taken.eq(0),
            workshop_sessions::registration_deadline.eq(input.registration_deadline),
            workshop_sessions::created_at.eq(now),
            workshop_sessions::updated_at.eq(now),
        ))
        .get_result::<Session>(conn)?;
    for agent_id in model::facilitators(conn, workshop)? {
        diary::put(conn, &session, workshop, agent_id, true)?;
    }
    Ok(session)
}

/// Updates a workshop (organiser or co-facilitator); the diaries of its
/// upcoming sessions follow the new title and facilitators.
pub fn update_workshop(
    conn: &mut AnyConnection,
    actor: &Agent,
    workshop_id: i32,
    input: &WorkshopInput,
) -> AppResult<Workshop> {
    db::write_transaction(conn, |conn| {
        let workshop = model::find_workshop(conn, workshop_id)?.ok_or(AppError::NotFound)?;
        require_facilitator(conn, &workshop, actor.id)?;
        let mut wanted: Vec<i32> = input
            .co_facilitators
            .iter()
            .copied()
            .filter(|id| *id != workshop.organiser_id)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted != model::co_facilitator_list(conn, workshop.id)?
            && !model::may_change_co_facilitators(&workshop, actor.id)
        {
            return Err(AppError::Invalid(ONLY_THE_ORGANISER.into()));
        }
        let workshop = diesel::update(workshops::table.find(workshop.id))
            .set((
                workshops::title.eq(&input.title),
                workshops::description.eq(&input.description),
                workshops::kind.eq(input.kind.code()),
                workshops::open_to_all.eq(input.open_to_all),
                workshops::updated_at.eq(db::now()),
            ))
            .get_result::<Workshop>(conn)?;
        write_links(conn, workshop.id, input)?;
        let invited = sync_co_facilitators(conn, workshop.id, &wanted)?;
        let upcoming = model::upcoming_sessions(conn, workshop.id)?;
        for session in &upcoming {
            diary::refresh(conn, session, &workshop)?;
        }
        // Only the organiser can add anyone, so the actor is the organiser here.
        invite_co_facilitators(conn, actor, &workshop, &invited)?;
        Ok(workshop)
    })
}

/// Adds one session to a workshop (organiser or co-facilitator).
pub fn add_session(
    conn: &mut AnyConnection,
    actor: &Agent,
    workshop_id: i32,
    input: &SessionInput,
) -> AppResult<Session> {
    db::write_transaction(conn, |conn| {
        let workshop = model::find_workshop(conn, workshop_id)?.ok_or(AppError::NotFound)?;
        require_facilitator(conn, &workshop, actor.id)?;
        insert_session(conn, &workshop, input, db::now())
    })
}

/// Everyone registered for a session (seated or waiting).
fn registrants(conn: &mut AnyConnection, session_id: i32) -> QueryResult<Vec<i32>> {
    workshop_registrations::table
        .filter(workshop_registrations::session_id.eq(session_id))
        .select(workshop_registrations::agent_id)
        .load(conn)
}

/// Loads a session for a change by a facilitator: 404, 403, then the
/// session must be neither cancelled nor started.
fn editable(
    conn: &mut AnyConnection,
    actor: &Agent,
    session_id: i32,
) -> AppResult<(Session, Workshop)> {
    let (session, workshop) = model::find_session(conn, session_id)?.ok_or(AppError::NotFound)?;
    require_facilitator(conn, &workshop, actor.id)?;
    if session.is_cancelled() {
        return Err(AppError::Invalid(
            "Cette session est annulée : elle ne peut plus être modifiée.".into(),
        ));
    }
    if session.has_started(db::now()) {
        return Err(AppError::Invalid(
            "Cette session a commencé : elle ne peut plus être modifiée.".into(),
        ));
    }
    Ok((session, workshop))
}

/// Changes a session (organiser or co-facilitator). A move reschedules the
/// diaries and tells everyone registered; a larger capacity promotes the
/// waiting list.
pub fn update_session(
    conn: &mut AnyConnection,
    actor: &Agent,
    session_id: i32,
    input: &SessionInput,
    tz: Tz,
) -> AppResult<Session> {
    db::write_transaction(conn, |conn| {
        let (before, workshop) = editable(conn, actor, session_id)?;
        seats::set_capacity(conn, session_id, &workshop, input.capacity, tz)?;
        let session = diesel::update(workshop_sessions::table.find(session_id))
            .set((
                workshop_sessions::starts_at.eq(input.starts_at),
                workshop_sessions::ends_at.eq(input.ends_at),
                workshop_sessions::place.eq(&input.place),
                workshop_sessions::online_url.eq(&input.online_url),
                workshop_sessions::registration_deadline.eq(input.registration_deadline),
                workshop_sessions::updated_at.eq(db::now()),
            ))
            .get_result::<Session>(conn)?;
        let moved = before.starts_at != session.starts_at || before.ends_at != session.ends_at;
        let relocated = before.place != session.place || before.online_url != session.online_url;
        if moved {
            diary::reschedule(conn, &session)?;
        }
        if relocated {
            diary::refresh(conn, &session, &workshop)?;
        }
        if moved || relocated {
            let message = format!(
                "La session « {} » est déplacée : {}{}.",
                workshop.title,
                format::date_time(session.starts_at, tz),
                session
                    .location()
                    .map(|l| format!(", {l}"))
                    .unwrap_or_default()
            );
            let told = registrants(conn, session.id)?;
            notifications::notify_all(
                conn,
                &told,
                crate::notifications::NotificationKind::SessionChanged,
                &message,
                &links::session(session.id),
            )?;
        }
        Ok(session)
    })
}

/// Cancels a session (organiser or co-facilitator): the diaries lose it and
/// everyone registered or invited is told.
pub fn cancel_session(
    conn: &mut AnyConnection,
    actor: &Agent,
    session_id: i32,
    tz: Tz,
) -> AppResult<Session> {
    db::write_transaction(conn, |conn| {
        let (session, workshop) = editable(conn, actor, session_id)?;
        let session = diesel::update(workshop_sessions::table.find(session.id))
            .set((
                workshop_sessions::cancelled_at.eq(db::now()),
                workshop_sessions::updated_at.eq(db::now()),
            ))
            .get_result::<Session>(conn)?;
        diary::remove_all(conn, session.id)?;
        let mut told = registrants(conn, session.id)?;
        told.extend(
            workshop_invitations::table
                .filter(workshop_invitations::session_id.eq(session.id))
                .filter(workshop_invitations::status.eq(PENDING))
                .select(workshop_invitations::agent_id)
                .load::<i32>(conn)?,
        );
        notifications::notify_all(
            conn,
            &told,
            crate::notifications::NotificationKind::SessionChanged,
            &format!(
                "La session « {} » du {} est annulée.",
                workshop.title,
                format::date_time(session.starts_at, tz)
            ),
            &links::session(session.id),
        )?;
        crate::audit::record(
            conn,
            Some(actor.id),
            "session d'atelier annulée",
            &format!("{} (session {})", workshop.title, session.id),
        )?;
        Ok(session)
    })
}
