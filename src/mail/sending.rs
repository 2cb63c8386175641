//! Sending the queue: claim what is due, one message at a time, compose it
//! with the recipient's current address, check that the claim is still this
//! worker's, hand it to the relay, record the outcome. Used by the worker
//! and by `passerelles send-pending`.
//!
//! Never twice: a claim is taken over by another instance only once it is
//! older than `mail.claim_timeout_s`, and it is renewed right before each
//! send, so that a send has the whole timeout; the settings refuse a claim
//! timeout shorter than twice the longest send `mail.timeout_s` allows
//! ([`crate::config::mail::MailSettings::longest_send_s`]).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use rand::Rng;

use super::compose::{self, MailContext, Recipient};
use crate::db::AnyConnection;
use crate::error::AppResult;
use crate::notifications::outbox::{self, OutboxEmail};
use crate::schema::agents;
use lettre::SmtpTransport;

/// What one pass over the queue did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub failed: usize,
}

/// What became of one claimed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The relay took it.
    Sent,
    /// The try failed; tried again later, or given up.
    Failed,
    /// Another instance took the claim over (this one was too slow): not
    /// sent by this one, so that it is never sent twice.
    Lost,
}

/// The time during a pass: the pass's `now`, moved on by the time spent
/// since, so that each claim is dated when it is taken however long the
/// pass has been running.
#[derive(Debug, Clone, Copy)]
pub struct PassClock {
    start: NaiveDateTime,
    since: std::time::Instant,
}

impl PassClock {
    pub fn starting(now: NaiveDateTime) -> PassClock {
        PassClock {
            start: now,
            since: std::time::Instant::now(),
        }
    }

    /// The time the pass started at.
    pub fn start(&self) -> NaiveDateTime {
        self.start
    }

    /// The time now.
    pub fn now(&self) -> NaiveDateTime {
        self.start + Duration::from_std(self.since.elapsed()).unwrap_or_default()
    }
}

/// A worker's claim token: random, one per pass.
pub fn new_token() -> String {
    let mut rng = rand::thread_rng();
    (0..16)
        .map(|_| format!("{:02x}", rng.gen::<u8>()))
        .collect()
}

/// Sends every message that is due at `now`, one claim at a time. Each
/// message is tried at most once per pass (a failed one is due again later).
pub fn send_pending(
    conn: &mut AnyConnection,
    ctx: &MailContext,
    now: NaiveDateTime,
) -> AppResult<SendReport> {
    let transport =
        super::transport::open(&ctx.settings).map_err(crate::error::AppError::Internal)?;
    let token = new_token();
    let timeout = Duration::seconds(ctx.settings.claim_timeout_s);
    let clock = PassClock::starting(now);
    let mut report = SendReport::default();
    loop {
        let at = clock.now();
        let Some(email) = outbox::claim_next(conn, clock.start(), at, at - timeout, &token)? else {
            return Ok(report);
        };
        match send_claimed(conn, ctx, &transport, &email, &token, &clock)? {
            Outcome::Sent => report.sent += 1,
            Outcome::Failed => report.failed += 1,
            Outcome::Lost => {}
        }
    }
}

/// Sends one message this worker (`token`) claimed: composes it, checks
/// right before handing it to the relay that the claim is still its own
/// (renewing it), sends, records the outcome.
pub fn send_claimed(
    conn: &mut AnyConnection,
    ctx: &MailContext,
    transport: &SmtpTransport,
    email: &OutboxEmail,
    token: &str,
    clock: &PassClock,
) -> AppResult<Outcome> {
    let message = compose_one(conn, ctx, email);
    if !outbox::renew_claim(conn, email.id, token, clock.now())? {
        log::warn!(
            "courriel n° {} : repris par une autre instance, il n'est pas envoyé ici",
            email.id
        );
        return Ok(Outcome::Lost);
    }
    match message.and_then(|message| super::transport::send(transport, &message)) {
        Ok(()) => {
            if !outbox::mark_sent(conn, email.id, token, clock.now())? {
                log::error!(
                    "courriel n° {} envoyé après la reprise de sa réservation par une autre \
                     instance : mail.claim_timeout_s est trop court pour ce relais",
                    email.id
                );
            }
            Ok(Outcome::Sent)
        }
        Err(error) => {
            log::warn!("courriel n° {} non envoyé : {error}", email.id);
            outbox::mark_failed_try(
                conn,
                email,
                token,
                &error,
                clock.now(),
                ctx.settings.max_tries,
            )?;
            Ok(Outcome::Failed)
        }
    }
}

/// The message for one row, with the recipient's address of today and,
/// when the row names an event, its times and place (and their own diary
/// entry for it, whose `.ics` goes with the email).
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
    let event = super::events::for_email(conn, email).map_err(db_error)?;
    compose::message(ctx, &Recipient { name, address }, email, event.as_ref())
}
