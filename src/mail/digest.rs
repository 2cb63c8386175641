//! Daily digests: at `mail.digest_hour` (local time), each agent who takes
//! some kinds of notification in the digest gets one email listing those
//! that came in since the previous digest time. Claimed per agent and day in
//! `reminders_sent`, so that it is written once whatever the instances.

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::compose::DigestItem;
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::notifications::outbox::{self, NewEmail};
use crate::schema::{agents, notifications, reminders_sent};

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

/// The digest due at `now`: its local day and the window it covers, from
/// the previous day's digest time to today's. `None` before today's time.
pub fn due_window(
    now: NaiveDateTime,
    hour: u32,
    tz: Tz,
) -> Option<(NaiveDate, NaiveDateTime, NaiveDateTime)> {
    let today = tz.from_utc_datetime(&now).date_naive();
    let end = local_instant(today, hour, tz);
    if now < end {
        return None;
    }
    let start = local_instant(today.pred_opt()?, hour, tz);
    Some((today, start, end))
}

/// Writes the digests due at `now`; returns how many were queued.
pub fn produce_due(
    conn: &mut AnyConnection,
    hour: u32,
    tz: Tz,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let Some((day, start, end)) = due_window(now, hour, tz) else {
        return Ok(0);
    };
    let claim_kind = format!("courriel-resume-{}", day.format("%Y-%m-%d"));
    let readers = crate::notifications::preferences::digest_readers(conn)?;
    // Those whose digest of the day is already written (by any instance).
    let done: std::collections::HashSet<i32> = reminders_sent::table
        .filter(reminders_sent::kind.eq(&claim_kind))
        .select(reminders_sent::source_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    let mut queued = 0;
    for (agent_id, kinds) in readers.into_iter().filter(|(id, _)| !done.contains(id)) {
        let reachable: bool = agents::table
            .find(agent_id)
            .select(agents::active.and(agents::email.is_not_null()))
            .first(conn)?;
        if !reachable {
            continue;
        }
        let done = db::write_transaction(conn, |conn| {
            if !crate::reminders::claim(conn, &claim_kind, agent_id)? {
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
    fn windows_follow_local_time_across_daylight_saving_changes() {
        // 28 March 2027: clocks go forward; 7:00 local is 5:00 UTC, the day before 6:00 UTC.
        assert_eq!(due_window(at("2027-03-28 04:59"), 7, Paris), None);
        let (day, start, end) = due_window(at("2027-03-28 05:00"), 7, Paris).unwrap();
        assert_eq!(day.to_string(), "2027-03-28");
        assert_eq!(
            (start, end),
            (at("2027-03-27 06:00"), at("2027-03-28 05:00"))
        );
        // 25 October 2026: clocks go back; the window lasts 25 hours.
        let (_, start, end) = due_window(at("2026-10-25 06:30"), 7, Paris).unwrap();
        assert_eq!(
            (start, end),
            (at("2026-10-24 05:00"), at("2026-10-25 06:00"))
        );
        // 2:30 does not exist on 28 March 2027: the digest moves to 3:00 local.
        assert_eq!(
            local_instant(at("2027-03-28 00:00").date(), 2, Paris),
            at("2027-03-28 01:00")
        );
    }
}
