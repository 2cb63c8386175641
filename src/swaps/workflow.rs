//! A request's life after it is asked (see `asking`): approved by the visitor's
//! manager (or HR), accepted by the host (the swap is then confirmed: both
//! diaries, both encounters), or declined / cancelled (the seat is freed).
//! Every step tells the party who must act next or who is affected.

use crate::swaps::links;
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use diesel::prelude::*;

use super::access::Parties;
use super::effects;
use super::model::{self, RequestStatus, Slot, SwapOffer, SwapRequest};
use super::rules::Refusal;
use crate::agenda::{self, EntryKind};
use crate::agents::Agent;
use crate::common::format::long_date;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::AppError;
use crate::notifications;
use crate::schema::swap_requests;

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

impl From<crate::common::vocabulary::UnknownCode> for StepError {
    fn from(error: crate::common::vocabulary::UnknownCode) -> Self {
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

pub(super) fn refuse<T>(field: &'static str, message: impl Into<String>) -> Result<T, StepError> {
    Err(StepError::Refused(Refusal::new(field, message)))
}

/// What the rules need from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct RuleSettings {
    pub max_absences_per_service_per_day: i64,
    pub tz: Tz,
}

/// What a step refuses when the request moved on since the page was shown.
const CHANGED: &str =
    "Cette demande a changé entre-temps : rechargez la page pour voir où elle en est.";

/// A request as the rules see it: where it stands, its offer, slot and
/// people. Each step has one rule here, asked both by the request's page
/// (which buttons to show: `.is_ok()`) and by the step itself (what the
/// server accepts, with the same refusal).
pub struct Case<'a> {
    pub request: &'a SwapRequest,
    pub status: RequestStatus,
    pub offer: &'a SwapOffer,
    pub slot: &'a Slot,
    pub parties: &'a Parties,
}

/// How an agent may decline a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclineAs {
    /// The visitor's manager (or HR), while the agreement is awaited.
    Approver,
    /// The host, before confirming.
    Host,
}

impl<'a> Case<'a> {
    /// The case of a request; an error if its stored status is unknown.
    pub fn new(
        request: &'a SwapRequest,
        offer: &'a SwapOffer,
        slot: &'a Slot,
        parties: &'a Parties,
    ) -> Result<Case<'a>, StepError> {
        Ok(Case {
            status: request.status()?,
            request,
            offer,
            slot,
            parties,
        })
    }

    /// The visitor's manager (or HR) agrees while the agreement is awaited.
    pub fn may_approve(&self, actor: &Agent) -> Result<(), StepError> {
        if !self.parties.may_approve(actor) {
            return Err(AppError::Forbidden.into());
        }
        if self.status != RequestStatus::Requested {
            return refuse("decision", CHANGED);
        }
        Ok(())
    }

    /// The host accepts an approved request before its slot starts.
    pub fn may_accept(&self, actor: &Agent, now: NaiveDateTime) -> Result<(), StepError> {
        if actor.id != self.offer.host_id {
            return Err(AppError::Forbidden.into());
        }
        if self.status == RequestStatus::Requested {
            return refuse(
                "decision",
                "L'encadrant de l'agent n'a pas encore donné son accord : vous pourrez accepter ensuite.",
            );
        }
        if self.slot.starts_at <= now {
            return refuse("decision", "Ce créneau est déjà passé.");
        }
        if self.status != RequestStatus::Approved {
            return refuse("decision", CHANGED);
        }
        Ok(())
    }

    /// The manager (or HR) while the agreement is awaited, or the host
    /// before confirming, declines; says as whom (the host first).
    pub fn may_decline(&self, actor: &Agent) -> Result<DeclineAs, StepError> {
        let is_approver = self.parties.may_approve(actor);
        let is_host = actor.id == self.offer.host_id;
        if matches!(
            self.status,
            RequestStatus::Requested | RequestStatus::Approved
        ) && is_host
        {
            return Ok(DeclineAs::Host);
        }
        if self.status == RequestStatus::Requested && is_approver {
            return Ok(DeclineAs::Approver);
        }
        if is_approver || is_host {
            return refuse(
                "decision",
                "Cette demande ne peut plus être refusée à ce stade.",
            );
        }
        Err(AppError::Forbidden.into())
    }

    /// The visitor withdraws a live request, or the host cancels a
    /// confirmed swap, before it starts.
    pub fn may_cancel(&self, actor: &Agent, now: NaiveDateTime) -> Result<(), StepError> {
        let is_visitor = actor.id == self.request.visitor_id;
        let is_host = actor.id == self.offer.host_id;
        if !is_visitor && !is_host {
            return Err(AppError::Forbidden.into());
        }
        if !self.status.is_live()
            || (is_host && !is_visitor && self.status != RequestStatus::Confirmed)
        {
            return refuse(
                "decision",
                "Cette demande ne peut pas être annulée à ce stade.",
            );
        }
        if self.slot.starts_at <= now {
            return refuse(
                "decision",
                "L'immersion a commencé ou est passée : elle ne peut plus être annulée.",
            );
        }
        Ok(())
    }

    /// The host proposes the return visit, once, on a confirmed swap.
    pub fn may_propose_return(&self, actor: &Agent) -> Result<(), StepError> {
        if actor.id != self.offer.host_id {
            return Err(AppError::Forbidden.into());
        }
        if self.status != RequestStatus::Confirmed {
            return refuse(
                "decision",
                "La réciproque se propose une fois l'immersion confirmée.",
            );
        }
        if self.request.return_proposed_at.is_some() {
            return refuse("decision", "Vous avez déjà proposé la réciproque.");
        }
        Ok(())
    }
}

/// A request with its offer, slot and people, read inside a transaction.
struct Loaded {
    request: SwapRequest,
    offer: SwapOffer,
    slot: Slot,
    parties: Parties,
}

impl Loaded {
    fn case(&self) -> Result<Case<'_>, StepError> {
        Case::new(&self.request, &self.offer, &self.slot, &self.parties)
    }
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
    let from: Vec<&str> = from.iter().map(|s| s.code()).collect();
    let changed = diesel::update(
        swap_requests::table
            .filter(swap_requests::id.eq(id))
            .filter(swap_requests::status.eq_any(from)),
    )
    .set((
        swap_requests::status.eq(to.code()),
        swap_requests::updated_at.eq(db::now()),
    ))
    .execute(conn)?;
    if changed != 1 {
        return refuse("decision", CHANGED);
    }
    Ok(())
}

/// The visitor's manager (or HR, when there is none) agrees.
pub fn approve(conn: &mut AnyConnection, actor: &Agent, id: i32, tz: Tz) -> Result<(), StepError> {
    db::write_transaction(conn, |conn| {
        let l = load(conn, id)?;
        l.case()?.may_approve(actor)?;
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
        notifications::notify_about_event(
            conn,
            &[l.offer.host_id], crate::notifications::NotificationKind::SwapToAccept,
            &format!(
                "{} souhaite venir le {} pour « {} » et son encadrant est d'accord : à vous d'accepter ou de refuser.",
                l.parties.visitor.display_name, date, l.offer.title
            ),
            &links::request(id),
            (EntryKind::Swap, id),
        )?;
        notifications::notify_about_event(
            conn,
            &[l.request.visitor_id], crate::notifications::NotificationKind::SwapDecision,
            &format!(
                "Votre encadrant a donné son accord pour « {} » le {} ; l'accueillant doit maintenant accepter.",
                l.offer.title, date
            ),
            &links::request(id),
            (EntryKind::Swap, id),
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
        l.case()?.may_accept(actor, db::now())?;
        agenda::lock_diary(conn, l.request.visitor_id)?;
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
        effects::confirm(conn, &l.request, &l.offer, &l.slot)?;
        let date = long_date(l.slot.starts_at, tz);
        let mut to_tell = vec![l.request.visitor_id];
        to_tell.extend(l.request.approved_by);
        notifications::notify_about_event(
            conn,
            &to_tell, crate::notifications::NotificationKind::SwapDecision,
            &format!(
                "Immersion confirmée : « {} » le {}. La convention et le fichier d'agenda sont prêts.",
                l.offer.title, date
            ),
            &links::request(id),
            (crate::agenda::EntryKind::Swap, id),
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

/// Ends a request (declined or cancelled): who, when, why; frees its seat,
/// and undoes what a confirmation wrote.
fn end(
    conn: &mut AnyConnection,
    l: &Loaded,
    actor: &Agent,
    to: RequestStatus,
    reason: Option<&str>,
) -> Result<(), StepError> {
    let was = l.request.status()?;
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
    effects::free_seat(conn, l.slot.id)?;
    if was == RequestStatus::Confirmed {
        effects::undo(conn, l.request.id)?;
    }
    Ok(())
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
        let as_host = l.case()?.may_decline(actor)? == DeclineAs::Host;
        end(conn, &l, actor, RequestStatus::Declined, Some(reason))?;
        let date = long_date(l.slot.starts_at, tz);
        let who = if as_host {
            "L'accueillant"
        } else {
            "Votre encadrant"
        };
        notifications::notify_about_event(
            conn,
            &[l.request.visitor_id],
            crate::notifications::NotificationKind::SwapDecision,
            &format!(
                "{who} a refusé votre demande pour « {} » le {} : {reason}",
                l.offer.title, date
            ),
            &links::request(id),
            (EntryKind::Swap, id),
        )?;
        if as_host {
            if let Some(approver) = l.request.approved_by.filter(|a| *a != actor.id) {
                notifications::notify_about_event(
                    conn,
                    &[approver],
                    crate::notifications::NotificationKind::SwapDecision,
                    &format!(
                        "L'accueillant a refusé la demande de {} pour « {} ».",
                        l.parties.visitor.display_name, l.offer.title
                    ),
                    &links::request(id),
                    (EntryKind::Swap, id),
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
        let case = l.case()?;
        case.may_cancel(actor, db::now())?;
        let status = case.status;
        let is_visitor = actor.id == l.request.visitor_id;
        let is_host = actor.id == l.offer.host_id;
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
            notifications::notify_about_event(
                conn,
                &to_tell,
                crate::notifications::NotificationKind::SwapCancelled,
                &message,
                &links::request(id),
                (EntryKind::Swap, id),
            )?;
        } else {
            to_tell.push(l.request.visitor_id);
            to_tell.extend(l.request.approved_by);
            let message = format!(
                "L'immersion « {} » du {} est annulée par l'accueillant : {}",
                l.offer.title,
                date,
                reason.unwrap_or_default()
            );
            notifications::notify_about_event(
                conn,
                &to_tell,
                crate::notifications::NotificationKind::SwapCancelled,
                &message,
                &links::request(id),
                (EntryKind::Swap, id),
            )?;
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
        l.case()?.may_propose_return(actor)?;
        diesel::update(swap_requests::table.find(id))
            .set(swap_requests::return_proposed_at.eq(db::now()))
            .execute(conn)?;
        notifications::notify(
            conn,
            l.request.visitor_id, crate::notifications::NotificationKind::Invitation,
            &format!(
                "{} aimerait découvrir votre métier à son tour : proposez-lui une immersion en un clic.",
                l.parties.host.display_name
            ),
            &links::return_offer(id),
        )?;
        Ok(())
    })
}
