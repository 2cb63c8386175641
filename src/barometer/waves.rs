//! HR's verbs on waves: create one (agents are told), change it while it
//! has not opened, close it early. Once a wave is open its statements are
//! frozen, so that its results stay comparable.

use crate::barometer::links;
use chrono::NaiveDate;
use diesel::prelude::*;

use super::access;
use super::forms::WaveInput;
use super::model::{period_text, Wave, WaveState};
use super::queries;
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::{agents, barometer_statements, barometer_waves, reminders_sent};

/// What the audit log calls the barometer's changes.
pub const AUDIT_ACTION: &str = "baromètre";

/// Claim kind of a wave's opening, told once (see [`crate::reminders::claim`]).
const OPENED: &str = "barometre-ouverture";

/// Creates a wave; returns its id. When it opens on `today` (local date),
/// every active agent but its author is invited in the same transaction;
/// one that opens later is announced on its first day ([`announce_opened`]).
pub fn create(
    conn: &mut AnyConnection,
    hr: &Agent,
    input: &WaveInput,
    today: NaiveDate,
) -> AppResult<i32> {
    access::require_manage(hr)?;
    db::write_transaction(conn, |conn| {
        let id = insert(conn, hr.id, input)?;
        crate::audit::record(
            conn,
            Some(hr.id),
            AUDIT_ACTION,
            &format!("vague créée : {}", input.title),
        )?;
        if input.opens_on <= today && today <= input.closes_on {
            let wave = queries::find_wave(conn, id)?.ok_or(AppError::NotFound)?;
            announce(conn, &wave)?;
        }
        Ok(id)
    })
}

/// Invites every active agent to each wave open on `today` that has not
/// been announced yet (those created ahead of their first day), once
/// whatever the instances running it. Waves written on or after their
/// first day without being announced (demo content, waves from before
/// this announcement existed) are left alone. Returns how many were
/// announced.
pub fn announce_opened(conn: &mut AnyConnection, today: NaiveDate) -> AppResult<usize> {
    let due: Vec<Wave> = barometer_waves::table
        .left_join(
            reminders_sent::table.on(reminders_sent::kind
                .eq(OPENED)
                .and(reminders_sent::source_id.eq(barometer_waves::id))),
        )
        .filter(reminders_sent::source_id.is_null())
        .filter(barometer_waves::opens_on.le(today))
        .filter(barometer_waves::closes_on.ge(today))
        .filter(barometer_waves::closed_early.eq(false))
        .select(Wave::as_select())
        .load(conn)?;
    let mut announced = 0;
    for wave in due {
        let created_ahead = wave
            .opens_on
            .and_hms_opt(0, 0, 0)
            .is_some_and(|first_day| wave.created_at < first_day);
        if !created_ahead {
            continue;
        }
        let told = db::write_transaction(conn, |conn| announce(conn, &wave))?;
        announced += usize::from(told);
    }
    Ok(announced)
}

/// Claims the wave's announcement and invites every active agent but its
/// author; false if it was already announced.
fn announce(conn: &mut AnyConnection, wave: &Wave) -> QueryResult<bool> {
    if !crate::reminders::claim(conn, OPENED, wave.id)? {
        return Ok(false);
    }
    let everyone: Vec<i32> = agents::table
        .filter(agents::active.eq(true))
        .filter(agents::id.ne(wave.created_by))
        .select(agents::id)
        .load(conn)?;
    crate::notifications::notify_all(
        conn,
        &everyone,
        crate::notifications::NotificationKind::Barometer,
        &format!(
            "Baromètre « {} » : donnez votre avis, anonymement, {}.",
            wave.title,
            period_text(wave.opens_on, wave.closes_on)
        ),
        &links::answer(wave.id),
    )?;
    Ok(true)
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
        if input.opens_on <= today && today <= input.closes_on {
            let wave = queries::find_wave(conn, wave_id)?.ok_or(AppError::NotFound)?;
            announce(conn, &wave)?;
        }
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
