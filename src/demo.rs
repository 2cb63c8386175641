//! Demo content for a fresh database (`demo = true`, debug profile only),
//! so that a newcomer sees a living intranet. Each feature adds its part.

use diesel::prelude::*;

use crate::agents;
use crate::agents::Person;
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::schema::app_flags;

const FLAG: &str = "demo_content";

/// Whether the demo content (or a generated city) is already there: a start
/// then need not read the whole directory.
pub fn already_seeded(conn: &mut AnyConnection) -> AppResult<bool> {
    Ok(app_flags::table
        .find(FLAG)
        .select(app_flags::name)
        .get_result::<String>(conn)
        .optional()?
        .is_some())
}

/// Fills the database once: agents and services from the directory, then
/// each feature's demo content. Does nothing if it ran before.
pub fn seed(conn: &mut AnyConnection, people: &[Person]) -> AppResult<bool> {
    db::write_transaction(conn, |conn| {
        if already_seeded(conn)? {
            return Ok(false);
        }
        for person in people {
            agents::upsert_from_directory(conn, person)?;
        }
        crate::swaps::seed_demo(conn)?;
        crate::workshops::seed_demo(conn)?;
        crate::initiatives::seed_demo(conn)?;
        crate::hr::demo::seed_demo(conn)?;
        crate::hr::demo::seed_previous_year(conn)?;
        crate::skills::seed_demo(conn)?;
        crate::barometer::seed_demo(conn)?;
        crate::mail::demo::seed_demo(conn)?;
        crate::audit::record(conn, None, "démonstration", "contenu de démonstration créé")?;
        diesel::insert_into(app_flags::table)
            .values((app_flags::name.eq(FLAG), app_flags::set_at.eq(db::now())))
            .execute(conn)?;
        Ok(true)
    })
}
