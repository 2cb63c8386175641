//! Calendars: `.ics` files (RFC 5545, with a VTIMEZONE for Europe/Paris) and
//! each agent's personal feed, reached by a secret, revocable token.

pub mod ics;

use diesel::prelude::*;

use crate::db::{self, AnyConnection};
use crate::schema::calendar_feeds;

/// When the agent created their feed link, if they have one. The token
/// itself is not kept: only its hash, like session ids.
pub fn feed_created_at(
    conn: &mut AnyConnection,
    agent_id: i32,
) -> QueryResult<Option<chrono::NaiveDateTime>> {
    calendar_feeds::table
        .find(agent_id)
        .select(calendar_feeds::created_at)
        .first(conn)
        .optional()
}

/// Creates (or replaces, revoking the old one) the agent's feed token;
/// returns it in clear, to be shown once.
pub fn renew_feed(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<String> {
    let token = crate::auth::session::random_token();
    revoke_feed(conn, agent_id)?;
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::agent_id.eq(agent_id),
            calendar_feeds::token_hash.eq(crate::auth::session::hash(&token)),
            calendar_feeds::created_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Revokes the agent's feed token.
pub fn revoke_feed(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<usize> {
    diesel::delete(calendar_feeds::table.find(agent_id)).execute(conn)
}

/// The active agent a token belongs to.
pub fn feed_owner(conn: &mut AnyConnection, token: &str) -> QueryResult<Option<i32>> {
    use crate::schema::agents;
    calendar_feeds::table
        .inner_join(agents::table)
        .filter(calendar_feeds::token_hash.eq(crate::auth::session::hash(token)))
        .filter(agents::active.eq(true))
        .select(calendar_feeds::agent_id)
        .first(conn)
        .optional()
}
