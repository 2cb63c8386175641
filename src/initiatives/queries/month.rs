//! The featured initiatives of a month (`/initiatives/a-la-une/<aaaa-mm>`),
//! printable for the municipal bulletin.

use crate::initiatives::links;
use chrono::{Datelike, NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::common::format::long_date;
use crate::db::AnyConnection;
use crate::error::AppResult;
use crate::initiatives::feeds;
use crate::initiatives::markdown;
use crate::initiatives::model::Vocabulary;
use crate::initiatives::views::{FeaturedView, MonthPage};

/// Reads "2026-11" as the first day of that month.
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let (year, month) = text.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
        .filter(|d| (2000..=2100).contains(&d.year()))
}

fn next_month(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first)
}

/// The UTC instant a local day starts at.
fn local_midnight(day: NaiveDate, tz: Tz) -> chrono::NaiveDateTime {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|at| at.naive_utc())
        .unwrap_or(midnight)
}

/// The featured initiatives of the month starting on `first` (local time).
pub fn month_page(conn: &mut AnyConnection, first: NaiveDate, tz: Tz) -> AppResult<MonthPage> {
    let next = next_month(first);
    let (from, to) = (local_midnight(first, tz), local_midnight(next, tz));
    let rows = feeds::featured_between(conn, from, to)?;
    let previous = first
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(first);
    Ok(MonthPage {
        month: crate::common::format::month_year(first),
        initiatives: rows
            .into_iter()
            .map(|p| FeaturedView {
                id: p.initiative.id,
                kind: p.initiative.kind().public_label(),
                status: p.initiative.status().label(),
                themes: p.themes.iter().map(|t| t.label()).collect(),
                body_html: markdown::to_safe_html(&p.initiative.body),
                featured_on: p
                    .initiative
                    .featured_at
                    .map(|at| long_date(at, tz))
                    .unwrap_or_default(),
                author: p.author_name,
                title: p.initiative.title,
                summary: p.initiative.summary,
                link: p.initiative.link,
            })
            .collect(),
        previous: links::featured_month(&previous.format("%Y-%m").to_string()),
        next: links::featured_month(&next.format("%Y-%m").to_string()),
    })
}
