//! Builds each page's view from the reads of `queries` and `report`: the
//! list of waves, a wave's page (HR or élus), the answer page.

use chrono::NaiveDate;

use super::forms::AnswerForm;
use super::model::{WaveState, SCALE};
use super::report;
use super::views::{AnswerPage, ChoiceView, QuestionView, WavePage, WaveSummary};
use super::{answering, queries};
use crate::common::forms::FieldErrors;
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult};
use crate::hr::disclosure::Disclosure;

/// Every wave with its number of responses (two queries).
pub fn summaries(conn: &mut AnyConnection, today: NaiveDate) -> AppResult<Vec<WaveSummary>> {
    let waves = queries::all_waves(conn)?;
    let ids: Vec<i32> = waves.iter().map(|w| w.id).collect();
    let counts: std::collections::HashMap<i32, i64> = queries::respondents_per_wave(conn, &ids)?
        .into_iter()
        .collect();
    Ok(waves
        .iter()
        .map(|w| WaveSummary::new(w, today, counts.get(&w.id).copied().unwrap_or(0)))
        .collect())
}

/// A wave's page. HR (`Disclosure::Full`) sees any wave, the response rate
/// while it is open, results and comments once closed; élus
/// (`Disclosure::Protected`) only closed waves, without comments.
pub fn wave_page(
    conn: &mut AnyConnection,
    id: i32,
    today: NaiveDate,
    disclosure: Disclosure,
) -> AppResult<WavePage> {
    let wave = queries::find_wave(conn, id)?.ok_or(AppError::NotFound)?;
    let state = wave.state(today);
    if disclosure == Disclosure::Protected && state != WaveState::Closed {
        return Err(AppError::NotFound);
    }
    let statements = queries::statements_of(conn, &[id])?
        .into_iter()
        .map(|s| s.text)
        .collect();
    let respondents: i64 = queries::respondents_per_wave(conn, &[id])?
        .into_iter()
        .map(|(_, n)| n)
        .sum();
    let exports = match disclosure {
        Disclosure::Full => format!("/rh/barometre/{id}/exports"),
        Disclosure::Protected => format!("/pilotage/barometre/{id}/exports"),
    };
    let (report, rates) = match state {
        WaveState::Closed => (
            Some(report::wave_report(conn, &wave, today, disclosure)?),
            None,
        ),
        WaveState::Open => {
            let names = crate::agents::all_services(conn)?.into_iter().collect();
            let rows = super::results::response_rates(
                &queries::respondents(conn, id)?,
                &queries::active_per_service(conn)?,
                &names,
            );
            (None, Some(report::rate_table(&rows, disclosure)))
        }
        WaveState::Upcoming => (None, None),
    };
    Ok(WavePage::new(
        &wave,
        statements,
        today,
        respondents,
        report.as_ref(),
        rates,
        disclosure,
        exports,
    ))
}

/// The answer page of a wave for an agent, with their input and errors
/// when the form comes back.
pub fn answer_page(
    conn: &mut AnyConnection,
    id: i32,
    agent_id: i32,
    today: NaiveDate,
    form: &AnswerForm,
    errors: FieldErrors,
) -> AppResult<AnswerPage> {
    let wave = queries::find_wave(conn, id)?.ok_or(AppError::NotFound)?;
    let answered = queries::has_answered(conn, id, agent_id)?;
    let refusal = answering::refusal(&wave, today);
    let questions = if answered || refusal.is_some() {
        Vec::new()
    } else {
        queries::statements_of(conn, &[id])?
            .into_iter()
            .map(|s| {
                let chosen = form.chosen(s.id);
                QuestionView {
                    id: s.id,
                    position: s.position,
                    field: format!("affirmation-{}", s.position),
                    text: s.text,
                    choices: SCALE
                        .iter()
                        .map(|(value, label)| ChoiceView {
                            value,
                            label,
                            checked: chosen == *value,
                        })
                        .collect(),
                }
            })
            .collect()
    };
    Ok(AnswerPage {
        id,
        title: wave.title.clone(),
        period: wave.period(),
        refusal,
        answered,
        questions,
        comment_question: wave.comment_question.clone(),
        comment: form.comment.clone(),
        errors,
    })
}
