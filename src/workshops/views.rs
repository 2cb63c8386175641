//! What the workshop templates receive: one typed view per page, and the
//! small rows they share. Dates are already in French and local time.

use chrono::{NaiveDateTime, Timelike};
use chrono_tz::Tz;
use serde::Serialize;

pub use crate::common::vocabulary::SelectOption;

use super::forms::ProposalForm;
use super::invitations::Invitee;
use crate::common::format::{self, TimeView};
use crate::common::forms::FieldErrors;

/// A session in a list.
#[derive(Debug, Clone, Serialize)]
pub struct SessionRow {
    pub id: i32,
    pub workshop_id: i32,
    pub title: String,
    pub kind: String,
    pub services: Vec<String>,
    pub day: String,
    pub hours: String,
    pub starts: TimeView,
    pub place: Option<String>,
    pub online: bool,
    /// "3 places restantes", "Complet", "Places non limitées".
    pub seats: String,
    pub full: bool,
    pub waiting: i64,
    /// The viewer's place: "Inscrit", "Liste d'attente (2e)", "J'anime"…
    pub mine: Option<String>,
    pub cancelled: bool,
    pub restricted: bool,
}

/// "9 h 30 – 11 h 30" in local time.
pub fn hours(starts_at: NaiveDateTime, ends_at: NaiveDateTime, tz: Tz) -> String {
    let s = format::local(starts_at, tz);
    let e = format::local(ends_at, tz);
    format!(
        "{} h {:02} – {} h {:02}",
        s.hour(),
        s.minute(),
        e.hour(),
        e.minute()
    )
}

/// The seats line of a session.
pub fn seats_text(capacity: Option<i32>, taken: i32) -> String {
    match capacity {
        None => "Places non limitées".into(),
        Some(c) if taken >= c => "Complet".into(),
        Some(c) if c - taken == 1 => "1 place restante".into(),
        Some(c) => format!("{} places restantes", c - taken),
    }
}

/// "1re", "2e", …
pub fn ordinal(n: i64) -> String {
    if n == 1 {
        "1re".into()
    } else {
        format!("{n}e")
    }
}

/// The filters of the upcoming list, as typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FilterView {
    pub kind: String,
    pub service: String,
    pub month: String,
    pub available: bool,
}

/// `/ateliers` and `/ateliers/passees`.
#[derive(Debug, Serialize)]
pub struct ListPage {
    pub past: bool,
    pub notice: Option<String>,
    pub filters: FilterView,
    pub kinds: Vec<SelectOption>,
    pub services: Vec<SelectOption>,
    pub months: Vec<SelectOption>,
    pub sessions: Vec<SessionRow>,
    pub page: i64,
    pub previous_page: Option<String>,
    pub next_page: Option<String>,
}

/// `/ateliers/mes-ateliers`.
#[derive(Debug, Serialize)]
pub struct MinePage {
    pub notice: Option<String>,
    pub registered: Vec<SessionRow>,
    pub waiting: Vec<SessionRow>,
    pub organised: Vec<SessionRow>,
    pub attended: Vec<SessionRow>,
}

/// `/ateliers/<id>`.
#[derive(Debug, Serialize)]
pub struct WorkshopPage {
    pub id: i32,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub services: Vec<String>,
    pub organiser: String,
    pub co_facilitators: Vec<String>,
    /// Invited and not yet answered (shown to the facilitators).
    pub invited_co_facilitators: Vec<String>,
    /// The viewer is invited to co-facilitate and has not answered.
    pub invited_to_co_facilitate: bool,
    pub audience: String,
    pub sessions: Vec<SessionRow>,
    pub can_edit: bool,
    pub notice: Option<String>,
}

/// One person in the organiser's lists.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    pub name: String,
    pub title: Option<String>,
    pub service: String,
    pub attendance: Option<String>,
}

/// Participants of one service.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceGroup {
    pub service: String,
    pub people: Vec<PersonRow>,
}

/// A feedback as the facilitators read it.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackRow {
    pub name: String,
    pub service: String,
    pub learned: String,
}

/// What only the organiser and co-facilitators see on a session page.
#[derive(Debug, Clone, Serialize)]
pub struct FacilitatorView {
    pub groups: Vec<ServiceGroup>,
    pub confirmed: usize,
    pub waitlist: Vec<PersonRow>,
    pub invitees: Vec<Invitee>,
    pub feedback: Vec<FeedbackRow>,
    pub can_change: bool,
    pub can_invite: bool,
    pub can_mark: bool,
    pub attendance_taken: bool,
}

/// The viewer's own feedback form.
#[derive(Debug, Clone, Serialize, Default)]
pub struct FeedbackForm {
    pub allowed: bool,
    pub value: String,
    pub saved: bool,
}

/// `/ateliers/sessions/<id>`.
#[derive(Debug, Serialize)]
pub struct SessionPage {
    pub id: i32,
    pub workshop_id: i32,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub services: Vec<String>,
    pub organiser: String,
    pub co_facilitators: Vec<String>,
    pub day: String,
    pub hours: String,
    pub starts: TimeView,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub seats: String,
    pub capacity: Option<i32>,
    pub seats_left: Option<i32>,
    pub waiting: i64,
    pub deadline: Option<TimeView>,
    pub cancelled: bool,
    pub started: bool,
    pub ended: bool,
    pub audience: String,
    /// "confirmed", "waitlisted" or "" (not registered).
    /// The slug of the viewer's registration (empty when not registered).
    pub my_registration: &'static str,
    pub my_position: i64,
    pub facilitating: bool,
    pub invited: bool,
    /// Whether the register button is offered.
    pub can_register: bool,
    pub can_withdraw: bool,
    /// Why registering is not possible, when it is not.
    pub closed_reason: Option<String>,
    /// Clashes with the viewer's diary, when a registration needs confirming.
    pub overlaps: Vec<String>,
    pub errors: FieldErrors,
    pub notice: Option<String>,
    pub feedback: FeedbackForm,
    pub facilitator: Option<FacilitatorView>,
}

/// The workshop / session form (proposal, workshop edit, session edit or added session).
#[derive(Debug, Serialize)]
pub struct FormPage {
    pub heading: String,
    pub intro: Option<String>,
    pub action: String,
    pub submit: String,
    pub cancel_href: String,
    pub with_workshop: bool,
    pub with_session: bool,
    pub with_repeat: bool,
    pub form: ProposalForm,
    pub errors: FieldErrors,
    pub kinds: Vec<SelectOption>,
    pub services: Vec<SelectOption>,
    pub audience_services: Vec<SelectOption>,
    pub audience_roles: Vec<SelectOption>,
    pub repeats: Vec<SelectOption>,
    /// The framework's skills the workshop may practise.
    pub skills: Vec<SelectOption>,
}

/// One registrant on the attendance sheet.
#[derive(Debug, Clone, Serialize)]
pub struct AttendanceRow {
    pub agent_id: i32,
    pub name: String,
    pub service: String,
    /// "present", "absent" or "" (not marked yet).
    pub mark: String,
}

/// `/ateliers/sessions/<id>/presences`.
#[derive(Debug, Serialize)]
pub struct AttendancePage {
    pub session_id: i32,
    pub title: String,
    pub day: String,
    pub hours: String,
    pub rows: Vec<AttendanceRow>,
    pub errors: FieldErrors,
    pub already_taken: bool,
}
