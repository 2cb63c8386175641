//! Reading Vis ma vie for pages: offers with their next slots (filtered),
//! requests with their offer, slot and people, and who awaits what. Each
//! list is a few batched queries, never one query per row.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{Duration, OfferStatus, RequestStatus, Slot, SwapOffer, SwapRequest};
use crate::agents::Agent;
use crate::common::vocabulary::Vocabulary;
use crate::db::AnyConnection;
use crate::schema::{agents, swap_feedback, swap_offers, swap_requests, swap_slots};

/// Filters of the offers list.
#[derive(Debug, Clone, Default)]
pub struct OfferFilter {
    pub service_id: Option<i32>,
    pub duration: Option<Duration>,
    /// Slots starting within `[from, to)` (a month, in UTC).
    pub period: Option<(NaiveDateTime, NaiveDateTime)>,
    /// Leave out these services (those the agent already met).
    pub excluded_services: Vec<i32>,
    /// Only offers with a seat left.
    pub with_seats_only: bool,
}

/// An open offer with what its upcoming slots look like.
#[derive(Debug, Clone)]
pub struct OfferSummary {
    pub offer: SwapOffer,
    pub service: String,
    pub host: String,
    pub next_start: NaiveDateTime,
    pub upcoming_slots: usize,
    pub seats_left: i32,
}

/// Open offers with upcoming slots, soonest first (three queries).
pub fn open_offers(
    conn: &mut AnyConnection,
    filter: &OfferFilter,
    now: NaiveDateTime,
) -> QueryResult<Vec<OfferSummary>> {
    let mut slots_query = swap_slots::table
        .inner_join(swap_offers::table)
        .filter(swap_offers::status.eq(OfferStatus::Open.code()))
        .filter(swap_slots::removed_at.is_null())
        .filter(swap_slots::starts_at.gt(now))
        .select(Slot::as_select())
        .into_boxed();
    if let Some(service_id) = filter.service_id {
        slots_query = slots_query.filter(swap_offers::service_id.eq(service_id));
    }
    if let Some(duration) = filter.duration {
        slots_query = slots_query.filter(swap_offers::duration.eq(duration.code()));
    }
    if let Some((from, to)) = filter.period {
        slots_query = slots_query
            .filter(swap_slots::starts_at.ge(from))
            .filter(swap_slots::starts_at.lt(to));
    }
    if !filter.excluded_services.is_empty() {
        slots_query =
            slots_query.filter(swap_offers::service_id.ne_all(filter.excluded_services.clone()));
    }
    if filter.with_seats_only {
        slots_query = slots_query.filter(swap_slots::taken.lt(swap_slots::capacity));
    }
    let slots: Vec<Slot> = slots_query.load(conn)?;
    let mut by_offer: HashMap<i32, Vec<Slot>> = HashMap::new();
    for slot in slots {
        by_offer.entry(slot.offer_id).or_default().push(slot);
    }
    let ids: Vec<i32> = by_offer.keys().copied().collect();
    let rows: Vec<(SwapOffer, String, String)> = swap_offers::table
        .inner_join(crate::schema::services::table)
        .inner_join(agents::table.on(agents::id.eq(swap_offers::host_id)))
        .filter(swap_offers::id.eq_any(&ids))
        .select((
            SwapOffer::as_select(),
            crate::schema::services::name,
            agents::display_name,
        ))
        .load(conn)?;
    let mut summaries: Vec<OfferSummary> = rows
        .into_iter()
        .map(|(offer, service, host)| {
            let slots = &by_offer[&offer.id];
            OfferSummary {
                next_start: slots.iter().map(|s| s.starts_at).min().unwrap_or(now),
                upcoming_slots: slots.len(),
                seats_left: slots.iter().map(Slot::seats_left).sum(),
                offer,
                service,
                host,
            }
        })
        .collect();
    summaries.sort_by_key(|s| (s.next_start, s.offer.id));
    Ok(summaries)
}

/// A request with its offer, slot and people's names.
#[derive(Debug, Clone)]
pub struct RequestLine {
    pub request: SwapRequest,
    /// The request's status, read once (an unknown stored status fails the read).
    pub status: RequestStatus,
    pub offer: SwapOffer,
    pub slot: Slot,
    pub visitor: String,
    pub visitor_service: Option<String>,
    pub host: String,
    pub host_service: String,
}

impl RequestLine {
    pub fn status(&self) -> RequestStatus {
        self.status
    }
}

/// The requests with these ids, soonest slot first (three queries).
pub fn request_lines(conn: &mut AnyConnection, ids: &[i32]) -> QueryResult<Vec<RequestLine>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(SwapRequest, Slot, SwapOffer)> = swap_requests::table
        .inner_join(swap_slots::table)
        .inner_join(swap_offers::table)
        .filter(swap_requests::id.eq_any(ids))
        .order((swap_slots::starts_at, swap_requests::id))
        .select((
            SwapRequest::as_select(),
            Slot::as_select(),
            SwapOffer::as_select(),
        ))
        .load(conn)?;
    let people: Vec<i32> = rows
        .iter()
        .flat_map(|(r, _, o)| [r.visitor_id, o.host_id])
        .collect();
    let people = crate::agents::agents_by_id(conn, &people)?;
    let services: Vec<i32> = rows
        .iter()
        .flat_map(|(r, _, o)| [Some(o.service_id), r.visitor_service_id])
        .flatten()
        .collect();
    let services = crate::agents::service_names(conn, &services)?;
    let name = |id: i32| {
        people
            .get(&id)
            .map(|a| a.display_name.clone())
            .unwrap_or_default()
    };
    rows.into_iter()
        .map(|(request, slot, offer)| {
            let status = request
                .status()
                .map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))?;
            Ok(RequestLine {
                status,
                visitor: name(request.visitor_id),
                visitor_service: request
                    .visitor_service_id
                    .and_then(|s| services.get(&s).cloned()),
                host: name(offer.host_id),
                host_service: services.get(&offer.service_id).cloned().unwrap_or_default(),
                request,
                slot,
                offer,
            })
        })
        .collect()
}

/// Ids of the agent's own requests as a visitor.
pub fn visitor_request_ids(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Vec<i32>> {
    swap_requests::table
        .filter(swap_requests::visitor_id.eq(agent_id))
        .select(swap_requests::id)
        .load(conn)
}

/// Ids of the requests on offers the agent hosts.
pub fn hosted_request_ids(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Vec<i32>> {
    swap_requests::table
        .inner_join(swap_offers::table)
        .filter(swap_offers::host_id.eq(agent_id))
        .select(swap_requests::id)
        .load(conn)
}

/// Ids of requests awaiting the agent's agreement: as the visitor's manager,
/// or as HR for visitors with no manager in Passerelles.
pub fn approvals_for(conn: &mut AnyConnection, agent: &Agent) -> QueryResult<Vec<i32>> {
    let mut ids: Vec<i32> = swap_requests::table
        .inner_join(agents::table.on(agents::id.eq(swap_requests::visitor_id)))
        .filter(swap_requests::status.eq(RequestStatus::Requested.code()))
        .filter(agents::manager_dn.eq(&agent.dn))
        .select(swap_requests::id)
        .load(conn)?;
    if agent.is_rh {
        // Never one's own request: nobody approves their own immersion.
        let own: HashSet<i32> = swap_requests::table
            .filter(swap_requests::visitor_id.eq(agent.id))
            .select(swap_requests::id)
            .load::<i32>(conn)?
            .into_iter()
            .collect();
        ids.extend(
            without_manager(conn)?
                .into_iter()
                .filter(|id| !own.contains(id)),
        );
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Requests awaiting an agreement whose visitor has no active manager (two queries).
pub fn without_manager(conn: &mut AnyConnection) -> QueryResult<Vec<i32>> {
    let waiting: Vec<(i32, Option<String>)> = swap_requests::table
        .inner_join(agents::table.on(agents::id.eq(swap_requests::visitor_id)))
        .filter(swap_requests::status.eq(RequestStatus::Requested.code()))
        .select((swap_requests::id, agents::manager_dn))
        .load(conn)?;
    let dns: Vec<String> = waiting.iter().filter_map(|(_, dn)| dn.clone()).collect();
    let known: HashSet<String> = agents::table
        .filter(agents::dn.eq_any(&dns))
        .filter(agents::active.eq(true))
        .select(agents::dn)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    Ok(waiting
        .into_iter()
        .filter(|(_, dn)| dn.as_ref().is_none_or(|dn| !known.contains(dn)))
        .map(|(id, _)| id)
        .collect())
}

/// Ids of requests waiting for the host's acceptance on the agent's offers.
pub fn acceptances_for(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Vec<i32>> {
    swap_requests::table
        .inner_join(swap_offers::table)
        .filter(swap_offers::host_id.eq(agent_id))
        .filter(swap_requests::status.eq(RequestStatus::Approved.code()))
        .select(swap_requests::id)
        .load(conn)
}

/// Ids of ended, confirmed swaps where the agent has not given feedback yet.
pub fn feedback_due(
    conn: &mut AnyConnection,
    agent_id: i32,
    now: NaiveDateTime,
) -> QueryResult<Vec<i32>> {
    let done: HashSet<i32> = swap_feedback::table
        .filter(swap_feedback::author_id.eq(agent_id))
        .select(swap_feedback::request_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    let ended: Vec<i32> = swap_requests::table
        .inner_join(swap_slots::table)
        .inner_join(swap_offers::table)
        .filter(swap_requests::status.eq(RequestStatus::Confirmed.code()))
        .filter(swap_slots::ends_at.le(now))
        .filter(
            swap_requests::visitor_id
                .eq(agent_id)
                .or(swap_offers::host_id.eq(agent_id)),
        )
        .select(swap_requests::id)
        .load(conn)?;
    Ok(ended.into_iter().filter(|id| !done.contains(id)).collect())
}

/// Ids of requests still waiting for a decision, asked before `before`.
pub fn waiting_since(conn: &mut AnyConnection, before: NaiveDateTime) -> QueryResult<Vec<i32>> {
    swap_requests::table
        .filter(swap_requests::status.eq_any([
            RequestStatus::Requested.code(),
            RequestStatus::Approved.code(),
        ]))
        .filter(swap_requests::created_at.lt(before))
        .select(swap_requests::id)
        .load(conn)
}

/// The offers an agent hosts or published, newest first.
pub fn offers_managed_by(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Vec<SwapOffer>> {
    swap_offers::table
        .filter(
            swap_offers::host_id
                .eq(agent_id)
                .or(swap_offers::created_by.eq(agent_id)),
        )
        .order((swap_offers::created_at.desc(), swap_offers::id.desc()))
        .select(SwapOffer::as_select())
        .load(conn)
}

/// The slots of an offer still shown (not removed), in order.
pub fn slots_of(conn: &mut AnyConnection, offer_id: i32) -> QueryResult<Vec<Slot>> {
    swap_slots::table
        .filter(swap_slots::offer_id.eq(offer_id))
        .filter(swap_slots::removed_at.is_null())
        .order(swap_slots::starts_at)
        .select(Slot::as_select())
        .load(conn)
}

/// Ids of an offer's requests.
pub fn requests_of_offer(conn: &mut AnyConnection, offer_id: i32) -> QueryResult<Vec<i32>> {
    swap_requests::table
        .filter(swap_requests::offer_id.eq(offer_id))
        .select(swap_requests::id)
        .load(conn)
}

/// Whether a return offer was already published for a request.
pub fn return_offer_of(conn: &mut AnyConnection, request_id: i32) -> QueryResult<Option<i32>> {
    swap_offers::table
        .filter(swap_offers::return_of.eq(request_id))
        .select(swap_offers::id)
        .first(conn)
        .optional()
}
