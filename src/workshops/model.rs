//! Workshop rows as stored, the closed vocabularies they use (kinds,
//! statuses, roles), and the questions every part asks of them: who
//! facilitates, who may register, is registration open.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::agents::Agent;
use crate::common::vocabulary::Vocabulary;
use crate::db::AnyConnection;
use crate::schema::{
    workshop_audience_roles, workshop_audience_services, workshop_facilitators,
    workshop_registrations, workshop_sessions, workshops,
};

/// What a workshop is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A service presents its missions.
    Missions,
    /// Agents share an experience.
    Experience,
    /// A Vis ma vie pair tells what they learned.
    SwapReturn,
    /// A project-management practice session.
    ProjectManagement,
    /// A "temps fort", such as the yearly day of the common culture.
    Highlight,
}

impl Vocabulary for Kind {
    const NAME: &'static str = "type d'atelier";
    const ALL: &'static [Kind] = &[
        Kind::Missions,
        Kind::Experience,
        Kind::SwapReturn,
        Kind::ProjectManagement,
        Kind::Highlight,
    ];

    fn code(self) -> &'static str {
        match self {
            Kind::Missions => "missions",
            Kind::Experience => "experience",
            Kind::SwapReturn => "vis-ma-vie",
            Kind::ProjectManagement => "gestion-de-projet",
            Kind::Highlight => "temps-fort",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Missions => "Présentation de missions",
            Kind::Experience => "Partage d'expérience",
            Kind::SwapReturn => "Retour de Vis ma vie",
            Kind::ProjectManagement => "Atelier gestion de projet",
            Kind::Highlight => "Temps fort",
        }
    }
}

impl Kind {
    /// The label of a stored kind (an unknown code is shown as it is).
    pub fn label_of(code: &str) -> String {
        Kind::from_code(code).map_or_else(|| code.to_string(), |k| k.label().to_string())
    }
}

/// A registration holds a seat or waits for one.
pub const CONFIRMED: &str = "confirmed";
pub const WAITLISTED: &str = "waitlisted";

/// Attendance marks, recorded after the session.
pub const PRESENT: &str = "present";
pub const ABSENT: &str = "absent";

/// Invitation answers.
pub const PENDING: &str = "pending";
pub const ACCEPTED: &str = "accepted";
pub const DECLINED: &str = "declined";

/// Where a registration stands (the codes [`CONFIRMED`] and [`WAITLISTED`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationStatus {
    Confirmed,
    Waitlisted,
}

impl Vocabulary for RegistrationStatus {
    const NAME: &'static str = "état d'une inscription";
    const ALL: &'static [RegistrationStatus] = &[
        RegistrationStatus::Confirmed,
        RegistrationStatus::Waitlisted,
    ];

    fn code(self) -> &'static str {
        match self {
            RegistrationStatus::Confirmed => CONFIRMED,
            RegistrationStatus::Waitlisted => WAITLISTED,
        }
    }

    fn slug(self) -> &'static str {
        match self {
            RegistrationStatus::Confirmed => "inscrit",
            RegistrationStatus::Waitlisted => "en-attente",
        }
    }

    fn label(self) -> &'static str {
        match self {
            RegistrationStatus::Confirmed => "Inscrit",
            RegistrationStatus::Waitlisted => "En liste d'attente",
        }
    }
}

/// An invitation's answer (the codes [`PENDING`], [`ACCEPTED`], [`DECLINED`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationAnswer {
    Pending,
    Accepted,
    Declined,
}

impl Vocabulary for InvitationAnswer {
    const NAME: &'static str = "réponse à une invitation";
    const ALL: &'static [InvitationAnswer] = &[
        InvitationAnswer::Pending,
        InvitationAnswer::Accepted,
        InvitationAnswer::Declined,
    ];

    fn code(self) -> &'static str {
        match self {
            InvitationAnswer::Pending => PENDING,
            InvitationAnswer::Accepted => ACCEPTED,
            InvitationAnswer::Declined => DECLINED,
        }
    }

    fn slug(self) -> &'static str {
        match self {
            InvitationAnswer::Pending => "envoyee",
            InvitationAnswer::Accepted => "acceptee",
            InvitationAnswer::Declined => "declinee",
        }
    }

    fn label(self) -> &'static str {
        match self {
            InvitationAnswer::Pending => "invitation envoyée",
            InvitationAnswer::Accepted => "a accepté",
            InvitationAnswer::Declined => "a décliné",
        }
    }
}

/// What an agent did in a session, for the participation review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Participation {
    Presenting,
    CoFacilitating,
    Attending,
    NoShow,
}

impl Vocabulary for Participation {
    const NAME: &'static str = "participation à une session";
    const ALL: &'static [Participation] = &[
        Participation::Presenting,
        Participation::CoFacilitating,
        Participation::Attending,
        Participation::NoShow,
    ];

    fn code(self) -> &'static str {
        match self {
            Participation::Presenting => "presenting",
            Participation::CoFacilitating => "co_facilitating",
            Participation::Attending => "attending",
            Participation::NoShow => "no_show",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Participation::Presenting => "Présente",
            Participation::CoFacilitating => "Co-anime",
            Participation::Attending => "Participe",
            Participation::NoShow => "Absent",
        }
    }
}

/// Roles a restricted workshop can be opened to (besides services).
pub const AUDIENCE_ROLES: [(&str, &str); 3] = [
    ("manager", "Encadrants"),
    ("elu", "Élus"),
    ("rh", "Ressources humaines (RH)"),
];

/// The French label of an audience role.
pub fn audience_role_label(role: &str) -> &str {
    AUDIENCE_ROLES
        .iter()
        .find(|(r, _)| *r == role)
        .map_or(role, |(_, label)| label)
}

/// A workshop as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = workshops)]
pub struct Workshop {
    pub id: i32,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub organiser_id: i32,
    pub open_to_all: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A dated session as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = workshop_sessions)]
pub struct Session {
    pub id: i32,
    pub workshop_id: i32,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
    pub taken: i32,
    pub registration_deadline: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub attendance_taken_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Session {
    /// Seats still free; `None` when the session has no capacity.
    pub fn seats_left(&self) -> Option<i32> {
        self.capacity.map(|c| (c - self.taken).max(0))
    }

    pub fn is_full(&self) -> bool {
        self.seats_left() == Some(0)
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }

    pub fn has_started(&self, now: NaiveDateTime) -> bool {
        now >= self.starts_at
    }

    pub fn has_ended(&self, now: NaiveDateTime) -> bool {
        now >= self.ends_at
    }

    /// Whether the registration deadline has passed.
    pub fn deadline_passed(&self, now: NaiveDateTime) -> bool {
        self.registration_deadline.is_some_and(|d| now > d)
    }

    /// Whether an agent may still register or join the waiting list.
    pub fn registration_open(&self, now: NaiveDateTime) -> bool {
        !self.is_cancelled() && !self.has_started(now) && !self.deadline_passed(now)
    }

    /// The place, or the online link, as one line (for calendars).
    pub fn location(&self) -> Option<String> {
        match (&self.place, &self.online_url) {
            (Some(place), Some(url)) => Some(format!("{place} ({url})")),
            (Some(place), None) => Some(place.clone()),
            (None, Some(url)) => Some(url.clone()),
            (None, None) => None,
        }
    }
}

/// A registration as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = workshop_registrations)]
pub struct Registration {
    pub id: i32,
    pub session_id: i32,
    pub agent_id: i32,
    pub status: String,
    pub attendance: Option<String>,
    pub created_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
}

impl Registration {
    pub fn is_confirmed(&self) -> bool {
        self.status == CONFIRMED
    }
}

/// Finds a workshop.
pub fn find_workshop(conn: &mut AnyConnection, id: i32) -> QueryResult<Option<Workshop>> {
    workshops::table
        .find(id)
        .select(Workshop::as_select())
        .first(conn)
        .optional()
}

/// Finds a session with its workshop.
pub fn find_session(conn: &mut AnyConnection, id: i32) -> QueryResult<Option<(Session, Workshop)>> {
    workshop_sessions::table
        .find(id)
        .inner_join(workshops::table)
        .select((Session::as_select(), Workshop::as_select()))
        .first(conn)
        .optional()
}

/// The sessions of a workshop that have not ended and are not cancelled.
pub fn upcoming_sessions(conn: &mut AnyConnection, workshop_id: i32) -> QueryResult<Vec<Session>> {
    workshop_sessions::table
        .filter(workshop_sessions::workshop_id.eq(workshop_id))
        .filter(workshop_sessions::ends_at.gt(crate::db::now()))
        .filter(workshop_sessions::cancelled_at.is_null())
        .select(Session::as_select())
        .load(conn)
}

/// The co-facilitators of a workshop who accepted (the organiser is not
/// among them).
pub fn co_facilitators(conn: &mut AnyConnection, workshop_id: i32) -> QueryResult<Vec<i32>> {
    workshop_facilitators::table
        .filter(workshop_facilitators::workshop_id.eq(workshop_id))
        .filter(workshop_facilitators::accepted_at.is_not_null())
        .select(workshop_facilitators::agent_id)
        .order(workshop_facilitators::agent_id)
        .load(conn)
}

/// The organiser and the co-facilitators.
pub fn facilitators(conn: &mut AnyConnection, workshop: &Workshop) -> QueryResult<Vec<i32>> {
    let mut ids = vec![workshop.organiser_id];
    ids.extend(co_facilitators(conn, workshop.id)?);
    ids.dedup();
    Ok(ids)
}

/// Whether the agent organises or co-facilitates the workshop.
pub fn is_facilitator(
    conn: &mut AnyConnection,
    workshop: &Workshop,
    agent_id: i32,
) -> QueryResult<bool> {
    if workshop.organiser_id == agent_id {
        return Ok(true);
    }
    let n: i64 = workshop_facilitators::table
        .filter(workshop_facilitators::workshop_id.eq(workshop.id))
        .filter(workshop_facilitators::agent_id.eq(agent_id))
        .filter(workshop_facilitators::accepted_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Everyone on the workshop's co-facilitator list, accepted or still
/// invited (the list the organiser edits).
pub fn co_facilitator_list(conn: &mut AnyConnection, workshop_id: i32) -> QueryResult<Vec<i32>> {
    workshop_facilitators::table
        .filter(workshop_facilitators::workshop_id.eq(workshop_id))
        .select(workshop_facilitators::agent_id)
        .order(workshop_facilitators::agent_id)
        .load(conn)
}

/// Whether the agent is invited to co-facilitate and has not answered yet.
pub fn is_invited_to_co_facilitate(
    conn: &mut AnyConnection,
    workshop_id: i32,
    agent_id: i32,
) -> QueryResult<bool> {
    let n: i64 = workshop_facilitators::table
        .filter(workshop_facilitators::workshop_id.eq(workshop_id))
        .filter(workshop_facilitators::agent_id.eq(agent_id))
        .filter(workshop_facilitators::accepted_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether the agent may change who co-facilitates: the organiser only.
pub fn may_change_co_facilitators(workshop: &Workshop, agent_id: i32) -> bool {
    workshop.organiser_id == agent_id
}

/// Who a restricted workshop is open to.
#[derive(Debug, Clone, Default)]
pub struct Audience {
    pub open_to_all: bool,
    pub services: Vec<i32>,
    pub roles: Vec<String>,
}

impl Audience {
    /// Whether the audience includes the agent (explicit invitations aside).
    pub fn includes(&self, agent: &Agent) -> bool {
        if self.open_to_all {
            return true;
        }
        let in_service = agent.service_id.is_some_and(|s| self.services.contains(&s));
        let roles = agent.roles();
        let in_role = self.roles.iter().any(|r| match r.as_str() {
            "manager" => roles.manager,
            "elu" => roles.elu,
            "rh" => roles.rh,
            _ => false,
        });
        in_service || in_role
    }
}

/// Loads a workshop's audience.
pub fn audience(conn: &mut AnyConnection, workshop: &Workshop) -> QueryResult<Audience> {
    if workshop.open_to_all {
        return Ok(Audience {
            open_to_all: true,
            ..Audience::default()
        });
    }
    let services = workshop_audience_services::table
        .filter(workshop_audience_services::workshop_id.eq(workshop.id))
        .select(workshop_audience_services::service_id)
        .load(conn)?;
    let roles = workshop_audience_roles::table
        .filter(workshop_audience_roles::workshop_id.eq(workshop.id))
        .select(workshop_audience_roles::role)
        .load(conn)?;
    Ok(Audience {
        open_to_all: false,
        services,
        roles,
    })
}

/// The agent's registration for a session, if any.
pub fn registration_of(
    conn: &mut AnyConnection,
    session_id: i32,
    agent_id: i32,
) -> QueryResult<Option<Registration>> {
    workshop_registrations::table
        .filter(workshop_registrations::session_id.eq(session_id))
        .filter(workshop_registrations::agent_id.eq(agent_id))
        .select(Registration::as_select())
        .first(conn)
        .optional()
}

/// The agent's place on the waiting list (1 = next to be promoted).
pub fn waiting_position(conn: &mut AnyConnection, registration: &Registration) -> QueryResult<i64> {
    let ahead: i64 = workshop_registrations::table
        .filter(workshop_registrations::session_id.eq(registration.session_id))
        .filter(workshop_registrations::status.eq(WAITLISTED))
        .filter(workshop_registrations::id.lt(registration.id))
        .count()
        .get_result(conn)?;
    Ok(ahead + 1)
}
