//! The rules of Vis ma vie, each with its French message: what a slot must
//! look like, and what a request must respect (not one's own service, not a
//! past or full slot, no clash in the visitor's agenda, the discretion
//! commitment, the cap on a service's absences per day).

use chrono::{Duration as Span, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::model::{Duration, RequestStatus, SlotFields};
use crate::common::format::{local, long_date};
use crate::db::AnyConnection;
use crate::schema::{swap_requests, swap_slots};

/// A rule the request breaks: the form field it concerns and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: &'static str,
    pub message: String,
}

impl Refusal {
    pub fn new(field: &'static str, message: impl Into<String>) -> Refusal {
        Refusal {
            field,
            message: message.into(),
        }
    }
}

/// The most a slot may hold.
pub const MAX_CAPACITY: i32 = 10;

/// Checks a slot against the offer's duration. Times are UTC; days are
/// counted in the city's time zone.
pub fn check_slot(duration: Duration, slot: &SlotFields, tz: Tz) -> Result<(), String> {
    if slot.ends_at <= slot.starts_at {
        return Err("La fin du créneau doit venir après son début.".into());
    }
    if !(1..=MAX_CAPACITY).contains(&slot.capacity) {
        return Err(format!("Le nombre de places va de 1 à {MAX_CAPACITY}."));
    }
    let days = local_days(slot.starts_at, slot.ends_at, tz).len();
    let hours = (slot.ends_at - slot.starts_at).num_minutes() as f64 / 60.0;
    match duration {
        Duration::HalfDay if days != 1 || hours > 5.0 => {
            Err("Une demi-journée tient sur un seul jour, en 5 heures au plus.".into())
        }
        Duration::Day if days != 1 || hours > 11.0 => {
            Err("Une journée tient sur un seul jour, en 11 heures au plus.".into())
        }
        Duration::SeveralDays if !(2..=5).contains(&days) => Err(
            "Une immersion de plusieurs jours s'étend sur 2 à 5 jours : indiquez le jour de fin."
                .into(),
        ),
        _ => Ok(()),
    }
}

/// The local calendar days a period touches.
pub fn local_days(starts_at: NaiveDateTime, ends_at: NaiveDateTime, tz: Tz) -> Vec<NaiveDate> {
    let first = local(starts_at, tz).date_naive();
    let last = local(ends_at - Span::microseconds(1), tz).date_naive();
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .take(31)
        .collect()
}

/// Takes the lock that serialises requests of one service, so that two
/// agents of the same service asking at once cannot both pass the absences
/// cap (the service's row lock, see [`crate::db::lock_row`]).
pub fn lock_service(conn: &mut AnyConnection, service_id: i32) -> QueryResult<()> {
    crate::db::lock_row(conn, "services", service_id)
}

/// The first day on which the service already has `max` agents away (live
/// requests of its agents), among the days of `[starts_at, ends_at)`.
pub fn day_over_absence_cap(
    conn: &mut AnyConnection,
    service_id: i32,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    max: i64,
    tz: Tz,
) -> QueryResult<Option<NaiveDate>> {
    let days = local_days(starts_at, ends_at, tz);
    // Periods touching those days (a day is at most 26 hours long anywhere).
    let window_start = starts_at - Span::hours(26);
    let window_end = ends_at + Span::hours(26);
    let away: Vec<(NaiveDateTime, NaiveDateTime)> = swap_requests::table
        .inner_join(swap_slots::table)
        .filter(swap_requests::visitor_service_id.eq(service_id))
        .filter(swap_requests::status.eq_any(RequestStatus::LIVE))
        .filter(swap_slots::starts_at.lt(window_end))
        .filter(swap_slots::ends_at.gt(window_start))
        .select((swap_slots::starts_at, swap_slots::ends_at))
        .load(conn)?;
    let away_days: Vec<Vec<NaiveDate>> = away
        .into_iter()
        .map(|(s, e)| local_days(s, e, tz))
        .collect();
    Ok(days.into_iter().find(|day| {
        let count = away_days.iter().filter(|d| d.contains(day)).count() as i64;
        count >= max
    }))
}

/// The message for a day over the cap.
pub fn absence_cap_message(day: NaiveDate, max: i64, tz: Tz) -> String {
    let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default();
    let at = crate::common::forms::local_to_utc(&noon.format("%Y-%m-%d").to_string(), "12:00", tz)
        .unwrap_or(noon);
    format!(
        "Votre service compte déjà {max} agent{s} en immersion le {day} : c'est le maximum \
         d'absences simultanées par service et par jour. Choisissez un autre créneau.",
        s = if max > 1 { "s" } else { "" },
        day = long_date(at, tz),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str, time: &str) -> NaiveDateTime {
        crate::common::forms::local_to_utc(date, time, chrono_tz::Europe::Paris).unwrap()
    }

    #[test]
    fn slots_match_their_duration() {
        let tz = chrono_tz::Europe::Paris;
        let half = SlotFields {
            starts_at: at("2026-12-03", "08:00"),
            ends_at: at("2026-12-03", "12:00"),
            capacity: 1,
        };
        assert!(check_slot(Duration::HalfDay, &half, tz).is_ok());
        let long = SlotFields {
            ends_at: at("2026-12-03", "17:00"),
            ..half
        };
        assert!(check_slot(Duration::HalfDay, &long, tz).is_err());
        assert!(check_slot(Duration::Day, &long, tz).is_ok());
        let three_days = SlotFields {
            ends_at: at("2026-12-05", "17:00"),
            ..half
        };
        assert!(check_slot(Duration::Day, &three_days, tz).is_err());
        assert!(check_slot(Duration::SeveralDays, &three_days, tz).is_ok());
        let backwards = SlotFields {
            ends_at: at("2026-12-03", "07:00"),
            ..half
        };
        assert!(check_slot(Duration::Day, &backwards, tz).is_err());
        let crowded = SlotFields {
            capacity: 11,
            ..half
        };
        assert!(check_slot(Duration::HalfDay, &crowded, tz).is_err());
    }

    #[test]
    fn days_are_local_days() {
        let tz = chrono_tz::Europe::Paris;
        // 23:30 to 00:30 in Paris spans two local days.
        let days = local_days(at("2026-12-03", "23:30"), at("2026-12-04", "00:30"), tz);
        assert_eq!(days.len(), 2);
        // Ending exactly at midnight stays on one day.
        let days = local_days(at("2026-12-03", "08:00"), at("2026-12-04", "00:00"), tz);
        assert_eq!(days.len(), 1);
    }
}
