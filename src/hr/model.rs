//! The vocabularies of the HR review: periods and their presets, the role and
//! kind-of-activity filters. Each has a slug (URLs and forms), a label
//! (shown) and a parse that refuses an unknown slug ([`Vocabulary`]).

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

use crate::common::forms::local_to_utc;
use crate::common::vocabulary::Vocabulary;

/// A period of whole days in local time, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The twelve months that end today (the default).
    pub fn last_twelve_months(today: NaiveDate) -> Period {
        let from = today
            .checked_sub_months(Months::new(12))
            .and_then(|d| d.succ_opt())
            .unwrap_or(today);
        Period { from, to: today }
    }

    /// The calendar year of `today`, 1 January to 31 December.
    pub fn calendar_year(today: NaiveDate) -> Period {
        let year = today.year();
        Period {
            from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today),
            to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today),
        }
    }

    /// The last complete quarter before `today`.
    pub fn last_quarter(today: NaiveDate) -> Period {
        let this_quarter_first_month = (today.month0() / 3) * 3 + 1;
        let this_quarter =
            NaiveDate::from_ymd_opt(today.year(), this_quarter_first_month, 1).unwrap_or(today);
        let from = this_quarter
            .checked_sub_months(Months::new(3))
            .unwrap_or(this_quarter);
        let to = this_quarter.pred_opt().unwrap_or(this_quarter);
        Period { from, to }
    }

    /// How many days the period covers.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same length that ends the day before this one starts.
    pub fn previous(&self) -> Period {
        let to = self.from.pred_opt().unwrap_or(self.from);
        let from = to - chrono::Duration::days(self.days() - 1);
        Period { from, to }
    }

    /// The UTC instants `[start, end)`: local midnight of the first day to
    /// local midnight after the last.
    pub fn bounds(&self, tz: Tz) -> (NaiveDateTime, NaiveDateTime) {
        let at = |d: NaiveDate| {
            local_to_utc(&d.format("%Y-%m-%d").to_string(), "00:00", tz)
                .unwrap_or_else(|_| d.and_hms_opt(0, 0, 0).unwrap_or_default())
        };
        let after = self.to.succ_opt().unwrap_or(self.to);
        (at(self.from), at(after))
    }

    /// "du 01/12/2025 au 30/11/2026"
    pub fn label(&self) -> String {
        format!(
            "du {} au {}",
            self.from.format("%d/%m/%Y"),
            self.to.format("%d/%m/%Y")
        )
    }
}

/// The quick choices of period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    LastTwelveMonths,
    CalendarYear,
    LastQuarter,
    Custom,
}

impl Vocabulary for Preset {
    const NAME: &'static str = "période";
    const ALL: &'static [Preset] = &[
        Preset::LastTwelveMonths,
        Preset::CalendarYear,
        Preset::LastQuarter,
        Preset::Custom,
    ];

    /// Not stored: the code is the slug read from URLs.
    fn code(self) -> &'static str {
        match self {
            Preset::LastTwelveMonths => "12-derniers-mois",
            Preset::CalendarYear => "annee-civile",
            Preset::LastQuarter => "dernier-trimestre",
            Preset::Custom => "dates",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Preset::LastTwelveMonths => "Les 12 derniers mois",
            Preset::CalendarYear => "L'année civile en cours",
            Preset::LastQuarter => "Le dernier trimestre complet",
            Preset::Custom => "Les dates choisies ci-dessous",
        }
    }
}

impl Preset {
    /// The period this preset names on `today` (`None` for custom dates).
    pub fn period(self, today: NaiveDate) -> Option<Period> {
        match self {
            Preset::LastTwelveMonths => Some(Period::last_twelve_months(today)),
            Preset::CalendarYear => Some(Period::calendar_year(today)),
            Preset::LastQuarter => Some(Period::last_quarter(today)),
            Preset::Custom => None,
        }
    }
}

/// Whom the figures are about, by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleFilter {
    /// Agents holding no other role.
    AgentOnly,
    Manager,
    Elu,
    Rh,
}

impl Vocabulary for RoleFilter {
    const NAME: &'static str = "rôle";
    const ALL: &'static [RoleFilter] = &[
        RoleFilter::AgentOnly,
        RoleFilter::Manager,
        RoleFilter::Elu,
        RoleFilter::Rh,
    ];

    /// Not stored: the code is the slug read from URLs.
    fn code(self) -> &'static str {
        match self {
            RoleFilter::AgentOnly => "agent",
            RoleFilter::Manager => "encadrant",
            RoleFilter::Elu => "elu",
            RoleFilter::Rh => "rh",
        }
    }

    fn label(self) -> &'static str {
        match self {
            RoleFilter::AgentOnly => "Agents (sans autre rôle)",
            RoleFilter::Manager => "Encadrants",
            RoleFilter::Elu => "Élus",
            RoleFilter::Rh => "RH",
        }
    }
}

/// The kind of activity the figures are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityKind {
    Swaps,
    Workshops,
    Initiatives,
}

impl Vocabulary for ActivityKind {
    const NAME: &'static str = "type d'activité";
    const ALL: &'static [ActivityKind] = &[
        ActivityKind::Swaps,
        ActivityKind::Workshops,
        ActivityKind::Initiatives,
    ];

    /// Not stored: the code is the slug read from URLs.
    fn code(self) -> &'static str {
        match self {
            ActivityKind::Swaps => "vis-ma-vie",
            ActivityKind::Workshops => "ateliers",
            ActivityKind::Initiatives => "initiatives",
        }
    }

    fn label(self) -> &'static str {
        match self {
            ActivityKind::Swaps => "Vis ma vie",
            ActivityKind::Workshops => "Ateliers",
            ActivityKind::Initiatives => "Initiatives",
        }
    }
}

impl ActivityKind {
    /// The code `encounters.kind` stores for this activity.
    pub fn encounter_code(self) -> &'static str {
        match self {
            ActivityKind::Swaps => crate::encounters::Through::Swap.code(),
            ActivityKind::Workshops => crate::encounters::Through::Workshop.code(),
            ActivityKind::Initiatives => crate::encounters::Through::Initiative.code(),
        }
    }
}

/// The filters of every review page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filters {
    pub period: Period,
    pub service_id: Option<i32>,
    pub role: Option<RoleFilter>,
    pub kind: Option<ActivityKind>,
}

impl Filters {
    /// Whether the figures of `kind` are wanted.
    pub fn includes(&self, kind: ActivityKind) -> bool {
        self.kind.is_none_or(|k| k == kind)
    }

    /// The same filters over the previous period of the same length.
    pub fn previous(&self) -> Filters {
        Filters {
            period: self.period.previous(),
            ..*self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn presets_and_previous_periods() {
        let today = d(2026, 12, 2);
        let year = Period::last_twelve_months(today);
        assert_eq!(
            year,
            Period {
                from: d(2025, 12, 3),
                to: today
            }
        );
        assert_eq!(year.days(), 365);
        assert_eq!(
            year.previous(),
            Period {
                from: d(2024, 12, 3),
                to: d(2025, 12, 2)
            }
        );
        assert_eq!(
            Period::last_quarter(today),
            Period {
                from: d(2026, 7, 1),
                to: d(2026, 9, 30)
            }
        );
        assert_eq!(
            Period::last_quarter(d(2026, 2, 10)),
            Period {
                from: d(2025, 10, 1),
                to: d(2025, 12, 31)
            }
        );
        assert_eq!(Period::calendar_year(today).days(), 365);
        assert!(RoleFilter::parse("directeur").is_err());
        assert_eq!(ActivityKind::parse("ateliers"), Ok(ActivityKind::Workshops));
    }
}
