//! Sign-in rate limiting, per client address and per username, stored in
//! the database so that every instance behind the proxy counts alike.
//!
//! Each key (`user:…`, `ip:…`) has one counter per window. An attempt takes
//! a place on both counters (a conditional update, `attempts < limit`)
//! *before* the directory is asked, so attempts still in flight count: 200
//! parallel wrong passwords for one login reach the directory 5 times. A
//! successful sign-in, or a directory that did not answer, gives its places
//! back; a refused one keeps them until the window ends.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::config::SignInLimits;
use crate::db::{self, AnyConnection};
use crate::schema::sign_in_attempts;

/// The two counters a sign-in attempt is held to.
#[derive(Debug, Clone)]
pub struct AttemptKeys {
    ip: String,
    username: String,
}

impl AttemptKeys {
    pub fn new(ip: Option<std::net::IpAddr>, username: &str) -> AttemptKeys {
        AttemptKeys {
            ip: format!("ip:{}", super::client::limit_key(ip)),
            username: format!("user:{}", username_key(username)),
        }
    }
}

/// One login however it is typed: control characters dropped, spaces
/// around trimmed, Unicode NFKC, case folded (`ＣＤｕｂｏｉｓ`, `CDUBOIS`
/// and `cdubois` share one counter).
pub fn username_key(username: &str) -> String {
    let compatible: String = printable(username).trim().nfkc().collect();
    caseless::default_case_fold_str(&compatible)
        .nfkc()
        .collect::<String>()
        .chars()
        .take(200)
        .collect()
}

/// Places taken by an attempt, to give back if it did not fail.
#[derive(Debug, Clone)]
pub struct Reservation {
    keys: AttemptKeys,
    /// The window each place was taken in (user, ip).
    windows: (NaiveDateTime, NaiveDateTime),
}

/// Whether a key's counter would refuse one more attempt.
struct Refused;

impl From<diesel::result::Error> for RefusedOr {
    fn from(e: diesel::result::Error) -> Self {
        RefusedOr::Db(e)
    }
}

enum RefusedOr {
    Refused(Refused),
    Db(diesel::result::Error),
}

/// Takes one place on `key`'s counter, in the current window; `Refused` when full.
fn take(
    conn: &mut AnyConnection,
    key: &str,
    limit: i64,
    window: Duration,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, RefusedOr> {
    let row = (
        sign_in_attempts::limit_key.eq(key),
        sign_in_attempts::window_started_at.eq(now),
        sign_in_attempts::attempts.eq(0),
    );
    let insert = diesel::insert_into(sign_in_attempts::table).values(row);
    match conn {
        AnyConnection::Sqlite(c) => insert
            .on_conflict(sign_in_attempts::limit_key)
            .do_nothing()
            .execute(c)?,
        AnyConnection::Postgresql(c) => insert
            .on_conflict(sign_in_attempts::limit_key)
            .do_nothing()
            .execute(c)?,
    };
    // A window past its end starts again.
    diesel::update(
        sign_in_attempts::table
            .filter(sign_in_attempts::limit_key.eq(key))
            .filter(sign_in_attempts::window_started_at.le(now - window)),
    )
    .set((
        sign_in_attempts::window_started_at.eq(now),
        sign_in_attempts::attempts.eq(0),
    ))
    .execute(conn)?;
    let limit = i32::try_from(limit).unwrap_or(i32::MAX);
    let taken = diesel::update(
        sign_in_attempts::table
            .filter(sign_in_attempts::limit_key.eq(key))
            .filter(sign_in_attempts::attempts.lt(limit)),
    )
    .set(sign_in_attempts::attempts.eq(sign_in_attempts::attempts + 1))
    .execute(conn)?;
    if taken == 0 {
        return Err(RefusedOr::Refused(Refused));
    }
    Ok(sign_in_attempts::table
        .find(key)
        .select(sign_in_attempts::window_started_at)
        .first(conn)?)
}

/// Takes a place on both counters at once, or on neither: `None` when
/// either is full (the attempt is refused with 429, the directory not asked).
pub fn reserve(
    conn: &mut AnyConnection,
    limits: &SignInLimits,
    keys: &AttemptKeys,
) -> QueryResult<Option<Reservation>> {
    let window = Duration::seconds(limits.window_s.max(1));
    let now = db::now();
    let outcome = db::write_transaction(conn, |conn| {
        let user = take(conn, &keys.username, limits.per_username, window, now)?;
        let ip = take(conn, &keys.ip, limits.per_ip, window, now)?;
        Ok::<_, RefusedOr>((user, ip))
    });
    match outcome {
        Ok(windows) => Ok(Some(Reservation {
            keys: keys.clone(),
            windows,
        })),
        Err(RefusedOr::Refused(Refused)) => Ok(None),
        Err(RefusedOr::Db(e)) => Err(e),
    }
}

/// Gives the places back (the attempt succeeded, or the directory did not
/// answer): only in the window they were taken in.
pub fn release(conn: &mut AnyConnection, reservation: &Reservation) -> QueryResult<()> {
    let (user_window, ip_window) = reservation.windows;
    for (key, window) in [
        (&reservation.keys.username, user_window),
        (&reservation.keys.ip, ip_window),
    ] {
        diesel::update(
            sign_in_attempts::table
                .filter(sign_in_attempts::limit_key.eq(key))
                .filter(sign_in_attempts::window_started_at.eq(window))
                .filter(sign_in_attempts::attempts.gt(0)),
        )
        .set(sign_in_attempts::attempts.eq(sign_in_attempts::attempts - 1))
        .execute(conn)?;
    }
    Ok(())
}

/// Forgets counters unused for ten windows (after a refused attempt; best
/// effort: a counter that old is rarely touched at the same moment, and a
/// counter forgotten too early only starts a new window).
pub fn forget_old(conn: &mut AnyConnection, limits: &SignInLimits) -> QueryResult<usize> {
    let cutoff = db::now() - Duration::seconds(limits.window_s.max(1) * 10);
    diesel::delete(sign_in_attempts::table.filter(sign_in_attempts::window_started_at.le(cutoff)))
        .execute(conn)
}

/// The text without control characters (PostgreSQL refuses NUL in text).
pub fn printable(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::username_key;

    #[test]
    fn variants_of_one_login_share_a_key() {
        let key = username_key("cdubois");
        for variant in [
            "CDubois",
            " cdubois ",
            "ＣＤＵＢＯＩＳ",
            "cdubois\u{0}",
            "CDUBOİS".replace('İ', "I").as_str(),
        ] {
            assert_eq!(username_key(variant), key, "{variant:?}");
        }
        assert_eq!(username_key("STRASSE"), username_key("straße"));
        assert_eq!(username_key("ﬁne"), username_key("FINE"));
        assert_ne!(username_key("cdubois2"), key);
    }
}
