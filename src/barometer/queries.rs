//! What the barometer's pages read. Counts are grouped SQL queries (a fixed
//! number of statements whatever the number of answers); Rust only adds up
//! the groups.

use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::model::{Statement, Wave};
use crate::db::AnyConnection;
use crate::schema::{
    agents, barometer_answers, barometer_participations, barometer_responses, barometer_statements,
    barometer_waves,
};

// Answers are grouped by their response's service and participation.
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    barometer_answers::statement_id,
    barometer_answers::score,
    barometer_responses::service_id,
    barometer_responses::took_part,
);

/// A wave by id.
pub fn find_wave(conn: &mut AnyConnection, id: i32) -> QueryResult<Option<Wave>> {
    barometer_waves::table
        .find(id)
        .select(Wave::as_select())
        .first(conn)
        .optional()
}

/// Every wave, the latest opening first.
pub fn all_waves(conn: &mut AnyConnection) -> QueryResult<Vec<Wave>> {
    barometer_waves::table
        .order((barometer_waves::opens_on.desc(), barometer_waves::id.desc()))
        .select(Wave::as_select())
        .load(conn)
}

/// The statements of some waves, in each wave's order.
pub fn statements_of(conn: &mut AnyConnection, wave_ids: &[i32]) -> QueryResult<Vec<Statement>> {
    barometer_statements::table
        .filter(barometer_statements::wave_id.eq_any(wave_ids))
        .order((
            barometer_statements::wave_id,
            barometer_statements::position,
        ))
        .select(Statement::as_select())
        .load(conn)
}

/// Whether the agent answered the wave.
pub fn has_answered(conn: &mut AnyConnection, wave_id: i32, agent_id: i32) -> QueryResult<bool> {
    let n: i64 = barometer_participations::table
        .filter(barometer_participations::wave_id.eq(wave_id))
        .filter(barometer_participations::agent_id.eq(agent_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Waves open on `today` that the agent has not answered yet.
pub fn open_unanswered(
    conn: &mut AnyConnection,
    agent_id: i32,
    today: NaiveDate,
) -> QueryResult<Vec<Wave>> {
    let answered = barometer_participations::table
        .filter(barometer_participations::agent_id.eq(agent_id))
        .select(barometer_participations::wave_id);
    barometer_waves::table
        .filter(barometer_waves::opens_on.le(today))
        .filter(barometer_waves::closes_on.ge(today))
        .filter(barometer_waves::closed_early.eq(false))
        .filter(barometer_waves::id.ne_all(answered))
        .order(barometer_waves::closes_on)
        .select(Wave::as_select())
        .load(conn)
}

/// Respondents of each wave (one grouped query).
pub fn respondents_per_wave(
    conn: &mut AnyConnection,
    wave_ids: &[i32],
) -> QueryResult<Vec<(i32, i64)>> {
    barometer_responses::table
        .filter(barometer_responses::wave_id.eq_any(wave_ids))
        .group_by(barometer_responses::wave_id)
        .select((barometer_responses::wave_id, count_star()))
        .load(conn)
}

/// Respondents of a wave per (service at the time, took part).
pub fn respondents(
    conn: &mut AnyConnection,
    wave_id: i32,
) -> QueryResult<Vec<(Option<i32>, bool, i64)>> {
    barometer_responses::table
        .filter(barometer_responses::wave_id.eq(wave_id))
        .group_by((
            barometer_responses::service_id,
            barometer_responses::took_part,
        ))
        .select((
            barometer_responses::service_id,
            barometer_responses::took_part,
            count_star(),
        ))
        .load(conn)
}

/// One group of answers: (statement, service at the time, took part,
/// score or `None` for "je ne sais pas", how many).
pub type AnswerGroup = (i32, Option<i32>, bool, Option<i32>, i64);

/// Answers to the statements of some waves, grouped (one query).
pub fn answer_groups(conn: &mut AnyConnection, wave_ids: &[i32]) -> QueryResult<Vec<AnswerGroup>> {
    barometer_answers::table
        .inner_join(barometer_responses::table)
        .filter(barometer_responses::wave_id.eq_any(wave_ids))
        .group_by((
            barometer_answers::statement_id,
            barometer_responses::service_id,
            barometer_responses::took_part,
            barometer_answers::score,
        ))
        .select((
            barometer_answers::statement_id,
            barometer_responses::service_id,
            barometer_responses::took_part,
            barometer_answers::score,
            count_star(),
        ))
        .load(conn)
}

/// The free comments of a wave with the service they came from, in the
/// order of their random keys (which says nothing of when they came).
pub fn comments(conn: &mut AnyConnection, wave_id: i32) -> QueryResult<Vec<(Option<i32>, String)>> {
    let rows: Vec<(Option<i32>, Option<String>)> = barometer_responses::table
        .filter(barometer_responses::wave_id.eq(wave_id))
        .filter(barometer_responses::comment.is_not_null())
        .order(barometer_responses::id)
        .select((
            barometer_responses::service_id,
            barometer_responses::comment,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(service, text)| text.map(|t| (service, t)))
        .collect())
}

/// Active agents per service today (one grouped query).
pub fn active_per_service(conn: &mut AnyConnection) -> QueryResult<Vec<(Option<i32>, i64)>> {
    agents::table
        .filter(agents::active.eq(true))
        .group_by(agents::service_id)
        .select((agents::service_id, count_star()))
        .load(conn)
}
