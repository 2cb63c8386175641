//! The workshop and session forms as typed, and their checks: every problem
//! becomes a French message tied to its field; what passes becomes a typed
//! input for the domain functions.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use diesel::prelude::*;
use rocket::form::FromForm;
use serde::Serialize;

use super::model::{Kind, AUDIENCE_ROLES};
use super::recurrence::{self, Repeat};
use crate::common::forms::{local_to_utc, typed_date, FieldErrors};
use crate::common::vocabulary::Vocabulary;
use crate::db::AnyConnection;
use crate::schema::{agents, services};

/// The workshop part of a proposal (also the edit form).
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct WorkshopForm {
    #[field(default = String::new())]
    pub title: String,
    #[field(default = String::new())]
    pub description: String,
    #[field(default = String::new())]
    pub kind: String,
    pub services: Vec<i32>,
    #[field(default = String::new())]
    pub co_facilitators: String,
    #[field(default = String::new())]
    pub audience: String,
    pub audience_services: Vec<i32>,
    pub audience_roles: Vec<String>,
    /// Skills of the framework the workshop practises.
    pub skills: Vec<i32>,
}

/// One session's fields (edit form, added session), and the first session
/// of a proposal with its repetition.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct SessionForm {
    #[field(default = String::new())]
    pub date: String,
    #[field(default = String::new())]
    pub start_time: String,
    #[field(default = String::new())]
    pub end_time: String,
    #[field(default = String::new())]
    pub place: String,
    #[field(default = String::new())]
    pub online_url: String,
    #[field(default = String::new())]
    pub capacity: String,
    #[field(default = String::new())]
    pub deadline_date: String,
    #[field(default = String::new())]
    pub deadline_time: String,
    #[field(default = String::new())]
    pub repeat: String,
    #[field(default = String::new())]
    pub occurrences: String,
}

/// The proposal form: the workshop and its first session (or series), in
/// one flat form (the fields of [`WorkshopForm`] and [`SessionForm`]).
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct ProposalForm {
    #[field(default = String::new())]
    pub title: String,
    #[field(default = String::new())]
    pub description: String,
    #[field(default = String::new())]
    pub kind: String,
    pub services: Vec<i32>,
    #[field(default = String::new())]
    pub co_facilitators: String,
    #[field(default = String::new())]
    pub audience: String,
    pub audience_services: Vec<i32>,
    pub audience_roles: Vec<String>,
    pub skills: Vec<i32>,
    #[field(default = String::new())]
    pub date: String,
    #[field(default = String::new())]
    pub start_time: String,
    #[field(default = String::new())]
    pub end_time: String,
    #[field(default = String::new())]
    pub place: String,
    #[field(default = String::new())]
    pub online_url: String,
    #[field(default = String::new())]
    pub capacity: String,
    #[field(default = String::new())]
    pub deadline_date: String,
    #[field(default = String::new())]
    pub deadline_time: String,
    #[field(default = String::new())]
    pub repeat: String,
    #[field(default = String::new())]
    pub occurrences: String,
}

impl ProposalForm {
    /// The workshop part.
    pub fn workshop(&self) -> WorkshopForm {
        WorkshopForm {
            title: self.title.clone(),
            description: self.description.clone(),
            kind: self.kind.clone(),
            services: self.services.clone(),
            co_facilitators: self.co_facilitators.clone(),
            audience: self.audience.clone(),
            audience_services: self.audience_services.clone(),
            audience_roles: self.audience_roles.clone(),
            skills: self.skills.clone(),
        }
    }

    /// The session part.
    pub fn session(&self) -> SessionForm {
        SessionForm {
            date: self.date.clone(),
            start_time: self.start_time.clone(),
            end_time: self.end_time.clone(),
            place: self.place.clone(),
            online_url: self.online_url.clone(),
            capacity: self.capacity.clone(),
            deadline_date: self.deadline_date.clone(),
            deadline_time: self.deadline_time.clone(),
            repeat: self.repeat.clone(),
            occurrences: self.occurrences.clone(),
        }
    }
}

/// A checked workshop.
#[derive(Debug, Clone)]
pub struct WorkshopInput {
    pub title: String,
    pub description: String,
    pub kind: Kind,
    pub services: Vec<i32>,
    pub co_facilitators: Vec<i32>,
    pub open_to_all: bool,
    pub audience_services: Vec<i32>,
    pub audience_roles: Vec<String>,
    /// Skills of the framework the workshop practises (unknown ids are dropped).
    pub skills: Vec<i32>,
}

/// A checked session, in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInput {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
    pub registration_deadline: Option<NaiveDateTime>,
}

/// Audience choice values of the form.
pub const AUDIENCE_ALL: &str = "tous";
pub const AUDIENCE_INVITED: &str = "sur-invitation";

/// Checks the workshop part. `organiser_id` is dropped from co-facilitators.
pub fn check_workshop(
    conn: &mut AnyConnection,
    form: &WorkshopForm,
    organiser_id: i32,
    errors: &mut FieldErrors,
) -> QueryResult<Option<WorkshopInput>> {
    let title = errors.required("title", &form.title, "le titre de l'atelier", 150);
    let description = errors.required(
        "description",
        &form.description,
        "une description de l'atelier",
        4000,
    );
    let kind = Kind::from_slug(&form.kind);
    if kind.is_none() {
        errors.add("kind", "Choisissez le type d'atelier.");
    }
    let known: Vec<i32> = services::table.select(services::id).load(conn)?;
    let mut presenting: Vec<i32> = form
        .services
        .iter()
        .copied()
        .filter(|id| known.contains(id))
        .collect();
    presenting.sort_unstable();
    presenting.dedup();
    if presenting.is_empty() {
        errors.add("services", "Choisissez au moins un service qui présente.");
    }
    let co_facilitators = resolve_usernames(conn, &form.co_facilitators, errors)?
        .into_iter()
        .filter(|id| *id != organiser_id)
        .collect();
    let open_to_all = match form.audience.as_str() {
        AUDIENCE_ALL => true,
        AUDIENCE_INVITED => false,
        _ => {
            errors.add("audience", "Indiquez à qui l'atelier est ouvert.");
            true
        }
    };
    let mut audience_services: Vec<i32> = form
        .audience_services
        .iter()
        .copied()
        .filter(|id| known.contains(id))
        .collect();
    audience_services.sort_unstable();
    audience_services.dedup();
    let mut audience_roles: Vec<String> = form
        .audience_roles
        .iter()
        .filter(|r| AUDIENCE_ROLES.iter().any(|(known, _)| known == r))
        .cloned()
        .collect();
    audience_roles.sort();
    audience_roles.dedup();
    if !open_to_all && audience_services.is_empty() && audience_roles.is_empty() {
        errors.add(
            "audience_services",
            "Choisissez au moins un service ou un rôle invité, ou ouvrez l'atelier à tous.",
        );
    }
    if !errors.is_empty() {
        return Ok(None);
    }
    Ok(Some(WorkshopInput {
        title,
        description,
        kind: kind.unwrap_or(Kind::Missions),
        services: presenting,
        co_facilitators,
        open_to_all,
        audience_services: if open_to_all {
            vec![]
        } else {
            audience_services
        },
        audience_roles: if open_to_all { vec![] } else { audience_roles },
        skills: form.skills.clone(),
    }))
}

/// Reads "jgarnier, aferreira" into active agents' ids.
fn resolve_usernames(
    conn: &mut AnyConnection,
    text: &str,
    errors: &mut FieldErrors,
) -> QueryResult<Vec<i32>> {
    let mut names: Vec<String> = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    names.sort();
    names.dedup();
    if names.len() > 10 {
        errors.add("co_facilitators", "Dix co-animateurs au plus.");
        return Ok(vec![]);
    }
    let found: Vec<(i32, String)> = agents::table
        .filter(agents::username.eq_any(&names))
        .filter(agents::active.eq(true))
        .select((agents::id, agents::username))
        .load(conn)?;
    let unknown: Vec<&str> = names
        .iter()
        .filter(|n| !found.iter().any(|(_, u)| u.eq_ignore_ascii_case(n)))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        errors.add(
            "co_facilitators",
            format!("Identifiant inconnu : {}.", unknown.join(", ")),
        );
    }
    Ok(found.into_iter().map(|(id, _)| id).collect())
}

/// A session's fields once read, before being placed on a date.
#[derive(Debug, Clone)]
pub struct SessionPlan {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// Days before the session, and local time, at which registration closes.
    pub deadline: Option<(i64, NaiveTime)>,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
}

fn parse_time(value: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(value.trim(), "%H:%M").ok()
}

/// Reads a typed date field: `missing` when it is empty, the window's
/// message when it is out of range or malformed.
fn date_field(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    today: NaiveDate,
    missing: &str,
) -> Option<NaiveDate> {
    match typed_date(value, today) {
        Ok(date) => Some(date),
        Err(_) if value.trim().is_empty() => {
            errors.add(field, missing);
            None
        }
        Err(message) => {
            errors.add(field, message);
            None
        }
    }
}

/// Checks a session's fields (dates, place or link, capacity, deadline).
pub fn check_session(form: &SessionForm, tz: Tz, errors: &mut FieldErrors) -> Option<SessionPlan> {
    let today = crate::common::forms::today(tz);
    let date = date_field(
        errors,
        "date",
        &form.date,
        today,
        "Indiquez la date au format JJ/MM/AAAA.",
    );
    let start = parse_time(&form.start_time);
    if start.is_none() {
        errors.add("start_time", "Indiquez l'heure de début (HH:MM).");
    }
    let end = parse_time(&form.end_time);
    if end.is_none() {
        errors.add("end_time", "Indiquez l'heure de fin (HH:MM).");
    }
    if let (Some(start), Some(end)) = (start, end) {
        if end <= start {
            errors.add("end_time", "L'heure de fin doit suivre l'heure de début.");
        }
    }
    let place = errors.optional("place", &form.place, 200);
    let online_url = errors.optional("online_url", &form.online_url, 500);
    if let Some(url) = &online_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(' ') {
            errors.add(
                "online_url",
                "Indiquez une adresse complète, commençant par https://.",
            );
        }
    }
    if place.is_none() && online_url.is_none() {
        errors.add("place", "Indiquez un lieu ou un lien de visioconférence.");
    }
    let capacity = match form.capacity.trim() {
        "" => None,
        text => match text.parse::<i32>() {
            Ok(n) if (1..=5000).contains(&n) => Some(n),
            _ => {
                errors.add(
                    "capacity",
                    "Indiquez un nombre de places entre 1 et 5000, ou laissez vide pour ne pas limiter.",
                );
                None
            }
        },
    };
    let deadline = match (form.deadline_date.trim(), form.deadline_time.trim()) {
        ("", "") => None,
        (day, time) => {
            let day = date_field(
                errors,
                "deadline_date",
                day,
                today,
                "Indiquez la date de clôture au format JJ/MM/AAAA.",
            );
            let time = if time.is_empty() {
                NaiveTime::from_hms_opt(23, 59, 0)
            } else {
                parse_time(time)
            };
            if time.is_none() {
                errors.add("deadline_time", "Indiquez l'heure de clôture (HH:MM).");
            }
            match (day, time, date, start) {
                (Some(day), Some(time), Some(date), Some(start)) => {
                    if day.and_time(time) > date.and_time(start) {
                        errors.add(
                            "deadline_date",
                            "La clôture des inscriptions doit précéder le début de la session.",
                        );
                    }
                    Some(((date - day).num_days(), time))
                }
                _ => None,
            }
        }
    };
    match (date, start, end) {
        (Some(date), Some(start), Some(end)) if errors.is_empty() => Some(SessionPlan {
            date,
            start,
            end,
            deadline,
            place,
            online_url,
            capacity,
        }),
        _ => None,
    }
}

impl SessionPlan {
    /// The session placed on `date`, in UTC (the deadline keeps its distance
    /// in days and its local time).
    pub fn on(&self, date: NaiveDate, tz: Tz) -> Result<SessionInput, String> {
        let day = date.format("%Y-%m-%d").to_string();
        let at = |d: &str, t: NaiveTime| local_to_utc(d, &t.format("%H:%M").to_string(), tz);
        let starts_at = at(&day, self.start)?;
        let ends_at = at(&day, self.end)?;
        let registration_deadline = match self.deadline {
            Some((days, time)) => {
                let d = date
                    .checked_sub_signed(Duration::days(days))
                    .ok_or("Date de clôture invalide.")?
                    .format("%Y-%m-%d")
                    .to_string();
                Some(at(&d, time)?)
            }
            None => None,
        };
        Ok(SessionInput {
            starts_at,
            ends_at,
            place: self.place.clone(),
            online_url: self.online_url.clone(),
            capacity: self.capacity,
            registration_deadline,
        })
    }
}

/// Checks a proposal's first session and repetition, and places every session
/// of the series. Sessions must start in the future.
pub fn check_series(
    form: &SessionForm,
    tz: Tz,
    now: NaiveDateTime,
    errors: &mut FieldErrors,
) -> Option<Vec<SessionInput>> {
    let repeat = match form.repeat.trim() {
        "" => Some(Repeat::Once),
        value => Repeat::from_slug(value),
    };
    if repeat.is_none() {
        errors.add("repeat", "Choisissez une répétition.");
    }
    let occurrences = match (repeat, form.occurrences.trim()) {
        (Some(Repeat::Once), _) | (_, "") => 1,
        (_, text) => match text.parse::<u32>() {
            Ok(n) if (1..=recurrence::MAX_OCCURRENCES).contains(&n) => n,
            _ => {
                errors.add(
                    "occurrences",
                    format!(
                        "Indiquez un nombre de sessions entre 1 et {}.",
                        recurrence::MAX_OCCURRENCES
                    ),
                );
                1
            }
        },
    };
    let plan = check_session(form, tz, errors)?;
    let repeat = repeat?;
    let mut sessions = Vec::new();
    for date in recurrence::dates(plan.date, repeat, occurrences) {
        match plan.on(date, tz) {
            Ok(session) => sessions.push(session),
            Err(message) => {
                errors.add(
                    "date",
                    format!("Session du {} : {message}", date.format("%d/%m/%Y")),
                );
                return None;
            }
        }
    }
    if sessions.first().is_some_and(|s| s.starts_at <= now) {
        errors.add("date", "La session doit commencer dans le futur.");
        return None;
    }
    if sessions.first().is_some_and(|s| deadline_passed(s, now)) {
        errors.add("deadline_date", DEADLINE_PASSED);
        return None;
    }
    Some(sessions)
}

const DEADLINE_PASSED: &str =
    "La clôture des inscriptions est déjà passée : choisissez une date et une heure à venir.";

/// Whether registration to the session would already be closed.
fn deadline_passed(session: &SessionInput, now: NaiveDateTime) -> bool {
    session.registration_deadline.is_some_and(|d| d <= now)
}

/// Checks one session's fields (edit or added session): it must start in the future.
pub fn check_one(
    form: &SessionForm,
    tz: Tz,
    now: NaiveDateTime,
    errors: &mut FieldErrors,
) -> Option<SessionInput> {
    let plan = check_session(form, tz, errors)?;
    match plan.on(plan.date, tz) {
        Ok(session) if session.starts_at <= now => {
            errors.add("date", "La session doit commencer dans le futur.");
            None
        }
        Ok(session) if deadline_passed(&session, now) => {
            errors.add("deadline_date", DEADLINE_PASSED);
            None
        }
        Ok(session) => Some(session),
        Err(message) => {
            errors.add("start_time", message);
            None
        }
    }
}

/// The sheet as sent: `presence[<agent id>]` = `present` or `absent`.
#[derive(Debug, FromForm)]
pub struct AttendanceForm {
    pub presence: HashMap<i32, String>,
}

/// A participant's feedback.
#[derive(Debug, FromForm)]
pub struct FeedbackForm {
    #[field(default = String::new())]
    pub learned: String,
}

/// The registration form: only the overlap confirmation.
#[derive(Debug, FromForm)]
pub struct RegisterForm {
    #[field(default = false)]
    pub confirm_overlap: bool,
}

/// The invitation form: the élus and managers ticked.
#[derive(Debug, FromForm)]
pub struct InviteForm {
    pub invitees: Vec<i32>,
}

/// The filters, as they come in the query string.
#[derive(Debug, Default, FromForm)]
pub struct ListQuery {
    #[field(name = "type")]
    pub kind: Option<String>,
    pub service: Option<String>,
    pub mois: Option<String>,
    pub places: Option<String>,
    pub page: Option<String>,
}

/// The cancellation form: a box to tick.
#[derive(Debug, FromForm)]
pub struct CancelForm {
    #[field(default = false)]
    pub confirm: bool,
}
