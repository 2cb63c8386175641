//! An agent answers a wave, at most once. In one write transaction: the
//! "has answered" record (wave, agent; its primary key refuses a second one,
//! even sent at the same moment), then the anonymous response under a
//! random key (service at that moment, took part or not, comment) and its
//! answers, pending. No column links the two; right after, [`mixing`]
//! writes pending responses again in batches of 5 or more, so that the
//! transaction that wrote a row (PostgreSQL's `xmin`) no longer does either.
//!
//! [`mixing`]: super::mixing

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use rand::RngCore;

use super::forms::AnswerInput;
use super::model::{Wave, WaveState};
use super::{mixing, queries, took_part};
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::{barometer_answers, barometer_participations, barometer_responses};

/// Why a wave takes no answer on `today`, if it does not.
pub fn refusal(wave: &Wave, today: NaiveDate) -> Option<String> {
    match wave.state(today) {
        WaveState::Open => None,
        WaveState::Upcoming => Some(format!(
            "Le baromètre « {} » n'est pas encore ouvert : vous pourrez répondre à partir du {}.",
            wave.title,
            wave.opens_on.format("%d/%m/%Y")
        )),
        WaveState::Closed => Some(format!(
            "Le baromètre « {} » est clos : il n'accepte plus de réponses.",
            wave.title
        )),
    }
}

/// What an agent who already answered is told (never what they answered).
pub fn already_answered(wave: &Wave) -> String {
    format!(
        "Vous avez déjà répondu au baromètre « {} ». Merci ! Une seule réponse par personne est possible.",
        wave.title
    )
}

/// Records `agent`'s answer to `wave_id`. Refused (422, French message)
/// when the wave is not open on `today` or the agent already answered.
pub fn answer(
    conn: &mut AnyConnection,
    agent: &Agent,
    wave_id: i32,
    input: &AnswerInput,
    today: NaiveDate,
    now: NaiveDateTime,
) -> AppResult<()> {
    if !super::access::may_answer(agent) {
        return Err(AppError::Forbidden);
    }
    let took_part = took_part::took_part(conn, agent.id, now)?;
    db::write_transaction(conn, |conn| {
        let wave = queries::find_wave(conn, wave_id)?.ok_or(AppError::NotFound)?;
        if let Some(message) = refusal(&wave, today) {
            return Err(AppError::Invalid(message));
        }
        record(conn, &wave, agent.id, agent.service_id, took_part, input)
    })?;
    // The answer is stored whatever happens here: a mixing that fails is
    // done again after the next answer, or when the wave closes.
    if let Err(e) = mixing::mix(conn, wave_id, today) {
        log::error!("baromètre, mélange des réponses de la vague {wave_id} : {e}");
    }
    Ok(())
}

/// Writes the "has answered" record and the anonymous response, pending,
/// with its answers (inside the caller's transaction). A second answer of
/// the same agent to the same wave is refused by the primary key.
pub fn record(
    conn: &mut AnyConnection,
    wave: &Wave,
    agent_id: i32,
    service_id: Option<i32>,
    took_part: bool,
    input: &AnswerInput,
) -> AppResult<()> {
    let wave_id = wave.id;
    let inserted = diesel::insert_into(barometer_participations::table)
        .values((
            barometer_participations::wave_id.eq(wave_id),
            barometer_participations::agent_id.eq(agent_id),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => {}
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => return Err(AppError::Invalid(already_answered(wave))),
        Err(e) => return Err(e.into()),
    }
    let key = random_key();
    diesel::insert_into(barometer_responses::table)
        .values((
            barometer_responses::id.eq(&key),
            barometer_responses::wave_id.eq(wave_id),
            barometer_responses::service_id.eq(service_id),
            barometer_responses::took_part.eq(took_part),
            barometer_responses::comment.eq(&input.comment),
            barometer_responses::batch.eq(None::<i32>),
        ))
        .execute(conn)?;
    for (statement_id, agreement) in &input.answers {
        diesel::insert_into(barometer_answers::table)
            .values((
                barometer_answers::response_id.eq(&key),
                barometer_answers::statement_id.eq(statement_id),
                barometer_answers::score.eq(agreement.stored()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// 128 random bits in hexadecimal: a key that says nothing of when or by
/// whom the response was written.
pub fn random_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
