//! Skills rows on top of the participation dataset (`dataset.rs`), whose
//! right answers are known. The period under review is the first half of
//! 2026 in Paris time, ending 2026-06-30 22:00 UTC; the 12 months that end
//! with it start on 2025-06-30 22:00 UTC (Paris midnight of 1 July 2025).
//! The previous period ends 2025-12-31 23:00 UTC, its 12 months start
//! 2024-12-31 23:00 UTC.
//!
//! Skills: X = "transversalite", Y = "communiquer". Validated levels
//! (expected at the end of the period, active agents only):
//! - alice (Voirie) X: 1 on 2025-03-01, 2 at 2025-06-30 22:00:00 exactly —
//!   the first instant of the 12 months: she moved up (1 → 2);
//! - chloe (Sport) X: 1 on 2025-03-01, 3 at 2025-06-30 21:59:59 — one
//!   second before the 12 months: no rise within them (3 → 3);
//! - farid (now Culture, was Voirie) X: 2 on 2025-09-01, a first validation:
//!   no rise; Y: 1 on 2025-02-01, 3 on 2026-03-01: moved up, under Culture;
//! - gina (Sport) X: 1 on 2025-05-01, 3 on 2026-05-01, lowered to 2 on
//!   2026-06-01: her level is 2 (the latest, not the highest), moved up;
//! - david (Finances) Y: 1 on 2026-01-10, 4 on 2026-07-15 (after the end);
//! - emma (inactive) X: 1 then 3: never counted.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use passerelles::db::AnyConnection;
use passerelles::schema::*;

use super::dataset::{utc, Ids};
use crate::harness::TestApp;

/// The two skills the dataset uses.
#[derive(Debug, Clone, Copy)]
pub struct Skills {
    pub x: i32,
    pub y: i32,
}

fn skill(conn: &mut AnyConnection, code: &str) -> QueryResult<(i32, i32)> {
    skills::table
        .inner_join(
            skill_versions::table.on(skill_versions::skill_id
                .eq(skills::id)
                .and(skill_versions::version.eq(skills::current_version))),
        )
        .filter(skills::code.eq(code))
        .select((skills::id, skill_versions::id))
        .first(conn)
}

fn validation(
    conn: &mut AnyConnection,
    (agent, skill, version): (i32, i32, i32),
    level: i32,
    by: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(skill_validations::table)
        .values((
            skill_validations::agent_id.eq(agent),
            skill_validations::skill_id.eq(skill),
            skill_validations::version_id.eq(version),
            skill_validations::level.eq(level),
            skill_validations::validated_by.eq(by),
            skill_validations::created_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

fn assessment(
    conn: &mut AnyConnection,
    (agent, skill, version): (i32, i32, i32),
    level: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(skill_assessments::table)
        .values((
            skill_assessments::agent_id.eq(agent),
            skill_assessments::skill_id.eq(skill),
            skill_assessments::version_id.eq(version),
            skill_assessments::level.eq(level),
            skill_assessments::created_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

fn goal(
    conn: &mut AnyConnection,
    (agent, skill): (i32, i32),
    target: i32,
    set_by: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(skill_goals::table)
        .values((
            skill_goals::agent_id.eq(agent),
            skill_goals::skill_id.eq(skill),
            skill_goals::target_level.eq(target),
            skill_goals::due_on.eq(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
            skill_goals::set_by.eq(set_by),
            skill_goals::created_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

fn campaign(
    conn: &mut AnyConnection,
    title: &str,
    (from, to): (NaiveDate, NaiveDate),
    services: &[i32],
    by: i32,
) -> QueryResult<i32> {
    let id = diesel::insert_into(skill_campaigns::table)
        .values((
            skill_campaigns::title.eq(title),
            skill_campaigns::message.eq("Évaluez-vous"),
            skill_campaigns::starts_on.eq(from),
            skill_campaigns::ends_on.eq(to),
            skill_campaigns::all_services.eq(services.is_empty()),
            skill_campaigns::opened_by.eq(by),
            skill_campaigns::created_at.eq(from.and_hms_opt(8, 0, 0).unwrap()),
        ))
        .returning(skill_campaigns::id)
        .get_result(conn)?;
    for service in services {
        diesel::insert_into(skill_campaign_services::table)
            .values((
                skill_campaign_services::campaign_id.eq(id),
                skill_campaign_services::service_id.eq(service),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Writes the skills rows.
pub fn write(conn: &mut AnyConnection, ids: &Ids) -> QueryResult<Skills> {
    let (x, xv) = skill(conn, "transversalite")?;
    let (y, yv) = skill(conn, "communiquer")?;
    let by = ids.bruno;
    let ax = (ids.alice, x, xv);
    let cx = (ids.chloe, x, xv);
    let fx = (ids.farid, x, xv);
    let fy = (ids.farid, y, yv);
    let gx = (ids.gina, x, xv);
    let dy = (ids.david, y, yv);
    let dx = (ids.david, x, xv);
    let ex = (ids.emma, x, xv);
    let ay = (ids.alice, y, yv);

    validation(conn, ax, 1, by, utc(2025, 3, 1, 10, 0, 0))?;
    validation(conn, ax, 2, by, utc(2025, 6, 30, 22, 0, 0))?;
    validation(conn, cx, 1, by, utc(2025, 3, 1, 10, 0, 0))?;
    validation(conn, cx, 3, by, utc(2025, 6, 30, 21, 59, 59))?;
    validation(conn, fx, 2, by, utc(2025, 9, 1, 10, 0, 0))?;
    validation(conn, fy, 1, by, utc(2025, 2, 1, 10, 0, 0))?;
    validation(conn, fy, 3, by, utc(2026, 3, 1, 10, 0, 0))?;
    validation(conn, gx, 1, by, utc(2025, 5, 1, 10, 0, 0))?;
    validation(conn, gx, 3, by, utc(2026, 5, 1, 10, 0, 0))?;
    validation(conn, gx, 2, by, utc(2026, 6, 1, 10, 0, 0))?;
    validation(conn, dy, 4, by, utc(2026, 7, 15, 10, 0, 0))?;
    validation(conn, dy, 1, by, utc(2026, 1, 10, 10, 0, 0))?;
    validation(conn, ex, 1, by, utc(2025, 1, 1, 10, 0, 0))?;
    validation(conn, ex, 3, by, utc(2026, 2, 1, 10, 0, 0))?;

    // Self-assessments (latest before the end, against the validated level):
    // alice X 3 vs 2 above; chloe X 3 vs 3 equal; farid Y 2 vs 3 below (his
    // 4 comes after the end); gina X 4 vs 2 above; david X has no validated
    // level; emma is inactive. alice Y has no validated level either.
    assessment(conn, ax, 3, utc(2026, 2, 1, 10, 0, 0))?;
    assessment(conn, cx, 3, utc(2025, 5, 1, 10, 0, 0))?;
    assessment(conn, cx, 3, utc(2026, 6, 25, 10, 0, 0))?;
    assessment(conn, fy, 2, utc(2026, 1, 5, 10, 0, 0))?;
    assessment(conn, fy, 4, utc(2026, 7, 1, 10, 0, 0))?;
    assessment(conn, gx, 4, utc(2026, 3, 1, 10, 0, 0))?;
    assessment(conn, dx, 2, utc(2026, 2, 1, 10, 0, 0))?;
    assessment(conn, ex, 4, utc(2026, 2, 1, 10, 0, 0))?;
    assessment(conn, ay, 2, utc(2026, 3, 15, 10, 0, 0))?;

    // Goals set in the period: alice X 3 (never met), farid Y 3 (met on
    // 2026-03-01), gina X 3 (met on 2026-05-01, lowered since: still met),
    // david Y 4 (met after the end); emma's does not count; alice Y, one
    // second before the period, belongs to the previous one.
    goal(
        conn,
        (ids.alice, x),
        3,
        ids.alice,
        utc(2026, 1, 15, 10, 0, 0),
    )?;
    goal(conn, (ids.farid, y), 3, by, utc(2026, 2, 1, 10, 0, 0))?;
    goal(conn, (ids.gina, x), 3, ids.gina, utc(2026, 4, 1, 10, 0, 0))?;
    goal(
        conn,
        (ids.david, y),
        4,
        ids.david,
        utc(2026, 6, 1, 10, 0, 0),
    )?;
    goal(conn, (ids.emma, x), 3, ids.emma, utc(2026, 1, 20, 10, 0, 0))?;
    goal(
        conn,
        (ids.alice, y),
        2,
        ids.alice,
        utc(2025, 12, 31, 22, 59, 59),
    )?;

    // Campaigns: spring 2026 for everyone (gina and alice assess, farid is
    // validated during it); autumn 2025 (outside the period); summer 2026
    // for Sport (chloe assesses).
    campaign(
        conn,
        "Printemps 2026",
        (day(2026, 3, 1), day(2026, 3, 31)),
        &[],
        by,
    )?;
    campaign(
        conn,
        "Automne 2025",
        (day(2025, 10, 1), day(2025, 10, 31)),
        &[ids.voirie, ids.culture],
        by,
    )?;
    campaign(
        conn,
        "Été 2026",
        (day(2026, 6, 20), day(2026, 7, 10)),
        &[ids.sport],
        by,
    )?;
    Ok(Skills { x, y })
}

/// Writes the skills rows in the app's database.
pub async fn load(app: &TestApp, ids: Ids) -> Skills {
    app.db()
        .run(move |conn| Ok(write(conn, &ids)?))
        .await
        .expect("the skills rows are written")
}
