//! Reads for the pages: an agent's (or a team's) assessments, validations,
//! evidence and goals, each in one query whatever the number of skills or people.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::framework;
use super::model::{Evidence, Goal, Skill, SkillVersion};
use crate::db::AnyConnection;
use crate::schema::{
    agents, skill_assessments, skill_evidence, skill_goals, skill_validations, skill_versions,
};

/// One dated level (self-assessed or validated), with the wording it was made on.
#[derive(Debug, Clone)]
pub struct Point {
    pub agent_id: i32,
    pub skill_id: i32,
    pub at: NaiveDateTime,
    pub level: i32,
    pub version: i32,
    pub comment: Option<String>,
    /// Who validated (validations only).
    pub by: Option<String>,
}

/// Everything about one skill for one agent.
#[derive(Debug, Clone)]
pub struct SkillTrack {
    pub skill: Skill,
    pub current: SkillVersion,
    pub assessments: Vec<Point>,
    pub validations: Vec<Point>,
    pub evidence: Vec<Evidence>,
    pub goals: Vec<Goal>,
}

impl SkillTrack {
    pub fn self_level(&self) -> Option<&Point> {
        self.assessments.last()
    }
    pub fn validated(&self) -> Option<&Point> {
        self.validations.last()
    }
    /// A self-assessment newer than the last validation waits for the manager.
    pub fn awaits_review(&self) -> bool {
        match (self.self_level(), self.validated()) {
            (Some(s), Some(v)) => s.at > v.at,
            (Some(_), None) => true,
            _ => false,
        }
    }
}

/// Self-assessments of some agents, oldest first.
pub fn assessments_of(conn: &mut AnyConnection, agent_ids: &[i32]) -> QueryResult<Vec<Point>> {
    let rows: Vec<(i32, i32, NaiveDateTime, i32, i32, Option<String>)> = skill_assessments::table
        .inner_join(skill_versions::table)
        .filter(skill_assessments::agent_id.eq_any(agent_ids))
        .order((skill_assessments::created_at, skill_assessments::id))
        .select((
            skill_assessments::agent_id,
            skill_assessments::skill_id,
            skill_assessments::created_at,
            skill_assessments::level,
            skill_versions::version,
            skill_assessments::comment,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(agent_id, skill_id, at, level, version, comment)| Point {
            agent_id,
            skill_id,
            at,
            level,
            version,
            comment,
            by: None,
        })
        .collect())
}

/// Validations of some agents, oldest first, with the validator's name.
pub fn validations_of(conn: &mut AnyConnection, agent_ids: &[i32]) -> QueryResult<Vec<Point>> {
    type Row = (i32, i32, NaiveDateTime, i32, i32, Option<String>, i32);
    let rows: Vec<Row> = skill_validations::table
        .inner_join(skill_versions::table)
        .filter(skill_validations::agent_id.eq_any(agent_ids))
        .order((skill_validations::created_at, skill_validations::id))
        .select((
            skill_validations::agent_id,
            skill_validations::skill_id,
            skill_validations::created_at,
            skill_validations::level,
            skill_versions::version,
            skill_validations::comment,
            skill_validations::validated_by,
        ))
        .load(conn)?;
    let mut ids: Vec<i32> = rows.iter().map(|r| r.6).collect();
    ids.sort_unstable();
    ids.dedup();
    let names: HashMap<i32, String> = agents::table
        .filter(agents::id.eq_any(&ids))
        .select((agents::id, agents::display_name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(
            |(agent_id, skill_id, at, level, version, comment, by)| Point {
                agent_id,
                skill_id,
                at,
                level,
                version,
                comment,
                by: names.get(&by).cloned(),
            },
        )
        .collect())
}

/// Evidence of some agents, newest first.
pub fn evidence_of(conn: &mut AnyConnection, agent_ids: &[i32]) -> QueryResult<Vec<Evidence>> {
    skill_evidence::table
        .filter(skill_evidence::agent_id.eq_any(agent_ids))
        .order((
            skill_evidence::occurred_at.desc(),
            skill_evidence::id.desc(),
        ))
        .select(Evidence::as_select())
        .load(conn)
}

/// Goals of some agents, by due date.
pub fn goals_of(conn: &mut AnyConnection, agent_ids: &[i32]) -> QueryResult<Vec<Goal>> {
    skill_goals::table
        .filter(skill_goals::agent_id.eq_any(agent_ids))
        .order((skill_goals::due_on, skill_goals::id))
        .select(Goal::as_select())
        .load(conn)
}

/// An agent's skills: every skill of the framework, and retired ones that
/// are in their history, in framework order.
pub fn tracks(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Vec<SkillTrack>> {
    let skills = framework::current(conn, true)?;
    let ids = [agent_id];
    let assessments = assessments_of(conn, &ids)?;
    let validations = validations_of(conn, &ids)?;
    let evidence = evidence_of(conn, &ids)?;
    let goals = goals_of(conn, &ids)?;
    Ok(skills
        .into_iter()
        .map(|(skill, current)| {
            let id = skill.id;
            SkillTrack {
                assessments: assessments
                    .iter()
                    .filter(|p| p.skill_id == id)
                    .cloned()
                    .collect(),
                validations: validations
                    .iter()
                    .filter(|p| p.skill_id == id)
                    .cloned()
                    .collect(),
                evidence: evidence
                    .iter()
                    .filter(|e| e.skill_id == id)
                    .cloned()
                    .collect(),
                goals: goals.iter().filter(|g| g.skill_id == id).cloned().collect(),
                skill,
                current,
            }
        })
        .filter(|t| {
            t.skill.retired_at.is_none()
                || !t.assessments.is_empty()
                || !t.validations.is_empty()
                || !t.evidence.is_empty()
        })
        .collect())
}

/// The latest validated level per (agent, skill).
pub fn latest_validated(points: &[Point]) -> HashMap<(i32, i32), i32> {
    // Points come oldest first: the last one written wins.
    points
        .iter()
        .map(|p| ((p.agent_id, p.skill_id), p.level))
        .collect()
}

/// The latest validated level of one agent for one skill.
pub fn validated_level(
    conn: &mut AnyConnection,
    agent_id: i32,
    skill_id: i32,
) -> QueryResult<Option<i32>> {
    skill_validations::table
        .filter(skill_validations::agent_id.eq(agent_id))
        .filter(skill_validations::skill_id.eq(skill_id))
        .order((
            skill_validations::created_at.desc(),
            skill_validations::id.desc(),
        ))
        .select(skill_validations::level)
        .first(conn)
        .optional()
}
