//! Who may see or do what with someone's skills. Each rule is one function,
//! used both by the pages (what they show) and by the actions (what the
//! server accepts).
//!
//! - the agent sees and edits their own assessments, evidence and goals;
//! - their manager (the active agent whose `dn` is their directory
//!   `manager`) sees them, validates levels and agrees goals;
//! - HR reads everyone's and edits the framework;
//! - élus and admins see no individual skills, unless also HR or the manager.

use diesel::prelude::*;

use crate::agents::Agent;
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult};
use crate::schema::agents;

/// Whether `viewer` manages `agent` (is named as their manager in the directory).
pub fn is_manager_of(viewer: &Agent, agent: &Agent) -> bool {
    viewer.id != agent.id && agent.manager_dn.as_deref() == Some(viewer.dn.as_str())
}

/// Whether `viewer` may read `agent`'s skills (levels, evidence, goals, passport).
pub fn may_read(viewer: &Agent, agent: &Agent) -> bool {
    viewer.id == agent.id || viewer.is_rh || is_manager_of(viewer, agent)
}

/// Whether `viewer` may record a validated level for `agent`.
pub fn may_validate(viewer: &Agent, agent: &Agent) -> bool {
    is_manager_of(viewer, agent)
}

/// Whether `viewer` may set a goal for `agent` (the agent or their manager).
pub fn may_set_goal(viewer: &Agent, agent: &Agent) -> bool {
    viewer.id == agent.id || is_manager_of(viewer, agent)
}

/// Whether `viewer` edits the framework and runs campaigns.
pub fn is_hr(viewer: &Agent) -> bool {
    viewer.is_rh
}

/// Refuses with 403 unless the viewer is HR.
pub fn require_hr(viewer: &Agent) -> AppResult<()> {
    if is_hr(viewer) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// An agent by id (404 when unknown).
pub fn agent(conn: &mut AnyConnection, id: i32) -> AppResult<Agent> {
    agents::table
        .find(id)
        .select(Agent::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

/// An agent `viewer` may read (403 otherwise, 404 when unknown).
pub fn readable_agent(conn: &mut AnyConnection, viewer: &Agent, id: i32) -> AppResult<Agent> {
    let agent = agent(conn, id)?;
    if may_read(viewer, &agent) {
        Ok(agent)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The active members of `manager`'s team, by name.
pub fn team_of(conn: &mut AnyConnection, manager: &Agent) -> QueryResult<Vec<Agent>> {
    crate::agents::team_of(conn, manager)
}
