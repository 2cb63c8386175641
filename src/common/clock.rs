//! The clock: timestamps in UTC, truncated to microseconds so that both
//! backends store and return the same value.

/// The current time in UTC, truncated to microseconds so that both backends
/// store and return the same value.
pub fn now() -> chrono::NaiveDateTime {
    truncate(chrono::Utc::now().naive_utc())
}

/// Truncates a timestamp to microseconds.
pub fn truncate(at: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let micros = at.nanosecond() / 1_000 * 1_000;
    at.with_nanosecond(micros).unwrap_or(at)
}
