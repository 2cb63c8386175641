//! Sign-in rate limiting, per IP address and per username, stored in the
//! database so that every instance behind the proxy counts the same failures.

use chrono::Duration;
use diesel::prelude::*;

use crate::config::SignInLimits;
use crate::db::{self, AnyConnection};
use crate::schema::sign_in_failures;

/// The two counters a sign-in attempt is held to.
pub struct AttemptKeys {
    ip: String,
    username: String,
}

impl AttemptKeys {
    pub fn new(ip: Option<std::net::IpAddr>, username: &str) -> AttemptKeys {
        AttemptKeys {
            ip: format!(
                "ip:{}",
                ip.map_or_else(|| "inconnue".to_string(), |ip| ip.to_string())
            ),
            username: format!("user:{}", printable(username).trim().to_lowercase()),
        }
    }
}

fn failures_since(
    conn: &mut AnyConnection,
    key: &str,
    since: chrono::NaiveDateTime,
) -> QueryResult<i64> {
    sign_in_failures::table
        .filter(sign_in_failures::limit_key.eq(key))
        .filter(sign_in_failures::failed_at.gt(since))
        .count()
        .get_result(conn)
}

/// Whether either counter has reached its limit within the window.
pub fn is_limited(
    conn: &mut AnyConnection,
    limits: &SignInLimits,
    keys: &AttemptKeys,
) -> QueryResult<bool> {
    let since = db::now() - Duration::seconds(limits.window_s);
    Ok(failures_since(conn, &keys.ip, since)? >= limits.per_ip
        || failures_since(conn, &keys.username, since)? >= limits.per_username)
}

/// Counts a failed attempt on both counters and forgets those past the window.
pub fn record_failure(
    conn: &mut AnyConnection,
    limits: &SignInLimits,
    keys: &AttemptKeys,
) -> QueryResult<()> {
    let now = db::now();
    diesel::delete(
        sign_in_failures::table
            .filter(sign_in_failures::failed_at.lt(now - Duration::seconds(limits.window_s))),
    )
    .execute(conn)?;
    for key in [&keys.ip, &keys.username] {
        diesel::insert_into(sign_in_failures::table)
            .values((
                sign_in_failures::limit_key.eq(key),
                sign_in_failures::failed_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The text without control characters (PostgreSQL refuses NUL in text).
pub fn printable(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}
