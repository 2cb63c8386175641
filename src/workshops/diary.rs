//! Keeps agents' diaries (the `agenda` table, read by the dashboard and the
//! personal calendar feeds) in step with sessions: a confirmed seat or
//! facilitating a session is an entry; waiting is not. Entry titles name the
//! workshop, never another participant.

use super::links;
use diesel::prelude::*;

use super::model::{self, Session, Workshop, CONFIRMED};
use crate::agenda::{self, EntryKind, NewEntry};
use crate::db::AnyConnection;
use crate::schema::workshop_registrations;

/// The diary title of a session, for a participant or a facilitator.
pub fn entry_title(workshop: &Workshop, facilitating: bool) -> String {
    if facilitating {
        format!("Atelier (animation) : {}", workshop.title)
    } else {
        format!("Atelier : {}", workshop.title)
    }
}

/// Writes (or rewrites) the agent's entry for the session.
pub fn put(
    conn: &mut AnyConnection,
    session: &Session,
    workshop: &Workshop,
    agent_id: i32,
    facilitating: bool,
) -> QueryResult<()> {
    let title = entry_title(workshop, facilitating);
    let location = session.location();
    let link = links::session(session.id);
    agenda::put(
        conn,
        &NewEntry {
            agent_id,
            kind: EntryKind::Session,
            source_id: session.id,
            title: &title,
            location: location.as_deref(),
            link: &link,
            starts_at: session.starts_at,
            ends_at: session.ends_at,
        },
    )
}

/// Removes the agent's entry for the session.
pub fn remove(conn: &mut AnyConnection, session_id: i32, agent_id: i32) -> QueryResult<()> {
    agenda::remove_for(conn, EntryKind::Session, session_id, Some(agent_id)).map(|_| ())
}

/// Removes everyone's entries for the session (it was cancelled).
pub fn remove_all(conn: &mut AnyConnection, session_id: i32) -> QueryResult<()> {
    agenda::remove_for(conn, EntryKind::Session, session_id, None).map(|_| ())
}

/// Moves everyone's entries to the session's new times.
pub fn reschedule(conn: &mut AnyConnection, session: &Session) -> QueryResult<()> {
    agenda::reschedule(
        conn,
        EntryKind::Session,
        session.id,
        session.starts_at,
        session.ends_at,
    )
    .map(|_| ())
}

/// Rewrites every entry of the session from what is stored now: the
/// facilitators and the confirmed registrants (after a change of place,
/// title or facilitators). A cancelled session has no entries.
pub fn refresh(
    conn: &mut AnyConnection,
    session: &Session,
    workshop: &Workshop,
) -> QueryResult<()> {
    remove_all(conn, session.id)?;
    if session.is_cancelled() {
        return Ok(());
    }
    let registrants: Vec<i32> = workshop_registrations::table
        .filter(workshop_registrations::session_id.eq(session.id))
        .filter(workshop_registrations::status.eq(CONFIRMED))
        .select(workshop_registrations::agent_id)
        .load(conn)?;
    for agent_id in registrants {
        put(conn, session, workshop, agent_id, false)?;
    }
    for agent_id in model::facilitators(conn, workshop)? {
        put(conn, session, workshop, agent_id, true)?;
    }
    Ok(())
}
