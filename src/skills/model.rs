//! The rows of the skills section and its stored vocabularies: the 4-level
//! scale, evidence kinds, support-ask states.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::common::vocabulary::Vocabulary;
use crate::error::{AppError, AppResult};
use crate::schema::{
    skill_assessments, skill_campaigns, skill_evidence, skill_goals, skill_validations,
    skill_versions, skills,
};

/// A level of the scale: 1 Notions, 2 Application, 3 Maîtrise, 4 Expertise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Level(i32);

impl Level {
    pub const ALL: [Level; 4] = [Level(1), Level(2), Level(3), Level(4)];

    /// The level stored as `value`; an error for anything outside 1–4.
    pub fn parse(value: i32) -> AppResult<Level> {
        if (1..=4).contains(&value) {
            Ok(Level(value))
        } else {
            Err(AppError::Invalid(LEVEL_MESSAGE.into()))
        }
    }

    /// The level as stored.
    pub fn value(self) -> i32 {
        self.0
    }

    /// The French name of the level.
    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "Notions",
            2 => "Application",
            3 => "Maîtrise",
            _ => "Expertise",
        }
    }

    /// "2 – Application".
    pub fn full_label(self) -> String {
        format!("{} – {}", self.0, self.label())
    }
}

/// The message for a level outside the scale.
pub const LEVEL_MESSAGE: &str = "Choisissez un niveau entre 1 (Notions) et 4 (Expertise).";

/// The label of a stored level (a stored level is always valid: a CHECK constraint holds it).
pub fn level_label(value: i32) -> String {
    Level::parse(value)
        .map(Level::full_label)
        .unwrap_or_else(|_| value.to_string())
}

/// A skill of the framework.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = skills)]
pub struct Skill {
    pub id: i32,
    pub code: String,
    pub domain: String,
    pub position: i32,
    pub current_version: i32,
    pub retired_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// One wording of a skill.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = skill_versions)]
pub struct SkillVersion {
    pub id: i32,
    pub skill_id: i32,
    pub version: i32,
    pub name: String,
    pub summary: String,
    pub level_1: String,
    pub level_2: String,
    pub level_3: String,
    pub level_4: String,
    pub edited_by: Option<i32>,
    pub created_at: NaiveDateTime,
}

impl SkillVersion {
    /// The descriptions of the four levels, in order.
    pub fn levels(&self) -> [&str; 4] {
        [&self.level_1, &self.level_2, &self.level_3, &self.level_4]
    }
}

/// A self-assessment.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = skill_assessments)]
pub struct Assessment {
    pub id: i32,
    pub agent_id: i32,
    pub skill_id: i32,
    pub version_id: i32,
    pub level: i32,
    pub comment: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A manager's validation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = skill_validations)]
pub struct Validation {
    pub id: i32,
    pub agent_id: i32,
    pub skill_id: i32,
    pub version_id: i32,
    pub level: i32,
    pub comment: Option<String>,
    pub validated_by: i32,
    pub created_at: NaiveDateTime,
}

/// A piece of evidence.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = skill_evidence)]
pub struct Evidence {
    pub id: i32,
    pub agent_id: i32,
    pub skill_id: i32,
    pub kind: String,
    pub source_id: Option<i32>,
    pub title: String,
    pub link: Option<String>,
    pub occurred_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

/// A goal.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = skill_goals)]
pub struct Goal {
    pub id: i32,
    pub agent_id: i32,
    pub skill_id: i32,
    pub target_level: i32,
    pub due_on: NaiveDate,
    pub comment: Option<String>,
    pub set_by: i32,
    pub created_at: NaiveDateTime,
}

/// An assessment campaign.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = skill_campaigns)]
pub struct Campaign {
    pub id: i32,
    pub title: String,
    pub message: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub all_services: bool,
    pub opened_by: i32,
    pub created_at: NaiveDateTime,
}

/// Where a piece of evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EvidenceKind {
    SwapHosted,
    SwapVisited,
    SessionOrganised,
    SessionFacilitated,
    SessionAttended,
    InitiativeLed,
    InitiativeJoined,
    Free,
}

impl Vocabulary for EvidenceKind {
    const NAME: &'static str = "type de preuve";
    const ALL: &'static [EvidenceKind] = &[
        EvidenceKind::SwapHosted,
        EvidenceKind::SwapVisited,
        EvidenceKind::SessionOrganised,
        EvidenceKind::SessionFacilitated,
        EvidenceKind::SessionAttended,
        EvidenceKind::InitiativeLed,
        EvidenceKind::InitiativeJoined,
        EvidenceKind::Free,
    ];

    /// The stored code (also the form value and the CSS slug).
    fn code(self) -> &'static str {
        match self {
            EvidenceKind::SwapHosted => "swap-hosted",
            EvidenceKind::SwapVisited => "swap-visited",
            EvidenceKind::SessionOrganised => "session-organised",
            EvidenceKind::SessionFacilitated => "session-facilitated",
            EvidenceKind::SessionAttended => "session-attended",
            EvidenceKind::InitiativeLed => "initiative-led",
            EvidenceKind::InitiativeJoined => "initiative-joined",
            EvidenceKind::Free => "free",
        }
    }

    /// What the agent did, in French.
    fn label(self) -> &'static str {
        match self {
            EvidenceKind::SwapHosted => "Vis ma vie : a accueilli",
            EvidenceKind::SwapVisited => "Vis ma vie : a découvert un métier",
            EvidenceKind::SessionOrganised => "Atelier : a organisé",
            EvidenceKind::SessionFacilitated => "Atelier : a co-animé",
            EvidenceKind::SessionAttended => "Atelier : a participé",
            EvidenceKind::InitiativeLed => "Initiative : porte le projet",
            EvidenceKind::InitiativeJoined => "Initiative : membre de l'équipe",
            EvidenceKind::Free => "Autre preuve",
        }
    }
}

impl EvidenceKind {
    /// Where the activity's page is.
    pub fn link(self, source_id: i32) -> Option<String> {
        match self {
            EvidenceKind::SwapHosted | EvidenceKind::SwapVisited => {
                Some(format!("/vis-ma-vie/demandes/{source_id}"))
            }
            EvidenceKind::SessionOrganised
            | EvidenceKind::SessionFacilitated
            | EvidenceKind::SessionAttended => Some(format!("/ateliers/sessions/{source_id}")),
            EvidenceKind::InitiativeLed | EvidenceKind::InitiativeJoined => {
                Some(crate::initiatives::links::initiative(source_id))
            }
            EvidenceKind::Free => None,
        }
    }
}

/// States of an initiative's request to a resource person.
pub mod ask_state {
    pub const PENDING: &str = "pending";
    pub const ACCEPTED: &str = "accepted";
    pub const DECLINED: &str = "declined";
}
