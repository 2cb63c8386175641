//! Goals (objectifs de progression): a target level for a skill by a date,
//! set by the agent or their manager. A goal is reached when a validated
//! level meets it; its page lists the upcoming workshops and Vis ma vie
//! offers that practise the skill.

use crate::skills::links;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::access;
use super::forms::GoalInput;
use super::framework;
use super::model::{level_label, Goal};
use super::queries;
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::{
    skill_goals, swap_offer_skills, swap_offers, swap_slots, workshop_sessions, workshop_skills,
    workshops,
};

/// Sets a goal for `agent_id`; a target below the current validated level is refused.
pub fn set(
    conn: &mut AnyConnection,
    setter: &Agent,
    agent_id: i32,
    input: &GoalInput,
) -> AppResult<i32> {
    db::write_transaction(conn, |conn| {
        let agent = access::agent(conn, agent_id)?;
        if !access::may_set_goal(setter, &agent) {
            return Err(AppError::Forbidden);
        }
        let (skill, version) = framework::find(conn, input.skill_id)?;
        if skill.retired_at.is_some() {
            return Err(AppError::Invalid(
                "Cette compétence a été retirée du référentiel.".into(),
            ));
        }
        if let Some(validated) = queries::validated_level(conn, agent_id, skill.id)? {
            if input.target.value() < validated {
                return Err(AppError::Invalid(format!(
                    "Le niveau visé est inférieur au niveau déjà validé ({}) : visez au moins ce niveau.",
                    level_label(validated)
                )));
            }
        }
        let id = diesel::insert_into(skill_goals::table)
            .values((
                skill_goals::agent_id.eq(agent_id),
                skill_goals::skill_id.eq(skill.id),
                skill_goals::target_level.eq(input.target.value()),
                skill_goals::due_on.eq(input.due_on),
                skill_goals::comment.eq(&input.comment),
                skill_goals::set_by.eq(setter.id),
                skill_goals::created_at.eq(db::now()),
            ))
            .returning(skill_goals::id)
            .get_result(conn)?;
        if setter.id != agent_id {
            crate::notifications::notify(
                conn,
                agent_id,
                crate::notifications::NotificationKind::Skills,
                &format!(
                    "{} a fixé avec vous un objectif en « {} »",
                    setter.display_name, version.name
                ),
                &links::goal(id),
            )?;
        }
        Ok(id)
    })
}

/// A goal by id.
pub fn find(conn: &mut AnyConnection, id: i32) -> AppResult<Goal> {
    skill_goals::table
        .find(id)
        .select(Goal::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalState {
    Reached,
    InProgress,
    Overdue,
}

impl GoalState {
    pub fn of(goal: &Goal, validated: Option<i32>, today: chrono::NaiveDate) -> GoalState {
        if validated.is_some_and(|v| v >= goal.target_level) {
            GoalState::Reached
        } else if goal.due_on < today {
            GoalState::Overdue
        } else {
            GoalState::InProgress
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            GoalState::Reached => "Atteint",
            GoalState::InProgress => "En cours",
            GoalState::Overdue => "Échéance dépassée",
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            GoalState::Reached => "atteint",
            GoalState::InProgress => "en-cours",
            GoalState::Overdue => "depasse",
        }
    }
}

/// An upcoming occasion to practise a skill.
#[derive(Debug, Clone)]
pub struct Occasion {
    pub title: String,
    pub href: String,
    pub starts_at: NaiveDateTime,
    pub is_workshop: bool,
}

/// Upcoming workshop sessions and open Vis ma vie slots that practise a skill.
pub fn occasions(conn: &mut AnyConnection, skill_id: i32) -> QueryResult<Vec<Occasion>> {
    let now = db::now();
    let sessions: Vec<(i32, String, NaiveDateTime)> = workshop_sessions::table
        .inner_join(workshops::table)
        .filter(
            workshops::id.eq_any(
                workshop_skills::table
                    .filter(workshop_skills::skill_id.eq(skill_id))
                    .select(workshop_skills::workshop_id),
            ),
        )
        .filter(workshop_sessions::cancelled_at.is_null())
        .filter(workshop_sessions::starts_at.gt(now))
        .order(workshop_sessions::starts_at)
        .limit(10)
        .select((
            workshop_sessions::id,
            workshops::title,
            workshop_sessions::starts_at,
        ))
        .load(conn)?;
    let slots: Vec<(i32, String, NaiveDateTime)> = swap_slots::table
        .inner_join(swap_offers::table)
        .filter(
            swap_offers::id.eq_any(
                swap_offer_skills::table
                    .filter(swap_offer_skills::skill_id.eq(skill_id))
                    .select(swap_offer_skills::offer_id),
            ),
        )
        .filter(swap_offers::status.eq("open"))
        .filter(swap_slots::removed_at.is_null())
        .filter(swap_slots::starts_at.gt(now))
        .order(swap_slots::starts_at)
        .limit(10)
        .select((swap_offers::id, swap_offers::title, swap_slots::starts_at))
        .load(conn)?;
    let mut out: Vec<Occasion> = sessions
        .into_iter()
        .map(|(id, title, at)| Occasion {
            title,
            href: format!("/ateliers/sessions/{id}"),
            starts_at: at,
            is_workshop: true,
        })
        .chain(slots.into_iter().map(|(id, title, at)| Occasion {
            title,
            href: format!("/vis-ma-vie/offres/{id}"),
            starts_at: at,
            is_workshop: false,
        }))
        .collect();
    out.sort_by_key(|o| o.starts_at);
    Ok(out)
}
