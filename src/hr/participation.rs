//! The participation figures of one period: who took part, Vis ma vie,
//! workshops and initiatives. Each figure is one grouped SQL query (a fixed
//! number of statements whatever the data size); Rust only adds up groups
//! and takes the median of the approval waits.
//!
//! Filters: the service and role are those of the person the figure is
//! about (the visitor of a swap, the registrant of a workshop, the author
//! or supporter of an initiative), as the directory gives them today;
//! sessions held are filtered by the service that presents.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use diesel::dsl::{count, count_star};
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::model::{ActivityKind, Filters};
use crate::db::{AnyConnection, MultiBackend};
use crate::initiatives::model::{
    Kind as InitiativeKind, Status as InitiativeStatus, Vocabulary as _,
};
use crate::schema::{
    agents, initiative_members, initiative_supports, initiatives, swap_offers, swap_requests,
    swap_slots, workshop_participations, workshop_registrations, workshop_services,
    workshop_sessions, workshops,
};

/// Agent ids matching the service and role filters (active or not), as a
/// subselect for `eq_any`. A macro because a boxed subquery does not render
/// on the MultiConnection; the unused filters become bound `true`s.
macro_rules! agent_matches {
    ($filters:expr) => {{
        let f: &$crate::hr::model::Filters = $filters;
        let role = f.role;
        f.service_id
            .is_none()
            .into_sql::<::diesel::sql_types::Bool>()
            .or(agents::service_id.eq(f.service_id.unwrap_or(0)))
            .and(
                role.is_none()
                    .into_sql::<::diesel::sql_types::Bool>()
                    .or((role == Some($crate::hr::model::RoleFilter::Manager))
                        .into_sql::<::diesel::sql_types::Bool>()
                        .and(agents::is_manager))
                    .or((role == Some($crate::hr::model::RoleFilter::Elu))
                        .into_sql::<::diesel::sql_types::Bool>()
                        .and(agents::is_elu))
                    .or((role == Some($crate::hr::model::RoleFilter::Rh))
                        .into_sql::<::diesel::sql_types::Bool>()
                        .and(agents::is_rh))
                    .or((role == Some($crate::hr::model::RoleFilter::AgentOnly))
                        .into_sql::<::diesel::sql_types::Bool>()
                        .and(agents::is_manager.eq(false))
                        .and(agents::is_elu.eq(false))
                        .and(agents::is_rh.eq(false))),
            )
    }};
}
pub(crate) use agent_matches;

/// The ids of the agents [`agent_matches`] keeps, as a subselect.
macro_rules! matching_agents {
    ($filters:expr) => {
        agents::table
            .filter($crate::hr::participation::agent_matches!($filters))
            .select(agents::id)
    };
}
pub(crate) use matching_agents;

/// Active agents and participants of one service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceShare {
    pub service_id: Option<i32>,
    pub active: i64,
    pub participants: i64,
}

/// Vis ma vie requests asked during the period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SwapFigures {
    /// Requests asked in the period.
    pub requested: i64,
    /// Of those, approved by the manager (or HR) at some point.
    pub approved: i64,
    /// Still waiting: asked or approved, not yet confirmed by the host.
    pub pending: i64,
    /// Confirmed by the host and not cancelled since.
    pub confirmed: i64,
    /// Confirmed swaps whose slot has ended.
    pub done: i64,
    /// Swaps whose return visit has taken place.
    pub reciprocated: i64,
    pub declined: i64,
    pub cancelled: i64,
    /// Median time between asking and approval, over approvals given in the period.
    pub median_wait_hours: Option<f64>,
    pub approvals: i64,
}

/// Workshops held during the period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkshopFigures {
    pub sessions_held: i64,
    /// Confirmed registrations to sessions of the period.
    pub registrations: i64,
    pub present: i64,
    pub no_shows: i64,
    /// Registrations whose attendance was not taken.
    pub unmarked: i64,
    pub waitlisted: i64,
    /// Presenting service → sessions held.
    pub presenting_services: Vec<(i32, i64)>,
    pub elus_taking_part: i64,
    pub elus_total: i64,
    pub managers_taking_part: i64,
    pub managers_total: i64,
}

/// Initiatives posted during the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InitiativeFigures {
    pub total: i64,
    /// (kind, status) → count, every pair present.
    pub by_kind_status: Vec<(InitiativeKind, InitiativeStatus, i64)>,
    pub supports: i64,
    pub cross_service_teams: i64,
}

/// Every participation figure of one period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub active_agents: i64,
    pub participants: i64,
    pub by_service: Vec<ServiceShare>,
    pub swaps: Option<SwapFigures>,
    pub workshops: Option<WorkshopFigures>,
    pub initiatives: Option<InitiativeFigures>,
}

type AgentPredicate = Box<dyn BoxableExpression<agents::table, MultiBackend, SqlType = Bool>>;

/// Reads every figure of `filters.period`; `now` decides what is "done"
/// and which sessions were held.
pub fn figures(
    conn: &mut AnyConnection,
    filters: &Filters,
    now: NaiveDateTime,
    tz: chrono_tz::Tz,
) -> QueryResult<Figures> {
    let (start, end) = filters.period.bounds(tz);
    let mut figures = Figures::default();
    people(conn, filters, start, end, &mut figures)?;
    if filters.includes(ActivityKind::Swaps) {
        figures.swaps = Some(swaps(conn, filters, start, end, now)?);
    }
    if filters.includes(ActivityKind::Workshops) {
        figures.workshops = Some(workshops(conn, filters, start, end, now)?);
    }
    if filters.includes(ActivityKind::Initiatives) {
        figures.initiatives = Some(initiatives(conn, filters, start, end)?);
    }
    Ok(figures)
}

/// Active agents per service, and those who took part in at least one
/// activity of the period (two grouped queries).
fn people(
    conn: &mut AnyConnection,
    filters: &Filters,
    start: NaiveDateTime,
    end: NaiveDateTime,
    figures: &mut Figures,
) -> QueryResult<()> {
    let active: Vec<(Option<i32>, i64)> = agents::table
        .filter(agents::active.eq(true))
        .filter(agent_matches!(filters))
        .group_by(agents::service_id)
        .select((agents::service_id, count_star()))
        .load(conn)?;
    let mut took_part: Option<AgentPredicate> = None;
    let mut add = |p: AgentPredicate| {
        took_part = Some(match took_part.take() {
            None => p,
            Some(q) => Box::new(q.or(p)),
        });
    };
    if filters.includes(ActivityKind::Swaps) {
        let confirmed_in_period = || {
            swap_requests::table
                .inner_join(swap_slots::table)
                .inner_join(swap_offers::table)
                .filter(swap_requests::status.eq("confirmed"))
                .filter(swap_slots::starts_at.ge(start))
                .filter(swap_slots::starts_at.lt(end))
        };
        add(Box::new(agents::id.eq_any(
            confirmed_in_period().select(swap_requests::visitor_id),
        )));
        add(Box::new(
            agents::id.eq_any(confirmed_in_period().select(swap_offers::host_id)),
        ));
    }
    if filters.includes(ActivityKind::Workshops) {
        add(Box::new(
            agents::id.eq_any(
                workshop_participations::table
                    .inner_join(workshop_sessions::table)
                    .filter(workshop_participations::role.eq_any([
                        "presenting",
                        "co_facilitating",
                        "attending",
                    ]))
                    .filter(workshop_sessions::cancelled_at.is_null())
                    .filter(workshop_sessions::starts_at.ge(start))
                    .filter(workshop_sessions::starts_at.lt(end))
                    .select(workshop_participations::agent_id),
            ),
        ));
    }
    if filters.includes(ActivityKind::Initiatives) {
        add(Box::new(
            agents::id.eq_any(
                initiatives::table
                    .filter(initiatives::created_at.ge(start))
                    .filter(initiatives::created_at.lt(end))
                    .select(initiatives::author_id),
            ),
        ));
        add(Box::new(
            agents::id.eq_any(
                initiative_members::table
                    .filter(initiative_members::state.eq("accepted"))
                    .filter(initiative_members::role.eq("member"))
                    .filter(initiative_members::decided_at.ge(start))
                    .filter(initiative_members::decided_at.lt(end))
                    .select(initiative_members::agent_id),
            ),
        ));
        add(Box::new(
            agents::id.eq_any(
                initiative_supports::table
                    .filter(initiative_supports::created_at.ge(start))
                    .filter(initiative_supports::created_at.lt(end))
                    .select(initiative_supports::agent_id),
            ),
        ));
    }
    let took_part = took_part.expect("at least one kind of activity");
    let participants: Vec<(Option<i32>, i64)> = agents::table
        .filter(agents::active.eq(true))
        .filter(agent_matches!(filters))
        .filter(took_part)
        .group_by(agents::service_id)
        .select((agents::service_id, count_star()))
        .load(conn)?;
    let participants: HashMap<Option<i32>, i64> = participants.into_iter().collect();
    for (service_id, n) in active {
        let took = participants.get(&service_id).copied().unwrap_or(0);
        figures.active_agents += n;
        figures.participants += took;
        figures.by_service.push(ServiceShare {
            service_id,
            active: n,
            participants: took,
        });
    }
    Ok(())
}

fn swaps(
    conn: &mut AnyConnection,
    filters: &Filters,
    start: NaiveDateTime,
    end: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<SwapFigures> {
    let by_status: Vec<(String, i64, i64, i64)> = swap_requests::table
        .filter(swap_requests::created_at.ge(start))
        .filter(swap_requests::created_at.lt(end))
        .filter(swap_requests::visitor_id.eq_any(matching_agents!(filters)))
        .group_by(swap_requests::status)
        .select((
            swap_requests::status,
            count_star(),
            count(swap_requests::approved_at),
            count(swap_requests::reciprocated_at),
        ))
        .load(conn)?;
    let mut f = SwapFigures::default();
    for (status, n, approved, reciprocated) in by_status {
        f.requested += n;
        f.approved += approved;
        f.reciprocated += reciprocated;
        match status.as_str() {
            "requested" | "approved" => f.pending += n,
            "confirmed" => f.confirmed += n,
            "declined" => f.declined += n,
            "cancelled" => f.cancelled += n,
            other => log::warn!("statut de demande inconnu : {other}"),
        }
    }
    f.done = swap_requests::table
        .inner_join(swap_slots::table)
        .filter(swap_requests::created_at.ge(start))
        .filter(swap_requests::created_at.lt(end))
        .filter(swap_requests::visitor_id.eq_any(matching_agents!(filters)))
        .filter(swap_requests::status.eq("confirmed"))
        .filter(swap_slots::ends_at.le(now))
        .count()
        .get_result(conn)?;
    let waits: Vec<(NaiveDateTime, Option<NaiveDateTime>)> = swap_requests::table
        .filter(swap_requests::approved_at.ge(start))
        .filter(swap_requests::approved_at.lt(end))
        .filter(swap_requests::visitor_id.eq_any(matching_agents!(filters)))
        .select((swap_requests::created_at, swap_requests::approved_at))
        .load(conn)?;
    let mut hours: Vec<f64> = waits
        .into_iter()
        .filter_map(|(asked, approved)| approved.map(|a| (a - asked).num_seconds() as f64 / 3600.0))
        .collect();
    f.approvals = hours.len() as i64;
    f.median_wait_hours = median(&mut hours);
    Ok(f)
}

/// The median of some values (the mean of the two middle ones for an even count).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

fn workshops(
    conn: &mut AnyConnection,
    filters: &Filters,
    start: NaiveDateTime,
    end: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<WorkshopFigures> {
    let mut f = WorkshopFigures::default();
    let mut held = workshop_sessions::table
        .filter(workshop_sessions::cancelled_at.is_null())
        .filter(workshop_sessions::starts_at.ge(start))
        .filter(workshop_sessions::starts_at.lt(end))
        .filter(workshop_sessions::starts_at.lt(now))
        .into_boxed();
    if let Some(service_id) = filters.service_id {
        held = held.filter(
            workshop_sessions::workshop_id.eq_any(
                workshop_services::table
                    .filter(workshop_services::service_id.eq(service_id))
                    .select(workshop_services::workshop_id),
            ),
        );
    }
    f.sessions_held = held.count().get_result(conn)?;
    let registrations: Vec<(String, Option<String>, i64)> = workshop_registrations::table
        .inner_join(workshop_sessions::table)
        .filter(workshop_sessions::cancelled_at.is_null())
        .filter(workshop_sessions::starts_at.ge(start))
        .filter(workshop_sessions::starts_at.lt(end))
        .filter(workshop_registrations::agent_id.eq_any(matching_agents!(filters)))
        .group_by((
            workshop_registrations::status,
            workshop_registrations::attendance,
        ))
        .select((
            workshop_registrations::status,
            workshop_registrations::attendance,
            count_star(),
        ))
        .load(conn)?;
    for (status, attendance, n) in registrations {
        match (status.as_str(), attendance.as_deref()) {
            ("confirmed", Some("present")) => f.present += n,
            ("confirmed", Some("absent")) => f.no_shows += n,
            ("confirmed", _) => f.unmarked += n,
            ("waitlisted", _) => f.waitlisted += n,
            (other, _) => log::warn!("statut d'inscription inconnu : {other}"),
        }
    }
    f.registrations = f.present + f.no_shows + f.unmarked;
    let mut presenting = workshop_sessions::table
        .inner_join(workshops::table.inner_join(workshop_services::table))
        .filter(workshop_sessions::cancelled_at.is_null())
        .filter(workshop_sessions::starts_at.ge(start))
        .filter(workshop_sessions::starts_at.lt(end))
        .filter(workshop_sessions::starts_at.lt(now))
        .group_by(workshop_services::service_id)
        .select((workshop_services::service_id, count_star()))
        .into_boxed();
    if let Some(service_id) = filters.service_id {
        presenting = presenting.filter(workshop_services::service_id.eq(service_id));
    }
    f.presenting_services = presenting.load(conn)?;
    let by_role: Vec<(bool, bool, i64)> = workshop_participations::table
        .inner_join(workshop_sessions::table)
        .inner_join(agents::table)
        .filter(workshop_participations::role.eq_any([
            "presenting",
            "co_facilitating",
            "attending",
        ]))
        .filter(workshop_sessions::cancelled_at.is_null())
        .filter(workshop_sessions::starts_at.ge(start))
        .filter(workshop_sessions::starts_at.lt(end))
        .filter(agents::active.eq(true))
        .filter(agent_matches!(filters))
        .group_by((agents::is_elu, agents::is_manager))
        .select((
            agents::is_elu,
            agents::is_manager,
            count(workshop_participations::agent_id).aggregate_distinct(),
        ))
        .load(conn)?;
    for (elu, manager, n) in by_role {
        if elu {
            f.elus_taking_part += n;
        }
        if manager {
            f.managers_taking_part += n;
        }
    }
    let totals: Vec<(bool, bool, i64)> = agents::table
        .filter(agents::active.eq(true))
        .filter(agent_matches!(filters))
        .filter(agents::is_elu.eq(true).or(agents::is_manager.eq(true)))
        .group_by((agents::is_elu, agents::is_manager))
        .select((agents::is_elu, agents::is_manager, count_star()))
        .load(conn)?;
    for (elu, manager, n) in totals {
        if elu {
            f.elus_total += n;
        }
        if manager {
            f.managers_total += n;
        }
    }
    Ok(f)
}

fn initiatives(
    conn: &mut AnyConnection,
    filters: &Filters,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> QueryResult<InitiativeFigures> {
    let rows: Vec<(String, String, i64)> = initiatives::table
        .filter(initiatives::hidden.eq(false))
        .filter(initiatives::created_at.ge(start))
        .filter(initiatives::created_at.lt(end))
        .filter(initiatives::author_id.eq_any(matching_agents!(filters)))
        .group_by((initiatives::kind, initiatives::status))
        .select((initiatives::kind, initiatives::status, count_star()))
        .load(conn)?;
    let mut counts: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    let mut f = InitiativeFigures::default();
    for (kind, status, n) in rows {
        let k = InitiativeKind::ALL.iter().position(|c| c.code() == kind);
        let s = InitiativeStatus::ALL
            .iter()
            .position(|c| c.code() == status);
        match (k, s) {
            (Some(k), Some(s)) => *counts.entry((k, s)).or_insert(0) += n,
            _ => log::warn!("initiative de nature ou statut inconnu : {kind} / {status}"),
        }
        f.total += n;
    }
    for (k, kind) in InitiativeKind::ALL.iter().enumerate() {
        for (s, status) in InitiativeStatus::ALL.iter().enumerate() {
            f.by_kind_status
                .push((*kind, *status, counts.get(&(k, s)).copied().unwrap_or(0)));
        }
    }
    f.supports = initiative_supports::table
        .filter(initiative_supports::created_at.ge(start))
        .filter(initiative_supports::created_at.lt(end))
        .filter(initiative_supports::agent_id.eq_any(matching_agents!(filters)))
        .count()
        .get_result(conn)?;
    // Teams whose accepted members come from more than one service, as a
    // grouped subselect (one statement whatever the number of teams).
    let spanning_teams = initiative_members::table
        .inner_join(agents::table)
        .filter(initiative_members::state.eq("accepted"))
        .group_by(initiative_members::initiative_id)
        .having(count(agents::service_id).aggregate_distinct().gt(1))
        .select(initiative_members::initiative_id);
    let teams: i64 = initiatives::table
        .filter(initiatives::hidden.eq(false))
        .filter(initiatives::created_at.ge(start))
        .filter(initiatives::created_at.lt(end))
        .filter(initiatives::id.eq_any(spanning_teams))
        .filter(initiatives::author_id.eq_any(matching_agents!(filters)))
        .count()
        .get_result(conn)?;
    f.cross_service_teams = teams;
    Ok(f)
}

/// Requests that have waited for an approval longer than `stale_after_days`,
/// today (not a period figure).
pub fn stuck_requests(
    conn: &mut AnyConnection,
    filters: &Filters,
    now: NaiveDateTime,
    stale_after_days: i64,
) -> QueryResult<i64> {
    swap_requests::table
        .filter(swap_requests::status.eq("requested"))
        .filter(swap_requests::created_at.lt(now - chrono::Duration::days(stale_after_days)))
        .filter(swap_requests::visitor_id.eq_any(matching_agents!(filters)))
        .count()
        .get_result(conn)
}
