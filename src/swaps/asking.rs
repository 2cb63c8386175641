//! The visitor asks for a slot: every rule checked inside one write
//! transaction, and a seat of the slot held at once (a conditional update),
//! so that a slot can never be over-requested; the seat is freed when the
//! request is declined or cancelled.

use crate::swaps::links;
use diesel::prelude::*;

use super::access;
use super::model::{self, RequestStatus, SwapRequest};
use super::rules;
use super::workflow::{refuse, RuleSettings, StepError};
use crate::agenda;
use crate::agents::Agent;
use crate::common::format::long_date;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::AppError;
use crate::notifications;
use crate::schema::{swap_requests, swap_slots};

/// A visitor's request, as typed.
#[derive(Debug, Clone)]
pub struct Ask {
    pub slot_id: i32,
    pub motivation: String,
    pub discretion_accepted: bool,
}

const FULL: &str =
    "Ce créneau est complet : toutes ses places sont déjà demandées. Choisissez un autre créneau.";

const ALREADY: &str = "Vous avez déjà une demande en cours pour ce créneau.";

/// The visitor asks for a slot. Every rule is checked inside one write
/// transaction; the seat is taken by a conditional update.
pub fn ask(
    conn: &mut AnyConnection,
    visitor: &Agent,
    offer_id: i32,
    ask: &Ask,
    settings: RuleSettings,
) -> Result<i32, StepError> {
    db::write_transaction(conn, |conn| {
        let offer = model::find_offer(conn, offer_id)?.ok_or(AppError::NotFound)?;
        let slot = match model::find_slot(conn, ask.slot_id)? {
            Some(slot) if slot.offer_id == offer.id && slot.removed_at.is_none() => slot,
            _ => return refuse("slot_id", "Choisissez un des créneaux proposés."),
        };
        if !offer.is_open() {
            return refuse(
                "slot_id",
                "Cette offre est fermée : elle ne prend plus de demande.",
            );
        }
        if visitor.id == offer.host_id || visitor.service_id == Some(offer.service_id) {
            return refuse(
                "slot_id",
                "Cette offre vient de votre propre service : Vis ma vie sert à découvrir le métier d'un autre service.",
            );
        }
        let now = db::now();
        if slot.starts_at <= now {
            return refuse(
                "slot_id",
                "Ce créneau est déjà passé : choisissez un créneau à venir.",
            );
        }
        if slot.taken >= slot.capacity {
            return refuse("slot_id", FULL);
        }
        if offer.sensitive && !ask.discretion_accepted {
            return refuse(
                "discretion",
                "Cette activité est sensible : acceptez l'engagement de discrétion pour la demander.",
            );
        }
        // Requests of one service are serialised from here on (PostgreSQL;
        // SQLite's immediate transaction already serialises every write).
        if let Some(service_id) = visitor.service_id {
            rules::lock_service(conn, service_id)?;
        }
        let already = swap_requests::table
            .filter(swap_requests::slot_id.eq(slot.id))
            .filter(swap_requests::visitor_id.eq(visitor.id))
            .filter(swap_requests::status.eq_any(RequestStatus::LIVE))
            .count()
            .get_result::<i64>(conn)?;
        if already > 0 {
            return refuse("slot_id", ALREADY);
        }
        if let Some(clash) =
            agenda::overlapping(conn, visitor.id, slot.starts_at, slot.ends_at, None)?
                .into_iter()
                .next()
        {
            return refuse(
                "slot_id",
                format!(
                    "Ce créneau chevauche un engagement déjà confirmé dans votre agenda : « {} », le {}.",
                    clash.title,
                    long_date(clash.starts_at, settings.tz)
                ),
            );
        }
        if let Some(service_id) = visitor.service_id {
            let max = settings.max_absences_per_service_per_day;
            if let Some(day) = rules::day_over_absence_cap(
                conn,
                service_id,
                slot.starts_at,
                slot.ends_at,
                max,
                settings.tz,
            )? {
                return refuse("slot_id", rules::absence_cap_message(day, max, settings.tz));
            }
        }
        let seat = diesel::update(
            swap_slots::table
                .filter(swap_slots::id.eq(slot.id))
                .filter(swap_slots::removed_at.is_null())
                .filter(swap_slots::taken.lt(swap_slots::capacity)),
        )
        .set(swap_slots::taken.eq(swap_slots::taken + 1))
        .execute(conn)?;
        if seat != 1 {
            return refuse("slot_id", FULL);
        }
        let inserted = diesel::insert_into(swap_requests::table)
            .values((
                swap_requests::offer_id.eq(offer.id),
                swap_requests::slot_id.eq(slot.id),
                swap_requests::visitor_id.eq(visitor.id),
                swap_requests::visitor_service_id.eq(visitor.service_id),
                swap_requests::motivation.eq(&ask.motivation),
                swap_requests::discretion_accepted.eq(offer.sensitive && ask.discretion_accepted),
                swap_requests::status.eq(RequestStatus::Requested.code()),
                swap_requests::created_at.eq(now),
                swap_requests::updated_at.eq(now),
            ))
            .get_result::<SwapRequest>(conn);
        let request = match inserted {
            Ok(request) => request,
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => return refuse("slot_id", ALREADY),
            Err(other) => return Err(other.into()),
        };
        let approver = access::approver_for(conn, visitor)?;
        let mut to_tell = approver.agent_ids(conn)?;
        to_tell.retain(|id| *id != visitor.id);
        notifications::notify_about_event(
            conn,
            &to_tell,
            crate::notifications::NotificationKind::SwapToApprove,
            &format!(
                "{} demande une immersion « {} » le {} : votre accord est attendu.",
                visitor.display_name,
                offer.title,
                long_date(slot.starts_at, settings.tz)
            ),
            &links::request(request.id),
            (agenda::EntryKind::Swap, request.id),
        )?;
        crate::audit::record(
            conn,
            Some(visitor.id),
            "vis ma vie : demande",
            &format!("demande {} sur l'offre {}", request.id, offer.id),
        )?;
        Ok(request.id)
    })
}
