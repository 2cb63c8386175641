//! Form validation shared by every section: errors tied to their fields,
//! re-rendered with the person's input; local dates and times read in the
//! configured time zone.

use std::collections::BTreeMap;

use chrono::{LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

/// Field name → French message. Templates show each next to its field and
/// all of them in a summary at the top of the form.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// Records a message for a field (the first one stays).
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_insert_with(|| message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message, for a flash or a single-line answer.
    pub fn first(&self) -> Option<&str> {
        self.0.values().next().map(String::as_str)
    }

    /// Checks a required text and returns it trimmed.
    pub fn required(&mut self, field: &str, value: &str, label: &str, max_chars: usize) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.add(field, format!("Indiquez {label}."));
        } else if value.chars().count() > max_chars {
            self.add(
                field,
                format!(
                    "{max_chars} caractères au plus ({} saisis).",
                    value.chars().count()
                ),
            );
        }
        value.to_string()
    }

    /// Checks an optional text and returns it trimmed, `None` when empty.
    pub fn optional(&mut self, field: &str, value: &str, max_chars: usize) -> Option<String> {
        let value = value.trim();
        if value.chars().count() > max_chars {
            self.add(
                field,
                format!(
                    "{max_chars} caractères au plus ({} saisis).",
                    value.chars().count()
                ),
            );
        }
        (!value.is_empty()).then(|| value.to_string())
    }
}

/// Reads a date (`AAAA-MM-JJ`) and a time (`HH:MM`) typed in local time and
/// gives the UTC instant. A time skipped by the spring change is refused; a
/// time repeated by the autumn change is taken at its first occurrence.
pub fn local_to_utc(date: &str, time: &str, tz: Tz) -> Result<NaiveDateTime, String> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| "Date invalide : utilisez le format JJ/MM/AAAA.".to_string())?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .map_err(|_| "Heure invalide : utilisez le format HH:MM.".to_string())?;
    let local = date.and_time(time);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => Ok(crate::db::truncate(at.naive_utc())),
        LocalResult::Ambiguous(first, _) => Ok(crate::db::truncate(first.naive_utc())),
        LocalResult::None => {
            Err("Cet horaire n'existe pas ce jour-là (passage à l'heure d'été).".into())
        }
    }
}

/// The date part of a UTC instant in local time, for `<input type="date">`.
pub fn input_date(at: NaiveDateTime, tz: Tz) -> String {
    crate::web::format::local(at, tz)
        .format("%Y-%m-%d")
        .to_string()
}

/// The time part of a UTC instant in local time, for `<input type="time">`.
pub fn input_time(at: NaiveDateTime, tz: Tz) -> String {
    crate::web::format::local(at, tz)
        .format("%H:%M")
        .to_string()
}
