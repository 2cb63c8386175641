//! "Pour vous": open offers from services the agent has never met (through
//! a swap, a workshop or an initiative), the services least connected to
//! the agent's own service first. A handful of grouped queries, whatever
//! the number of agents or offers.

use diesel::prelude::*;

use super::queries::{self, OfferFilter, OfferSummary};
use crate::agents::Agent;
use crate::db::AnyConnection;
use crate::encounters;

/// Up to `limit` suggestions for `agent`.
pub fn for_agent(
    conn: &mut AnyConnection,
    agent: &Agent,
    limit: usize,
    now: chrono::NaiveDateTime,
) -> QueryResult<Vec<OfferSummary>> {
    let mut excluded: Vec<i32> = encounters::met_by_agent(conn, agent.id)?
        .into_iter()
        .collect();
    excluded.extend(agent.service_id);
    let links = match agent.service_id {
        Some(service) => encounters::links_of_service(conn, service)?,
        None => Default::default(),
    };
    let filter = OfferFilter {
        excluded_services: excluded,
        with_seats_only: true,
        ..OfferFilter::default()
    };
    let mut offers: Vec<OfferSummary> = queries::open_offers(conn, &filter, now)?
        .into_iter()
        .filter(|o| o.offer.host_id != agent.id)
        .collect();
    offers.sort_by_key(|o| {
        (
            links.get(&o.offer.service_id).copied().unwrap_or(0),
            o.next_start,
            o.offer.id,
        )
    });
    offers.truncate(limit);
    Ok(offers)
}
