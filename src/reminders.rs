//! Reminders that come from time passing, not from someone's action, are
//! sent once across instances: each reminder is claimed by inserting its
//! (kind, source) key in `reminders_sent` inside the transaction that sends
//! it, so that several instances running the command never send one twice.

use diesel::prelude::*;

use crate::db::{self, AnyConnection};
use crate::schema::reminders_sent;

/// Claims the reminder `(kind, source_id)`; false if it was already sent.
pub fn claim(conn: &mut AnyConnection, kind: &str, source_id: i32) -> QueryResult<bool> {
    let row = (
        reminders_sent::kind.eq(kind),
        reminders_sent::source_id.eq(source_id),
        reminders_sent::sent_at.eq(db::now()),
    );
    let insert = diesel::insert_into(reminders_sent::table).values(row);
    let inserted = db::insert_or_ignore!(conn, insert)?;
    Ok(inserted == 1)
}
