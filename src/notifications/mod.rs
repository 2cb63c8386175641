//! In-app notifications: what awaits an agent or changed for them. Rows in
//! the database, so every instance sees the same; the header shows the
//! unread count. Each notification also queues its email in the same
//! transaction ([`outbox`]) for those whose [`preferences`] ask for it at
//! once; sending the queue is [`crate::mail`]'s work.

pub mod kind;
pub mod outbox;
pub mod preferences;

use diesel::prelude::*;
use serde::Serialize;

use crate::agenda::EntryKind;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::schema::notifications;

pub use kind::NotificationKind;

/// Tells one agent something, with a link to where it happens.
pub fn notify(
    conn: &mut AnyConnection,
    agent_id: i32,
    kind: NotificationKind,
    message: &str,
    link: &str,
) -> QueryResult<()> {
    notify_all(conn, &[agent_id], kind, message, link)
}

/// Tells several agents the same thing (duplicates are told once).
pub fn notify_all(
    conn: &mut AnyConnection,
    agent_ids: &[i32],
    kind: NotificationKind,
    message: &str,
    link: &str,
) -> QueryResult<()> {
    deliver(conn, agent_ids, kind, message, link, None)
}

/// Tells several agents about a dated event (a swap, through its request;
/// a session): an email gives its times and place, and carries its `.ics`
/// when the event is in the recipient's diary.
pub fn notify_about_event(
    conn: &mut AnyConnection,
    agent_ids: &[i32],
    kind: NotificationKind,
    message: &str,
    link: &str,
    event: (EntryKind, i32),
) -> QueryResult<()> {
    deliver(conn, agent_ids, kind, message, link, Some(event))
}

/// Writes the notifications and, in the same transaction, queues the
/// emails of those who want them at once.
fn deliver(
    conn: &mut AnyConnection,
    agent_ids: &[i32],
    kind: NotificationKind,
    message: &str,
    link: &str,
    event: Option<(EntryKind, i32)>,
) -> QueryResult<()> {
    let mut ids = agent_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let now = db::now();
    // One insert per agent: batch inserts are not available over both backends at once.
    for id in &ids {
        diesel::insert_into(notifications::table)
            .values((
                notifications::agent_id.eq(id),
                notifications::kind.eq(kind.code()),
                notifications::message.eq(message),
                notifications::link.eq(link),
                notifications::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    if crate::db::queueing::enabled() {
        let email = outbox::NewEmail {
            kind: kind.code(),
            subject: outbox::subject_for(kind, message),
            body: message.to_string(),
            link: link.to_string(),
            event,
        };
        outbox::queue_for_preferring(conn, &ids, kind, &email, now)?;
    }
    Ok(())
}

/// How many notifications the agent has not read.
pub fn unread_count(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::agent_id.eq(agent_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

/// A notification as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = notifications)]
pub struct Notification {
    pub id: i32,
    pub agent_id: i32,
    pub message: String,
    pub link: String,
    pub created_at: chrono::NaiveDateTime,
    pub read_at: Option<chrono::NaiveDateTime>,
    pub kind: String,
}

/// The agent's latest notifications, newest first.
pub fn latest(
    conn: &mut AnyConnection,
    agent_id: i32,
    limit: i64,
) -> QueryResult<Vec<Notification>> {
    notifications::table
        .filter(notifications::agent_id.eq(agent_id))
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .limit(limit)
        .select(Notification::as_select())
        .load(conn)
}

/// Marks one of the agent's notifications read; returns its link (None if not theirs).
pub fn mark_read(conn: &mut AnyConnection, agent_id: i32, id: i32) -> QueryResult<Option<String>> {
    let link = notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::agent_id.eq(agent_id))
        .select(notifications::link)
        .first::<String>(conn)
        .optional()?;
    if link.is_some() {
        diesel::update(notifications::table.find(id))
            .set(notifications::read_at.eq(db::now()))
            .execute(conn)?;
    }
    Ok(link)
}

/// Marks all of the agent's notifications read.
pub fn mark_all_read(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::agent_id.eq(agent_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(db::now()))
    .execute(conn)
}
