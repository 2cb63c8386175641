//! What a confirmed swap writes (both diaries, both encounters, the
//! reciprocity of the swap it returns) and how an ended request undoes it.

use crate::swaps::links;
use diesel::prelude::*;

use super::model::{self, Slot, SwapOffer, SwapRequest};
use crate::agenda::{self, EntryKind, NewEntry};
use crate::db::{self, AnyConnection};
use crate::encounters::{self, Through};
use crate::schema::{swap_requests, swap_slots};

/// What a confirmation writes: both diaries, both encounters, and the
/// reciprocity of the swap this one returns.
pub fn confirm(
    conn: &mut AnyConnection,
    request: &SwapRequest,
    offer: &SwapOffer,
    slot: &Slot,
) -> QueryResult<()> {
    let services = crate::agents::service_names(
        conn,
        &[Some(offer.service_id), request.visitor_service_id]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
    )?;
    let host_service = services.get(&offer.service_id).cloned().unwrap_or_default();
    let visitor_service = request
        .visitor_service_id
        .and_then(|s| services.get(&s).cloned());
    let link = links::request(request.id);
    agenda::put(
        conn,
        &NewEntry {
            agent_id: request.visitor_id,
            kind: EntryKind::Swap,
            source_id: request.id,
            title: &format!("Vis ma vie : immersion au service {host_service}"),
            location: Some(&offer.place),
            link: &link,
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
        },
    )?;
    let host_title = match &visitor_service {
        Some(name) => format!("Vis ma vie : accueil d'un agent du service {name}"),
        None => "Vis ma vie : accueil d'un agent".to_string(),
    };
    agenda::put(
        conn,
        &NewEntry {
            agent_id: offer.host_id,
            kind: EntryKind::Swap,
            source_id: request.id,
            title: &host_title,
            location: Some(&offer.place),
            link: &link,
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
        },
    )?;
    encounters::record(
        conn,
        request.visitor_id,
        offer.service_id,
        Through::Swap,
        request.id,
    )?;
    if let Some(visitor_service) = request.visitor_service_id {
        encounters::record(
            conn,
            offer.host_id,
            visitor_service,
            Through::Swap,
            request.id,
        )?;
    }
    // A return visit: the first swap is now reciprocated.
    // A failed read fails the confirmation (it used to skip the marking).
    let original = match offer.return_of {
        Some(id) => model::find_request(conn, id)?,
        None => None,
    };
    if let Some(original) = original {
        let original_host: Option<i32> = crate::schema::swap_offers::table
            .find(original.offer_id)
            .select(crate::schema::swap_offers::host_id)
            .first(conn)
            .optional()?;
        if original_host == Some(request.visitor_id) && original.reciprocated_at.is_none() {
            diesel::update(swap_requests::table.find(original.id))
                .set(swap_requests::reciprocated_at.eq(db::now()))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Gives back one seat of a slot.
pub fn free_seat(conn: &mut AnyConnection, slot_id: i32) -> QueryResult<usize> {
    diesel::update(
        swap_slots::table
            .filter(swap_slots::id.eq(slot_id))
            .filter(swap_slots::taken.gt(0)),
    )
    .set(swap_slots::taken.eq(swap_slots::taken - 1))
    .execute(conn)
}

/// Removes what a confirmation wrote: both diary entries, both encounters.
pub fn undo(conn: &mut AnyConnection, request_id: i32) -> QueryResult<()> {
    agenda::remove_for(conn, EntryKind::Swap, request_id, None)?;
    encounters::forget(conn, Through::Swap, request_id)?;
    Ok(())
}
