//! Every form of the skills section and its checks, with French messages
//! tied to their fields.

use chrono::NaiveDate;
use rocket::FromForm;
use serde::Serialize;

use super::framework::Wording;
use super::model::{Level, LEVEL_MESSAGE};
use crate::common::forms::FieldErrors;

pub const NAME_MAX: usize = 120;
pub const TEXT_MAX: usize = 600;
pub const COMMENT_MAX: usize = 1000;
pub const TITLE_MAX: usize = 200;
pub const LINK_MAX: usize = 500;

/// Reads a level typed or chosen in a form.
pub fn parse_level(errors: &mut FieldErrors, field: &str, value: &str) -> Option<Level> {
    match value.trim().parse::<i32>().ok().map(Level::parse) {
        Some(Ok(level)) => Some(level),
        _ => {
            errors.add(field, LEVEL_MESSAGE);
            None
        }
    }
}

/// Reads a date (`AAAA-MM-JJ`).
pub fn parse_date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        errors.add(field, "Indiquez une date.");
        return None;
    }
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            errors.add(field, "Date invalide : utilisez le format JJ/MM/AAAA.");
            None
        }
    }
}

/// A skill's wording, added or edited by HR. `version` is the version the
/// editor started from (hidden field), for optimistic concurrency.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct SkillForm {
    #[field(default = 0)]
    pub version: i32,
    #[field(default = String::new())]
    pub domain: String,
    #[field(default = String::new())]
    pub name: String,
    #[field(default = String::new())]
    pub summary: String,
    #[field(default = String::new())]
    pub level_1: String,
    #[field(default = String::new())]
    pub level_2: String,
    #[field(default = String::new())]
    pub level_3: String,
    #[field(default = String::new())]
    pub level_4: String,
}

impl SkillForm {
    /// The form filled with a wording.
    pub fn from_wording(version: i32, wording: &Wording) -> SkillForm {
        let [l1, l2, l3, l4] = wording.levels.clone();
        SkillForm {
            version,
            domain: wording.domain.clone(),
            name: wording.name.clone(),
            summary: wording.summary.clone(),
            level_1: l1,
            level_2: l2,
            level_3: l3,
            level_4: l4,
        }
    }

    pub fn check(&self) -> Result<Wording, FieldErrors> {
        let mut errors = FieldErrors::new();
        let domain = errors.required("domain", &self.domain, "le domaine", NAME_MAX);
        let name = errors.required("name", &self.name, "le nom de la compétence", NAME_MAX);
        let summary = errors.required("summary", &self.summary, "une courte définition", TEXT_MAX);
        let levels = [
            ("level_1", &self.level_1, "ce qu'on observe au niveau 1"),
            ("level_2", &self.level_2, "ce qu'on observe au niveau 2"),
            ("level_3", &self.level_3, "ce qu'on observe au niveau 3"),
            ("level_4", &self.level_4, "ce qu'on observe au niveau 4"),
        ]
        .map(|(field, value, label)| errors.required(field, value, label, TEXT_MAX));
        if errors.is_empty() {
            Ok(Wording {
                domain,
                name,
                summary,
                levels,
            })
        } else {
            Err(errors)
        }
    }
}

/// A level with a comment: a self-assessment or a validation.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct LevelForm {
    #[field(default = String::new())]
    pub level: String,
    #[field(default = String::new())]
    pub comment: String,
}

impl LevelForm {
    pub fn check(&self) -> Result<(Level, Option<String>), FieldErrors> {
        let mut errors = FieldErrors::new();
        let level = parse_level(&mut errors, "level", &self.level);
        let comment = errors.optional("comment", &self.comment, COMMENT_MAX);
        match level {
            Some(level) if errors.is_empty() => Ok((level, comment)),
            _ => Err(errors),
        }
    }
}

/// A free-text piece of evidence.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct FreeEvidenceForm {
    #[field(default = String::new())]
    pub title: String,
    #[field(default = String::new())]
    pub link: String,
}

impl FreeEvidenceForm {
    pub fn check(&self) -> Result<(String, Option<String>), FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.required("title", &self.title, "ce que vous avez fait", TITLE_MAX);
        let link = errors.optional("link", &self.link, LINK_MAX);
        if let Some(link) = &link {
            if !(link.starts_with("https://") || link.starts_with("http://")) || link.contains(' ')
            {
                errors.add(
                    "link",
                    "Le lien doit être une adresse web commençant par https:// ou http://.",
                );
            }
        }
        if errors.is_empty() {
            Ok((title, link))
        } else {
            Err(errors)
        }
    }
}

/// One of the agent's activities proposed as evidence.
#[derive(Debug, Clone, Default, FromForm)]
pub struct ActivityEvidenceForm {
    #[field(default = String::new())]
    pub kind: String,
    #[field(default = 0)]
    pub source: i32,
}

/// A goal: a target level by a date.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct GoalForm {
    #[field(default = String::new())]
    pub skill: String,
    #[field(default = String::new())]
    pub target_level: String,
    #[field(default = String::new())]
    pub due_on: String,
    #[field(default = String::new())]
    pub note: String,
}

/// A checked goal.
#[derive(Debug, Clone)]
pub struct GoalInput {
    pub skill_id: i32,
    pub target: Level,
    pub due_on: NaiveDate,
    pub comment: Option<String>,
}

impl GoalForm {
    /// Checks the form; `today` is the local date (a goal is never dated in the past).
    pub fn check(&self, today: NaiveDate) -> Result<GoalInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let skill_id = self.skill.trim().parse::<i32>().ok();
        if skill_id.is_none() {
            errors.add("skill", "Choisissez une compétence.");
        }
        let target = parse_level(&mut errors, "target_level", &self.target_level);
        let due_on = parse_date(&mut errors, "due_on", &self.due_on);
        if let Some(due) = due_on {
            if due < today {
                errors.add(
                    "due_on",
                    "L'échéance est déjà passée : choisissez une date à venir.",
                );
            }
        }
        let comment = errors.optional("note", &self.note, COMMENT_MAX);
        match (skill_id, target, due_on) {
            (Some(skill_id), Some(target), Some(due_on)) if errors.is_empty() => Ok(GoalInput {
                skill_id,
                target,
                due_on,
                comment,
            }),
            _ => Err(errors),
        }
    }
}

/// An assessment campaign opened by HR.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct CampaignForm {
    #[field(default = String::new())]
    pub title: String,
    #[field(default = String::new())]
    pub message: String,
    #[field(default = String::new())]
    pub starts_on: String,
    #[field(default = String::new())]
    pub ends_on: String,
    /// "all" or "services".
    #[field(default = String::new())]
    pub scope: String,
    #[field(default = Vec::new())]
    pub services: Vec<i32>,
}

/// A checked campaign.
#[derive(Debug, Clone)]
pub struct CampaignInput {
    pub title: String,
    pub message: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Empty: every service.
    pub services: Vec<i32>,
}

impl CampaignForm {
    pub fn check(&self) -> Result<CampaignInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.required("title", &self.title, "le titre de la campagne", NAME_MAX);
        let message = errors.required(
            "message",
            &self.message,
            "le message aux agents",
            COMMENT_MAX,
        );
        let starts_on = parse_date(&mut errors, "starts_on", &self.starts_on);
        let ends_on = parse_date(&mut errors, "ends_on", &self.ends_on);
        if let (Some(start), Some(end)) = (starts_on, ends_on) {
            if end < start {
                errors.add(
                    "ends_on",
                    "La campagne ne peut pas finir avant de commencer : choisissez une fin après le début.",
                );
            }
        }
        let services = match self.scope.as_str() {
            "all" => Vec::new(),
            "services" => {
                if self.services.is_empty() {
                    errors.add("services", "Choisissez au moins un service.");
                }
                self.services.clone()
            }
            _ => {
                errors.add("scope", "Choisissez à qui s'adresse la campagne.");
                Vec::new()
            }
        };
        match (starts_on, ends_on) {
            (Some(starts_on), Some(ends_on)) if errors.is_empty() => Ok(CampaignInput {
                title,
                message,
                starts_on,
                ends_on,
                services,
            }),
            _ => Err(errors),
        }
    }
}

/// Being listed as a resource person, or not.
#[derive(Debug, FromForm)]
pub struct ResourceForm {
    #[field(default = false)]
    pub listed: bool,
}

/// Asking a resource person to join an initiative.
#[derive(Debug, FromForm)]
pub struct AskForm {
    #[field(default = 0)]
    pub person: i32,
    #[field(default = 0)]
    pub initiative: i32,
}
