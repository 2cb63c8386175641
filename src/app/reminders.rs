//! `passerelles send-reminders`: every section's reminders that come from
//! time passing, not from someone's action (each claimed once, see
//! [`crate::reminders::claim`]).

use crate::db::AnyConnection;
use crate::error::AppResult;

/// What one run sent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReminderReport {
    pub swap_feedback: usize,
}

/// Sends every reminder that is due.
pub fn send_due(conn: &mut AnyConnection) -> AppResult<ReminderReport> {
    Ok(ReminderReport {
        swap_feedback: crate::swaps::reminders::send_feedback_reminders(conn, crate::db::now())?,
    })
}
