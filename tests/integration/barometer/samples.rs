//! Sample contexts for every barometer template.

use passerelles::barometer::forms::WaveForm;
use passerelles::barometer::views::*;
use passerelles::common::forms::FieldErrors;
use passerelles::hr::views::TableView;
use rocket_dyn_templates::Template;

use crate::pages::page;

fn errors(field: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    errors.add(field, "Indiquez <quelque chose>.");
    errors
}

fn form() -> WaveForm {
    WaveForm::proposed(chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())
}

fn table(slug: &str) -> TableView {
    TableView {
        slug: slug.into(),
        caption: "Affirmation 1 : « <Je> »".into(),
        columns: vec!["Groupe".into(), "Réponses".into()],
        rows: vec![vec!["Voirie <b>".into(), "6".into()]],
    }
}

fn summary() -> WaveSummary {
    WaveSummary {
        id: 3,
        title: "Vague <3>".into(),
        period: "du 01/12/2026 au 15/12/2026".into(),
        state: "Close",
        state_slug: "close",
        respondents: 34,
    }
}

fn wave_page(for_hr: bool) -> WavePage {
    WavePage {
        notice: Some("La vague est créée.".into()),
        id: 3,
        title: "Vague <3>".into(),
        period: "du 01/12/2026 au 15/12/2026".into(),
        state: "Close",
        state_slug: "close",
        statements: vec!["Je <me> sens".into()],
        comment_question: Some("Une idée ?".into()),
        respondents: 14,
        may_edit: for_hr,
        may_close: for_hr,
        for_hr,
        exports: "/rh/barometre/3/exports".into(),
        rates: Some(table("taux")),
        results: Some(ResultsView {
            respondents: 14,
            took_part: "7".into(),
            did_not: "7".into(),
            too_few: false,
            participation_shown: true,
            services_note: "1 service montré à part.".into(),
            legend: legend(),
            statements: vec![StatementView {
                position: 1,
                text: "Je <me> sens".into(),
                mean: "3,4".into(),
                chart: "<svg class=\"barometer-chart\" role=\"img\" aria-labelledby=\"t\"><title id=\"t\">Graphique</title></svg>".into(),
                table: table("repartition-affirmation-1"),
            }],
            trend_chart: None,
            trend: Some(table("evolution")),
            rates: table("taux-de-reponse"),
        }),
        comments: vec![CommentView {
            service: Some("Voirie".into()),
            text: "Très <b>bien</b>".into(),
        }],
    }
}

pub fn template_samples(
    rocket: &rocket::Rocket<rocket::Orbit>,
) -> Vec<(&'static str, Option<String>)> {
    vec![
        (
            "barometer/waves",
            Template::show(
                rocket,
                "barometer/waves",
                page(WavesPage {
                    notice: Some("Créée".into()),
                    waves: vec![summary()],
                    form: form(),
                    errors: errors("statement-1"),
                }),
            ),
        ),
        (
            "barometer/edit",
            Template::show(
                rocket,
                "barometer/edit",
                page(WaveEditPage {
                    id: 3,
                    form: form(),
                    errors: errors("title"),
                }),
            ),
        ),
        (
            "barometer/wave",
            Template::show(rocket, "barometer/wave", page(wave_page(true))),
        ),
        (
            "barometer/steering",
            Template::show(
                rocket,
                "barometer/steering",
                page(SteeringListPage {
                    waves: vec![summary()],
                }),
            ),
        ),
        (
            "barometer/answer",
            Template::show(
                rocket,
                "barometer/answer",
                page(AnswerPage {
                    id: 3,
                    title: "Vague <3>".into(),
                    period: "du 01/12/2026 au 15/12/2026".into(),
                    refusal: None,
                    answered: false,
                    questions: vec![QuestionView {
                        id: 9,
                        position: 1,
                        text: "Je <me> sens".into(),
                        field: "affirmation-1".into(),
                        choices: vec![ChoiceView {
                            value: "nsp",
                            label: "Je ne sais pas",
                            checked: true,
                        }],
                    }],
                    comment_question: Some("Une idée ?".into()),
                    comment: "<b>".into(),
                    errors: errors("affirmation-1"),
                }),
            ),
        ),
    ]
}
