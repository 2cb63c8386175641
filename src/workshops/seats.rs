//! Registering for a session, the waiting list and its promotions.
//!
//! Every change runs in a write transaction that first locks the session row
//! (a no-op update), so that registrations, cancellations and promotions of
//! one session are applied one after the other on PostgreSQL as on SQLite.
//! A seat is taken with a conditional update on `taken`; the unique
//! constraint on (session, agent) refuses double registrations.

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use diesel::prelude::*;

use super::diary;
use super::links;
use super::model::{self, Registration, Session, Workshop, CONFIRMED, PENDING, WAITLISTED};
use crate::agenda::{self, AgendaEntry, EntryKind};
use crate::agents::Agent;
use crate::common::format;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::{workshop_invitations, workshop_registrations, workshop_sessions};

/// What a registration attempt ended with.
#[derive(Debug)]
pub enum Registered {
    /// A seat is taken and the session is in the agent's diary.
    Confirmed,
    /// The session is full: the agent waits, at this position.
    Waitlisted(i64),
    /// Nothing written: the session overlaps these diary entries, and the
    /// agent has not confirmed they want to register anyway.
    Overlaps(Vec<AgendaEntry>),
}

/// Locks the session row until the transaction ends (PostgreSQL; SQLite's
/// immediate transaction already holds the write lock).
pub(super) fn lock(conn: &mut AnyConnection, session_id: i32) -> AppResult<()> {
    let n = diesel::update(workshop_sessions::table.find(session_id))
        .set(workshop_sessions::taken.eq(workshop_sessions::taken))
        .execute(conn)?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Takes one seat if there is one left (or no capacity at all).
fn take_seat(conn: &mut AnyConnection, session_id: i32) -> QueryResult<bool> {
    let n = diesel::update(
        workshop_sessions::table
            .filter(workshop_sessions::id.eq(session_id))
            .filter(
                workshop_sessions::capacity
                    .is_null()
                    .or(workshop_sessions::taken
                        .nullable()
                        .lt(workshop_sessions::capacity)),
            ),
    )
    .set(workshop_sessions::taken.eq(workshop_sessions::taken + 1))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives a seat back.
fn free_seat(conn: &mut AnyConnection, session_id: i32) -> QueryResult<()> {
    diesel::update(
        workshop_sessions::table
            .filter(workshop_sessions::id.eq(session_id))
            .filter(workshop_sessions::taken.gt(0)),
    )
    .set(workshop_sessions::taken.eq(workshop_sessions::taken - 1))
    .execute(conn)
    .map(|_| ())
}

fn load(conn: &mut AnyConnection, session_id: i32) -> AppResult<(Session, Workshop)> {
    model::find_session(conn, session_id)?.ok_or(AppError::NotFound)
}

/// Why the agent may not register now, in French; `Forbidden` when the
/// workshop is not open to them.
pub fn refusal(
    conn: &mut AnyConnection,
    agent: &Agent,
    session: &Session,
    workshop: &Workshop,
    now: NaiveDateTime,
    tz: Tz,
) -> AppResult<Option<String>> {
    if session.is_cancelled() {
        return Ok(Some("Cette session a été annulée.".into()));
    }
    if session.has_started(now) {
        return Ok(Some(
            "La session a déjà commencé : les inscriptions sont closes.".into(),
        ));
    }
    if let Some(deadline) = session.registration_deadline.filter(|d| now > *d) {
        return Ok(Some(format!(
            "Les inscriptions à cette session sont closes depuis le {}.",
            format::date_time(deadline, tz)
        )));
    }
    if model::is_facilitator(conn, workshop, agent.id)? {
        return Ok(Some(
            "Vous animez cet atelier : inutile de vous inscrire à sa session.".into(),
        ));
    }
    if let Some(existing) = model::registration_of(conn, session.id, agent.id)? {
        return Ok(Some(if existing.is_confirmed() {
            "Vous êtes déjà inscrit à cette session.".into()
        } else {
            "Vous êtes déjà sur la liste d'attente de cette session.".into()
        }));
    }
    if !may_attend(conn, agent, session, workshop)? {
        return Err(AppError::Forbidden);
    }
    Ok(None)
}

/// Whether the workshop's audience includes the agent, or they were invited.
pub fn may_attend(
    conn: &mut AnyConnection,
    agent: &Agent,
    session: &Session,
    workshop: &Workshop,
) -> QueryResult<bool> {
    if model::audience(conn, workshop)?.includes(agent) {
        return Ok(true);
    }
    let invited: i64 = workshop_invitations::table
        .filter(workshop_invitations::session_id.eq(session.id))
        .filter(workshop_invitations::agent_id.eq(agent.id))
        .count()
        .get_result(conn)?;
    Ok(invited > 0)
}

/// Registers the agent: a seat if one is left, the waiting list otherwise.
/// A clash with the agent's diary is only accepted with `confirm_overlap`.
/// An explicit invitation, if pending, becomes accepted.
pub fn register(
    conn: &mut AnyConnection,
    agent: &Agent,
    session_id: i32,
    confirm_overlap: bool,
    tz: Tz,
) -> AppResult<Registered> {
    db::write_transaction(conn, |conn| {
        lock(conn, session_id)?;
        let (session, workshop) = load(conn, session_id)?;
        let now = db::now();
        if let Some(message) = refusal(conn, agent, &session, &workshop, now, tz)? {
            return Err(AppError::Invalid(message));
        }
        agenda::lock_diary(conn, agent.id)?;
        if !confirm_overlap {
            let clashes = agenda::overlapping(
                conn,
                agent.id,
                session.starts_at,
                session.ends_at,
                Some((EntryKind::Session, session.id)),
            )?;
            if !clashes.is_empty() {
                return Ok(Registered::Overlaps(clashes));
            }
        }
        let (registration, seated) = enrol_within(conn, &session, &workshop, agent.id, now)?;
        if accept_invitation(conn, session.id, agent.id, now)? {
            crate::notifications::notify(
                conn,
                workshop.organiser_id,
                crate::notifications::NotificationKind::InvitationAnswer,
                &format!(
                    "{} a accepté votre invitation à « {} »{}.",
                    agent.display_name,
                    workshop.title,
                    if seated { "" } else { " (liste d'attente)" }
                ),
                &links::session(session.id),
            )?;
        }
        if seated {
            Ok(Registered::Confirmed)
        } else {
            Ok(Registered::Waitlisted(model::waiting_position(
                conn,
                &registration,
            )?))
        }
    })
}

/// Takes a seat (or a place in the queue) for the agent, with the diary
/// entry of a seat; no rule is checked. Returns the registration and whether
/// it holds a seat. Call inside a write transaction holding the lock.
pub(super) fn enrol_within(
    conn: &mut AnyConnection,
    session: &Session,
    workshop: &Workshop,
    agent_id: i32,
    now: NaiveDateTime,
) -> AppResult<(Registration, bool)> {
    let seated = take_seat(conn, session.id)?;
    let registration = insert_registration(conn, session.id, agent_id, seated, now)?;
    if seated {
        diary::put(conn, session, workshop, agent_id, false)?;
    }
    Ok((registration, seated))
}

fn insert_registration(
    conn: &mut AnyConnection,
    session_id: i32,
    agent_id: i32,
    seated: bool,
    now: NaiveDateTime,
) -> AppResult<Registration> {
    let inserted = diesel::insert_into(workshop_registrations::table)
        .values((
            workshop_registrations::session_id.eq(session_id),
            workshop_registrations::agent_id.eq(agent_id),
            workshop_registrations::status.eq(if seated { CONFIRMED } else { WAITLISTED }),
            workshop_registrations::created_at.eq(now),
            workshop_registrations::confirmed_at.eq(seated.then_some(now)),
        ))
        .get_result::<Registration>(conn);
    match inserted {
        Ok(registration) => Ok(registration),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Err(AppError::Invalid(
            "Vous êtes déjà inscrit à cette session.".into(),
        )),
        Err(other) => Err(other.into()),
    }
}

pub(super) fn accept_invitation(
    conn: &mut AnyConnection,
    session_id: i32,
    agent_id: i32,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        workshop_invitations::table
            .filter(workshop_invitations::session_id.eq(session_id))
            .filter(workshop_invitations::agent_id.eq(agent_id))
            .filter(workshop_invitations::status.eq(PENDING)),
    )
    .set((
        workshop_invitations::status.eq(model::ACCEPTED),
        workshop_invitations::answered_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n > 0)
}

/// What a cancellation did.
#[derive(Debug, PartialEq, Eq)]
pub enum Withdrawn {
    /// The seat was given back; these agents were promoted from the waiting list.
    Seat { promoted: Vec<i32> },
    /// The agent left the waiting list.
    Queue,
}

/// Cancels the agent's registration; a freed seat goes to the first on the
/// waiting list, who is told.
pub fn withdraw(
    conn: &mut AnyConnection,
    agent: &Agent,
    session_id: i32,
    tz: Tz,
) -> AppResult<Withdrawn> {
    db::write_transaction(conn, |conn| {
        lock(conn, session_id)?;
        let (session, workshop) = load(conn, session_id)?;
        let registration = model::registration_of(conn, session.id, agent.id)?
            .ok_or_else(|| AppError::Invalid("Vous n'êtes pas inscrit à cette session.".into()))?;
        if session.is_cancelled() {
            return Err(AppError::Invalid("Cette session a été annulée.".into()));
        }
        if session.has_started(db::now()) {
            return Err(AppError::Invalid(
                "La session a commencé : l'inscription ne peut plus être annulée.".into(),
            ));
        }
        diesel::delete(workshop_registrations::table.find(registration.id)).execute(conn)?;
        if !registration.is_confirmed() {
            return Ok(Withdrawn::Queue);
        }
        free_seat(conn, session.id)?;
        diary::remove(conn, session.id, agent.id)?;
        let promoted = promote_waiting(conn, session.id, &workshop, tz)?;
        Ok(Withdrawn::Seat { promoted })
    })
}

/// Gives free seats to the waiting list, first come first served, and tells
/// each promoted agent. Call inside a write transaction holding the lock.
pub fn promote_waiting(
    conn: &mut AnyConnection,
    session_id: i32,
    workshop: &Workshop,
    tz: Tz,
) -> AppResult<Vec<i32>> {
    let mut promoted = Vec::new();
    loop {
        let next = workshop_registrations::table
            .filter(workshop_registrations::session_id.eq(session_id))
            .filter(workshop_registrations::status.eq(WAITLISTED))
            .order(workshop_registrations::id)
            .select(Registration::as_select())
            .first(conn)
            .optional()?;
        let Some(next) = next else { break };
        if !take_seat(conn, session_id)? {
            break;
        }
        let now = db::now();
        diesel::update(workshop_registrations::table.find(next.id))
            .set((
                workshop_registrations::status.eq(CONFIRMED),
                workshop_registrations::confirmed_at.eq(now),
            ))
            .execute(conn)?;
        let (session, _) = load(conn, session_id)?;
        diary::put(conn, &session, workshop, next.agent_id, false)?;
        crate::notifications::notify_about_event(
            conn,
            &[next.agent_id],
            crate::notifications::NotificationKind::WaitlistPromotion,
            &format!(
                "Une place s'est libérée : vous êtes inscrit à « {} » le {}.",
                workshop.title,
                format::date_time(session.starts_at, tz)
            ),
            &links::session(session_id),
            (crate::agenda::EntryKind::Session, session_id),
        )?;
        promoted.push(next.agent_id);
    }
    Ok(promoted)
}

/// Changes a session's capacity: never below the seats already confirmed;
/// a larger capacity promotes the waiting list. Call inside a write
/// transaction.
pub fn set_capacity(
    conn: &mut AnyConnection,
    session_id: i32,
    workshop: &Workshop,
    capacity: Option<i32>,
    tz: Tz,
) -> AppResult<Vec<i32>> {
    lock(conn, session_id)?;
    let (session, _) = load(conn, session_id)?;
    if let Some(capacity) = capacity.filter(|c| *c < session.taken) {
        return Err(AppError::Invalid(format!(
            "{} personnes sont déjà inscrites : la capacité ne peut pas descendre à {capacity}.",
            session.taken
        )));
    }
    diesel::update(workshop_sessions::table.find(session_id))
        .set(workshop_sessions::capacity.eq(capacity))
        .execute(conn)?;
    promote_waiting(conn, session_id, workshop, tz)
}
