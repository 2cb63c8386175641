//! What an email says about the dated event it names (the outbox row's
//! `event_kind` and `event_source_id`): the recipient's own diary entry when
//! the event is in their diary (its `.ics` then goes with the email), else
//! the event's times and place as they stand, so that a request not yet
//! confirmed, or a swap just cancelled, still says when and where.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::agenda::{AgendaEntry, EntryKind};
use crate::common::vocabulary::Vocabulary;
use crate::db::AnyConnection;
use crate::notifications::outbox::OutboxEmail;
use crate::schema::{agenda_entries, swap_offers, swap_requests, swap_slots, workshop_sessions};

/// The event of an email.
#[derive(Debug, Clone)]
pub enum EmailEvent {
    /// In the recipient's diary: times, place and the `.ics`.
    Diary(AgendaEntry),
    /// Not in their diary (yet, or any more): times and place only.
    Facts(EventFacts),
}

impl EmailEvent {
    /// When and where it takes place.
    pub fn facts(&self) -> EventFacts {
        match self {
            EmailEvent::Diary(entry) => EventFacts {
                starts_at: entry.starts_at,
                ends_at: entry.ends_at,
                location: entry.location.clone(),
            },
            EmailEvent::Facts(facts) => facts.clone(),
        }
    }

    /// The recipient's diary entry, whose `.ics` goes with the email.
    pub fn diary_entry(&self) -> Option<&AgendaEntry> {
        match self {
            EmailEvent::Diary(entry) => Some(entry),
            EmailEvent::Facts(_) => None,
        }
    }
}

/// When and where an event takes place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFacts {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub location: Option<String>,
}

/// The event the row names, if any (at most two queries).
pub fn for_email(conn: &mut AnyConnection, email: &OutboxEmail) -> QueryResult<Option<EmailEvent>> {
    let (Some(kind), Some(source_id)) = (&email.event_kind, email.event_source_id) else {
        return Ok(None);
    };
    let entry = agenda_entries::table
        .filter(agenda_entries::agent_id.eq(email.agent_id))
        .filter(agenda_entries::kind.eq(kind))
        .filter(agenda_entries::source_id.eq(source_id))
        .select(AgendaEntry::as_select())
        .first(conn)
        .optional()?;
    if let Some(entry) = entry {
        return Ok(Some(EmailEvent::Diary(entry)));
    }
    let facts = match EntryKind::from_code(kind) {
        Some(EntryKind::Swap) => swap_requests::table
            .inner_join(swap_slots::table)
            .inner_join(swap_offers::table)
            .filter(swap_requests::id.eq(source_id))
            .select((
                swap_slots::starts_at,
                swap_slots::ends_at,
                swap_offers::place,
            ))
            .first::<(NaiveDateTime, NaiveDateTime, String)>(conn)
            .optional()?
            .map(|(starts_at, ends_at, place)| EventFacts {
                starts_at,
                ends_at,
                location: Some(place),
            }),
        Some(EntryKind::Session) => workshop_sessions::table
            .find(source_id)
            .select(crate::workshops::model::Session::as_select())
            .first(conn)
            .optional()?
            .map(|session| EventFacts {
                starts_at: session.starts_at,
                ends_at: session.ends_at,
                location: session.location(),
            }),
        None => None,
    };
    Ok(facts.map(EmailEvent::Facts))
}
