//! Whether an agent took part in at least one Passerelles activity in the
//! 12 months before answering: a confirmed Vis ma vie swap (visitor or
//! host), a workshop session attended, presented or co-facilitated, or an
//! initiative's team (its author, or a member accepted). Only this yes/no
//! is stored with an answer.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::schema::{
    initiative_members, initiatives, swap_offers, swap_requests, swap_slots,
    workshop_participations, workshop_sessions,
};

/// The look-back window, in months.
pub const MONTHS: u32 = 12;

/// Whether `agent_id` took part in an activity between `now` − 12 months and `now`.
pub fn took_part(conn: &mut AnyConnection, agent_id: i32, now: NaiveDateTime) -> QueryResult<bool> {
    let since = now
        .checked_sub_months(chrono::Months::new(MONTHS))
        .unwrap_or(now);
    let swaps: i64 = swap_requests::table
        .inner_join(swap_slots::table)
        .inner_join(swap_offers::table)
        .filter(swap_requests::status.eq("confirmed"))
        .filter(
            swap_requests::visitor_id
                .eq(agent_id)
                .or(swap_offers::host_id.eq(agent_id)),
        )
        .filter(swap_slots::starts_at.ge(since))
        .filter(swap_slots::starts_at.lt(now))
        .count()
        .get_result(conn)?;
    if swaps > 0 {
        return Ok(true);
    }
    let sessions: i64 = workshop_participations::table
        .inner_join(workshop_sessions::table)
        .filter(workshop_participations::agent_id.eq(agent_id))
        .filter(workshop_participations::role.eq_any([
            "presenting",
            "co_facilitating",
            "attending",
        ]))
        .filter(workshop_sessions::cancelled_at.is_null())
        .filter(workshop_sessions::starts_at.ge(since))
        .filter(workshop_sessions::starts_at.lt(now))
        .count()
        .get_result(conn)?;
    if sessions > 0 {
        return Ok(true);
    }
    let authored: i64 = initiatives::table
        .filter(initiatives::author_id.eq(agent_id))
        .filter(initiatives::created_at.ge(since))
        .filter(initiatives::created_at.lt(now))
        .count()
        .get_result(conn)?;
    if authored > 0 {
        return Ok(true);
    }
    let member: i64 = initiative_members::table
        .filter(initiative_members::agent_id.eq(agent_id))
        .filter(initiative_members::state.eq("accepted"))
        .filter(initiative_members::decided_at.lt(now))
        .filter(
            initiative_members::left_at
                .is_null()
                .or(initiative_members::left_at.ge(since)),
        )
        .count()
        .get_result(conn)?;
    Ok(member > 0)
}
