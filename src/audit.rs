//! The audit log: who signed in, who viewed an individual's HR record, who exported what.

use diesel::prelude::*;
use serde::Serialize;

use crate::db::{self, AnyConnection};
use crate::schema::{agents, audit_events};

/// Writes one event.
pub fn record(
    conn: &mut AnyConnection,
    actor_id: Option<i32>,
    action: &str,
    detail: &str,
) -> QueryResult<()> {
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::actor_id.eq(actor_id),
            audit_events::action.eq(action),
            audit_events::detail.eq(detail),
            audit_events::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// One line of the log as the admin page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditLine {
    pub at: chrono::NaiveDateTime,
    pub actor: Option<String>,
    pub action: String,
    pub detail: String,
}

/// The latest events, newest first, with the actor's name (one query).
pub fn latest(conn: &mut AnyConnection, limit: i64) -> QueryResult<Vec<AuditLine>> {
    let rows: Vec<(chrono::NaiveDateTime, Option<String>, String, String)> = audit_events::table
        .left_join(agents::table)
        .order((audit_events::created_at.desc(), audit_events::id.desc()))
        .limit(limit)
        .select((
            audit_events::created_at,
            agents::display_name.nullable(),
            audit_events::action,
            audit_events::detail,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(at, actor, action, detail)| AuditLine {
            at,
            actor,
            action,
            detail,
        })
        .collect())
}
