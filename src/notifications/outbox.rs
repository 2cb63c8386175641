//! The outbox: one row per email to send. A notification queues its email in
//! the transaction that writes it; the worker claims due rows one at a time
//! (a conditional update, so that two instances never take the same row),
//! checks right before sending that the claim is still its own (another
//! instance takes over a claim older than `mail.claim_timeout_s`), sends,
//! and records the outcome: sent, or tried again later with a growing delay,
//! or given up after `mail.max_tries` (then shown on `/admin`).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::agenda::EntryKind;
use crate::common::format::one_line;
use crate::common::vocabulary::Vocabulary;
use crate::db::AnyConnection;
use crate::notifications::NotificationKind;
use crate::schema::{agents, mail_outbox};

/// Waiting to be sent (or tried again).
pub const WAITING: &str = "waiting";
/// Handed to the relay.
pub const SENT: &str = "sent";
/// Given up after `mail.max_tries` tries.
pub const FAILED: &str = "failed";

/// The kind code of a daily digest.
pub const DIGEST: &str = "resume-quotidien";

/// An email to queue.
#[derive(Debug, Clone)]
pub struct NewEmail<'a> {
    /// A notification kind's code, or [`DIGEST`].
    pub kind: &'a str,
    pub subject: String,
    /// The notification's message (a digest: its items, as JSON).
    pub body: String,
    /// Path of the page where the recipient acts.
    pub link: String,
    /// The diary event whose `.ics` goes with the email.
    pub event: Option<(EntryKind, i32)>,
}

/// A row of the outbox.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxEmail {
    pub id: i32,
    pub agent_id: i32,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub event_kind: Option<String>,
    pub event_source_id: Option<i32>,
    pub status: String,
    pub tries: i32,
    pub next_try_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub last_error: Option<String>,
}

/// Queues `email` for one agent, to be tried at once.
pub fn queue(
    conn: &mut AnyConnection,
    agent_id: i32,
    email: &NewEmail<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::agent_id.eq(agent_id),
            mail_outbox::kind.eq(email.kind),
            mail_outbox::subject.eq(&email.subject),
            mail_outbox::body.eq(&email.body),
            mail_outbox::link.eq(&email.link),
            mail_outbox::event_kind.eq(email.event.map(|(k, _)| k.code())),
            mail_outbox::event_source_id.eq(email.event.map(|(_, id)| id)),
            mail_outbox::status.eq(WAITING),
            mail_outbox::next_try_at.eq(now),
            mail_outbox::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Queues `email` for those of `agent_ids` who have an address, are active,
/// and want this kind by email at once.
pub fn queue_for_preferring(
    conn: &mut AnyConnection,
    agent_ids: &[i32],
    kind: NotificationKind,
    email: &NewEmail<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if agent_ids.is_empty() {
        return Ok(());
    }
    let reachable: Vec<i32> = agents::table
        .filter(agents::id.eq_any(agent_ids))
        .filter(agents::active.eq(true))
        .filter(agents::email.is_not_null())
        .filter(agents::email.ne(""))
        .select(agents::id)
        .load(conn)?;
    let deliveries = super::preferences::deliveries(conn, &reachable, kind)?;
    for (agent_id, delivery) in deliveries {
        if delivery == super::preferences::Delivery::Immediate {
            queue(conn, agent_id, email, now)?;
        }
    }
    Ok(())
}

/// Takes the next message due at `due_at` for this worker (`token`): waiting,
/// due, and not claimed by another instance since `stale_before` (a claim
/// older than that is one whose instance died). The claim is dated
/// `claimed_at`, the moment it is taken. One message at a time, taken right
/// before it is sent: no message waits behind another's slow send while
/// claimed by this instance.
pub fn claim_next(
    conn: &mut AnyConnection,
    due_at: NaiveDateTime,
    claimed_at: NaiveDateTime,
    stale_before: NaiveDateTime,
    token: &str,
) -> QueryResult<Option<OutboxEmail>> {
    let candidates: Vec<i32> = mail_outbox::table
        .filter(mail_outbox::status.eq(WAITING))
        .filter(mail_outbox::next_try_at.le(due_at))
        .filter(
            mail_outbox::claimed_at
                .is_null()
                .or(mail_outbox::claimed_at.lt(stale_before)),
        )
        .order((mail_outbox::next_try_at, mail_outbox::id))
        .limit(CANDIDATES)
        .select(mail_outbox::id)
        .load(conn)?;
    for id in candidates {
        // The same conditions again, in the update: of two instances that
        // saw the row, only one changes it.
        let taken = diesel::update(
            mail_outbox::table
                .filter(mail_outbox::id.eq(id))
                .filter(mail_outbox::status.eq(WAITING))
                .filter(
                    mail_outbox::claimed_at
                        .is_null()
                        .or(mail_outbox::claimed_at.lt(stale_before)),
                ),
        )
        .set((
            mail_outbox::claimed_at.eq(claimed_at),
            mail_outbox::claim_token.eq(token),
        ))
        .execute(conn)?;
        if taken == 1 {
            return mail_outbox::table
                .find(id)
                .select(OutboxEmail::as_select())
                .first(conn)
                .optional();
        }
    }
    Ok(None)
}

/// Rows looked at per claim: when other instances take the first ones at
/// the same moment, the next are tried.
const CANDIDATES: i64 = 8;

/// Right before handing a claimed message to the relay: whether it is still
/// this worker's (a conditional update on its token, which another
/// instance's takeover has replaced), renewing the claim to `now` so that
/// the send has the whole claim timeout before anyone may take it over.
pub fn renew_claim(
    conn: &mut AnyConnection,
    id: i32,
    token: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let kept = diesel::update(
        mail_outbox::table
            .filter(mail_outbox::id.eq(id))
            .filter(mail_outbox::status.eq(WAITING))
            .filter(mail_outbox::claim_token.eq(token)),
    )
    .set(mail_outbox::claimed_at.eq(now))
    .execute(conn)?;
    Ok(kept == 1)
}

/// Records that the relay took the message; false if the claim was no
/// longer this worker's (which [`renew_claim`] and a claim timeout longer
/// than any send prevent).
pub fn mark_sent(
    conn: &mut AnyConnection,
    id: i32,
    token: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        mail_outbox::table
            .filter(mail_outbox::id.eq(id))
            .filter(mail_outbox::claim_token.eq(token)),
    )
    .set((
        mail_outbox::status.eq(SENT),
        mail_outbox::sent_at.eq(now),
        mail_outbox::tries.eq(mail_outbox::tries + 1),
        mail_outbox::claimed_at.eq(None::<NaiveDateTime>),
        mail_outbox::claim_token.eq(None::<String>),
        mail_outbox::last_error.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Records a failed try: tried again later, or given up after `max_tries`.
pub fn mark_failed_try(
    conn: &mut AnyConnection,
    email: &OutboxEmail,
    token: &str,
    error: &str,
    now: NaiveDateTime,
    max_tries: i32,
) -> QueryResult<()> {
    let tries = email.tries + 1;
    let status = if tries >= max_tries { FAILED } else { WAITING };
    let error: String = error.chars().take(500).collect();
    diesel::update(
        mail_outbox::table
            .filter(mail_outbox::id.eq(email.id))
            .filter(mail_outbox::claim_token.eq(token)),
    )
    .set((
        mail_outbox::status.eq(status),
        mail_outbox::tries.eq(tries),
        mail_outbox::next_try_at.eq(now + retry_delay(now - email.created_at)),
        mail_outbox::claimed_at.eq(None::<NaiveDateTime>),
        mail_outbox::claim_token.eq(None::<String>),
        mail_outbox::last_error.eq(error),
    ))
    .execute(conn)?;
    Ok(())
}

/// How long to wait before the next try of a message queued `age` ago:
/// a minute during its first ten minutes, then half its age (so the
/// delay grows geometrically), at most six hours.
pub fn retry_delay(age: Duration) -> Duration {
    if age < Duration::minutes(10) {
        Duration::minutes(1)
    } else {
        (age / 2).min(Duration::hours(6))
    }
}

/// An admin puts a failed message back in the queue, as if newly queued
/// (tried at once, then on the first ten minutes' schedule); false if it
/// was not failed.
pub fn retry(conn: &mut AnyConnection, id: i32, now: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(
        mail_outbox::table
            .filter(mail_outbox::id.eq(id))
            .filter(mail_outbox::status.eq(FAILED)),
    )
    .set((
        mail_outbox::status.eq(WAITING),
        mail_outbox::tries.eq(0),
        mail_outbox::next_try_at.eq(now),
        mail_outbox::created_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The subject of a notification's email: its message up to the first
/// quoted title (« … »), which names what it is about; else the message,
/// shortened.
pub fn subject_for(kind: NotificationKind, message: &str) -> String {
    let line = one_line(message);
    let lead = match line.find('»') {
        Some(end) if line[..end].contains('«') => line[..end + '»'.len_utf8()].to_string(),
        _ => line.clone(),
    };
    let lead = shorten(&lead, 150);
    match kind {
        NotificationKind::Reminder if !lead.starts_with("Rappel") => format!("Rappel : {lead}"),
        _ => lead,
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_every_minute_then_less_often() {
        assert_eq!(retry_delay(Duration::seconds(0)), Duration::minutes(1));
        assert_eq!(retry_delay(Duration::minutes(9)), Duration::minutes(1));
        assert_eq!(retry_delay(Duration::minutes(10)), Duration::minutes(5));
        assert_eq!(retry_delay(Duration::minutes(60)), Duration::minutes(30));
        assert_eq!(retry_delay(Duration::days(3)), Duration::hours(6));
    }

    #[test]
    fn subject_names_the_title_on_one_line() {
        assert_eq!(
            subject_for(
                NotificationKind::SwapDecision,
                "Immersion confirmée : « Un jour\r\nBcc: x@y.fr » le lundi 1er mars."
            ),
            "Immersion confirmée : « Un jour Bcc: x@y.fr »"
        );
        assert_eq!(
            subject_for(NotificationKind::Reminder, "« Atelier » commence bientôt"),
            "Rappel : « Atelier »"
        );
    }
}
