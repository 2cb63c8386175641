//! Reading the outbox for `/admin`: counts from aggregate queries, and the
//! failed messages with their last error.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::notifications::outbox::{FAILED, SENT, WAITING};
use crate::schema::{agents, mail_outbox};

/// The queue's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueState {
    pub waiting: i64,
    pub sent_since: i64,
    pub failed: i64,
    /// The latest failed messages, newest first.
    pub failed_rows: Vec<FailedEmail>,
}

/// A message given up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedEmail {
    pub id: i32,
    pub recipient: String,
    pub subject: String,
    pub tries: i32,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
}

fn count_status(conn: &mut AnyConnection, status: &str) -> QueryResult<i64> {
    mail_outbox::table
        .filter(mail_outbox::status.eq(status))
        .count()
        .get_result(conn)
}

/// Waiting and failed messages, those sent since `since` (the start of the
/// local day), and up to `limit` failed ones.
pub fn queue_state(
    conn: &mut AnyConnection,
    since: NaiveDateTime,
    limit: i64,
) -> QueryResult<QueueState> {
    let sent_since = mail_outbox::table
        .filter(mail_outbox::status.eq(SENT))
        .filter(mail_outbox::sent_at.ge(since))
        .count()
        .get_result(conn)?;
    let failed_rows = mail_outbox::table
        .inner_join(agents::table)
        .filter(mail_outbox::status.eq(FAILED))
        .order(mail_outbox::id.desc())
        .limit(limit)
        .select((
            mail_outbox::id,
            agents::display_name,
            mail_outbox::subject,
            mail_outbox::tries,
            mail_outbox::last_error,
            mail_outbox::created_at,
        ))
        .load::<(i32, String, String, i32, Option<String>, NaiveDateTime)>(conn)?
        .into_iter()
        .map(
            |(id, recipient, subject, tries, last_error, created_at)| FailedEmail {
                id,
                recipient,
                subject,
                tries,
                last_error,
                created_at,
            },
        )
        .collect();
    Ok(QueueState {
        waiting: count_status(conn, WAITING)?,
        sent_since,
        failed: count_status(conn, FAILED)?,
        failed_rows,
    })
}
