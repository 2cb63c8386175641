//! Reads for the review pages: the filters checked against the services,
//! the figures of the period and of the one before, the silo map. A fixed
//! number of statements per page whatever the data size.

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use diesel::QueryResult;

use super::disclosure::Disclosure;
use super::forms::FilterQuery;
use super::mapping;
use super::model::Filters;
use super::participation;
use super::report::{self, Names};
use super::silo_map::SiloMap;
use super::views::{GrowthView, MapView, SectionView};
use super::{campaign_progress, growth, growth_report};
use crate::common::forms::FieldErrors;
use crate::db::AnyConnection;
use crate::error::AppResult;

/// What a review page needs besides its own view.
#[derive(Debug)]
pub struct Checked {
    pub query: FilterQuery,
    pub filters: Filters,
    pub errors: FieldErrors,
    pub services: Vec<(i32, String)>,
}

/// Reads the services and checks the filters against them.
pub fn check(
    conn: &mut AnyConnection,
    query: &FilterQuery,
    today: NaiveDate,
    people: bool,
) -> QueryResult<Checked> {
    let services = crate::agents::all_services(conn)?;
    let (filters, errors) = query.read(today, &services, people);
    Ok(Checked {
        query: query.clone(),
        filters,
        errors,
        services,
    })
}

fn names(services: &[(i32, String)]) -> Names {
    services.iter().cloned().collect()
}

/// The participation review.
#[derive(Debug)]
pub struct Review {
    pub query: FilterQuery,
    pub filters: Filters,
    pub errors: FieldErrors,
    pub services: Vec<(i32, String)>,
    pub sections: Vec<SectionView>,
}

/// The figures of the period and the previous one, as sections.
pub fn review(
    conn: &mut AnyConnection,
    query: &FilterQuery,
    today: NaiveDate,
    tz: Tz,
    now: NaiveDateTime,
    stale_after_days: i64,
    disclosure: Disclosure,
) -> AppResult<Review> {
    let people = disclosure == Disclosure::Full;
    let checked = check(conn, query, today, people)?;
    let sections = sections(conn, &checked, tz, now, stale_after_days, disclosure)?;
    Ok(Review {
        query: checked.query,
        filters: checked.filters,
        errors: checked.errors,
        services: checked.services,
        sections,
    })
}

/// The sections of checked filters.
pub fn sections(
    conn: &mut AnyConnection,
    checked: &Checked,
    tz: Tz,
    now: NaiveDateTime,
    stale_after_days: i64,
    disclosure: Disclosure,
) -> QueryResult<Vec<SectionView>> {
    let filters = &checked.filters;
    let current = participation::figures(conn, filters, now, tz)?;
    let before = participation::figures(conn, &filters.previous(), now, tz)?;
    let stuck = if filters.includes(super::model::ActivityKind::Swaps) {
        Some(participation::stuck_requests(
            conn,
            filters,
            now,
            stale_after_days,
        )?)
    } else {
        None
    };
    Ok(report::sections(
        &current,
        &before,
        stuck,
        &names(&checked.services),
        disclosure,
    ))
}

/// The silo map page's data.
#[derive(Debug)]
pub struct MapReport {
    pub query: FilterQuery,
    pub filters: Filters,
    pub errors: FieldErrors,
    pub services: Vec<(i32, String)>,
    pub map: MapView,
}

/// The silo map of the period, compared with the previous one.
pub fn map(
    conn: &mut AnyConnection,
    query: &FilterQuery,
    today: NaiveDate,
    tz: Tz,
    disclosure: Disclosure,
) -> AppResult<MapReport> {
    let people = disclosure == Disclosure::Full;
    let checked = check(conn, query, today, people)?;
    let map = map_of(conn, &checked, tz, disclosure)?;
    Ok(MapReport {
        query: checked.query,
        filters: checked.filters,
        errors: checked.errors,
        services: checked.services,
        map,
    })
}

/// The map view of checked filters.
pub fn map_of(
    conn: &mut AnyConnection,
    checked: &Checked,
    tz: Tz,
    disclosure: Disclosure,
) -> QueryResult<MapView> {
    let data = SiloMap::read(conn, &checked.filters, tz)?;
    Ok(mapping::view(&data, disclosure))
}

/// The skills growth page's data.
#[derive(Debug)]
pub struct GrowthReport {
    pub query: FilterQuery,
    pub filters: Filters,
    pub errors: FieldErrors,
    pub services: Vec<(i32, String)>,
    pub growth: GrowthView,
}

/// Skills growth over the period, compared with the previous one.
pub fn growth(
    conn: &mut AnyConnection,
    query: &FilterQuery,
    today: NaiveDate,
    tz: Tz,
    disclosure: Disclosure,
) -> AppResult<GrowthReport> {
    let people = disclosure == Disclosure::Full;
    let checked = check(conn, query, today, people)?;
    let growth = growth_of(conn, &checked, tz, disclosure)?;
    Ok(GrowthReport {
        query: checked.query,
        filters: checked.filters,
        errors: checked.errors,
        services: checked.services,
        growth,
    })
}

/// The skills growth view of checked filters (the skills in framework
/// order, retired ones only when they hold a validated level).
pub fn growth_of(
    conn: &mut AnyConnection,
    checked: &Checked,
    tz: Tz,
    disclosure: Disclosure,
) -> QueryResult<GrowthView> {
    let filters = &checked.filters;
    let now = growth::figures(conn, filters, tz)?;
    let before = growth::figures(conn, &filters.previous(), tz)?;
    let campaigns = campaign_progress::read(conn, filters)?;
    let skills: Vec<growth_report::SkillName> = crate::skills::framework::current(conn, true)?
        .into_iter()
        .filter(|(skill, _)| {
            skill.retired_at.is_none()
                || now
                    .levels
                    .keys()
                    .chain(before.levels.keys())
                    .any(|(s, _)| *s == skill.id)
        })
        .map(|(skill, version)| (skill.id, version.name))
        .collect();
    Ok(growth_report::view(
        &now,
        &before,
        &campaigns,
        &skills,
        &names(&checked.services),
        disclosure,
    ))
}
