//! Each agent's diary: confirmed swaps and workshop sessions as dated entries.
//! Features write entries when something is confirmed and remove them when it
//! is cancelled; overlap checks, the dashboard's "à venir" and the personal
//! calendar feed all read from here.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::schema::agenda_entries;

/// What kind of thing an entry stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A confirmed Vis ma vie swap (source: the swap request).
    Swap,
    /// A workshop session the agent registered for or facilitates (source: the session).
    Session,
}

impl Vocabulary for EntryKind {
    const NAME: &'static str = "type d'entrée d'agenda";
    const ALL: &'static [EntryKind] = &[EntryKind::Swap, EntryKind::Session];

    fn code(self) -> &'static str {
        match self {
            EntryKind::Swap => "swap",
            EntryKind::Session => "session",
        }
    }

    /// The French noun used in messages.
    fn label(self) -> &'static str {
        match self {
            EntryKind::Swap => "immersion Vis ma vie",
            EntryKind::Session => "session d'atelier",
        }
    }
}

/// One dated entry of an agent's diary.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = agenda_entries)]
pub struct AgendaEntry {
    pub id: i32,
    pub agent_id: i32,
    pub kind: String,
    pub source_id: i32,
    pub title: String,
    pub location: Option<String>,
    pub link: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

/// An entry to write.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub agent_id: i32,
    pub kind: EntryKind,
    pub source_id: i32,
    /// Must not name other participants: it goes to calendar feeds.
    pub title: &'a str,
    pub location: Option<&'a str>,
    pub link: &'a str,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

/// Writes an entry (replacing the same agent/kind/source if present).
pub fn put(conn: &mut AnyConnection, entry: &NewEntry<'_>) -> QueryResult<()> {
    remove_for(conn, entry.kind, entry.source_id, Some(entry.agent_id))?;
    diesel::insert_into(agenda_entries::table)
        .values((
            agenda_entries::agent_id.eq(entry.agent_id),
            agenda_entries::kind.eq(entry.kind.code()),
            agenda_entries::source_id.eq(entry.source_id),
            agenda_entries::title.eq(entry.title),
            agenda_entries::location.eq(entry.location),
            agenda_entries::link.eq(entry.link),
            agenda_entries::starts_at.eq(entry.starts_at),
            agenda_entries::ends_at.eq(entry.ends_at),
            agenda_entries::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Removes the entries of a source, for one agent or for everyone.
pub fn remove_for(
    conn: &mut AnyConnection,
    kind: EntryKind,
    source_id: i32,
    agent_id: Option<i32>,
) -> QueryResult<usize> {
    let mut query = diesel::delete(agenda_entries::table)
        .filter(agenda_entries::kind.eq(kind.code()))
        .filter(agenda_entries::source_id.eq(source_id))
        .into_boxed();
    if let Some(agent_id) = agent_id {
        query = query.filter(agenda_entries::agent_id.eq(agent_id));
    }
    query.execute(conn)
}

/// Moves every entry of a source to new times (a session moved, say).
pub fn reschedule(
    conn: &mut AnyConnection,
    kind: EntryKind,
    source_id: i32,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        agenda_entries::table
            .filter(agenda_entries::kind.eq(kind.code()))
            .filter(agenda_entries::source_id.eq(source_id)),
    )
    .set((
        agenda_entries::starts_at.eq(starts_at),
        agenda_entries::ends_at.eq(ends_at),
    ))
    .execute(conn)
}

/// Serialises writes to one agent's diary until the transaction ends, so
/// that two steps checking the same agent for overlaps at the same moment
/// (two hosts accepting, a host accepting while the agent registers) cannot
/// both pass (the agent's row lock, see [`db::lock_row`]).
pub fn lock_diary(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<()> {
    db::lock_row(conn, "agents", agent_id)
}

/// The agent's entries that overlap `[starts_at, ends_at)`, other than `except` (kind, source).
pub fn overlapping(
    conn: &mut AnyConnection,
    agent_id: i32,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    except: Option<(EntryKind, i32)>,
) -> QueryResult<Vec<AgendaEntry>> {
    let found: Vec<AgendaEntry> = agenda_entries::table
        .filter(agenda_entries::agent_id.eq(agent_id))
        .filter(agenda_entries::starts_at.lt(ends_at))
        .filter(agenda_entries::ends_at.gt(starts_at))
        .select(AgendaEntry::as_select())
        .order(agenda_entries::starts_at)
        .load(conn)?;
    Ok(found
        .into_iter()
        .filter(|e| except.is_none_or(|(kind, id)| !(e.kind == kind.code() && e.source_id == id)))
        .collect())
}

/// The agent's entries from `from` on, soonest first.
pub fn upcoming(
    conn: &mut AnyConnection,
    agent_id: i32,
    from: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<AgendaEntry>> {
    agenda_entries::table
        .filter(agenda_entries::agent_id.eq(agent_id))
        .filter(agenda_entries::ends_at.gt(from))
        .order(agenda_entries::starts_at)
        .limit(limit)
        .select(AgendaEntry::as_select())
        .load(conn)
}

/// Every entry of the agent (for the calendar feed), newest window first.
pub fn all_for(
    conn: &mut AnyConnection,
    agent_id: i32,
    since: NaiveDateTime,
) -> QueryResult<Vec<AgendaEntry>> {
    agenda_entries::table
        .filter(agenda_entries::agent_id.eq(agent_id))
        .filter(agenda_entries::ends_at.gt(since))
        .order(agenda_entries::starts_at)
        .select(AgendaEntry::as_select())
        .load(conn)
}
