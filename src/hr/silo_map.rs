//! Which services meet: the service × service matrix of the encounters
//! Passerelles records (a confirmed swap, a workshop attended, an
//! initiative's team), over a period, with the pairs that never met and the
//! "indice de décloisonnement" (the share of pairs of services that met at
//! least once). One grouped query per period; each encounter counts for the
//! service the agent belonged to at the time.

use std::collections::HashMap;

use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::model::Filters;
use super::participation::matching_agents;
use crate::db::AnyConnection;
use crate::schema::{agents, encounters};

/// A pair of services, the smaller id first.
pub type Pair = (i32, i32);

fn pair(a: i32, b: i32) -> Pair {
    (a.min(b), a.max(b))
}

/// Encounters per pair of services over a period, both directions added.
pub fn encounters_by_pair(
    conn: &mut AnyConnection,
    filters: &Filters,
    tz: chrono_tz::Tz,
) -> QueryResult<HashMap<Pair, i64>> {
    let (start, end) = filters.period.bounds(tz);
    let people = Filters {
        service_id: None,
        ..*filters
    };
    let kind = filters.kind.map(|k| k.encounter_code());
    let rows: Vec<(i32, i32, i64)> = encounters::table
        .filter(encounters::occurred_at.ge(start))
        .filter(encounters::occurred_at.lt(end))
        .filter(
            kind.is_none()
                .into_sql::<Bool>()
                .or(encounters::kind.eq(kind.unwrap_or_default())),
        )
        .filter(encounters::agent_id.eq_any(matching_agents!(&people)))
        .group_by((encounters::agent_service_id, encounters::met_service_id))
        .select((
            encounters::agent_service_id,
            encounters::met_service_id,
            count_star(),
        ))
        .load(conn)?;
    let mut pairs = HashMap::new();
    for (a, b, n) in rows {
        if a != b {
            *pairs.entry(pair(a, b)).or_insert(0) += n;
        }
    }
    Ok(pairs)
}

/// The services on the map: those with at least one active agent, in
/// French alphabetical order.
pub fn services_on_map(conn: &mut AnyConnection) -> QueryResult<Vec<(i32, String)>> {
    let staffed: Vec<Option<i32>> = agents::table
        .filter(agents::active.eq(true))
        .select(agents::service_id)
        .distinct()
        .load(conn)?;
    let staffed: std::collections::HashSet<i32> = staffed.into_iter().flatten().collect();
    Ok(crate::agents::all_services(conn)?
        .into_iter()
        .filter(|(id, _)| staffed.contains(id))
        .collect())
}

/// The map of one period and the one before it.
#[derive(Debug, Clone, Default)]
pub struct SiloMap {
    pub services: Vec<(i32, String)>,
    pub now: HashMap<Pair, i64>,
    pub before: HashMap<Pair, i64>,
}

impl SiloMap {
    /// Reads both periods (three statements).
    pub fn read(
        conn: &mut AnyConnection,
        filters: &Filters,
        tz: chrono_tz::Tz,
    ) -> QueryResult<SiloMap> {
        Ok(SiloMap {
            services: services_on_map(conn)?,
            now: encounters_by_pair(conn, filters, tz)?,
            before: encounters_by_pair(conn, &filters.previous(), tz)?,
        })
    }

    /// Every pair of services on the map, in map order.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut all = Vec::new();
        for (i, (a, _)) in self.services.iter().enumerate() {
            for (b, _) in self.services.iter().skip(i + 1) {
                all.push(pair(*a, *b));
            }
        }
        all
    }

    /// Encounters of a pair in the period.
    pub fn count(&self, a: i32, b: i32) -> i64 {
        self.now.get(&pair(a, b)).copied().unwrap_or(0)
    }

    /// Encounters of a pair in the previous period.
    pub fn count_before(&self, a: i32, b: i32) -> i64 {
        self.before.get(&pair(a, b)).copied().unwrap_or(0)
    }

    /// Pairs that never met in the period.
    pub fn never_met(&self) -> Vec<Pair> {
        self.pairs()
            .into_iter()
            .filter(|(a, b)| self.count(*a, *b) == 0)
            .collect()
    }

    /// The share of pairs that met at least once, in percent (period, previous).
    pub fn index(&self) -> (Option<f64>, Option<f64>) {
        let pairs = self.pairs();
        if pairs.is_empty() {
            return (None, None);
        }
        let total = pairs.len() as f64;
        let met = |m: &HashMap<Pair, i64>| {
            pairs
                .iter()
                .filter(|p| m.get(p).copied().unwrap_or(0) > 0)
                .count() as f64
        };
        (
            Some(100.0 * met(&self.now) / total),
            Some(100.0 * met(&self.before) / total),
        )
    }
}
