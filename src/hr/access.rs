//! Who may see what: one function per rule, used by the pages (which links
//! show) and by the routes (what the server answers).

use crate::agents::roles::Role;
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};

/// HR reviews participation, opens individual records and exports them.
pub fn may_review(signed_in: &SignedIn) -> bool {
    signed_in.roles().has(Role::Rh)
}

/// Élus, HR and administrators see the aggregate dashboard.
pub fn may_steer(signed_in: &SignedIn) -> bool {
    let roles = signed_in.roles();
    roles.has(Role::Elu) || roles.has(Role::Rh) || roles.has(Role::Admin)
}

/// Administrators read the whole audit log.
pub fn may_read_whole_audit(signed_in: &SignedIn) -> bool {
    signed_in.roles().has(Role::Admin)
}

/// HR reads its own entries of the audit log (what it viewed and exported).
pub fn may_read_own_audit(signed_in: &SignedIn) -> bool {
    signed_in.roles().has(Role::Rh)
}

/// Refuses unless [`may_review`].
pub fn require_review(signed_in: &SignedIn) -> AppResult<()> {
    may_review(signed_in)
        .then_some(())
        .ok_or(AppError::Forbidden)
}

/// Refuses unless [`may_steer`].
pub fn require_steer(signed_in: &SignedIn) -> AppResult<()> {
    may_steer(signed_in)
        .then_some(())
        .ok_or(AppError::Forbidden)
}
