//! Form validation shared by every section: errors tied to their fields,
//! re-rendered with the person's input; local dates and times read in the
//! configured time zone.

use chrono::{LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Field name → French message, in the order the checks ran (the order of
/// the form). Templates show each next to its field and all of them, in that
/// order, in a summary at the top of the form.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl Serialize for FieldErrors {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (field, message) in &self.0 {
            map.serialize_entry(field, message)?;
        }
        map.end()
    }
}

impl FieldErrors {
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// Records a message for a field (the first one stays).
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if !self.has(field) {
            self.0.push((field.to_string(), message.into()));
        }
    }

    /// Records a message for a field, replacing any earlier one.
    pub fn replace(&mut self, field: &str, message: impl Into<String>) {
        match self.0.iter_mut().find(|(f, _)| f == field) {
            Some(entry) => entry.1 = message.into(),
            None => self.0.push((field.to_string(), message.into())),
        }
    }

    /// Whether a field has a message.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }

    /// The fields that have a message, in order.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(f, _)| f.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message, for a flash or a single-line answer.
    pub fn first(&self) -> Option<&str> {
        self.0.first().map(|(_, m)| m.as_str())
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

/// How far back a date a person types may go.
pub const TYPED_DATES_BACK: chrono::Months = chrono::Months::new(12);
/// How far ahead a date a person types may go.
pub const TYPED_DATES_AHEAD: chrono::Months = chrono::Months::new(36);

/// Reads a date a person typed (`AAAA-MM-JJ`, as `<input type="date">`
/// sends it) and keeps it within a sensible window around `today` (a year
/// back, three years ahead), so that no later date arithmetic can overflow.
pub fn typed_date(value: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| "Date invalide : utilisez le format JJ/MM/AAAA.".to_string())?;
    let earliest = today - TYPED_DATES_BACK;
    let latest = today + TYPED_DATES_AHEAD;
    if date < earliest || date > latest {
        return Err(format!(
            "Indiquez une date entre le {} et le {}.",
            earliest.format("%d/%m/%Y"),
            latest.format("%d/%m/%Y")
        ));
    }
    Ok(date)
}

/// Today's date in the time zone `tz`.
pub fn today(tz: Tz) -> NaiveDate {
    crate::common::format::local(crate::common::clock::now(), tz).date_naive()
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
        LocalResult::Single(at) => Ok(crate::common::clock::truncate(at.naive_utc())),
        LocalResult::Ambiguous(first, _) => Ok(crate::common::clock::truncate(first.naive_utc())),
        LocalResult::None => {
            Err("Cet horaire n'existe pas ce jour-là (passage à l'heure d'été).".into())
        }
    }
}

/// The date part of a UTC instant in local time, for `<input type="date">`.
pub fn input_date(at: NaiveDateTime, tz: Tz) -> String {
    crate::common::format::local(at, tz)
        .format("%Y-%m-%d")
        .to_string()
}

/// The time part of a UTC instant in local time, for `<input type="time">`.
pub fn input_time(at: NaiveDateTime, tz: Tz) -> String {
    crate::common::format::local(at, tz)
        .format("%H:%M")
        .to_string()
}
