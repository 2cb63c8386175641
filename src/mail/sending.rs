//! Sending the queue: claim what is due, compose each message with the
//! recipient's current address, hand it to the relay, record the outcome.
//! Used by the worker and by `passerelles send-pending`.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use rand::Rng;

use super::compose::{self, MailContext, Recipient};
use crate::agenda::AgendaEntry;
use crate::db::AnyConnection;
use crate::error::AppResult;
use crate::notifications::outbox::{self, OutboxEmail};
use crate::schema::{agenda_entries, agents};

/// What one pass over the queue did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub failed: usize,
}

/// Messages claimed at a time.
const BATCH: i64 = 20;

/// Sends every message that is due at `now`, batch after batch.
pub fn send_pending(
    conn: &mut AnyConnection,
    ctx: &MailContext,
    now: NaiveDateTime,
) -> AppResult<SendReport> {
    let transport =
        super::transport::open(&ctx.settings).map_err(crate::error::AppError::Internal)?;
    let token: String = {
        let mut rng = rand::thread_rng();
        (0..16)
            .map(|_| format!("{:02x}", rng.gen::<u8>()))
            .collect()
    };
    let timeout = Duration::seconds(ctx.settings.claim_timeout_s);
    let mut report = SendReport::default();
    loop {
        let batch = outbox::claim_due(conn, now, timeout, BATCH, &token)?;
        if batch.is_empty() {
            return Ok(report);
        }
        for email in &batch {
            match compose_one(conn, ctx, email)
                .and_then(|message| super::transport::send(&transport, &message))
            {
                Ok(()) => {
                    outbox::mark_sent(conn, email.id, &token, now)?;
                    report.sent += 1;
                }
                Err(error) => {
                    log::warn!("courriel n° {} non envoyé : {error}", email.id);
                    outbox::mark_failed_try(
                        conn,
                        email,
                        &token,
                        &error,
                        now,
                        ctx.settings.max_tries,
                    )?;
                    report.failed += 1;
                }
            }
        }
    }
}

/// The message for one row, with the recipient's address of today and,
/// when the row names an event, their own diary entry for it.
fn compose_one(
    conn: &mut AnyConnection,
    ctx: &MailContext,
    email: &OutboxEmail,
) -> Result<lettre::Message, String> {
    let db_error = |e: diesel::result::Error| format!("base de données : {e}");
    let (name, address): (String, Option<String>) = agents::table
        .find(email.agent_id)
        .select((agents::display_name, agents::email))
        .first(conn)
        .map_err(db_error)?;
    let address = address
        .filter(|a| !a.trim().is_empty())
        .ok_or("l'agent n'a plus d'adresse électronique dans l'annuaire")?;
    let event = match (&email.event_kind, email.event_source_id) {
        (Some(kind), Some(source_id)) => agenda_entries::table
            .filter(agenda_entries::agent_id.eq(email.agent_id))
            .filter(agenda_entries::kind.eq(kind))
            .filter(agenda_entries::source_id.eq(source_id))
            .select(AgendaEntry::as_select())
            .first(conn)
            .optional()
            .map_err(db_error)?,
        _ => None,
    };
    compose::message(ctx, &Recipient { name, address }, email, event.as_ref())
}
