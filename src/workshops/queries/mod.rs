//! Reads for the pages of `/ateliers`. Here, sessions for lists: upcoming
//! (with filters), past, the agent's own; [`detail`]: one workshop's and one
//! session's pages; [`attendance`]: the attendance sheet. Counts and names
//! are loaded with grouped or batched queries (a fixed number per page,
//! whatever the number of sessions).

pub mod attendance;
pub mod detail;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use diesel::prelude::*;

use crate::common::format::{self, TimeView};
use crate::common::forms::local_to_utc;
use crate::common::vocabulary::Vocabulary;
use crate::db::AnyConnection;
use crate::schema::{
    agents, services, workshop_audience_roles, workshop_audience_services, workshop_facilitators,
    workshop_registrations, workshop_services, workshop_sessions, workshops,
};
use crate::workshops::forms::{ProposalForm, AUDIENCE_ALL, AUDIENCE_INVITED};
use crate::workshops::model::{Kind, Registration, Session, Workshop, CONFIRMED, WAITLISTED};
use crate::workshops::views::{self, SessionRow};

/// Sessions per page of a list.
pub const PAGE_SIZE: i64 = 20;

/// Filters of the upcoming list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Option<Kind>,
    pub service_id: Option<i32>,
    /// (year, month) in local time.
    pub month: Option<(i32, u32)>,
    /// Only sessions with a seat left.
    pub available: bool,
}

/// The UTC bounds of a local month.
fn month_bounds(year: i32, month: u32, tz: Tz) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let at = |d: NaiveDate| local_to_utc(&d.format("%Y-%m-%d").to_string(), "00:00", tz).ok();
    Some((at(first)?, at(next)?))
}

/// Upcoming (or running) sessions that are not cancelled, soonest first;
/// one page, plus whether there is a next one.
pub fn upcoming(
    conn: &mut AnyConnection,
    filter: &Filter,
    now: NaiveDateTime,
    tz: Tz,
    page: i64,
) -> QueryResult<(Vec<(Session, Workshop)>, bool)> {
    let mut query = workshop_sessions::table
        .inner_join(workshops::table)
        .filter(workshop_sessions::ends_at.gt(now))
        .filter(workshop_sessions::cancelled_at.is_null())
        .into_boxed();
    if let Some(kind) = filter.kind {
        query = query.filter(workshops::kind.eq(kind.code()));
    }
    if let Some(service_id) = filter.service_id {
        query = query.filter(
            workshops::id.eq_any(
                workshop_services::table
                    .filter(workshop_services::service_id.eq(service_id))
                    .select(workshop_services::workshop_id),
            ),
        );
    }
    if let Some((from, to)) = filter.month.and_then(|(y, m)| month_bounds(y, m, tz)) {
        query = query
            .filter(workshop_sessions::starts_at.ge(from))
            .filter(workshop_sessions::starts_at.lt(to));
    }
    if filter.available {
        query = query.filter(
            workshop_sessions::capacity
                .is_null()
                .or(workshop_sessions::taken
                    .nullable()
                    .lt(workshop_sessions::capacity)),
        );
    }
    let mut found: Vec<(Session, Workshop)> = query
        .order((workshop_sessions::starts_at, workshop_sessions::id))
        .offset(page.max(0) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .select((Session::as_select(), Workshop::as_select()))
        .load(conn)?;
    let more = found.len() as i64 > PAGE_SIZE;
    found.truncate(PAGE_SIZE as usize);
    Ok((found, more))
}

/// Sessions that have ended (cancelled ones included, marked), latest first.
pub fn past(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    page: i64,
) -> QueryResult<(Vec<(Session, Workshop)>, bool)> {
    let mut found: Vec<(Session, Workshop)> = workshop_sessions::table
        .inner_join(workshops::table)
        .filter(workshop_sessions::ends_at.le(now))
        .order((
            workshop_sessions::starts_at.desc(),
            workshop_sessions::id.desc(),
        ))
        .offset(page.max(0) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .select((Session::as_select(), Workshop::as_select()))
        .load(conn)?;
    let more = found.len() as i64 > PAGE_SIZE;
    found.truncate(PAGE_SIZE as usize);
    Ok((found, more))
}

/// The sessions of one workshop, in date order.
pub fn of_workshop(
    conn: &mut AnyConnection,
    workshop: &Workshop,
) -> QueryResult<Vec<(Session, Workshop)>> {
    let sessions: Vec<Session> = workshop_sessions::table
        .filter(workshop_sessions::workshop_id.eq(workshop.id))
        .order((workshop_sessions::starts_at, workshop_sessions::id))
        .select(Session::as_select())
        .load(conn)?;
    Ok(sessions
        .into_iter()
        .map(|s| (s, workshop.clone()))
        .collect())
}

/// The agent's sessions: (registered, waiting, organised or co-facilitated,
/// attended in the past), upcoming ones soonest first.
pub type MySessions = (
    Vec<(Session, Workshop)>,
    Vec<(Session, Workshop)>,
    Vec<(Session, Workshop)>,
    Vec<(Session, Workshop)>,
);

/// Loads what "mes ateliers" shows.
pub fn mine(
    conn: &mut AnyConnection,
    agent_id: i32,
    now: NaiveDateTime,
) -> QueryResult<MySessions> {
    let registered: Vec<(Session, Workshop, String)> = workshop_registrations::table
        .inner_join(workshop_sessions::table.inner_join(workshops::table))
        .filter(workshop_registrations::agent_id.eq(agent_id))
        .filter(workshop_sessions::ends_at.gt(now))
        .order(workshop_sessions::starts_at)
        .select((
            Session::as_select(),
            Workshop::as_select(),
            workshop_registrations::status,
        ))
        .load(conn)?;
    let (confirmed, waiting): (Vec<_>, Vec<_>) =
        registered.into_iter().partition(|(_, _, s)| s == CONFIRMED);
    let co_facilitated = workshop_facilitators::table
        .filter(workshop_facilitators::agent_id.eq(agent_id))
        .filter(workshop_facilitators::accepted_at.is_not_null())
        .select(workshop_facilitators::workshop_id);
    let organised: Vec<(Session, Workshop)> = workshop_sessions::table
        .inner_join(workshops::table)
        .filter(
            workshops::organiser_id
                .eq(agent_id)
                .or(workshops::id.eq_any(co_facilitated)),
        )
        .filter(
            workshop_sessions::ends_at
                .gt(now)
                .or(workshop_sessions::attendance_taken_at.is_null()),
        )
        .filter(workshop_sessions::cancelled_at.is_null())
        .order(workshop_sessions::starts_at)
        .limit(100)
        .select((Session::as_select(), Workshop::as_select()))
        .load(conn)?;
    let attended: Vec<(Session, Workshop)> = workshop_registrations::table
        .inner_join(workshop_sessions::table.inner_join(workshops::table))
        .filter(workshop_registrations::agent_id.eq(agent_id))
        .filter(workshop_registrations::status.eq(CONFIRMED))
        .filter(workshop_sessions::ends_at.le(now))
        .filter(workshop_sessions::cancelled_at.is_null())
        .order(workshop_sessions::starts_at.desc())
        .limit(50)
        .select((Session::as_select(), Workshop::as_select()))
        .load(conn)?;
    let strip =
        |v: Vec<(Session, Workshop, String)>| v.into_iter().map(|(s, w, _)| (s, w)).collect();
    Ok((strip(confirmed), strip(waiting), organised, attended))
}

/// Presenting services' names per workshop (one query).
pub fn service_names(
    conn: &mut AnyConnection,
    workshop_ids: &[i32],
) -> QueryResult<HashMap<i32, Vec<String>>> {
    let rows: Vec<(i32, String)> = workshop_services::table
        .inner_join(services::table)
        .filter(workshop_services::workshop_id.eq_any(workshop_ids))
        .order(services::name)
        .select((workshop_services::workshop_id, services::name))
        .load(conn)?;
    let mut names: HashMap<i32, Vec<String>> = HashMap::new();
    for (workshop_id, name) in rows {
        names.entry(workshop_id).or_default().push(name);
    }
    Ok(names)
}

/// Waiting-list lengths per session (one grouped query).
pub fn waiting_counts(
    conn: &mut AnyConnection,
    session_ids: &[i32],
) -> QueryResult<HashMap<i32, i64>> {
    let rows: Vec<(i32, i64)> = workshop_registrations::table
        .filter(workshop_registrations::session_id.eq_any(session_ids))
        .filter(workshop_registrations::status.eq(WAITLISTED))
        .group_by(workshop_registrations::session_id)
        .select((
            workshop_registrations::session_id,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The viewer's place in each session: "Inscrit", "Liste d'attente (2e)",
/// "J'anime" (three queries).
fn my_places(
    conn: &mut AnyConnection,
    pairs: &[(Session, Workshop)],
    agent_id: i32,
) -> QueryResult<HashMap<i32, String>> {
    let session_ids: Vec<i32> = pairs.iter().map(|(s, _)| s.id).collect();
    let mine: Vec<Registration> = workshop_registrations::table
        .filter(workshop_registrations::session_id.eq_any(&session_ids))
        .filter(workshop_registrations::agent_id.eq(agent_id))
        .select(Registration::as_select())
        .load(conn)?;
    let waiting_in: Vec<i32> = mine
        .iter()
        .filter(|r| !r.is_confirmed())
        .map(|r| r.session_id)
        .collect();
    let queue: Vec<(i32, i32)> = workshop_registrations::table
        .filter(workshop_registrations::session_id.eq_any(&waiting_in))
        .filter(workshop_registrations::status.eq(WAITLISTED))
        .select((
            workshop_registrations::session_id,
            workshop_registrations::id,
        ))
        .load(conn)?;
    let workshop_ids: Vec<i32> = pairs.iter().map(|(_, w)| w.id).collect();
    let co_facilitated: Vec<i32> = workshop_facilitators::table
        .filter(workshop_facilitators::workshop_id.eq_any(&workshop_ids))
        .filter(workshop_facilitators::agent_id.eq(agent_id))
        .filter(workshop_facilitators::accepted_at.is_not_null())
        .select(workshop_facilitators::workshop_id)
        .load(conn)?;
    let mut places = HashMap::new();
    for (session, workshop) in pairs {
        if workshop.organiser_id == agent_id || co_facilitated.contains(&workshop.id) {
            places.insert(session.id, "J'anime".to_string());
        }
    }
    for r in mine {
        let text = if r.is_confirmed() {
            "Inscrit".to_string()
        } else {
            let position = queue
                .iter()
                .filter(|(s, id)| *s == r.session_id && *id <= r.id)
                .count() as i64;
            format!("Liste d'attente ({})", views::ordinal(position))
        };
        places.insert(r.session_id, text);
    }
    Ok(places)
}

/// Builds the list rows of sessions for a viewer (a fixed number of queries).
pub fn rows(
    conn: &mut AnyConnection,
    pairs: Vec<(Session, Workshop)>,
    agent_id: i32,
    tz: Tz,
) -> QueryResult<Vec<SessionRow>> {
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let mut workshop_ids: Vec<i32> = pairs.iter().map(|(_, w)| w.id).collect();
    workshop_ids.sort_unstable();
    workshop_ids.dedup();
    let session_ids: Vec<i32> = pairs.iter().map(|(s, _)| s.id).collect();
    let names = service_names(conn, &workshop_ids)?;
    let waiting = waiting_counts(conn, &session_ids)?;
    let places = my_places(conn, &pairs, agent_id)?;
    Ok(pairs
        .into_iter()
        .map(|(session, workshop)| SessionRow {
            id: session.id,
            workshop_id: workshop.id,
            title: workshop.title.clone(),
            kind: Kind::label_of(&workshop.kind),
            services: names.get(&workshop.id).cloned().unwrap_or_default(),
            day: format::long_date(session.starts_at, tz),
            hours: views::hours(session.starts_at, session.ends_at, tz),
            starts: TimeView::new(session.starts_at, tz),
            place: session.place.clone(),
            online: session.online_url.is_some(),
            seats: views::seats_text(session.capacity, session.taken),
            full: session.is_full(),
            waiting: waiting.get(&session.id).copied().unwrap_or(0),
            mine: places.get(&session.id).cloned(),
            cancelled: session.is_cancelled(),
            restricted: !workshop.open_to_all,
        })
        .collect())
}

/// The next twelve months, for the month filter ("2026-12" → "décembre 2026").
pub fn month_choices(now: NaiveDateTime, tz: Tz, selected: &str) -> Vec<views::SelectOption> {
    let today = format::local(now, tz);
    (0..12)
        .map(|i| {
            let months = today.month0() as i32 + i;
            let year = today.year() + months / 12;
            let month = (months % 12) as usize;
            let value = format!("{year}-{:02}", month + 1);
            let checked = value == selected;
            views::SelectOption::with_checked(
                value,
                format!("{} {year}", format::month_name(month as u32 + 1)),
                checked,
            )
        })
        .collect()
}

/// Reads "2026-12" into (2026, 12).
pub fn parse_month(value: &str) -> Option<(i32, u32)> {
    let (year, month) = value.split_once('-')?;
    let year: i32 = year.parse().ok()?;
    let month = month.parse().ok()?;
    ((2000..=2100).contains(&year) && (1..=12).contains(&month)).then_some((year, month))
}

/// The edit form filled from what is stored.
pub fn stored_form(conn: &mut AnyConnection, workshop: &Workshop) -> QueryResult<ProposalForm> {
    let services = workshop_services::table
        .filter(workshop_services::workshop_id.eq(workshop.id))
        .select(workshop_services::service_id)
        .load(conn)?;
    let co: Vec<String> = agents::table
        .filter(
            agents::id.eq_any(crate::workshops::model::co_facilitator_list(
                conn,
                workshop.id,
            )?),
        )
        .order(agents::username)
        .select(agents::username)
        .load(conn)?;
    let audience_services = workshop_audience_services::table
        .filter(workshop_audience_services::workshop_id.eq(workshop.id))
        .select(workshop_audience_services::service_id)
        .load(conn)?;
    let audience_roles = workshop_audience_roles::table
        .filter(workshop_audience_roles::workshop_id.eq(workshop.id))
        .select(workshop_audience_roles::role)
        .load(conn)?;
    Ok(ProposalForm {
        title: workshop.title.clone(),
        description: workshop.description.clone(),
        kind: workshop.kind.clone(),
        services,
        co_facilitators: co.join(", "),
        audience: if workshop.open_to_all {
            AUDIENCE_ALL
        } else {
            AUDIENCE_INVITED
        }
        .into(),
        audience_services,
        audience_roles,
        skills: crate::skills::practice::of_workshop(conn, workshop.id)?,
        ..<ProposalForm as Default>::default()
    })
}
