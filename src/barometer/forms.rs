//! The barometer's forms and their checks, with French messages tied to
//! their fields: a wave (HR) and an answer (agents).

use std::collections::HashMap;

use chrono::NaiveDate;
use rocket::FromForm;
use serde::Serialize;

use super::model::{Agreement, Statement, DEFAULT_STATEMENTS, MAX_STATEMENTS, MIN_STATEMENTS};
use crate::common::forms::{typed_date, FieldErrors};

pub const TITLE_MAX: usize = 120;
pub const STATEMENT_MAX: usize = 250;
pub const QUESTION_MAX: usize = 250;
pub const COMMENT_MAX: usize = 2000;

/// A wave as HR types it: up to [`MAX_STATEMENTS`] statement fields, the
/// empty ones ignored.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct WaveForm {
    #[field(default = String::new())]
    pub title: String,
    #[field(default = String::new())]
    pub opens_on: String,
    #[field(default = String::new())]
    pub closes_on: String,
    #[field(default = Vec::new())]
    pub statements: Vec<String>,
    #[field(default = String::new())]
    pub comment_question: String,
}

/// A checked wave.
#[derive(Debug, Clone)]
pub struct WaveInput {
    pub title: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub statements: Vec<String>,
    pub comment_question: Option<String>,
}

impl WaveForm {
    /// The form of a new wave: the default statements, free fields after them.
    pub fn proposed(today: NaiveDate) -> WaveForm {
        let mut statements: Vec<String> =
            DEFAULT_STATEMENTS.iter().map(|s| s.to_string()).collect();
        statements.resize(MAX_STATEMENTS, String::new());
        WaveForm {
            title: format!("Baromètre de la culture commune {}", today.format("%Y")),
            opens_on: today.format("%Y-%m-%d").to_string(),
            closes_on: (today + chrono::Duration::days(14))
                .format("%Y-%m-%d")
                .to_string(),
            statements,
            comment_question:
                "Qu'est-ce qui vous aiderait à mieux connaître le travail des autres services ?"
                    .into(),
        }
    }

    /// The form filled with a wave's current wording (to edit it).
    pub fn of(
        title: &str,
        opens_on: NaiveDate,
        closes_on: NaiveDate,
        statements: &[Statement],
        question: Option<&str>,
    ) -> WaveForm {
        let mut texts: Vec<String> = statements.iter().map(|s| s.text.clone()).collect();
        texts.resize(MAX_STATEMENTS, String::new());
        WaveForm {
            title: title.to_string(),
            opens_on: opens_on.format("%Y-%m-%d").to_string(),
            closes_on: closes_on.format("%Y-%m-%d").to_string(),
            statements: texts,
            comment_question: question.unwrap_or_default().to_string(),
        }
    }

    /// Always [`MAX_STATEMENTS`] fields to show, the person's input kept.
    pub fn padded(mut self) -> WaveForm {
        self.statements.truncate(MAX_STATEMENTS);
        self.statements.resize(MAX_STATEMENTS, String::new());
        self
    }

    /// Checks the wave; `today` bounds the dates (a wave cannot open in the past).
    pub fn check(&self, today: NaiveDate) -> Result<WaveInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.required("title", &self.title, "le titre de la vague", TITLE_MAX);
        let opens_on = date(&mut errors, "opens_on", &self.opens_on, today);
        if opens_on.is_some_and(|d| d < today) {
            errors.add(
                "opens_on",
                "Une vague ne peut pas s'ouvrir dans le passé : choisissez aujourd'hui ou une date à venir.",
            );
        }
        let closes_on = date(&mut errors, "closes_on", &self.closes_on, today);
        if let (Some(open), Some(close)) = (opens_on, closes_on) {
            if close < open {
                errors.add(
                    "closes_on",
                    "La vague ne peut pas se clore avant de s'ouvrir : choisissez une clôture après l'ouverture.",
                );
            }
        }
        if self.statements.len() > MAX_STATEMENTS {
            errors.add(
                "statement-1",
                format!("{MAX_STATEMENTS} affirmations au plus."),
            );
        }
        let mut statements = Vec::new();
        for (i, text) in self.statements.iter().take(MAX_STATEMENTS).enumerate() {
            let field = format!("statement-{}", i + 1);
            if let Some(text) = errors.optional(&field, text, STATEMENT_MAX) {
                if statements.contains(&text) {
                    errors.add(&field, "Cette affirmation figure déjà plus haut.");
                }
                statements.push(text);
            }
        }
        if statements.len() < MIN_STATEMENTS && !errors.has("statement-1") {
            errors.add(
                "statement-1",
                format!(
                    "Indiquez au moins {MIN_STATEMENTS} affirmations ({} remplie{}).",
                    statements.len(),
                    if statements.len() > 1 { "s" } else { "" }
                ),
            );
        }
        let comment_question =
            errors.optional("comment_question", &self.comment_question, QUESTION_MAX);
        match (opens_on, closes_on) {
            (Some(opens_on), Some(closes_on)) if errors.is_empty() => Ok(WaveInput {
                title,
                opens_on,
                closes_on,
                statements,
                comment_question,
            }),
            _ => Err(errors),
        }
    }
}

fn date(errors: &mut FieldErrors, field: &str, value: &str, today: NaiveDate) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        errors.add(field, "Indiquez une date.");
        return None;
    }
    typed_date(value, today)
        .map_err(|message| errors.add(field, message))
        .ok()
}

/// An agent's answer: `answers[<statement id>]` is "1" to "5" or "nsp".
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct AnswerForm {
    #[field(default = HashMap::new())]
    pub answers: HashMap<String, String>,
    #[field(default = String::new())]
    pub comment: String,
}

/// A checked answer: one agreement per statement, in the wave's order.
#[derive(Debug, Clone)]
pub struct AnswerInput {
    pub answers: Vec<(i32, Agreement)>,
    pub comment: Option<String>,
}

impl AnswerForm {
    /// Checks that every statement of the wave has an answer on the scale.
    pub fn check(
        &self,
        statements: &[Statement],
        asks_comment: bool,
    ) -> Result<AnswerInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut answers = Vec::new();
        for statement in statements {
            let value = self.answers.get(&statement.id.to_string());
            match value.and_then(|v| Agreement::parse(v)) {
                Some(agreement) => answers.push((statement.id, agreement)),
                None => errors.add(
                    &format!("affirmation-{}", statement.position),
                    format!(
                        "Affirmation {} : choisissez une réponse (ou « Je ne sais pas »).",
                        statement.position
                    ),
                ),
            }
        }
        let comment = if asks_comment {
            errors.optional("comment", &self.comment, COMMENT_MAX)
        } else {
            None
        };
        if errors.is_empty() {
            Ok(AnswerInput { answers, comment })
        } else {
            Err(errors)
        }
    }

    /// The value chosen for a statement, to show the form again.
    pub fn chosen(&self, statement_id: i32) -> String {
        self.answers
            .get(&statement_id.to_string())
            .cloned()
            .unwrap_or_default()
    }
}
