//! Once a confirmed swap has ended, visitor and host are asked for their
//! feedback (once, whatever the number of instances sending reminders).

use crate::swaps::links;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::RequestStatus;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::schema::{reminders_sent, swap_feedback, swap_offers, swap_requests, swap_slots};

const KIND: &str = "swap_feedback";

/// Notifies the parties (those who have not given feedback) of every confirmed swap ended before `now` and not
/// yet reminded; returns how many swaps were reminded.
pub fn send_feedback_reminders(conn: &mut AnyConnection, now: NaiveDateTime) -> AppResult<usize> {
    let due: Vec<(i32, i32, i32, String)> = swap_requests::table
        .inner_join(swap_slots::table)
        .inner_join(swap_offers::table)
        .left_join(
            reminders_sent::table.on(reminders_sent::kind
                .eq(KIND)
                .and(reminders_sent::source_id.eq(swap_requests::id))),
        )
        .filter(swap_requests::status.eq(RequestStatus::Confirmed.code()))
        .filter(swap_slots::ends_at.le(now))
        .filter(reminders_sent::source_id.is_null())
        .select((
            swap_requests::id,
            swap_requests::visitor_id,
            swap_offers::host_id,
            swap_offers::title,
        ))
        .load(conn)?;
    let mut sent = 0;
    for (request_id, visitor_id, host_id, title) in due {
        let link = format!("{}/retour", links::request(request_id));
        let message =
            format!("Votre immersion « {title} » est terminée : donnez votre retour d'expérience.");
        let claimed = db::write_transaction(conn, |conn| {
            if !crate::reminders::claim(conn, KIND, request_id)? {
                return Ok::<_, diesel::result::Error>(false);
            }
            // Only whoever has not given feedback yet is reminded.
            let given: Vec<i32> = swap_feedback::table
                .filter(swap_feedback::request_id.eq(request_id))
                .select(swap_feedback::author_id)
                .load(conn)?;
            let missing: Vec<i32> = [visitor_id, host_id]
                .into_iter()
                .filter(|id| !given.contains(id))
                .collect();
            crate::notifications::notify_all(
                conn,
                &missing,
                crate::notifications::NotificationKind::FeedbackAwaited,
                &message,
                &link,
            )?;
            Ok(true)
        })?;
        sent += usize::from(claimed);
    }
    Ok(sent)
}
