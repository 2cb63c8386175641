//! A request's life: asked by the visitor (a seat of the slot is held at
//! once, so a slot can never be over-requested), approved by the visitor's
//! manager (or HR), accepted by the host (the swap is then confirmed: both
//! diaries, both encounters), or declined / cancelled (the seat is freed).
//! Every step tells the party who must act next or who is affected.

use chrono_tz::Tz;
use diesel::prelude::*;

use super::access::{self, Approver, Parties};
use super::model::{self, RequestStatus, Slot, SwapOffer, SwapRequest};
use super::rules::{self, Refusal};
use crate::agenda::{self, EntryKind, NewEntry};
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::encounters::{self, Through};
use crate::error::AppError;
use crate::notifications;
use crate::schema::{swap_requests, swap_slots};
use crate::web::format::long_date;

/// Why a step did not happen: a rule with its field (422, the form is shown
/// again), or any other error.
#[derive(Debug)]
pub enum StepError {
    Refused(Refusal),
    App(AppError),
}

impl From<diesel::result::Error> for StepError {
    fn from(error: diesel::result::Error) -> Self {
        StepError::App(error.into())
    }
}

impl From<AppError> for StepError {
    fn from(error: AppError) -> Self {
        StepError::App(error)
    }
}

impl From<StepError> for AppError {
    fn from(error: StepError) -> Self {
        match error {
            StepError::Refused(refusal) => AppError::Invalid(refusal.message),
            StepError::App(error) => error,
        }
    }
}

fn refuse<T>(field: &'static str, message: impl Into<String>) -> Result<T, StepError> {
    Err(StepError::Refused(Refusal::new(field, message)))
}

/// What the rules need from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct RuleSettings {
    pub max_absences_per_service_per_day: i64,
    pub tz: Tz,
}

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

/// The page of a request.
pub fn request_link(id: i32) -> String {
    format!("/vis-ma-vie/demandes/{id}")
}

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
                swap_requests::status.eq(RequestStatus::Requested.as_str()),
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
        let to_tell = approver.agent_ids(conn)?;
        notifications::notify_all(
            conn,
            &to_tell,
            &format!(
                "{} demande une immersion « {} » le {} : votre accord est attendu.",
                visitor.display_name,
                offer.title,
                long_date(slot.starts_at, settings.tz)
            ),
            &request_link(request.id),
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

/// A request with its offer, slot and people, read inside a transaction.
struct Loaded {
    request: SwapRequest,
    offer: SwapOffer,
    slot: Slot,
    parties: Parties,
}

fn load(conn: &mut AnyConnection, id: i32) -> Result<Loaded, StepError> {
    let request = model::find_request(conn, id)?.ok_or(AppError::NotFound)?;
    let offer = model::find_offer(conn, request.offer_id)?.ok_or(AppError::NotFound)?;
    let slot = model::find_slot(conn, request.slot_id)?.ok_or(AppError::NotFound)?;
    let parties = Parties::load(conn, &request, &offer)?;
    Ok(Loaded {
        request,
        offer,
        slot,
        parties,
    })
}

/// Moves the request from `from` to `to` only if it is still in `from`
/// (two people deciding at once: the second is told it was already done).
fn transition(
    conn: &mut AnyConnection,
    id: i32,
    from: &[RequestStatus],
    to: RequestStatus,
) -> Result<(), StepError> {
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let changed = diesel::update(
        swap_requests::table
            .filter(swap_requests::id.eq(id))
            .filter(swap_requests::status.eq_any(from)),
    )
    .set((
        swap_requests::status.eq(to.as_str()),
        swap_requests::updated_at.eq(db::now()),
    ))
    .execute(conn)?;
    if changed != 1 {
        return refuse(
            "decision",
            "Cette demande a changé entre-temps : rechargez la page pour voir où elle en est.",
        );
    }
    Ok(())
}

/// The visitor's manager (or HR, when there is none) agrees.
pub fn approve(
    conn: &mut AnyConnection,
    actor: &Agent,
    id: i32,
    tz: Tz,
) -> Result<(), StepError> {
    db::write_transaction(conn, |conn| {
        let l = load(conn, id)?;
        if !l.parties.approver.is(actor) {
            return Err(AppError::Forbidden.into());
        }
        transition(
            conn,
            id,
            &[RequestStatus::Requested],
            RequestStatus::Approved,
        )?;
        let now = db::now();
        diesel::update(swap_requests::table.find(id))
            .set((
                swap_requests::approved_by.eq(actor.id),
                swap_requests::approved_at.eq(now),
            ))
            .execute(conn)?;
        let date = long_date(l.slot.starts_at, tz);
        notifications::notify(
            conn,
            l.offer.host_id,
            &format!(
                "{} souhaite venir le {} pour « {} » et son encadrant est d'accord : à vous d'accepter ou de refuser.",
                l.parties.visitor.display_name, date, l.offer.title
            ),
            &request_link(id),
        )?;
        notifications::notify(
            conn,
            l.request.visitor_id,
            &format!(
                "Votre encadrant a donné son accord pour « {} » le {} ; l'accueillant doit maintenant accepter.",
                l.offer.title, date
            ),
            &request_link(id),
        )?;
        crate::audit::record(
            conn,
            Some(actor.id),
            "vis ma vie : accord de l'encadrant",
            &format!("demande {id}"),
        )?;
        Ok(())
    })
}

/// The host accepts: the swap is confirmed, written in both diaries, and
/// each side is recorded as having met the other's service.
pub fn accept(conn: &mut AnyConnection, actor: &Agent, id: i32, tz: Tz) -> Result<(), StepError> {
    db::write_transaction(conn, |conn| {
        let l = load(conn, id)?;
        if actor.id != l.offer.host_id {
            return Err(AppError::Forbidden.into());
        }
        if l.request.status() == RequestStatus::Requested {
            return refuse(
                "decision",
                "L'encadrant de l'agent n'a pas encore donné son accord : vous pourrez accepter ensuite.",
            );
        }
        if l.slot.starts_at <= db::now() {
            return refuse("decision", "Ce créneau est déjà passé.");
        }
        if let Some(clash) = agenda::overlapping(
            conn,
            l.request.visitor_id,
            l.slot.starts_at,
            l.slot.ends_at,
            Some((EntryKind::Swap, id)),
        )?
        .into_iter()
        .next()
        {
            return refuse(
                "decision",
                format!(
                    "L'agent a entre-temps un autre engagement à ce moment-là (« {} ») : la demande ne peut pas être acceptée.",
                    clash.title
                ),
            );
        }
        transition(
            conn,
            id,
            &[RequestStatus::Approved],
            RequestStatus::Confirmed,
        )?;
        let now = db::now();
        diesel::update(swap_requests::table.find(id))
            .set(swap_requests::accepted_at.eq(now))
            .execute(conn)?;
        confirm_effects(conn, &l.request, &l.offer, &l.slot)?;
        let date = long_date(l.slot.starts_at, tz);
        let mut to_tell = vec![l.request.visitor_id];
        to_tell.extend(l.request.approved_by);
        notifications::notify_all(
            conn,
            &to_tell,
            &format!(
                "Immersion confirmée : « {} » le {}. La convention et le fichier d'agenda sont prêts.",
                l.offer.title, date
            ),
            &request_link(id),
        )?;
        crate::audit::record(
            conn,
            Some(actor.id),
            "vis ma vie : acceptation",
            &format!("demande {id}"),
        )?;
        Ok(())
    })
}

/// What a confirmation writes: both diaries, both encounters, and the
/// reciprocity of the swap this one returns.
pub fn confirm_effects(
    conn: &mut AnyConnection,
    request: &SwapRequest,
    offer: &SwapOffer,
    slot: &Slot,
) -> QueryResult<()> {
    let services = access::service_names(
        conn,
        &[Some(offer.service_id), request.visitor_service_id]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
    )?;
    let host_service = services
        .get(&offer.service_id)
        .cloned()
        .unwrap_or_default();
    let visitor_service = request
        .visitor_service_id
        .and_then(|s| services.get(&s).cloned());
    let link = request_link(request.id);
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
    if let Some(original) = offer.return_of.and_then(|id| {
        model::find_request(conn, id).ok().flatten()
    }) {
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

/// Ends a request (declined or cancelled): who, when, why; frees its seat,
/// and undoes what a confirmation wrote.
fn end(
    conn: &mut AnyConnection,
    l: &Loaded,
    actor: &Agent,
    to: RequestStatus,
    reason: Option<&str>,
) -> Result<(), StepError> {
    let was = l.request.status();
    let live = [
        RequestStatus::Requested,
        RequestStatus::Approved,
        RequestStatus::Confirmed,
    ];
    transition(conn, l.request.id, &live, to)?;
    diesel::update(swap_requests::table.find(l.request.id))
        .set((
            swap_requests::ended_by.eq(actor.id),
            swap_requests::ended_at.eq(db::now()),
            swap_requests::end_reason.eq(reason),
        ))
        .execute(conn)?;
    free_seat(conn, l.slot.id)?;
    if was == RequestStatus::Confirmed {
        agenda::remove_for(conn, EntryKind::Swap, l.request.id, None)?;
        encounters::forget(conn, Through::Swap, l.request.id)?;
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

/// The manager (or HR) while the agreement is awaited, or the host before
/// the swap is confirmed, declines with a reason.
pub fn decline(
    conn: &mut AnyConnection,
    actor: &Agent,
    id: i32,
    reason: &str,
    tz: Tz,
) -> Result<(), StepError> {
    db::write_transaction(conn, |conn| {
        let l = load(conn, id)?;
        let status = l.request.status();
        let as_approver = status == RequestStatus::Requested && l.parties.approver.is(actor);
        let as_host = matches!(status, RequestStatus::Requested | RequestStatus::Approved)
            && actor.id == l.offer.host_id;
        if !as_approver && !as_host {
            if l.parties.approver.is(actor) || actor.id == l.offer.host_id {
                return refuse(
                    "decision",
                    "Cette demande ne peut plus être refusée à ce stade.",
                );
            }
            return Err(AppError::Forbidden.into());
        }
        end(conn, &l, actor, RequestStatus::Declined, Some(reason))?;
        let date = long_date(l.slot.starts_at, tz);
        let who = if as_host { "L'accueillant" } else { "Votre encadrant" };
        notifications::notify(
            conn,
            l.request.visitor_id,
            &format!(
                "{who} a refusé votre demande pour « {} » le {} : {reason}",
                l.offer.title, date
            ),
            &request_link(id),
        )?;
        if as_host {
            if let Some(approver) = l.request.approved_by.filter(|a| *a != actor.id) {
                notifications::notify(
                    conn,
                    approver,
                    &format!(
                        "L'accueillant a refusé la demande de {} pour « {} ».",
                        l.parties.visitor.display_name, l.offer.title
                    ),
                    &request_link(id),
                )?;
            }
        }
        crate::audit::record(
            conn,
            Some(actor.id),
            "vis ma vie : refus",
            &format!("demande {id}"),
        )?;
        Ok(())
    })
}

/// The visitor withdraws (any time before the swap starts), or the host
/// cancels a confirmed swap before it starts (with a reason).
pub fn cancel(
    conn: &mut AnyConnection,
    actor: &Agent,
    id: i32,
    reason: Option<&str>,
    tz: Tz,
) -> Result<(), StepError> {
    db::write_transaction(conn, |conn| {
        let l = load(conn, id)?;
        let status = l.request.status();
        let is_visitor = actor.id == l.request.visitor_id;
        let is_host = actor.id == l.offer.host_id;
        if !is_visitor && !is_host {
            return Err(AppError::Forbidden.into());
        }
        if !status.is_live() || (is_host && !is_visitor && status != RequestStatus::Confirmed) {
            return refuse(
                "decision",
                "Cette demande ne peut pas être annulée à ce stade.",
            );
        }
        if l.slot.starts_at <= db::now() {
            return refuse(
                "decision",
                "L'immersion a commencé ou est passée : elle ne peut plus être annulée.",
            );
        }
        if is_host && !is_visitor && reason.is_none() {
            return refuse("reason", "Indiquez la raison de l'annulation.");
        }
        end(conn, &l, actor, RequestStatus::Cancelled, reason)?;
        let date = long_date(l.slot.starts_at, tz);
        let mut to_tell = Vec::new();
        if is_visitor {
            if status != RequestStatus::Requested {
                to_tell.push(l.offer.host_id);
            }
            to_tell.extend(l.request.approved_by);
            let message = format!(
                "{} a annulé sa demande pour « {} » le {}.",
                l.parties.visitor.display_name, l.offer.title, date
            );
            notifications::notify_all(conn, &to_tell, &message, &request_link(id))?;
        } else {
            to_tell.push(l.request.visitor_id);
            to_tell.extend(l.request.approved_by);
            let message = format!(
                "L'immersion « {} » du {} est annulée par l'accueillant : {}",
                l.offer.title,
                date,
                reason.unwrap_or_default()
            );
            notifications::notify_all(conn, &to_tell, &message, &request_link(id))?;
        }
        crate::audit::record(
            conn,
            Some(actor.id),
            "vis ma vie : annulation",
            &format!("demande {id}"),
        )?;
        Ok(())
    })
}

/// The host proposes the return visit: the visitor is offered a prefilled
/// offer form in one click.
pub fn propose_return(conn: &mut AnyConnection, actor: &Agent, id: i32) -> Result<(), StepError> {
    db::write_transaction(conn, |conn| {
        let l = load(conn, id)?;
        if actor.id != l.offer.host_id {
            return Err(AppError::Forbidden.into());
        }
        if l.request.status() != RequestStatus::Confirmed {
            return refuse(
                "decision",
                "La réciproque se propose une fois l'immersion confirmée.",
            );
        }
        if l.request.return_proposed_at.is_some() {
            return refuse("decision", "Vous avez déjà proposé la réciproque.");
        }
        diesel::update(swap_requests::table.find(id))
            .set(swap_requests::return_proposed_at.eq(db::now()))
            .execute(conn)?;
        notifications::notify(
            conn,
            l.request.visitor_id,
            &format!(
                "{} aimerait découvrir votre métier à son tour : proposez-lui une immersion en un clic.",
                l.parties.host.display_name
            ),
            &format!("/vis-ma-vie/offres/nouvelle?retour={id}"),
        )?;
        Ok(())
    })
}

/// Whether the approver of a request is HR (no manager known).
pub fn approved_by_hr(approver: &Approver) -> bool {
    matches!(approver, Approver::Hr)
}
