//! Mixing answers in batches, so that no stored row pairs an answer with
//! its "has answered" record.
//!
//! An answer is written in one transaction with the "has answered" record
//! (once per wave, nothing lost), but pending (`batch` NULL). On PostgreSQL
//! every row carries the id of the transaction that wrote it (`xmin`), and
//! those ids grow: a pending response can be paired with its record. So as
//! soon as a wave holds [`BATCH_SIZE`] pending responses, another
//! transaction deletes them with their answers and writes them again, in the
//! order of their random keys, under the next batch number: they then share
//! one `xmin` (that transaction's) and their physical order is their keys'.
//! When the wave is closed, the pending remainder is written again together
//! with the last batch, so that no batch holds fewer than [`BATCH_SIZE`]
//! responses unless the whole wave does. Figures read pending and mixed
//! responses alike: mixing changes no value.
//!
//! Mixing runs right after each answer, when HR closes a wave early, and
//! from `passerelles send-reminders` (every hour) for waves past their last
//! day. SQLite keeps no writing transaction per row: the same steps run
//! there, so that both backends behave alike.

use chrono::NaiveDate;
use diesel::dsl::max;
use diesel::prelude::*;

use super::model::WaveState;
use super::queries;
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::schema::{barometer_answers, barometer_responses, barometer_waves};

/// The fewest responses a batch holds (unless its whole wave holds fewer).
pub const BATCH_SIZE: usize = 5;

/// Keys or rows per statement when a batch is written again (well under
/// both backends' limit on bound parameters).
const ROWS_PER_STATEMENT: usize = 1000;

/// A response as stored.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = barometer_responses, treat_none_as_null = true)]
struct ResponseRow {
    id: String,
    wave_id: i32,
    service_id: Option<i32>,
    took_part: bool,
    comment: Option<String>,
    batch: Option<i32>,
}

/// An answer as stored.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = barometer_answers, treat_none_as_null = true)]
struct AnswerRow {
    response_id: String,
    statement_id: i32,
    score: Option<i32>,
}

/// Mixes what `wave_id` has pending, if anything is due (see
/// [`mix_locked`]), in its own write transaction; gives the number of
/// responses written again. Run right after an answer's transaction.
pub fn mix(conn: &mut AnyConnection, wave_id: i32, today: NaiveDate) -> AppResult<usize> {
    db::write_transaction(conn, |conn| {
        db::lock_row(conn, "barometer_waves", wave_id)?;
        let Some(wave) = queries::find_wave(conn, wave_id)? else {
            return Ok(0);
        };
        Ok(mix_locked(
            conn,
            wave_id,
            wave.state(today) == WaveState::Closed,
        )?)
    })
}

/// Inside the caller's transaction, the wave's row locked (so that two
/// mixings of a wave run one after the other): when `wave_id` holds at
/// least [`BATCH_SIZE`] pending responses, writes them again as its next
/// batch (or with its last batch, should that one hold fewer); else, when
/// the wave is `closed`, writes the pending remainder again together with
/// its last batch (alone if it has none). Gives the number of responses
/// written again.
pub fn mix_locked(conn: &mut AnyConnection, wave_id: i32, closed: bool) -> QueryResult<usize> {
    let pending: Vec<String> = barometer_responses::table
        .filter(barometer_responses::wave_id.eq(wave_id))
        .filter(barometer_responses::batch.is_null())
        .select(barometer_responses::id)
        .load(conn)?;
    if pending.is_empty() || (pending.len() < BATCH_SIZE && !closed) {
        return Ok(0);
    }
    let last: Option<i32> = barometer_responses::table
        .filter(barometer_responses::wave_id.eq(wave_id))
        .select(max(barometer_responses::batch))
        .first(conn)?;
    let last_ids: Vec<String> = match last {
        Some(last) => barometer_responses::table
            .filter(barometer_responses::wave_id.eq(wave_id))
            .filter(barometer_responses::batch.eq(last))
            .select(barometer_responses::id)
            .load(conn)?,
        None => Vec::new(),
    };
    // A last batch under 5 (a wave mixed as closed that took answers
    // again) is not left alone either.
    let (ids, batch) = match last {
        Some(last) if pending.len() < BATCH_SIZE || last_ids.len() < BATCH_SIZE => {
            let mut ids = last_ids;
            ids.extend(pending);
            (ids, last)
        }
        last => (pending, last.map_or(1, |n| n + 1)),
    };
    rewrite(conn, &ids, batch)?;
    Ok(ids.len())
}

/// Mixes the pending remainder of every closed wave (`send-reminders`);
/// gives the number of responses written again. `today` may be a little
/// early: mixing a wave that still takes answers is harmless, its next
/// pending ones join its last batch in turn, even a small one.
pub fn mix_closed_waves(conn: &mut AnyConnection, today: NaiveDate) -> AppResult<usize> {
    let with_pending = barometer_responses::table
        .filter(barometer_responses::batch.is_null())
        .select(barometer_responses::wave_id);
    let waves: Vec<i32> = barometer_waves::table
        .filter(barometer_waves::id.eq_any(with_pending))
        .filter(
            barometer_waves::closed_early
                .eq(true)
                .or(barometer_waves::closes_on.lt(today)),
        )
        .select(barometer_waves::id)
        .load(conn)?;
    let mut mixed = 0;
    for wave_id in waves {
        mixed += mix(conn, wave_id, today)?;
    }
    Ok(mixed)
}

/// Deletes the responses `ids` with their answers and writes them again,
/// in the order of their keys, under `batch`.
fn rewrite(conn: &mut AnyConnection, ids: &[String], batch: i32) -> QueryResult<()> {
    let mut responses: Vec<ResponseRow> = Vec::with_capacity(ids.len());
    let mut answers: Vec<AnswerRow> = Vec::new();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        responses.extend(
            barometer_responses::table
                .filter(barometer_responses::id.eq_any(chunk))
                .select(ResponseRow::as_select())
                .load(conn)?,
        );
        answers.extend(
            barometer_answers::table
                .filter(barometer_answers::response_id.eq_any(chunk))
                .select(AnswerRow::as_select())
                .load(conn)?,
        );
        diesel::delete(
            barometer_answers::table.filter(barometer_answers::response_id.eq_any(chunk)),
        )
        .execute(conn)?;
        diesel::delete(barometer_responses::table.filter(barometer_responses::id.eq_any(chunk)))
            .execute(conn)?;
    }
    responses.sort_by(|a, b| a.id.cmp(&b.id));
    for response in &mut responses {
        response.batch = Some(batch);
    }
    answers.sort_by(|a, b| (&a.response_id, a.statement_id).cmp(&(&b.response_id, b.statement_id)));
    for chunk in responses.chunks(ROWS_PER_STATEMENT) {
        let insert = diesel::insert_into(barometer_responses::table).values(chunk);
        match conn {
            AnyConnection::Sqlite(c) => insert.execute(c)?,
            AnyConnection::Postgresql(c) => insert.execute(c)?,
        };
    }
    for chunk in answers.chunks(ROWS_PER_STATEMENT) {
        let insert = diesel::insert_into(barometer_answers::table).values(chunk);
        match conn {
            AnyConnection::Sqlite(c) => insert.execute(c)?,
            AnyConnection::Postgresql(c) => insert.execute(c)?,
        };
    }
    Ok(())
}
