//! Vis ma vie rows as stored, and the small enums stored as text.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::common::vocabulary::{UnknownCode, Vocabulary};
use crate::schema::{swap_feedback, swap_offers, swap_requests, swap_slots};

/// How long an immersion lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Duration {
    HalfDay,
    Day,
    /// Two to five days.
    SeveralDays,
}

impl Vocabulary for Duration {
    const NAME: &'static str = "durée d'immersion";
    const ALL: &'static [Duration] = &[Duration::HalfDay, Duration::Day, Duration::SeveralDays];

    fn code(self) -> &'static str {
        match self {
            Duration::HalfDay => "half_day",
            Duration::Day => "day",
            Duration::SeveralDays => "several_days",
        }
    }

    /// The French label.
    fn label(self) -> &'static str {
        match self {
            Duration::HalfDay => "Une demi-journée",
            Duration::Day => "Une journée",
            Duration::SeveralDays => "Plusieurs jours (jusqu'à 5)",
        }
    }
}

/// Whether an offer takes new requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferStatus {
    Open,
    Closed,
}

impl Vocabulary for OfferStatus {
    const NAME: &'static str = "statut d'offre Vis ma vie";
    const ALL: &'static [OfferStatus] = &[OfferStatus::Open, OfferStatus::Closed];

    fn code(self) -> &'static str {
        match self {
            OfferStatus::Open => "open",
            OfferStatus::Closed => "closed",
        }
    }

    fn label(self) -> &'static str {
        match self {
            OfferStatus::Open => "Ouverte",
            OfferStatus::Closed => "Fermée",
        }
    }
}

/// Where a request stands. The path is requested → approved (by the
/// visitor's manager, or HR) → confirmed (accepted by the host); it may end
/// declined (by the manager or the host, with a reason) or cancelled (by the
/// visitor, or by the host on a confirmed swap, or when a slot is removed).
/// A seat of the slot is held from `Requested` to `Confirmed` and freed when
/// the request ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RequestStatus {
    Requested,
    Approved,
    Confirmed,
    Declined,
    Cancelled,
}

impl Vocabulary for RequestStatus {
    const NAME: &'static str = "statut de demande Vis ma vie";
    const ALL: &'static [RequestStatus] = &[
        RequestStatus::Requested,
        RequestStatus::Approved,
        RequestStatus::Confirmed,
        RequestStatus::Declined,
        RequestStatus::Cancelled,
    ];

    fn code(self) -> &'static str {
        match self {
            RequestStatus::Requested => "requested",
            RequestStatus::Approved => "approved",
            RequestStatus::Confirmed => "confirmed",
            RequestStatus::Declined => "declined",
            RequestStatus::Cancelled => "cancelled",
        }
    }

    /// The French label of the stored status (see [`RequestStatus::label_at`]
    /// for a confirmed swap that has ended).
    fn label(self) -> &'static str {
        self.label_at(false)
    }
}

impl RequestStatus {
    /// The statuses that hold a seat.
    pub const LIVE: [&'static str; 3] = ["requested", "approved", "confirmed"];

    /// Whether the request still holds its seat.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            RequestStatus::Requested | RequestStatus::Approved | RequestStatus::Confirmed
        )
    }

    /// The French label; a confirmed swap whose slot has ended reads "réalisée".
    pub fn label_at(self, ended: bool) -> &'static str {
        match self {
            RequestStatus::Requested => "En attente de l'accord de l'encadrant",
            RequestStatus::Approved => "En attente de l'accueillant",
            RequestStatus::Confirmed if ended => "Réalisée",
            RequestStatus::Confirmed => "Confirmée",
            RequestStatus::Declined => "Refusée",
            RequestStatus::Cancelled => "Annulée",
        }
    }
}

/// Which side of a swap a feedback comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Visitor,
    Host,
}

impl Vocabulary for Side {
    const NAME: &'static str = "côté d'un retour Vis ma vie";
    const ALL: &'static [Side] = &[Side::Visitor, Side::Host];

    fn code(self) -> &'static str {
        match self {
            Side::Visitor => "visitor",
            Side::Host => "host",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Side::Visitor => "Visiteur",
            Side::Host => "Accueillant",
        }
    }
}

/// A host's offer to show their job.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = swap_offers)]
pub struct SwapOffer {
    pub id: i32,
    pub host_id: i32,
    pub service_id: i32,
    /// The host, or the manager who published on their behalf.
    pub created_by: i32,
    pub title: String,
    pub activities: String,
    pub place: String,
    pub duration: String,
    pub prerequisites: Option<String>,
    pub sensitive: bool,
    pub status: String,
    /// The swap request this offer is the return visit of.
    pub return_of: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl SwapOffer {
    pub fn is_open(&self) -> bool {
        self.status == OfferStatus::Open.code()
    }

    pub fn duration(&self) -> Duration {
        Duration::from_code(&self.duration).unwrap_or(Duration::Day)
    }

    /// The host and the manager who published for them may manage the offer.
    pub fn managed_by(&self, agent_id: i32) -> bool {
        self.host_id == agent_id || self.created_by == agent_id
    }
}

/// One dated period of an offer.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = swap_slots)]
pub struct Slot {
    pub id: i32,
    pub offer_id: i32,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub capacity: i32,
    /// Seats held by live requests.
    pub taken: i32,
    pub removed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl Slot {
    pub fn seats_left(&self) -> i32 {
        (self.capacity - self.taken).max(0)
    }
}

/// A visitor's request for a slot.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = swap_requests)]
pub struct SwapRequest {
    pub id: i32,
    pub offer_id: i32,
    pub slot_id: i32,
    pub visitor_id: i32,
    /// The visitor's service when they asked.
    pub visitor_service_id: Option<i32>,
    pub motivation: String,
    pub discretion_accepted: bool,
    pub status: String,
    /// Who gave the manager's agreement (the manager, or HR), and when.
    pub approved_by: Option<i32>,
    pub approved_at: Option<NaiveDateTime>,
    /// When the host accepted (the swap is then confirmed).
    pub accepted_at: Option<NaiveDateTime>,
    /// Who declined or cancelled, when and why.
    pub ended_by: Option<i32>,
    pub ended_at: Option<NaiveDateTime>,
    pub end_reason: Option<String>,
    /// When the host proposed the return visit.
    pub return_proposed_at: Option<NaiveDateTime>,
    /// When the return visit was confirmed.
    pub reciprocated_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl SwapRequest {
    /// Where the request stands; an error for a status this version does
    /// not know (never read as "requested", which would make it approvable).
    pub fn status(&self) -> Result<RequestStatus, UnknownCode> {
        RequestStatus::parse(&self.status)
    }
}

/// What one side said after the swap.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = swap_feedback)]
pub struct Feedback {
    pub id: i32,
    pub request_id: i32,
    pub author_id: i32,
    pub side: String,
    pub learned: Option<String>,
    pub change_of_view: Option<String>,
    pub rating: Option<i32>,
    pub skills: Option<String>,
    pub how_it_went: Option<String>,
    pub testimony: Option<String>,
    pub testimony_public: bool,
    pub created_at: NaiveDateTime,
}

/// A new offer (the host's service is read from the directory).
#[derive(Debug, Clone)]
pub struct OfferFields {
    pub host_id: i32,
    pub title: String,
    pub activities: String,
    pub place: String,
    pub duration: Duration,
    pub prerequisites: Option<String>,
    pub sensitive: bool,
}

/// A new slot, in UTC.
#[derive(Debug, Clone, Copy)]
pub struct SlotFields {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub capacity: i32,
}

/// Loads one offer.
pub fn find_offer(conn: &mut crate::db::AnyConnection, id: i32) -> QueryResult<Option<SwapOffer>> {
    swap_offers::table
        .find(id)
        .select(SwapOffer::as_select())
        .first(conn)
        .optional()
}

/// Loads one request.
pub fn find_request(
    conn: &mut crate::db::AnyConnection,
    id: i32,
) -> QueryResult<Option<SwapRequest>> {
    swap_requests::table
        .find(id)
        .select(SwapRequest::as_select())
        .first(conn)
        .optional()
}

/// Loads one slot.
pub fn find_slot(conn: &mut crate::db::AnyConnection, id: i32) -> QueryResult<Option<Slot>> {
    swap_slots::table
        .find(id)
        .select(Slot::as_select())
        .first(conn)
        .optional()
}
