//! Typed views of the Vis ma vie pages, and how rows become them (dates in
//! French, in the city's time zone).

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use serde::Serialize;

pub use crate::common::vocabulary::SelectOption;

use super::feedback::Testimony;
use super::forms::{AskForm, FeedbackForm, OfferForm, SlotForm};
use super::model::{Duration, Feedback, RequestStatus, Slot};
use super::queries::{OfferSummary, RequestLine};
use crate::common::format::{date_time, local, long_date};
use crate::common::forms::FieldErrors;
use crate::common::vocabulary::Vocabulary;

/// "jeudi 3 décembre 2026, de 8 h 00 à 12 h 00", or "du … au …" over several days.
pub fn period(starts_at: NaiveDateTime, ends_at: NaiveDateTime, tz: Tz) -> String {
    let (start, end) = (local(starts_at, tz), local(ends_at, tz));
    let hm = |t: chrono::DateTime<Tz>| t.format("%-H h %M").to_string();
    if start.date_naive() == end.date_naive() {
        format!(
            "{}, de {} à {}",
            long_date(starts_at, tz),
            hm(start),
            hm(end)
        )
    } else {
        format!(
            "du {} à {} au {} à {}",
            long_date(starts_at, tz),
            hm(start),
            long_date(ends_at, tz),
            hm(end)
        )
    }
}

/// The durations, for selects.
pub fn duration_choices() -> Vec<SelectOption> {
    Duration::ALL
        .iter()
        .map(|d| SelectOption::new(d.code(), d.label()))
        .collect()
}

/// An offer in a list.
#[derive(Debug, Clone, Serialize)]
pub struct OfferCard {
    pub id: i32,
    pub title: String,
    pub service: String,
    pub host: String,
    pub duration: &'static str,
    pub place: String,
    pub sensitive: bool,
    pub next: String,
    pub slots: usize,
    pub seats_left: i32,
    pub return_visit: bool,
}

impl OfferCard {
    pub fn new(summary: &OfferSummary, tz: Tz) -> OfferCard {
        OfferCard {
            id: summary.offer.id,
            title: summary.offer.title.clone(),
            service: summary.service.clone(),
            host: summary.host.clone(),
            duration: summary.offer.duration().label(),
            place: summary.offer.place.clone(),
            sensitive: summary.offer.sensitive,
            next: long_date(summary.next_start, tz),
            slots: summary.upcoming_slots,
            seats_left: summary.seats_left,
            return_visit: summary.offer.return_of.is_some(),
        }
    }
}

/// A published testimony.
#[derive(Debug, Clone, Serialize)]
pub struct TestimonyView {
    pub text: String,
    pub author: String,
    pub author_service: Option<String>,
    pub host_service: String,
    pub rating: Option<i32>,
    pub on: String,
}

impl TestimonyView {
    pub fn new(t: Testimony, tz: Tz) -> TestimonyView {
        TestimonyView {
            on: long_date(t.at, tz),
            text: t.text,
            author: t.author,
            author_service: t.author_service,
            host_service: t.host_service,
            rating: t.rating,
        }
    }
}

/// The filters of the offers list, as chosen.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FilterView {
    pub service: String,
    pub duration: String,
    pub month: String,
    pub never_visited: bool,
    pub services: Vec<SelectOption>,
    pub durations: Vec<SelectOption>,
    pub months: Vec<SelectOption>,
    pub active: bool,
}

/// `/vis-ma-vie`.
#[derive(Debug, Serialize)]
pub struct IndexPage {
    pub notice: Option<String>,
    pub to_approve: usize,
    pub to_accept: usize,
    pub feedback_due: usize,
    pub is_rh: bool,
    pub suggestions: Vec<OfferCard>,
    pub filters: FilterView,
    pub offers: Vec<OfferCard>,
    pub testimonies: Vec<TestimonyView>,
}

/// A request in a list.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRow {
    pub id: i32,
    pub offer_id: i32,
    pub offer_title: String,
    pub when: String,
    pub visitor: String,
    pub visitor_service: Option<String>,
    pub host: String,
    pub host_service: String,
    pub status: &'static str,
    pub status_key: &'static str,
    pub asked_on: String,
    pub waiting_days: i64,
    pub reciprocated: bool,
}

impl RequestRow {
    pub fn new(line: &RequestLine, now: NaiveDateTime, tz: Tz) -> RequestRow {
        let status = line.status();
        let ended = line.slot.ends_at <= now;
        RequestRow {
            id: line.request.id,
            offer_id: line.offer.id,
            offer_title: line.offer.title.clone(),
            when: period(line.slot.starts_at, line.slot.ends_at, tz),
            visitor: line.visitor.clone(),
            visitor_service: line.visitor_service.clone(),
            host: line.host.clone(),
            host_service: line.host_service.clone(),
            status: status.label_at(ended),
            status_key: status_key(status, ended),
            asked_on: long_date(line.request.created_at, tz),
            waiting_days: (now - line.request.created_at).num_days(),
            reciprocated: line.request.reciprocated_at.is_some(),
        }
    }
}

/// A CSS-friendly name of a status.
pub fn status_key(status: RequestStatus, ended: bool) -> &'static str {
    match status {
        RequestStatus::Confirmed if ended => "done",
        other => other.code(),
    }
}

/// One of the agent's offers, in their follow-up.
#[derive(Debug, Clone, Serialize)]
pub struct MyOffer {
    pub id: i32,
    pub title: String,
    pub open: bool,
    pub host: String,
}

/// `/vis-ma-vie/mon-suivi`.
#[derive(Debug, Serialize)]
pub struct MinePage {
    pub as_visitor: Vec<RequestRow>,
    pub to_approve: Vec<RequestRow>,
    pub as_host: Vec<RequestRow>,
    pub offers: Vec<MyOffer>,
}

/// `/vis-ma-vie/en-attente` (HR).
#[derive(Debug, Serialize)]
pub struct WaitingPage {
    pub stale_after_days: i64,
    pub rows: Vec<WaitingRow>,
    pub without_manager: Vec<RequestRow>,
}

/// A request waiting too long, and who must act.
#[derive(Debug, Serialize)]
pub struct WaitingRow {
    pub request: RequestRow,
    pub waiting_for: String,
}

/// A slot on an offer's page.
#[derive(Debug, Clone, Serialize)]
pub struct SlotView {
    pub id: i32,
    pub when: String,
    pub capacity: i32,
    pub seats_left: i32,
    pub past: bool,
}

impl SlotView {
    pub fn new(slot: &Slot, now: NaiveDateTime, tz: Tz) -> SlotView {
        SlotView {
            id: slot.id,
            when: period(slot.starts_at, slot.ends_at, tz),
            capacity: slot.capacity,
            seats_left: slot.seats_left(),
            past: slot.starts_at <= now,
        }
    }
}

/// An offer's details.
#[derive(Debug, Clone, Serialize)]
pub struct OfferView {
    pub id: i32,
    pub title: String,
    pub activities: String,
    pub place: String,
    pub duration: &'static str,
    pub prerequisites: Option<String>,
    pub sensitive: bool,
    pub open: bool,
    pub service_id: i32,
    pub service: String,
    pub host: String,
    pub host_title: Option<String>,
    pub published_by: Option<String>,
    pub return_of: Option<i32>,
}

/// `/vis-ma-vie/offres/<id>`.
#[derive(Debug, Serialize)]
pub struct OfferPage {
    pub notice: Option<String>,
    pub offer: OfferView,
    pub slots: Vec<SlotView>,
    pub can_manage: bool,
    pub can_ask: bool,
    /// Why the agent cannot ask, when they cannot.
    pub cannot_ask: Option<String>,
    pub slot_choices: Vec<SelectOption>,
    pub ask: AskForm,
    pub ask_errors: FieldErrors,
    pub new_slot: SlotForm,
    pub slot_errors: FieldErrors,
    pub requests: Vec<RequestRow>,
}

/// `/vis-ma-vie/offres/nouvelle` and `/vis-ma-vie/offres/<id>/modifier`.
#[derive(Debug, Serialize)]
pub struct OfferFormPage {
    pub editing: Option<i32>,
    pub action: String,
    pub form: OfferForm,
    pub errors: FieldErrors,
    pub hosts: Vec<SelectOption>,
    pub durations: Vec<SelectOption>,
    pub return_note: Option<String>,
    /// The framework's skills the offer may practise.
    pub skills: Vec<crate::common::vocabulary::SelectOption>,
}

/// One step of a request's story.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub label: String,
    pub at: String,
}

/// One side's feedback, shown to the parties.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackView {
    pub author: String,
    pub learned: Option<String>,
    pub change_of_view: Option<String>,
    pub rating: Option<i32>,
    pub skills: Option<String>,
    pub how_it_went: Option<String>,
    pub testimony: Option<String>,
    pub testimony_public: bool,
    /// The viewer wrote it and may take it off the front page.
    pub withdrawable: bool,
    pub on: String,
}

impl FeedbackView {
    pub fn new(f: Feedback, author: String, viewer_id: i32, tz: Tz) -> FeedbackView {
        FeedbackView {
            withdrawable: crate::swaps::feedback::may_withdraw_testimony(&f, viewer_id),
            author,
            learned: f.learned,
            change_of_view: f.change_of_view,
            rating: f.rating,
            skills: f.skills,
            how_it_went: f.how_it_went,
            testimony: f.testimony,
            testimony_public: f.testimony_public,
            on: long_date(f.created_at, tz),
        }
    }
}

/// What the agent may do on a request's page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RequestActions {
    pub approve: bool,
    pub accept: bool,
    pub decline: bool,
    pub cancel: bool,
    pub host_cancel: bool,
    pub propose_return: bool,
    pub give_feedback: bool,
    pub publish_return: bool,
}

impl RequestActions {
    pub fn any(&self) -> bool {
        self.approve
            || self.accept
            || self.decline
            || self.cancel
            || self.host_cancel
            || self.propose_return
            || self.give_feedback
            || self.publish_return
    }
}

/// `/vis-ma-vie/demandes/<id>`.
#[derive(Debug, Serialize)]
pub struct RequestPage {
    pub notice: Option<String>,
    pub row: RequestRow,
    pub offer: OfferView,
    pub motivation: String,
    pub discretion_accepted: bool,
    pub approver: String,
    pub steps: Vec<Step>,
    pub end_reason: Option<String>,
    pub confirmed: bool,
    pub ended: bool,
    pub viewer_is_visitor: bool,
    pub viewer_is_host: bool,
    pub actions: RequestActions,
    pub has_actions: bool,
    pub decline_reason: String,
    pub cancel_reason: String,
    pub errors: FieldErrors,
    pub feedback: Vec<FeedbackView>,
    pub return_proposed: bool,
    pub reciprocated: bool,
}

/// A person in the agreement.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementParty {
    pub name: String,
    pub title: Option<String>,
    pub service: Option<String>,
}

/// `/vis-ma-vie/demandes/<id>/convention`.
#[derive(Debug, Serialize)]
pub struct AgreementPage {
    pub request_id: i32,
    pub reference: String,
    pub visitor: AgreementParty,
    pub host: AgreementParty,
    pub visitor_manager: AgreementParty,
    pub host_manager: Option<AgreementParty>,
    pub offer: OfferView,
    pub when: String,
    pub approved_on: String,
    pub accepted_on: String,
    pub printed_on: String,
}

/// `/vis-ma-vie/demandes/<id>/retour`.
#[derive(Debug, Serialize)]
pub struct FeedbackPage {
    pub request_id: i32,
    pub offer_title: String,
    pub host_service: String,
    pub visitor_service: Option<String>,
    pub when: String,
    pub as_visitor: bool,
    pub form: FeedbackForm,
    pub errors: FieldErrors,
    pub ratings: Vec<SelectOption>,
}

/// The rating scale.
pub fn rating_choices() -> Vec<SelectOption> {
    vec![
        SelectOption::new("", "Choisissez une note"),
        SelectOption::new("5", "5 — Excellente"),
        SelectOption::new("4", "4 — Très bonne"),
        SelectOption::new("3", "3 — Bonne"),
        SelectOption::new("2", "2 — Moyenne"),
        SelectOption::new("1", "1 — Décevante"),
    ]
}

/// "26/11/2026 à 10 h 00", or a dash.
pub fn when_or_dash(at: Option<NaiveDateTime>, tz: Tz) -> String {
    at.map(|at| date_time(at, tz)).unwrap_or_else(|| "—".into())
}
