//! HR's verbs on waves: create one (agents are told), change it while it
//! has not opened, close it early. Once a wave is open its statements are
//! frozen, so that its results stay comparable.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::access;
use super::forms::WaveInput;
use super::model::{period_text, Wave, WaveState};
use super::queries;
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::{agents, barometer_statements, barometer_waves};

/// What the audit log calls the barometer's changes.
pub const AUDIT_ACTION: &str = "baromètre";

/// Creates a wave and tells every active agent; returns its id.
pub fn create(conn: &mut AnyConnection, hr: &Agent, input: &WaveInput) -> AppResult<i32> {
    access::require_manage(hr)?;
    db::write_transaction(conn, |conn| {
        let id = insert(conn, hr.id, input)?;
        let everyone: Vec<i32> = agents::table
            .filter(agents::active.eq(true))
            .select(agents::id)
            .load(conn)?;
        crate::notifications::notify_all(
            conn,
            &everyone,
            crate::notifications::NotificationKind::Barometer,
            &format!(
                "{} : donnez votre avis, anonymement, {}",
                input.title,
                period_text(input.opens_on, input.closes_on)
            ),
            &format!("/barometre/{id}"),
        )?;
        crate::audit::record(
            conn,
            Some(hr.id),
            AUDIT_ACTION,
            &format!("vague créée : {}", input.title),
        )?;
        Ok(id)
    })
}

/// Writes a wave and its statements (no notification, no audit: the
/// callers decide).
pub fn insert(conn: &mut AnyConnection, created_by: i32, input: &WaveInput) -> QueryResult<i32> {
    let id: i32 = diesel::insert_into(barometer_waves::table)
        .values((
            barometer_waves::title.eq(&input.title),
            barometer_waves::opens_on.eq(input.opens_on),
            barometer_waves::closes_on.eq(input.closes_on),
            barometer_waves::comment_question.eq(&input.comment_question),
            barometer_waves::closed_early.eq(false),
            barometer_waves::created_by.eq(created_by),
            barometer_waves::created_at.eq(db::now()),
        ))
        .returning(barometer_waves::id)
        .get_result(conn)?;
    write_statements(conn, id, &input.statements)?;
    Ok(id)
}

/// Changes a wave that has not opened yet; refused once it is open.
pub fn update(
    conn: &mut AnyConnection,
    hr: &Agent,
    wave_id: i32,
    input: &WaveInput,
    today: NaiveDate,
) -> AppResult<()> {
    access::require_manage(hr)?;
    db::write_transaction(conn, |conn| {
        db::lock_row(conn, "barometer_waves", wave_id)?;
        let wave = queries::find_wave(conn, wave_id)?.ok_or(AppError::NotFound)?;
        if wave.state(today) != WaveState::Upcoming {
            return Err(AppError::Invalid(frozen_message(&wave)));
        }
        diesel::update(barometer_waves::table.find(wave_id))
            .set((
                barometer_waves::title.eq(&input.title),
                barometer_waves::opens_on.eq(input.opens_on),
                barometer_waves::closes_on.eq(input.closes_on),
                barometer_waves::comment_question.eq(&input.comment_question),
            ))
            .execute(conn)?;
        diesel::delete(
            barometer_statements::table.filter(barometer_statements::wave_id.eq(wave_id)),
        )
        .execute(conn)?;
        write_statements(conn, wave_id, &input.statements)?;
        crate::audit::record(
            conn,
            Some(hr.id),
            AUDIT_ACTION,
            &format!("vague modifiée avant son ouverture : {}", input.title),
        )?;
        Ok(())
    })
}

/// Closes an open wave before its last day (no answer is taken after);
/// its pending answers are mixed with its last batch.
pub fn close_early(
    conn: &mut AnyConnection,
    hr: &Agent,
    wave_id: i32,
    today: NaiveDate,
) -> AppResult<Wave> {
    access::require_manage(hr)?;
    db::write_transaction(conn, |conn| {
        db::lock_row(conn, "barometer_waves", wave_id)?;
        let wave = queries::find_wave(conn, wave_id)?.ok_or(AppError::NotFound)?;
        if wave.state(today) != WaveState::Open {
            return Err(AppError::Invalid(format!(
                "La vague « {} » n'est pas ouverte : seule une vague ouverte peut être close.",
                wave.title
            )));
        }
        diesel::update(barometer_waves::table.find(wave_id))
            .set(barometer_waves::closed_early.eq(true))
            .execute(conn)?;
        // The pending answers join the last batch now (see `mixing`).
        super::mixing::mix_locked(conn, wave_id, true)?;
        crate::audit::record(
            conn,
            Some(hr.id),
            AUDIT_ACTION,
            &format!("vague close avant son terme : {}", wave.title),
        )?;
        Ok(wave)
    })
}

/// Why an open or closed wave cannot be changed.
pub fn frozen_message(wave: &Wave) -> String {
    format!(
        "La vague « {} » est ouverte depuis le {} : ses affirmations ne peuvent plus changer, \
         sinon ses résultats ne seraient plus comparables.",
        wave.title,
        wave.opens_on.format("%d/%m/%Y")
    )
}

fn write_statements(conn: &mut AnyConnection, wave_id: i32, texts: &[String]) -> QueryResult<()> {
    for (i, text) in texts.iter().enumerate() {
        diesel::insert_into(barometer_statements::table)
            .values((
                barometer_statements::wave_id.eq(wave_id),
                barometer_statements::position.eq(i as i32 + 1),
                barometer_statements::text.eq(text),
            ))
            .execute(conn)?;
    }
    Ok(())
}
