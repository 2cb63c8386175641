//! What an initiative is: its kind, status, themes and the help it needs,
//! and the rows stored for it.
//!
//! Each closed list has a code (stored), a slug (in URLs and forms, French)
//! and a label (shown).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::agents::roles::{Role, RoleSet};
use crate::schema::{initiative_comments, initiatives};

pub use crate::common::vocabulary::{SelectOption, Vocabulary};

/// What was posted: the agent's own initiative, an idea heard from a
/// resident (never identified), or something another city does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Own,
    Heard,
    Elsewhere,
}

impl Vocabulary for Kind {
    const NAME: &'static str = "type d'initiative";
    const ALL: &'static [Kind] = &[Kind::Own, Kind::Heard, Kind::Elsewhere];

    fn code(self) -> &'static str {
        match self {
            Kind::Own => "own",
            Kind::Heard => "heard",
            Kind::Elsewhere => "elsewhere",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Kind::Own => "mon-initiative",
            Kind::Heard => "idee-du-terrain",
            Kind::Elsewhere => "vu-ailleurs",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Own => "Mon initiative",
            Kind::Heard => "Idée entendue sur le terrain",
            Kind::Elsewhere => "Vu ailleurs",
        }
    }
}

impl Kind {
    /// The label used when speaking of someone else's post.
    pub fn public_label(self) -> &'static str {
        match self {
            Kind::Own => "Initiative d'agent",
            other => other.label(),
        }
    }
}

/// Where an initiative stands. Moderators move it; every change is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Proposed,
    Studying,
    InProgress,
    Done,
    Rejected,
}

impl Vocabulary for Status {
    const NAME: &'static str = "statut d'initiative";
    const ALL: &'static [Status] = &[
        Status::Proposed,
        Status::Studying,
        Status::InProgress,
        Status::Done,
        Status::Rejected,
    ];

    fn code(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Studying => "studying",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Rejected => "rejected",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Status::Proposed => "proposee",
            Status::Studying => "a-l-etude",
            Status::InProgress => "en-cours",
            Status::Done => "realisee",
            Status::Rejected => "non-retenue",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Status::Proposed => "Proposée",
            Status::Studying => "À l'étude",
            Status::InProgress => "En cours",
            Status::Done => "Réalisée",
            Status::Rejected => "Non retenue",
        }
    }
}

impl Status {
    /// Whether the author may still edit (until it is under study).
    pub fn editable(self) -> bool {
        self == Status::Proposed
    }

    /// Whether the initiative is over (no one joins a closed team).
    pub fn closed(self) -> bool {
        matches!(self, Status::Done | Status::Rejected)
    }
}

/// Themes an initiative can be filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Nature,
    Cleanliness,
    Solidarity,
    Culture,
    Sport,
    Mobility,
    Youth,
    Digital,
    Welcome,
    Workplace,
}

impl Vocabulary for Theme {
    const NAME: &'static str = "thème d'initiative";
    const ALL: &'static [Theme] = &[
        Theme::Nature,
        Theme::Cleanliness,
        Theme::Solidarity,
        Theme::Culture,
        Theme::Sport,
        Theme::Mobility,
        Theme::Youth,
        Theme::Digital,
        Theme::Welcome,
        Theme::Workplace,
    ];

    fn code(self) -> &'static str {
        match self {
            Theme::Nature => "nature",
            Theme::Cleanliness => "cleanliness",
            Theme::Solidarity => "solidarity",
            Theme::Culture => "culture",
            Theme::Sport => "sport",
            Theme::Mobility => "mobility",
            Theme::Youth => "youth",
            Theme::Digital => "digital",
            Theme::Welcome => "welcome",
            Theme::Workplace => "workplace",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Theme::Nature => "nature-en-ville",
            Theme::Cleanliness => "proprete",
            Theme::Solidarity => "solidarite",
            Theme::Culture => "culture",
            Theme::Sport => "sport-et-sante",
            Theme::Mobility => "mobilite",
            Theme::Youth => "education-et-jeunesse",
            Theme::Digital => "numerique",
            Theme::Welcome => "accueil-des-habitants",
            Theme::Workplace => "qualite-de-vie-au-travail",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Theme::Nature => "Nature en ville",
            Theme::Cleanliness => "Propreté et cadre de vie",
            Theme::Solidarity => "Solidarité et lien social",
            Theme::Culture => "Culture et patrimoine",
            Theme::Sport => "Sport et santé",
            Theme::Mobility => "Mobilité",
            Theme::Youth => "Éducation et jeunesse",
            Theme::Digital => "Numérique et démarches",
            Theme::Welcome => "Accueil des habitants",
            Theme::Workplace => "Qualité de vie au travail",
        }
    }
}

/// Kinds of help an initiative may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Help {
    Skills,
    Time,
    Room,
    Materials,
    Budget,
    Communication,
}

impl Vocabulary for Help {
    const NAME: &'static str = "type d'aide";
    const ALL: &'static [Help] = &[
        Help::Skills,
        Help::Time,
        Help::Room,
        Help::Materials,
        Help::Budget,
        Help::Communication,
    ];

    fn code(self) -> &'static str {
        match self {
            Help::Skills => "skills",
            Help::Time => "time",
            Help::Room => "room",
            Help::Materials => "materials",
            Help::Budget => "budget",
            Help::Communication => "communication",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Help::Skills => "competences",
            Help::Time => "temps",
            Help::Room => "salle",
            Help::Materials => "materiel",
            Help::Budget => "budget",
            Help::Communication => "communication",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Help::Skills => "Des compétences",
            Help::Time => "Du temps",
            Help::Room => "Une salle",
            Help::Materials => "Du matériel",
            Help::Budget => "Un budget",
            Help::Communication => "De la communication",
        }
    }
}

/// Help kinds as stored: codes separated by commas.
pub fn help_to_codes(help: &[Help]) -> String {
    help.iter().map(|h| h.code()).collect::<Vec<_>>().join(",")
}

/// Help kinds read back from their stored form (unknown codes are skipped).
pub fn help_from_codes(codes: &str) -> Vec<Help> {
    codes.split(',').filter_map(Help::from_code).collect()
}

/// Who moderates initiatives.
pub const MODERATORS: &[Role] = &[Role::Admin, Role::Rh];

/// Whether the roles may moderate initiatives (admin and rh).
pub fn is_moderator(roles: RoleSet) -> bool {
    roles.admin || roles.rh
}

/// An initiative as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = initiatives)]
pub struct Initiative {
    pub id: i32,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub help_kinds: String,
    pub help_needed: Option<String>,
    pub link: Option<String>,
    pub author_id: i32,
    pub author_service_id: Option<i32>,
    pub status: String,
    pub status_reason: Option<String>,
    pub status_changed_at: NaiveDateTime,
    pub featured: bool,
    pub featured_at: Option<NaiveDateTime>,
    pub hidden: bool,
    pub searchable: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When a moderator approved it for the public Atom feed (None: not public).
    pub public_since: Option<NaiveDateTime>,
}

impl Initiative {
    /// The kind (an unknown stored code reads as the agent's own initiative).
    pub fn kind(&self) -> Kind {
        Kind::from_code(&self.kind).unwrap_or(Kind::Own)
    }

    /// The status (an unknown stored code reads as proposed).
    pub fn status(&self) -> Status {
        Status::from_code(&self.status).unwrap_or(Status::Proposed)
    }

    /// The help asked for.
    pub fn help(&self) -> Vec<Help> {
        help_from_codes(&self.help_kinds)
    }
}

/// A comment as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = initiative_comments)]
pub struct Comment {
    pub id: i32,
    pub initiative_id: i32,
    pub author_id: i32,
    pub body: String,
    pub hidden: bool,
    pub created_at: NaiveDateTime,
}

/// States of a team membership.
pub mod member_state {
    /// Asked to join, waiting for the author.
    pub const PENDING: &str = "pending";
    /// On the team.
    pub const ACCEPTED: &str = "accepted";
    /// The author said no.
    pub const DECLINED: &str = "declined";
    /// Was on the team (or asked) and left.
    pub const LEFT: &str = "left";
}

/// Where one's membership of a team stands (the codes of [`member_state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberState {
    Pending,
    Accepted,
    Declined,
    Left,
}

impl Vocabulary for MemberState {
    const NAME: &'static str = "état d'une demande d'équipe";
    const ALL: &'static [MemberState] = &[
        MemberState::Pending,
        MemberState::Accepted,
        MemberState::Declined,
        MemberState::Left,
    ];

    fn code(self) -> &'static str {
        match self {
            MemberState::Pending => member_state::PENDING,
            MemberState::Accepted => member_state::ACCEPTED,
            MemberState::Declined => member_state::DECLINED,
            MemberState::Left => member_state::LEFT,
        }
    }

    fn slug(self) -> &'static str {
        match self {
            MemberState::Pending => "demande-envoyee",
            MemberState::Accepted => "membre",
            MemberState::Declined => "refusee",
            MemberState::Left => "partie",
        }
    }

    fn label(self) -> &'static str {
        match self {
            MemberState::Pending => "Demande envoyée",
            MemberState::Accepted => "Membre de l'équipe",
            MemberState::Declined => "Demande refusée",
            MemberState::Left => "A quitté l'équipe",
        }
    }
}

/// Roles on a team.
pub mod member_role {
    /// The author, who leads the initiative.
    pub const LEAD: &str = "lead";
    /// A team member.
    pub const MEMBER: &str = "member";
}
