//! The audit log as its page reads it: filtered by person, action and
//! period, newest first, one page at a time (one query per page, plus the
//! list of actions).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};

use crate::audit::AuditLine;
use crate::db::AnyConnection;
use crate::schema::{agents, audit_events};

diesel::define_sql_function! {
    /// SQL `lower()` (both backends).
    fn lower(x: Nullable<Text>) -> Nullable<Text>;
}

/// Lines per page.
pub const PAGE_SIZE: i64 = 50;

/// What the page filters on.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this actor's entries (HR reading its own).
    pub actor_id: Option<i32>,
    /// Part of the actor's name or their username.
    pub person: Option<String>,
    pub action: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

/// The log's rows under a filter, newest first: (at, id, actor, action, detail).
type Row = (NaiveDateTime, i32, Option<String>, String, String);

macro_rules! filtered {
    ($filter:expr) => {{
        let filter: &AuditFilter = $filter;
        let mut query = audit_events::table
            .left_join(agents::table)
            .select((
                audit_events::created_at,
                audit_events::id,
                agents::display_name.nullable(),
                audit_events::action,
                audit_events::detail,
            ))
            .order((audit_events::created_at.desc(), audit_events::id.desc()))
            .into_boxed();
        if let Some(actor) = filter.actor_id {
            query = query.filter(audit_events::actor_id.eq(actor));
        }
        if let Some(person) = &filter.person {
            let pattern = format!("%{}%", person.to_lowercase().replace(['%', '_'], ""));
            query = query.filter(
                lower(agents::display_name.nullable())
                    .like(pattern.clone())
                    .or(lower(agents::username.nullable()).like(pattern)),
            );
        }
        if let Some(action) = &filter.action {
            query = query.filter(audit_events::action.eq(action.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(audit_events::created_at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(audit_events::created_at.lt(to));
        }
        query
    }};
}

fn line((at, _, actor, action, detail): Row) -> AuditLine {
    AuditLine {
        at,
        actor,
        action,
        detail,
    }
}

/// One page of the log (`page` from 1), and whether another follows.
pub fn page(
    conn: &mut AnyConnection,
    filter: &AuditFilter,
    page: i64,
) -> QueryResult<(Vec<AuditLine>, bool)> {
    let rows: Vec<Row> = filtered!(filter)
        .limit(PAGE_SIZE + 1)
        .offset((page.max(1) - 1) * PAGE_SIZE)
        .load(conn)?;
    let more = rows.len() as i64 > PAGE_SIZE;
    Ok((
        rows.into_iter()
            .take(PAGE_SIZE as usize)
            .map(line)
            .collect(),
        more,
    ))
}

/// Rows read at once by [`each`].
pub const BATCH: i64 = 1000;

/// Hands every line under the filter to `write`, newest first, reading
/// [`BATCH`] lines at a time (keyset on date and id: each batch is one
/// indexed query, however far into the log it is).
pub fn each<E: From<diesel::result::Error>>(
    conn: &mut AnyConnection,
    filter: &AuditFilter,
    mut write: impl FnMut(AuditLine) -> Result<(), E>,
) -> Result<(), E> {
    let mut after: Option<(NaiveDateTime, i32)> = None;
    loop {
        let mut query = filtered!(filter);
        if let Some((at, id)) = after {
            query = query.filter(
                audit_events::created_at
                    .lt(at)
                    .or(audit_events::created_at.eq(at).and(audit_events::id.lt(id))),
            );
        }
        let rows: Vec<Row> = query.limit(BATCH).load(conn)?;
        let full = rows.len() as i64 == BATCH;
        after = rows.last().map(|r| (r.0, r.1));
        for row in rows {
            write(line(row))?;
        }
        if !full {
            return Ok(());
        }
    }
}

/// Every action recorded so far, for the filter.
pub fn actions(conn: &mut AnyConnection, actor_id: Option<i32>) -> QueryResult<Vec<String>> {
    let mut query = audit_events::table
        .select(audit_events::action)
        .distinct()
        .into_boxed();
    if let Some(actor) = actor_id {
        query = query.filter(audit_events::actor_id.eq(actor));
    }
    let mut all: Vec<String> = query.load(conn)?;
    all.sort();
    Ok(all)
}
