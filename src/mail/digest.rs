//! Daily digests: at `mail.digest_hour` (local time), each agent who takes
//! some kinds of notification in the digest gets one email listing those
//! that came in since their previous digest. Claimed per agent and day in
//! `reminders_sent`, so that it is written once whatever the instances; a
//! digest missed while the server was down is written by the next run,
//! covering every day since the previous one.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::compose::DigestItem;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::notifications::outbox::{self, NewEmail};
use crate::notifications::preferences::Delivery;
use crate::schema::{agents, mail_preferences, notifications, reminders_sent};

/// The UTC instant of `hour`:00 local time on `day` (the first such
/// instant; an hour skipped by the spring change moves to the next one).
pub fn local_instant(day: NaiveDate, hour: u32, tz: Tz) -> NaiveDateTime {
    let mut at = day.and_hms_opt(hour.min(23), 0, 0).unwrap_or_default();
    for _ in 0..3 {
        if let Some(local) = tz.from_local_datetime(&at).earliest() {
            return local.naive_utc();
        }
        at += Duration::hours(1);
    }
    at
}

/// How far back a digest reaches for the previous one when some were not
/// written (the server was down at the digest hour): that many days.
pub const CATCH_UP_DAYS: i64 = 7;

/// The latest digest due at `now`: its local day and its time (UTC), today's
/// once its time has come, else yesterday's.
pub fn due_day(now: NaiveDateTime, hour: u32, tz: Tz) -> (NaiveDate, NaiveDateTime) {
    let today = tz.from_utc_datetime(&now).date_naive();
    let at = local_instant(today, hour, tz);
    if now >= at {
        return (today, at);
    }
    let yesterday = today.pred_opt().unwrap_or(today);
    (yesterday, local_instant(yesterday, hour, tz))
}

/// The claim kind of the digest of `day` (per agent in `reminders_sent`).
fn claim_kind(day: NaiveDate) -> String {
    format!("{CLAIM_PREFIX}{}", day.format("%Y-%m-%d"))
}

const CLAIM_PREFIX: &str = "courriel-resume-";

/// Writes the digests due at `now`; returns how many were queued.
///
/// The digest of the latest due day (see [`due_day`]) goes to each reader
/// who has not had it, and lists what came in since their previous digest
/// (a day's digest is claimed even when it lists nothing): when the server
/// was down at the digest hour, the next run writes the digest it missed,
/// covering every day since the last one written (up to [`CATCH_UP_DAYS`]),
/// once. A reader without any digest in those days (who has just chosen
/// it) gets their first one at the next digest time, covering the day
/// before it.
pub fn produce_due(
    conn: &mut AnyConnection,
    hour: u32,
    tz: Tz,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let (day, end) = due_day(now, hour, tz);
    let today = tz.from_utc_datetime(&now).date_naive();
    let readers = crate::notifications::preferences::digest_readers(conn)?;
    if readers.is_empty() {
        return Ok(0);
    }
    let reachable: HashSet<i32> = mail_preferences::table
        .inner_join(agents::table)
        .filter(mail_preferences::delivery.eq(Delivery::Digest.code()))
        .filter(agents::active.eq(true))
        .filter(agents::email.is_not_null())
        .filter(agents::email.ne(""))
        .select(agents::id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    // The digests written in the last days, per agent (by any instance).
    let kinds: Vec<String> = (0..=CATCH_UP_DAYS)
        .filter_map(|back| day.checked_sub_signed(Duration::days(back)))
        .map(claim_kind)
        .collect();
    let mut last_written: HashMap<i32, NaiveDate> = HashMap::new();
    for (kind, agent_id) in reminders_sent::table
        .filter(reminders_sent::kind.eq_any(&kinds))
        .select((reminders_sent::kind, reminders_sent::source_id))
        .load::<(String, i32)>(conn)?
    {
        let written = kind
            .strip_prefix(CLAIM_PREFIX)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        if let Some(written) = written {
            let last = last_written.entry(agent_id).or_insert(written);
            *last = (*last).max(written);
        }
    }
    let claim = claim_kind(day);
    let mut queued = 0;
    for (agent_id, kinds) in readers {
        if !reachable.contains(&agent_id) {
            continue;
        }
        let start = match last_written.get(&agent_id) {
            Some(last) if *last >= day => continue,
            Some(last) => local_instant(*last, hour, tz),
            // A new reader: their first digest at the next digest time.
            None if day < today => continue,
            None => match day.pred_opt() {
                Some(before) => local_instant(before, hour, tz),
                None => continue,
            },
        };
        let done = db::write_transaction(conn, |conn| {
            if !crate::reminders::claim(conn, &claim, agent_id)? {
                return Ok::<_, crate::error::AppError>(false);
            }
            let items: Vec<DigestItem> = notifications::table
                .filter(notifications::agent_id.eq(agent_id))
                .filter(notifications::kind.eq_any(&kinds))
                .filter(notifications::created_at.ge(start))
                .filter(notifications::created_at.lt(end))
                .order((notifications::created_at, notifications::id))
                .select((
                    notifications::message,
                    notifications::link,
                    notifications::created_at,
                ))
                .load::<(String, String, NaiveDateTime)>(conn)?
                .into_iter()
                .map(|(message, link, at)| DigestItem { message, link, at })
                .collect();
            if items.is_empty() {
                return Ok(false);
            }
            let count = items.len();
            let email = NewEmail {
                kind: outbox::DIGEST,
                subject: format!(
                    "Votre résumé Passerelles du {} : {count} notification{}",
                    crate::common::format::long_date(end, tz),
                    if count > 1 { "s" } else { "" }
                ),
                body: serde_json::to_string(&items)
                    .map_err(|e| crate::error::AppError::Internal(e.to_string()))?,
                link: "/notifications".into(),
                event: None,
            };
            outbox::queue(conn, agent_id, &email, now)?;
            Ok(true)
        })?;
        queued += usize::from(done);
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn digest_times_follow_local_time_across_daylight_saving_changes() {
        // 28 March 2027: clocks go forward; 7:00 local is 5:00 UTC, the day before 6:00 UTC.
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        assert_eq!(
            due_day(at("2027-03-28 04:59"), 7, Paris),
            (day("2027-03-27"), at("2027-03-27 06:00")),
            "before today's time, yesterday's digest is the latest due"
        );
        assert_eq!(
            due_day(at("2027-03-28 05:00"), 7, Paris),
            (day("2027-03-28"), at("2027-03-28 05:00"))
        );
        // 25 October 2026: clocks go back; the day lasts 25 hours.
        assert_eq!(
            due_day(at("2026-10-25 06:30"), 7, Paris),
            (day("2026-10-25"), at("2026-10-25 06:00"))
        );
        assert_eq!(
            local_instant(day("2026-10-24"), 7, Paris),
            at("2026-10-24 05:00")
        );
        // 2:30 does not exist on 28 March 2027: the digest moves to 3:00 local.
        assert_eq!(
            local_instant(at("2027-03-28 00:00").date(), 2, Paris),
            at("2027-03-28 01:00")
        );
    }
}
