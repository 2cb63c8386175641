//! Offers on the host's side: publish (for oneself, or for someone of one's
//! team), edit, close and reopen, add and remove slots (removing a slot
//! cancels its requests and tells the visitors).

use crate::swaps::links;
use chrono_tz::Tz;
use diesel::prelude::*;

use super::model::{
    self, OfferFields, OfferStatus, RequestStatus, SlotFields, SwapOffer, SwapRequest,
};
use crate::agents::Agent;
use crate::common::format::long_date;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::notifications;
use crate::schema::{swap_offers, swap_requests, swap_slots};

/// Whether `actor` may publish an offer for `host`: themselves, or a member of their team.
pub fn may_publish_for(actor: &Agent, host: &Agent) -> bool {
    actor.id == host.id || host.manager_dn.as_deref() == Some(actor.dn.as_str())
}

/// Publishes an offer with its first slots; `return_of` names the swap this
/// offer is the return visit of (its visitor publishes it).
pub fn create(
    conn: &mut AnyConnection,
    actor: &Agent,
    fields: &OfferFields,
    slots: &[SlotFields],
    return_of: Option<i32>,
) -> AppResult<i32> {
    db::write_transaction(conn, |conn| {
        let host = crate::agents::agents_by_id(conn, &[fields.host_id])?
            .remove(&fields.host_id)
            .filter(|h| h.active)
            .ok_or_else(|| AppError::Invalid("Choisissez l'agent qui accueille.".into()))?;
        if !may_publish_for(actor, &host) {
            return Err(AppError::Forbidden);
        }
        let service_id = host.service_id.ok_or_else(|| {
            AppError::Invalid(
                "L'annuaire n'indique pas de service pour cet agent : l'offre ne peut pas être publiée."
                    .into(),
            )
        })?;
        let original = match return_of {
            Some(id) => {
                let original = model::find_request(conn, id)?.ok_or(AppError::NotFound)?;
                if original.visitor_id != host.id {
                    return Err(AppError::Forbidden);
                }
                Some(original)
            }
            None => None,
        };
        let now = db::now();
        let offer: SwapOffer = diesel::insert_into(swap_offers::table)
            .values((
                swap_offers::host_id.eq(host.id),
                swap_offers::service_id.eq(service_id),
                swap_offers::created_by.eq(actor.id),
                swap_offers::title.eq(&fields.title),
                swap_offers::activities.eq(&fields.activities),
                swap_offers::place.eq(&fields.place),
                swap_offers::duration.eq(fields.duration.code()),
                swap_offers::prerequisites.eq(&fields.prerequisites),
                swap_offers::sensitive.eq(fields.sensitive),
                swap_offers::status.eq(OfferStatus::Open.code()),
                swap_offers::return_of.eq(return_of),
                swap_offers::created_at.eq(now),
                swap_offers::updated_at.eq(now),
            ))
            .get_result(conn)?;
        for slot in slots {
            insert_slot(conn, offer.id, slot)?;
        }
        if actor.id != host.id {
            notifications::notify(
                conn,
                host.id,
                crate::notifications::NotificationKind::SwapOffer,
                &format!(
                    "{} a publié pour vous l'offre Vis ma vie « {} ».",
                    actor.display_name, offer.title
                ),
                &links::offer(offer.id),
            )?;
        }
        if let Some(original) = original {
            let original_offer =
                model::find_offer(conn, original.offer_id)?.ok_or(AppError::NotFound)?;
            notifications::notify(
                conn,
                original_offer.host_id,
                crate::notifications::NotificationKind::Invitation,
                &format!(
                    "{} vous propose l'immersion retour « {} » : choisissez un créneau.",
                    host.display_name, offer.title
                ),
                &links::offer(offer.id),
            )?;
        }
        crate::audit::record(
            conn,
            Some(actor.id),
            "vis ma vie : offre publiée",
            &format!("offre {}", offer.id),
        )?;
        Ok(offer.id)
    })
}

fn insert_slot(conn: &mut AnyConnection, offer_id: i32, slot: &SlotFields) -> QueryResult<()> {
    diesel::insert_into(swap_slots::table)
        .values((
            swap_slots::offer_id.eq(offer_id),
            swap_slots::starts_at.eq(slot.starts_at),
            swap_slots::ends_at.eq(slot.ends_at),
            swap_slots::capacity.eq(slot.capacity),
            swap_slots::taken.eq(0),
            swap_slots::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Loads an offer that `actor` manages (host or publisher), or refuses.
pub fn managed(conn: &mut AnyConnection, actor: &Agent, id: i32) -> AppResult<SwapOffer> {
    let offer = model::find_offer(conn, id)?.ok_or(AppError::NotFound)?;
    if !offer.managed_by(actor.id) {
        return Err(AppError::Forbidden);
    }
    Ok(offer)
}

/// Changes what the offer says (not its host).
pub fn update(
    conn: &mut AnyConnection,
    actor: &Agent,
    id: i32,
    fields: &OfferFields,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        managed(conn, actor, id)?;
        diesel::update(swap_offers::table.find(id))
            .set((
                swap_offers::title.eq(&fields.title),
                swap_offers::activities.eq(&fields.activities),
                swap_offers::place.eq(&fields.place),
                swap_offers::duration.eq(fields.duration.code()),
                swap_offers::prerequisites.eq(&fields.prerequisites),
                swap_offers::sensitive.eq(fields.sensitive),
                swap_offers::updated_at.eq(db::now()),
            ))
            .execute(conn)?;
        Ok(())
    })
}

/// Closes (no new requests; requests already made go on) or reopens an offer.
pub fn set_status(
    conn: &mut AnyConnection,
    actor: &Agent,
    id: i32,
    status: OfferStatus,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        managed(conn, actor, id)?;
        diesel::update(swap_offers::table.find(id))
            .set((
                swap_offers::status.eq(status.code()),
                swap_offers::updated_at.eq(db::now()),
            ))
            .execute(conn)?;
        Ok(())
    })
}

/// Adds a slot to an offer.
pub fn add_slot(
    conn: &mut AnyConnection,
    actor: &Agent,
    id: i32,
    slot: &SlotFields,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        managed(conn, actor, id)?;
        insert_slot(conn, id, slot)?;
        Ok(())
    })
}

/// Removes a slot that has not started: its live requests are cancelled
/// (their diaries and encounters undone) and their visitors told.
/// Returns how many requests were cancelled.
pub fn remove_slot(
    conn: &mut AnyConnection,
    actor: &Agent,
    offer_id: i32,
    slot_id: i32,
    tz: Tz,
) -> AppResult<usize> {
    db::write_transaction(conn, |conn| {
        let offer = managed(conn, actor, offer_id)?;
        let slot = model::find_slot(conn, slot_id)?
            .filter(|s| s.offer_id == offer.id && s.removed_at.is_none())
            .ok_or(AppError::NotFound)?;
        let now = db::now();
        if slot.starts_at <= now {
            return Err(AppError::Invalid(
                "Ce créneau a commencé ou est passé : il reste dans l'historique.".into(),
            ));
        }
        // The slot is marked removed first: this takes its row lock, so that
        // a visitor asking at this moment either got in before (and is
        // cancelled below) or is refused (asking takes a seat only on a slot
        // that is not removed).
        let marked = diesel::update(
            swap_slots::table
                .filter(swap_slots::id.eq(slot.id))
                .filter(swap_slots::removed_at.is_null()),
        )
        .set((swap_slots::removed_at.eq(now), swap_slots::taken.eq(0)))
        .execute(conn)?;
        if marked != 1 {
            return Err(AppError::NotFound);
        }
        let live: Vec<SwapRequest> = swap_requests::table
            .filter(swap_requests::slot_id.eq(slot.id))
            .filter(swap_requests::status.eq_any(RequestStatus::LIVE))
            .select(SwapRequest::as_select())
            .load(conn)?;
        for request in &live {
            diesel::update(swap_requests::table.find(request.id))
                .set((
                    swap_requests::status.eq(RequestStatus::Cancelled.code()),
                    swap_requests::ended_by.eq(actor.id),
                    swap_requests::ended_at.eq(now),
                    swap_requests::end_reason.eq("Créneau supprimé par l'accueillant."),
                    swap_requests::updated_at.eq(now),
                ))
                .execute(conn)?;
            if request.status()? == RequestStatus::Confirmed {
                super::effects::undo(conn, request.id)?;
            }
            let mut to_tell = vec![request.visitor_id];
            to_tell.extend(request.approved_by);
            notifications::notify_about_event(
                conn,
                &to_tell, crate::notifications::NotificationKind::SwapCancelled,
                &format!(
                    "Le créneau du {} de « {} » a été supprimé par l'accueillant : la demande est annulée.",
                    long_date(slot.starts_at, tz),
                    offer.title
                ),
                &links::request(request.id),
                (crate::agenda::EntryKind::Swap, request.id),
            )?;
        }
        crate::audit::record(
            conn,
            Some(actor.id),
            "vis ma vie : créneau supprimé",
            &format!("créneau {} de l'offre {}", slot.id, offer.id),
        )?;
        Ok(live.len())
    })
}

/// The people `actor` may publish for: themselves first, then their team.
pub fn possible_hosts(conn: &mut AnyConnection, actor: &Agent) -> QueryResult<Vec<Agent>> {
    let mut hosts = vec![actor.clone()];
    hosts.extend(
        crate::agents::team_of(conn, actor)?
            .into_iter()
            .filter(|a| a.id != actor.id),
    );
    Ok(hosts)
}
