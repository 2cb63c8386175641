//! The barometer's rows and vocabulary: waves, statements, the agreement
//! scale, a wave's state on a given day.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::{barometer_statements, barometer_waves};

/// A wave of the barometer.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = barometer_waves)]
pub struct Wave {
    pub id: i32,
    pub title: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub comment_question: Option<String>,
    pub closed_early: bool,
    pub created_by: i32,
    pub created_at: NaiveDateTime,
}

/// Where a wave stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaveState {
    /// Before its first day: statements may still change.
    Upcoming,
    /// Agents may answer; statements are frozen.
    Open,
    /// Past its last day, or closed early by HR: results are readable.
    Closed,
}

impl WaveState {
    pub fn label(self) -> &'static str {
        match self {
            WaveState::Upcoming => "À venir",
            WaveState::Open => "Ouverte",
            WaveState::Closed => "Close",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            WaveState::Upcoming => "a-venir",
            WaveState::Open => "ouverte",
            WaveState::Closed => "close",
        }
    }
}

impl Wave {
    /// The wave's state on `today` (local date).
    pub fn state(&self, today: NaiveDate) -> WaveState {
        if self.closed_early || today > self.closes_on {
            WaveState::Closed
        } else if today < self.opens_on {
            WaveState::Upcoming
        } else {
            WaveState::Open
        }
    }

    /// "du 01/12/2026 au 15/12/2026".
    pub fn period(&self) -> String {
        period_text(self.opens_on, self.closes_on)
    }
}

/// "du 01/12/2026 au 15/12/2026".
pub fn period_text(opens_on: NaiveDate, closes_on: NaiveDate) -> String {
    format!(
        "du {} au {}",
        opens_on.format("%d/%m/%Y"),
        closes_on.format("%d/%m/%Y")
    )
}

/// A statement of a wave.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = barometer_statements)]
pub struct Statement {
    pub id: i32,
    pub wave_id: i32,
    pub position: i32,
    pub text: String,
}

/// The fewest and most statements a wave may have.
pub const MIN_STATEMENTS: usize = 3;
pub const MAX_STATEMENTS: usize = 8;

/// The statements proposed for a new wave.
pub const DEFAULT_STATEMENTS: [&str; 5] = [
    "Je me sens appartenir à la Ville dans son ensemble, au-delà de mon service.",
    "Je comprends les missions des autres services de la Ville.",
    "Je sais à qui m'adresser dans un autre service quand j'ai besoin d'aide.",
    "Il m'est facile de proposer une idée, même en dehors de mon service.",
    "Ces derniers mois, j'ai appris quelque chose d'un collègue d'un autre service.",
];

/// An answer on the agreement scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// 1 to 5.
    Score(i32),
    DoNotKnow,
}

/// The scale as forms and tables show it: (form value, label).
pub const SCALE: [(&str, &str); 6] = [
    ("1", "Pas du tout d'accord"),
    ("2", "Plutôt pas d'accord"),
    ("3", "Ni d'accord ni pas d'accord"),
    ("4", "Plutôt d'accord"),
    ("5", "Tout à fait d'accord"),
    ("nsp", "Je ne sais pas"),
];

impl Agreement {
    /// Reads a form value ("1" to "5", "nsp").
    pub fn parse(value: &str) -> Option<Agreement> {
        match value.trim() {
            "nsp" => Some(Agreement::DoNotKnow),
            v => v
                .parse::<i32>()
                .ok()
                .filter(|n| (1..=5).contains(n))
                .map(Agreement::Score),
        }
    }

    /// What is stored: the score, or NULL for "je ne sais pas".
    pub fn stored(self) -> Option<i32> {
        match self {
            Agreement::Score(n) => Some(n),
            Agreement::DoNotKnow => None,
        }
    }
}
