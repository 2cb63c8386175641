//! Demo content: filled in a later step.

use crate::db::AnyConnection;
use crate::error::AppResult;

/// Seeds the skills demo content.
pub fn seed_demo(_conn: &mut AnyConnection) -> AppResult<()> {
    Ok(())
}
