//! Skills growth figures of one period, per skill and per service: the
//! distribution of validated levels, the agents who moved up over the 12
//! months ending with the period, goals set and reached, the gap between
//! self-assessed and validated levels. Each figure is one grouped SQL query
//! (a fixed number of statements whatever the data size).
//!
//! "The validated level at instant T" of an agent in a skill is their latest
//! validation before T: the validation for which no later one exists before
//! T (an anti-join on an alias of the same table). Only active agents count,
//! under the service the directory gives them today, filtered by service and
//! role like the participation figures.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::{count, count_star};
use diesel::prelude::*;

use super::model::{Filters, Period};
use super::participation::agent_matches;
use crate::db::AnyConnection;
use crate::schema::{agents, skill_assessments, skill_goals, skill_validations};

/// (skill, service) — the cell every grouped figure is counted in.
pub type Cell = (i32, Option<i32>);

/// The skills figures of one period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GrowthFigures {
    /// Active agents per (skill, service) and validated level (1–4), at the
    /// end of the period: `levels[&cell][level - 1]`.
    pub levels: HashMap<Cell, [i64; 4]>,
    /// Active agents with at least one validated level, per service.
    pub validated_agents: HashMap<Option<i32>, i64>,
    /// Agents whose validated level rose over the 12 months ending with the
    /// period, per (skill, service).
    pub risen: HashMap<Cell, i64>,
    /// The same, agents counted once per service whatever their skills.
    pub risen_agents: HashMap<Option<i32>, i64>,
    /// Goals set during the period, per (skill, service).
    pub goals_set: HashMap<Cell, i64>,
    /// Of those, goals a validation met before the period's end.
    pub goals_reached: HashMap<Cell, i64>,
    /// (self-assessed level, validated level) → agents, per (skill, service),
    /// for agents who have both at the end of the period.
    pub gaps: HashMap<Cell, HashMap<(i32, i32), i64>>,
}

diesel::alias!(
    skill_validations as newer_v: NewerValidation,
    skill_validations as earlier_v: EarlierValidation,
    skill_validations as newer_earlier_v: NewerEarlierValidation,
);
diesel::alias!(skill_assessments as newer_a: NewerAssessment);

// The grouped queries below group by columns of several tables.
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    agents::service_id,
    skill_validations::skill_id
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    agents::service_id,
    skill_validations::level
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    agents::service_id,
    skill_assessments::skill_id
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    agents::service_id,
    skill_assessments::level
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    skill_validations::level,
    skill_assessments::skill_id
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    skill_validations::level,
    skill_assessments::level
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(agents::service_id, skill_goals::skill_id);

/// A column of the table itself (`table`) or of one of its aliases.
macro_rules! field {
    (table, $t:ident, $c:ident) => {
        $t::$c
    };
    ($alias:ident, $t:ident, $c:ident) => {
        $alias.field($t::$c)
    };
}

/// The ON condition that finds, for the row `$latest` (`table` or an
/// alias), a row `$newer` of the same agent and skill given after it and
/// before `$before`: where none is found, `$latest` is the latest before
/// `$before`.
macro_rules! newer_than {
    ($t:ident, $latest:ident, $newer:ident, $before:expr) => {
        $newer
            .field($t::agent_id)
            .eq(field!($latest, $t, agent_id))
            .and($newer.field($t::skill_id).eq(field!($latest, $t, skill_id)))
            .and($newer.field($t::created_at).lt($before))
            .and(
                $newer
                    .field($t::created_at)
                    .gt(field!($latest, $t, created_at))
                    .or($newer
                        .field($t::created_at)
                        .eq(field!($latest, $t, created_at))
                        .and($newer.field($t::id).gt(field!($latest, $t, id)))),
            )
    };
}

/// Reads every skills figure of `filters.period` (seven statements).
pub fn figures(
    conn: &mut AnyConnection,
    filters: &Filters,
    tz: chrono_tz::Tz,
) -> QueryResult<GrowthFigures> {
    let (start, end) = filters.period.bounds(tz);
    let (year_start, _) = Period::last_twelve_months(filters.period.to).bounds(tz);
    let mut f = GrowthFigures::default();
    levels(conn, filters, end, &mut f)?;
    risen(conn, filters, year_start, end, &mut f)?;
    goals(conn, filters, start, end, &mut f)?;
    gaps(conn, filters, end, &mut f)?;
    Ok(f)
}

fn levels(
    conn: &mut AnyConnection,
    filters: &Filters,
    end: NaiveDateTime,
    f: &mut GrowthFigures,
) -> QueryResult<()> {
    let latest = || {
        skill_validations::table
            .left_join(newer_v.on(newer_than!(skill_validations, table, newer_v, end)))
            .inner_join(agents::table.on(agents::id.eq(skill_validations::agent_id)))
            .filter(skill_validations::created_at.lt(end))
            .filter(newer_v.field(skill_validations::id).is_null())
            .filter(agents::active.eq(true))
            .filter(agent_matches!(filters))
    };
    let rows: Vec<(i32, Option<i32>, i32, i64)> = latest()
        .group_by((
            skill_validations::skill_id,
            agents::service_id,
            skill_validations::level,
        ))
        .select((
            skill_validations::skill_id,
            agents::service_id,
            skill_validations::level,
            count_star(),
        ))
        .load(conn)?;
    for (skill, service, level, n) in rows {
        if let Some(slot) = usize::try_from(level - 1).ok().filter(|l| *l < 4) {
            f.levels.entry((skill, service)).or_insert([0; 4])[slot] += n;
        }
    }
    let people: Vec<(Option<i32>, i64)> = latest()
        .group_by(agents::service_id)
        .select((
            agents::service_id,
            count(skill_validations::agent_id).aggregate_distinct(),
        ))
        .load(conn)?;
    f.validated_agents = people.into_iter().collect();
    Ok(())
}

/// Validated level at `end` higher than at `year_start` (an agent with no
/// validated level at the start has not "moved up": a first validation
/// records a level, it does not show growth).
fn risen(
    conn: &mut AnyConnection,
    filters: &Filters,
    year_start: NaiveDateTime,
    end: NaiveDateTime,
    f: &mut GrowthFigures,
) -> QueryResult<()> {
    let rising = || {
        skill_validations::table
            .left_join(newer_v.on(newer_than!(skill_validations, table, newer_v, end)))
            .inner_join(
                earlier_v.on(earlier_v
                    .field(skill_validations::agent_id)
                    .eq(skill_validations::agent_id)
                    .and(
                        earlier_v
                            .field(skill_validations::skill_id)
                            .eq(skill_validations::skill_id),
                    )
                    .and(
                        earlier_v
                            .field(skill_validations::created_at)
                            .lt(year_start),
                    )),
            )
            .left_join(newer_earlier_v.on(newer_than!(
                skill_validations,
                earlier_v,
                newer_earlier_v,
                year_start
            )))
            .inner_join(agents::table.on(agents::id.eq(skill_validations::agent_id)))
            .filter(skill_validations::created_at.lt(end))
            .filter(newer_v.field(skill_validations::id).is_null())
            .filter(newer_earlier_v.field(skill_validations::id).is_null())
            .filter(skill_validations::level.gt(earlier_v.field(skill_validations::level)))
            .filter(agents::active.eq(true))
            .filter(agent_matches!(filters))
    };
    let rows: Vec<(i32, Option<i32>, i64)> = rising()
        .group_by((skill_validations::skill_id, agents::service_id))
        .select((
            skill_validations::skill_id,
            agents::service_id,
            count_star(),
        ))
        .load(conn)?;
    f.risen = rows.into_iter().map(|(s, v, n)| ((s, v), n)).collect();
    let people: Vec<(Option<i32>, i64)> = rising()
        .group_by(agents::service_id)
        .select((
            agents::service_id,
            count(skill_validations::agent_id).aggregate_distinct(),
        ))
        .load(conn)?;
    f.risen_agents = people.into_iter().collect();
    Ok(())
}

/// Goals set in `[start, end)`, and those a validation at or above the
/// target met after the goal was set and before `end`.
fn goals(
    conn: &mut AnyConnection,
    filters: &Filters,
    start: NaiveDateTime,
    end: NaiveDateTime,
    f: &mut GrowthFigures,
) -> QueryResult<()> {
    let set: Vec<(i32, Option<i32>, i64)> = skill_goals::table
        .inner_join(agents::table)
        .filter(skill_goals::created_at.ge(start))
        .filter(skill_goals::created_at.lt(end))
        .filter(agents::active.eq(true))
        .filter(agent_matches!(filters))
        .group_by((skill_goals::skill_id, agents::service_id))
        .select((skill_goals::skill_id, agents::service_id, count_star()))
        .load(conn)?;
    f.goals_set = set.into_iter().map(|(s, v, n)| ((s, v), n)).collect();
    let reached: Vec<(i32, Option<i32>, i64)> = skill_goals::table
        .inner_join(agents::table)
        .inner_join(
            skill_validations::table.on(skill_validations::agent_id
                .eq(skill_goals::agent_id)
                .and(skill_validations::skill_id.eq(skill_goals::skill_id))
                .and(skill_validations::level.ge(skill_goals::target_level))
                .and(skill_validations::created_at.ge(skill_goals::created_at))
                .and(skill_validations::created_at.lt(end))),
        )
        .filter(skill_goals::created_at.ge(start))
        .filter(skill_goals::created_at.lt(end))
        .filter(agents::active.eq(true))
        .filter(agent_matches!(filters))
        .group_by((skill_goals::skill_id, agents::service_id))
        .select((
            skill_goals::skill_id,
            agents::service_id,
            count(skill_goals::id).aggregate_distinct(),
        ))
        .load(conn)?;
    f.goals_reached = reached.into_iter().map(|(s, v, n)| ((s, v), n)).collect();
    Ok(())
}

/// The latest self-assessment and the latest validation before `end`, side
/// by side, counted per pair of levels.
fn gaps(
    conn: &mut AnyConnection,
    filters: &Filters,
    end: NaiveDateTime,
    f: &mut GrowthFigures,
) -> QueryResult<()> {
    let rows: Vec<(i32, Option<i32>, i32, i32, i64)> = skill_assessments::table
        .left_join(newer_a.on(newer_than!(skill_assessments, table, newer_a, end)))
        .inner_join(
            skill_validations::table.on(skill_validations::agent_id
                .eq(skill_assessments::agent_id)
                .and(skill_validations::skill_id.eq(skill_assessments::skill_id))
                .and(skill_validations::created_at.lt(end))),
        )
        .left_join(newer_v.on(newer_than!(skill_validations, table, newer_v, end)))
        .inner_join(agents::table.on(agents::id.eq(skill_assessments::agent_id)))
        .filter(skill_assessments::created_at.lt(end))
        .filter(newer_a.field(skill_assessments::id).is_null())
        .filter(newer_v.field(skill_validations::id).is_null())
        .filter(agents::active.eq(true))
        .filter(agent_matches!(filters))
        .group_by((
            skill_assessments::skill_id,
            agents::service_id,
            skill_assessments::level,
            skill_validations::level,
        ))
        .select((
            skill_assessments::skill_id,
            agents::service_id,
            skill_assessments::level,
            skill_validations::level,
            count_star(),
        ))
        .load(conn)?;
    for (skill, service, own, validated, n) in rows {
        *f.gaps
            .entry((skill, service))
            .or_default()
            .entry((own, validated))
            .or_insert(0) += n;
    }
    Ok(())
}
