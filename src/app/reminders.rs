//! `passerelles send-reminders`: every section's reminders that come from
//! time passing, not from someone's action (each claimed once, see
//! [`crate::reminders::claim`]), and the barometer's mixing of the last
//! answers of waves past their last day.

use chrono::NaiveDate;

use crate::db::AnyConnection;
use crate::error::AppResult;

/// What one run sent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReminderReport {
    pub swap_feedback: usize,
    /// Barometer responses of closed waves written again with their last
    /// batch (the pending remainder and that batch).
    pub barometer_mixed: usize,
}

/// Sends every reminder that is due, and mixes the last answers of the
/// barometer's closed waves (time passing closes them too).
pub fn send_due(conn: &mut AnyConnection) -> AppResult<ReminderReport> {
    let now = crate::db::now();
    Ok(ReminderReport {
        swap_feedback: crate::swaps::reminders::send_feedback_reminders(conn, now)?,
        // The UTC date: never later than the city's own east of Greenwich
        // (mixing a wave a little early is harmless anyway).
        barometer_mixed: crate::barometer::mixing::mix_closed_waves(conn, now.date())?,
    })
}

/// What opened on its own day and was announced.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OpeningReport {
    pub barometer_waves: usize,
    pub skills_campaigns: usize,
}

/// Announces what opens on `today` (local date) and was created ahead of
/// it: barometer waves, skills campaigns (each once).
pub fn announce_openings(conn: &mut AnyConnection, today: NaiveDate) -> AppResult<OpeningReport> {
    Ok(OpeningReport {
        barometer_waves: crate::barometer::waves::announce_opened(conn, today)?,
        skills_campaigns: crate::skills::campaigns::announce_started(conn, today)?,
    })
}
