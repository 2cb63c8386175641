//! The typed views of the barometer's pages.

use serde::Serialize;

use super::chart::COLOURS;
use super::forms::WaveForm;
use super::model::{Wave, WaveState, SCALE};
use super::report::{self, WaveReport};
use crate::common::forms::FieldErrors;
use crate::hr::disclosure::Disclosure;
use crate::hr::views::TableView;

/// A wave in a list.
#[derive(Debug, Clone, Serialize)]
pub struct WaveSummary {
    pub id: i32,
    pub title: String,
    pub period: String,
    pub state: &'static str,
    pub state_slug: &'static str,
    pub respondents: i64,
}

/// `/rh/barometre`: the waves and the form to create one.
#[derive(Debug, Clone, Serialize)]
pub struct WavesPage {
    pub notice: Option<String>,
    pub waves: Vec<WaveSummary>,
    pub form: WaveForm,
    pub errors: FieldErrors,
}

/// `/rh/barometre/<id>/modifier`: a wave that has not opened yet.
#[derive(Debug, Clone, Serialize)]
pub struct WaveEditPage {
    pub id: i32,
    pub form: WaveForm,
    pub errors: FieldErrors,
}

/// One statement's results: its chart and its table.
#[derive(Debug, Clone, Serialize)]
pub struct StatementView {
    pub position: i32,
    pub text: String,
    pub mean: String,
    pub chart: String,
    pub table: TableView,
}

/// A colour of the legend.
#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    pub label: &'static str,
    pub colour: &'static str,
}

/// A comment as HR reads it.
#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    pub service: Option<String>,
    pub text: String,
}

/// A closed wave's results (HR and élus).
#[derive(Debug, Clone, Serialize)]
pub struct ResultsView {
    pub respondents: i64,
    pub took_part: String,
    pub did_not: String,
    pub too_few: bool,
    pub participation_shown: bool,
    pub services_note: String,
    pub legend: Vec<LegendItem>,
    pub statements: Vec<StatementView>,
    pub trend_chart: Option<String>,
    pub trend: Option<TableView>,
    pub rates: TableView,
}

/// A wave's page: HR's (`/rh/barometre/<id>`) or the élus'
/// (`/pilotage/barometre/<id>`, no comments, counts protected).
#[derive(Debug, Clone, Serialize)]
pub struct WavePage {
    pub notice: Option<String>,
    pub id: i32,
    pub title: String,
    pub period: String,
    pub state: &'static str,
    pub state_slug: &'static str,
    pub statements: Vec<String>,
    pub comment_question: Option<String>,
    pub respondents: i64,
    pub may_edit: bool,
    pub may_close: bool,
    /// HR's page (comments, actions) rather than the élus'.
    pub for_hr: bool,
    /// Where this page's exports are (`/rh/barometre/3/exports`).
    pub exports: String,
    /// While open: only the response rate.
    pub rates: Option<TableView>,
    pub results: Option<ResultsView>,
    pub comments: Vec<CommentView>,
}

/// `/pilotage/barometre`: closed waves, for élus.
#[derive(Debug, Clone, Serialize)]
pub struct SteeringListPage {
    pub waves: Vec<WaveSummary>,
}

/// One choice of a radio group.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceView {
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// A statement to answer.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub id: i32,
    pub position: i32,
    pub text: String,
    /// The field name of its error (`affirmation-2`).
    pub field: String,
    pub choices: Vec<ChoiceView>,
}

/// `/barometre/<id>`: the answer page.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerPage {
    pub id: i32,
    pub title: String,
    pub period: String,
    /// Why no answer can be given (not open yet, closed), if so.
    pub refusal: Option<String>,
    pub answered: bool,
    pub questions: Vec<QuestionView>,
    pub comment_question: Option<String>,
    pub comment: String,
    pub errors: FieldErrors,
}

/// The legend of the distribution charts.
pub fn legend() -> Vec<LegendItem> {
    SCALE
        .iter()
        .zip(COLOURS)
        .map(|((_, label), colour)| LegendItem { label, colour })
        .collect()
}

impl WaveSummary {
    pub fn new(wave: &Wave, today: chrono::NaiveDate, respondents: i64) -> WaveSummary {
        let state = wave.state(today);
        WaveSummary {
            id: wave.id,
            title: wave.title.clone(),
            period: wave.period(),
            state: state.label(),
            state_slug: state.slug(),
            respondents,
        }
    }
}

impl ResultsView {
    /// The results part of a wave's page.
    pub fn new(report: &WaveReport, disclosure: Disclosure) -> ResultsView {
        let r = &report.results;
        let count = |n: i64| {
            if r.participation_shown {
                n.to_string()
            } else {
                "non affiché (moins de 5 dans un des deux groupes)".into()
            }
        };
        let merged = r.services.merged.len();
        ResultsView {
            respondents: r.respondents,
            took_part: count(r.took_part),
            did_not: count(r.did_not),
            too_few: r.too_few,
            participation_shown: r.participation_shown,
            services_note: if r.services.shown.is_empty() {
                "Aucun service n'a assez de réponses pour être montré à part.".into()
            } else if merged > 0 {
                format!(
                    "{} service{} montré{} à part ; les autres ({merged}) sont regroupés dans « Autres services ».",
                    r.services.shown.len(),
                    if r.services.shown.len() > 1 { "s" } else { "" },
                    if r.services.shown.len() > 1 { "s" } else { "" },
                )
            } else {
                "Chaque service a assez de réponses pour être montré à part.".into()
            },
            legend: legend(),
            statements: r
                .statements
                .iter()
                .map(|s| StatementView {
                    position: s.position,
                    text: s.text.clone(),
                    mean: s
                        .groups
                        .first()
                        .and_then(|g| g.counts.mean())
                        .map(report::decimal)
                        .unwrap_or_else(|| "—".into()),
                    chart: report::statement_chart(s),
                    table: report::statement_table(s),
                })
                .collect(),
            trend_chart: if r.too_few {
                None
            } else {
                super::chart::trend("graphique-evolution", &report.trend, &report.trend_labels)
            },
            trend: (!r.too_few && report.trend_waves.len() > 1)
                .then(|| report::trend_table(&report.trend, &report.trend_waves)),
            rates: report::rate_table(&report.rates, disclosure),
        }
    }
}

impl WavePage {
    /// A wave's page from its report (`None` while the wave is not closed).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        wave: &Wave,
        statements: Vec<String>,
        today: chrono::NaiveDate,
        respondents: i64,
        report: Option<&WaveReport>,
        rates: Option<crate::hr::views::TableView>,
        disclosure: Disclosure,
        exports: String,
    ) -> WavePage {
        let state = wave.state(today);
        let for_hr = disclosure == Disclosure::Full;
        WavePage {
            notice: None,
            id: wave.id,
            title: wave.title.clone(),
            period: wave.period(),
            state: state.label(),
            state_slug: state.slug(),
            statements,
            comment_question: wave.comment_question.clone(),
            respondents,
            may_edit: for_hr && state == WaveState::Upcoming,
            may_close: for_hr && state == WaveState::Open,
            for_hr,
            exports,
            rates,
            results: report.map(|r| ResultsView::new(r, disclosure)),
            comments: report
                .map(|r| {
                    r.comments
                        .iter()
                        .map(|c| CommentView {
                            service: c.service.clone(),
                            text: c.text.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}
