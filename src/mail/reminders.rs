//! Email reminders, produced on schedule by the worker and by
//! `passerelles send-reminders`: before each confirmed swap and registered
//! session (`mail.reminder_hours`, 48 and 2 hours by default), with the
//! event's `.ics`; and once to whoever leaves a Vis ma vie request waiting
//! longer than `swaps.stale_after_days`. Each is claimed in
//! `reminders_sent` (see [`crate::reminders::claim`]) in the transaction
//! that writes it, so that it is produced once whatever the instances.

use crate::swaps::links;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::agenda::{AgendaEntry, EntryKind};
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::notifications::{self, NotificationKind};
use crate::schema::{agenda_entries, agents, reminders_sent, swap_offers, swap_requests};
use crate::swaps::model::RequestStatus;

/// Claim kind of a request left waiting for the manager's agreement.
const STALE_APPROVAL: &str = "courriel-accord-en-attente";
/// Claim kind of a request left waiting for the host's answer.
const STALE_ACCEPTANCE: &str = "courriel-reponse-en-attente";

/// What one run produced.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReminderCounts {
    pub events: usize,
    pub stale_requests: usize,
}

/// Produces every reminder due at `now`.
pub fn produce_due(
    conn: &mut AnyConnection,
    settings: &crate::config::Settings,
    now: NaiveDateTime,
) -> AppResult<ReminderCounts> {
    Ok(ReminderCounts {
        events: event_reminders(conn, &settings.mail.reminder_offsets(), settings.tz(), now)?,
        stale_requests: stale_requests(conn, settings.swaps.stale_after_days, now)?,
    })
}

fn claim_kind(hours: i64) -> String {
    format!("courriel-rappel-{hours}h")
}

/// Reminders before diary events. The reminder `h` hours before is due
/// from `h` hours before the start until the next smaller reminder's time
/// (so that a late run never sends two at once), and only for entries that
/// were already in the diary at its time (no reminder on registering late).
pub fn event_reminders(
    conn: &mut AnyConnection,
    offsets: &[i64],
    tz: chrono_tz::Tz,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let mut produced = 0;
    for (i, hours) in offsets.iter().enumerate() {
        let next = offsets.get(i + 1).copied().unwrap_or(0);
        let kind = claim_kind(*hours);
        let due: Vec<AgendaEntry> = agenda_entries::table
            .left_join(
                reminders_sent::table.on(reminders_sent::kind
                    .eq(&kind)
                    .and(reminders_sent::source_id.eq(agenda_entries::id))),
            )
            .filter(agenda_entries::starts_at.gt(now + Duration::hours(next)))
            .filter(agenda_entries::starts_at.le(now + Duration::hours(*hours)))
            .filter(reminders_sent::source_id.is_null())
            .select(AgendaEntry::as_select())
            .load(conn)?;
        for entry in due {
            if entry.created_at > entry.starts_at - Duration::hours(*hours) {
                continue;
            }
            let event = EntryKind::parse(&entry.kind)?;
            let message = format!(
                "Rappel : « {} » a lieu {}{}.",
                entry.title,
                super::compose::when(entry.starts_at, entry.ends_at, tz),
                entry
                    .location
                    .as_deref()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default()
            );
            let claimed = db::write_transaction(conn, |conn| {
                if !crate::reminders::claim(conn, &kind, entry.id)? {
                    return Ok::<_, diesel::result::Error>(false);
                }
                notifications::notify_about_event(
                    conn,
                    &[entry.agent_id],
                    NotificationKind::Reminder,
                    &message,
                    &entry.link,
                    (event, entry.source_id),
                )?;
                Ok(true)
            })?;
            produced += usize::from(claimed);
        }
    }
    Ok(produced)
}

/// Requests waiting for an agreement, or for the host, for longer than
/// `stale_after_days`: whoever must decide is reminded once.
pub fn stale_requests(
    conn: &mut AnyConnection,
    stale_after_days: i64,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let before = now - Duration::days(stale_after_days);
    let waiting_approval: Vec<(i32, i32, String)> = swap_requests::table
        .inner_join(swap_offers::table)
        .left_join(
            reminders_sent::table.on(reminders_sent::kind
                .eq(STALE_APPROVAL)
                .and(reminders_sent::source_id.eq(swap_requests::id))),
        )
        .filter(swap_requests::status.eq(RequestStatus::Requested.code()))
        .filter(swap_requests::created_at.le(before))
        .filter(reminders_sent::source_id.is_null())
        .select((
            swap_requests::id,
            swap_requests::visitor_id,
            swap_offers::title,
        ))
        .load(conn)?;
    let waiting_host: Vec<(i32, i32, String)> = swap_requests::table
        .inner_join(swap_offers::table)
        .left_join(
            reminders_sent::table.on(reminders_sent::kind
                .eq(STALE_ACCEPTANCE)
                .and(reminders_sent::source_id.eq(swap_requests::id))),
        )
        .filter(swap_requests::status.eq(RequestStatus::Approved.code()))
        .filter(swap_requests::approved_at.le(before))
        .filter(reminders_sent::source_id.is_null())
        .select((swap_requests::id, swap_offers::host_id, swap_offers::title))
        .load(conn)?;
    let mut produced = 0;
    for (id, visitor_id, title) in waiting_approval {
        let claimed = db::write_transaction(conn, |conn| {
            if !crate::reminders::claim(conn, STALE_APPROVAL, id)? {
                return Ok::<_, crate::error::AppError>(false);
            }
            let visitor = agents::table
                .find(visitor_id)
                .select(crate::agents::Agent::as_select())
                .first(conn)?;
            let approvers = crate::swaps::access::approver_for(conn, &visitor)?.agent_ids(conn)?;
            notifications::notify_about_event(
                conn,
                &approvers,
                NotificationKind::Reminder,
                &format!(
                    "Rappel : la demande de {} pour « {title} » attend votre accord depuis plus de {stale_after_days} jours.",
                    visitor.display_name
                ),
                &links::request(id),
                (EntryKind::Swap, id),
            )?;
            Ok(true)
        })?;
        produced += usize::from(claimed);
    }
    for (id, host_id, title) in waiting_host {
        let claimed = db::write_transaction(conn, |conn| {
            if !crate::reminders::claim(conn, STALE_ACCEPTANCE, id)? {
                return Ok::<_, diesel::result::Error>(false);
            }
            notifications::notify_about_event(
                conn,
                &[host_id],
                NotificationKind::Reminder,
                &format!(
                    "Rappel : une demande d'immersion « {title} » attend votre réponse depuis plus de {stale_after_days} jours."
                ),
                &links::request(id),
                (EntryKind::Swap, id),
            )?;
            Ok(true)
        })?;
        produced += usize::from(claimed);
    }
    Ok(produced)
}
