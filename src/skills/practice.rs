//! The skills a workshop or a Vis ma vie offer says it practises: a small
//! link table each, chosen by the organiser or host from the framework.

use std::collections::HashMap;

use diesel::prelude::*;

use super::framework;
use super::views::SelectOption;
use crate::db::AnyConnection;
use crate::schema::{swap_offer_skills, workshop_skills};

/// The framework's live skills as options for a multi-select (no empty option).
pub fn skill_options(conn: &mut AnyConnection) -> QueryResult<Vec<SelectOption>> {
    Ok(framework::current(conn, false)?
        .into_iter()
        .map(|(s, v)| SelectOption::new(s.id.to_string(), v.name))
        .collect())
}

/// Keeps only ids of live skills.
fn live(conn: &mut AnyConnection, ids: &[i32]) -> QueryResult<Vec<i32>> {
    let known: Vec<i32> = framework::current(conn, false)?
        .into_iter()
        .map(|(s, _)| s.id)
        .collect();
    let mut ids: Vec<i32> = ids.iter().copied().filter(|i| known.contains(i)).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Replaces the skills a workshop practises.
pub fn set_for_workshop(
    conn: &mut AnyConnection,
    workshop_id: i32,
    skill_ids: &[i32],
) -> QueryResult<()> {
    let ids = live(conn, skill_ids)?;
    diesel::delete(workshop_skills::table.filter(workshop_skills::workshop_id.eq(workshop_id)))
        .execute(conn)?;
    for id in ids {
        diesel::insert_into(workshop_skills::table)
            .values((
                workshop_skills::workshop_id.eq(workshop_id),
                workshop_skills::skill_id.eq(id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Replaces the skills an offer practises.
pub fn set_for_offer(
    conn: &mut AnyConnection,
    offer_id: i32,
    skill_ids: &[i32],
) -> QueryResult<()> {
    let ids = live(conn, skill_ids)?;
    diesel::delete(swap_offer_skills::table.filter(swap_offer_skills::offer_id.eq(offer_id)))
        .execute(conn)?;
    for id in ids {
        diesel::insert_into(swap_offer_skills::table)
            .values((
                swap_offer_skills::offer_id.eq(offer_id),
                swap_offer_skills::skill_id.eq(id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The skill ids a workshop practises.
pub fn of_workshop(conn: &mut AnyConnection, workshop_id: i32) -> QueryResult<Vec<i32>> {
    workshop_skills::table
        .filter(workshop_skills::workshop_id.eq(workshop_id))
        .select(workshop_skills::skill_id)
        .load(conn)
}

/// The skill ids an offer practises.
pub fn of_offer(conn: &mut AnyConnection, offer_id: i32) -> QueryResult<Vec<i32>> {
    swap_offer_skills::table
        .filter(swap_offer_skills::offer_id.eq(offer_id))
        .select(swap_offer_skills::skill_id)
        .load(conn)
}

/// Names of skills by id (current wording), for showing what is practised.
pub fn names(conn: &mut AnyConnection) -> QueryResult<HashMap<i32, String>> {
    Ok(framework::current(conn, true)?
        .into_iter()
        .map(|(s, v)| (s.id, v.name))
        .collect())
}
