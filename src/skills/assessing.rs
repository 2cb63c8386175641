//! Self-assessments and manager validations. Every one is kept, dated, and
//! points at the wording it was made on; neither overwrites the other.

use crate::skills::links;
use diesel::prelude::*;

use super::access;
use super::framework;
use super::model::Level;
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::{agents, skill_assessments, skill_validations};

/// The skill must still be in the framework to be assessed.
fn live_version(conn: &mut AnyConnection, skill_id: i32) -> AppResult<(i32, String)> {
    let (skill, version) = framework::find(conn, skill_id)?;
    if skill.retired_at.is_some() {
        return Err(AppError::Invalid(
            "Cette compétence a été retirée du référentiel : elle ne peut plus être évaluée."
                .into(),
        ));
    }
    Ok((version.id, version.name))
}

/// Records the agent's own level for a skill. When nothing of theirs was
/// waiting for a validation before (every self-assessment older than the
/// last validation of its skill), their manager is told that one now is:
/// once per waiting period, however many skills the agent then assesses,
/// and again after the manager has caught up.
pub fn assess(
    conn: &mut AnyConnection,
    agent: &Agent,
    skill_id: i32,
    level: Level,
    comment: Option<String>,
) -> AppResult<i32> {
    db::write_transaction(conn, |conn| {
        let (version_id, name) = live_version(conn, skill_id)?;
        // Two saves at once by the same agent tell the manager once.
        db::lock_row(conn, "agents", agent.id)?;
        let already_waiting = super::sections::waiting_reviews(conn, &[agent.id])? > 0;
        let id = diesel::insert_into(skill_assessments::table)
            .values((
                skill_assessments::agent_id.eq(agent.id),
                skill_assessments::skill_id.eq(skill_id),
                skill_assessments::version_id.eq(version_id),
                skill_assessments::level.eq(level.value()),
                skill_assessments::comment.eq(comment),
                skill_assessments::created_at.eq(db::now()),
            ))
            .returning(skill_assessments::id)
            .get_result(conn)?;
        if !already_waiting {
            tell_managers(conn, agent, &name, level)?;
        }
        Ok(id)
    })
}

/// Tells the agent's manager (never the agent) that a self-assessment
/// waits for their validation, with a link to the agent's page in their
/// team's skills, where they validate.
fn tell_managers(
    conn: &mut AnyConnection,
    agent: &Agent,
    skill_name: &str,
    level: Level,
) -> QueryResult<()> {
    let Some(manager_dn) = &agent.manager_dn else {
        return Ok(());
    };
    let managers: Vec<i32> = agents::table
        .filter(agents::dn.eq(manager_dn))
        .filter(agents::active.eq(true))
        .filter(agents::id.ne(agent.id))
        .select(agents::id)
        .load(conn)?;
    crate::notifications::notify_all(
        conn,
        &managers,
        crate::notifications::NotificationKind::ValidationAwaited,
        &format!(
            "{} a enregistré une auto-évaluation en « {skill_name} » ({}) : votre validation est attendue.",
            agent.display_name,
            level.full_label()
        ),
        &links::member(agent.id),
    )
}

/// The refusal for a validation of someone outside the manager's team.
pub const NOT_IN_TEAM: &str =
    "Cet agent ne fait pas partie de votre équipe : vous ne pouvez pas valider son niveau.";

/// Records a manager's validated level for a member of their team; the agent is told.
pub fn validate(
    conn: &mut AnyConnection,
    manager: &Agent,
    agent_id: i32,
    skill_id: i32,
    level: Level,
    comment: Option<String>,
) -> AppResult<i32> {
    db::write_transaction(conn, |conn| {
        let agent = access::agent(conn, agent_id)?;
        if !access::may_validate(manager, &agent) {
            return Err(AppError::Invalid(NOT_IN_TEAM.into()));
        }
        let (version_id, name) = live_version(conn, skill_id)?;
        let id = diesel::insert_into(skill_validations::table)
            .values((
                skill_validations::agent_id.eq(agent.id),
                skill_validations::skill_id.eq(skill_id),
                skill_validations::version_id.eq(version_id),
                skill_validations::level.eq(level.value()),
                skill_validations::comment.eq(comment),
                skill_validations::validated_by.eq(manager.id),
                skill_validations::created_at.eq(db::now()),
            ))
            .returning(skill_validations::id)
            .get_result(conn)?;
        crate::notifications::notify(
            conn,
            agent.id,
            crate::notifications::NotificationKind::Skills,
            &format!(
                "{} a validé votre niveau en « {name} » : {}",
                manager.display_name,
                level.full_label()
            ),
            &links::skill(skill_id),
        )?;
        Ok(id)
    })
}
