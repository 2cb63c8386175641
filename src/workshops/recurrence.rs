//! Recurring workshops: the dates of a series ("tous les premiers mardis du
//! mois pendant 6 mois", "chaque semaine"), computed on local dates so that
//! each session keeps its local time across daylight-saving changes.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::common::vocabulary::Vocabulary;

/// How a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// A single session.
    Once,
    /// Same weekday every week.
    Weekly,
    /// Same weekday every other week.
    Fortnightly,
    /// Same weekday and rank in the month ("le premier mardi", "le dernier vendredi").
    MonthlyByWeekday,
}

impl Vocabulary for Repeat {
    const NAME: &'static str = "répétition";
    const ALL: &'static [Repeat] = &[
        Repeat::Once,
        Repeat::Weekly,
        Repeat::Fortnightly,
        Repeat::MonthlyByWeekday,
    ];

    fn code(self) -> &'static str {
        match self {
            Repeat::Once => "aucune",
            Repeat::Weekly => "hebdomadaire",
            Repeat::Fortnightly => "quinzaine",
            Repeat::MonthlyByWeekday => "mensuelle",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Repeat::Once => "Une seule session",
            Repeat::Weekly => "Chaque semaine, le même jour",
            Repeat::Fortnightly => "Toutes les deux semaines, le même jour",
            Repeat::MonthlyByWeekday => {
                "Chaque mois, le même jour de la semaine (par exemple le premier mardi)"
            }
        }
    }
}

/// Most sessions a series may create at once.
pub const MAX_OCCURRENCES: u32 = 24;

/// The `count` dates of a series starting on `first`. Monthly series take
/// the same rank of the same weekday each month; a date in the last seven
/// days of its month that is also its fifth such weekday means "the last".
pub fn dates(first: NaiveDate, repeat: Repeat, count: u32) -> Vec<NaiveDate> {
    let count = count.clamp(1, MAX_OCCURRENCES) as i64;
    match repeat {
        Repeat::Once => vec![first],
        Repeat::Weekly => (0..count)
            .filter_map(|i| first.checked_add_signed(Duration::weeks(i)))
            .collect(),
        Repeat::Fortnightly => (0..count)
            .filter_map(|i| first.checked_add_signed(Duration::weeks(2 * i)))
            .collect(),
        Repeat::MonthlyByWeekday => {
            let rank = rank_in_month(first);
            (0..count)
                .filter_map(|i| {
                    let months = first.month0() as i64 + i;
                    let year = first.year() + (months / 12) as i32;
                    let month = (months % 12) as u32 + 1;
                    weekday_in_month(year, month, first.weekday(), rank)
                })
                .collect()
        }
    }
}

/// The rank of a date's weekday in its month: `Some(1..=4)`, or `None` for
/// the fifth (taken as "the last").
fn rank_in_month(date: NaiveDate) -> Option<u32> {
    let rank = (date.day() - 1) / 7 + 1;
    (rank <= 4).then_some(rank)
}

/// The `rank`-th `weekday` of a month (`None`: the last one).
fn weekday_in_month(
    year: i32,
    month: u32,
    weekday: Weekday,
    rank: Option<u32>,
) -> Option<NaiveDate> {
    match rank {
        Some(n) => NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8),
        None => {
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)?
            };
            let mut day = next.pred_opt()?;
            while day.weekday() != weekday {
                day = day.pred_opt()?;
            }
            Some(day)
        }
    }
}

const RANKS: [&str; 4] = ["premier", "deuxième", "troisième", "quatrième"];
const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// How a series reads in French ("tous les premiers mardis du mois, 6 sessions").
pub fn describe(first: NaiveDate, repeat: Repeat, count: u32) -> String {
    let day = WEEKDAYS[first.weekday().num_days_from_monday() as usize];
    let count = count.clamp(1, MAX_OCCURRENCES);
    match repeat {
        Repeat::Once => "une seule session".into(),
        Repeat::Weekly => format!("chaque {day}, {count} sessions"),
        Repeat::Fortnightly => format!("un {day} sur deux, {count} sessions"),
        Repeat::MonthlyByWeekday => match rank_in_month(first) {
            Some(n) => format!(
                "le {} {day} de chaque mois, {count} sessions",
                RANKS[n as usize - 1]
            ),
            None => format!("le dernier {day} de chaque mois, {count} sessions"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn first_tuesdays_for_six_months() {
        // 3 November 2026 is the first Tuesday of November.
        let got = dates(d(2026, 11, 3), Repeat::MonthlyByWeekday, 6);
        assert_eq!(
            got,
            vec![
                d(2026, 11, 3),
                d(2026, 12, 1),
                d(2027, 1, 5),
                d(2027, 2, 2),
                d(2027, 3, 2),
                d(2027, 4, 6)
            ]
        );
        assert_eq!(
            describe(d(2026, 11, 3), Repeat::MonthlyByWeekday, 6),
            "le premier mardi de chaque mois, 6 sessions"
        );
    }

    #[test]
    fn a_fifth_weekday_means_the_last() {
        // 29 December 2026 is the fifth (and last) Tuesday.
        let got = dates(d(2026, 12, 29), Repeat::MonthlyByWeekday, 3);
        assert_eq!(got, vec![d(2026, 12, 29), d(2027, 1, 26), d(2027, 2, 23)]);
    }

    #[test]
    fn weekly_and_fortnightly() {
        assert_eq!(
            dates(d(2026, 12, 28), Repeat::Weekly, 3),
            vec![d(2026, 12, 28), d(2027, 1, 4), d(2027, 1, 11)]
        );
        assert_eq!(
            dates(d(2026, 12, 28), Repeat::Fortnightly, 2),
            vec![d(2026, 12, 28), d(2027, 1, 11)]
        );
        assert_eq!(
            dates(d(2026, 12, 28), Repeat::Once, 9),
            vec![d(2026, 12, 28)]
        );
        assert_eq!(dates(d(2026, 12, 28), Repeat::Weekly, 500).len(), 24);
    }
}
