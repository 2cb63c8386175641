//! Who may do what with the barometer: one function per rule.

use crate::agents::Agent;
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};

/// HR creates, changes and closes waves, reads results and comments.
pub fn may_manage(agent: &Agent) -> bool {
    agent.is_rh
}

/// Refuses unless [`may_manage`].
pub fn require_manage(agent: &Agent) -> AppResult<()> {
    may_manage(agent).then_some(()).ok_or(AppError::Forbidden)
}

/// Élus (and HR, admins) read the aggregates on `/pilotage`, never the comments.
pub fn require_steer(signed_in: &SignedIn) -> AppResult<()> {
    crate::hr::access::require_steer(signed_in)
}

/// Every active agent may answer an open wave, once.
pub fn may_answer(agent: &Agent) -> bool {
    agent.active
}
