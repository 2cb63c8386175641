//! A small hand-built dataset whose right answers are known (written out in
//! `expected` comments next to each row). The period under review is the
//! first half of 2026 in Paris time: from 2025-12-31 23:00 UTC (included)
//! to 2026-06-30 22:00 UTC (excluded); the previous period of the same
//! length (181 days) runs from 2025-07-04 to 2025-12-31.
//!
//! Services: Voirie (V), Culture (C), Sport (S), Finances (F).
//! Agents: alice (V), bruno (C, manager), chloe (S, élue), david (F, never
//! takes part but did not come to a session he had registered for), emma (V,
//! left: inactive), farid (now C, was V when he visited S), gina (S, host).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use passerelles::db::AnyConnection;
use passerelles::schema::*;

use crate::harness::TestApp;

pub fn utc(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, mi, s)
        .unwrap()
}

/// The ids the tests need.
#[derive(Debug, Clone, Copy)]
pub struct Ids {
    pub voirie: i32,
    pub culture: i32,
    pub sport: i32,
    pub finances: i32,
    pub alice: i32,
    pub bruno: i32,
    pub chloe: i32,
    pub david: i32,
    pub emma: i32,
    pub farid: i32,
    pub gina: i32,
    pub i1: i32,
}

fn service(conn: &mut AnyConnection, name: &str) -> QueryResult<i32> {
    passerelles::agents::service_id_for(conn, name)
}

fn agent(
    conn: &mut AnyConnection,
    username: &str,
    name: &str,
    service: i32,
    roles: (bool, bool),
    active: bool,
) -> QueryResult<i32> {
    let at = utc(2025, 1, 1, 0, 0, 0);
    diesel::insert_into(agents::table)
        .values((
            agents::username.eq(username),
            agents::dn.eq(format!("uid={username},ou=people,dc=bourges,dc=fr")),
            agents::display_name.eq(name),
            agents::service_id.eq(Some(service)),
            agents::is_manager.eq(roles.0),
            agents::is_elu.eq(roles.1),
            agents::active.eq(active),
            agents::created_at.eq(at),
            agents::updated_at.eq(at),
        ))
        .returning(agents::id)
        .get_result(conn)
}

fn offer(conn: &mut AnyConnection, host: i32, service: i32) -> QueryResult<i32> {
    let at = utc(2025, 6, 1, 0, 0, 0);
    diesel::insert_into(swap_offers::table)
        .values((
            swap_offers::host_id.eq(host),
            swap_offers::service_id.eq(service),
            swap_offers::created_by.eq(host),
            swap_offers::title.eq("Une journée avec nous"),
            swap_offers::activities.eq("Le travail de tous les jours"),
            swap_offers::place.eq("Bourges"),
            swap_offers::duration.eq("day"),
            swap_offers::status.eq("open"),
            swap_offers::created_at.eq(at),
            swap_offers::updated_at.eq(at),
        ))
        .returning(swap_offers::id)
        .get_result(conn)
}

#[allow(clippy::too_many_arguments)]
fn request(
    conn: &mut AnyConnection,
    offer: i32,
    visitor: i32,
    visitor_service: i32,
    status: &str,
    created: NaiveDateTime,
    approved: Option<NaiveDateTime>,
    slot_start: NaiveDateTime,
    reciprocated: bool,
) -> QueryResult<i32> {
    let slot: i32 = diesel::insert_into(swap_slots::table)
        .values((
            swap_slots::offer_id.eq(offer),
            swap_slots::starts_at.eq(slot_start),
            swap_slots::ends_at.eq(slot_start + chrono::Duration::hours(4)),
            swap_slots::capacity.eq(1),
            swap_slots::taken.eq(0),
            swap_slots::created_at.eq(created),
        ))
        .returning(swap_slots::id)
        .get_result(conn)?;
    diesel::insert_into(swap_requests::table)
        .values((
            swap_requests::offer_id.eq(offer),
            swap_requests::slot_id.eq(slot),
            swap_requests::visitor_id.eq(visitor),
            swap_requests::visitor_service_id.eq(Some(visitor_service)),
            swap_requests::motivation.eq("Découvrir"),
            swap_requests::status.eq(status),
            swap_requests::approved_at.eq(approved),
            swap_requests::reciprocated_at.eq(reciprocated.then_some(slot_start)),
            swap_requests::created_at.eq(created),
            swap_requests::updated_at.eq(created),
        ))
        .returning(swap_requests::id)
        .get_result(conn)
}

fn session(
    conn: &mut AnyConnection,
    workshop: i32,
    starts: NaiveDateTime,
    cancelled: bool,
) -> QueryResult<i32> {
    diesel::insert_into(workshop_sessions::table)
        .values((
            workshop_sessions::workshop_id.eq(workshop),
            workshop_sessions::starts_at.eq(starts),
            workshop_sessions::ends_at.eq(starts + chrono::Duration::hours(2)),
            workshop_sessions::taken.eq(0),
            workshop_sessions::cancelled_at.eq(cancelled.then_some(starts)),
            workshop_sessions::created_at.eq(starts),
            workshop_sessions::updated_at.eq(starts),
        ))
        .returning(workshop_sessions::id)
        .get_result(conn)
}

fn registration(
    conn: &mut AnyConnection,
    session: i32,
    agent: i32,
    status: &str,
    attendance: Option<&str>,
    role: Option<&str>,
) -> QueryResult<()> {
    let at = utc(2025, 12, 1, 0, 0, 0);
    diesel::insert_into(workshop_registrations::table)
        .values((
            workshop_registrations::session_id.eq(session),
            workshop_registrations::agent_id.eq(agent),
            workshop_registrations::status.eq(status),
            workshop_registrations::attendance.eq(attendance),
            workshop_registrations::created_at.eq(at),
        ))
        .execute(conn)?;
    if let Some(role) = role {
        participation(conn, session, agent, role)?;
    }
    Ok(())
}

fn participation(
    conn: &mut AnyConnection,
    session: i32,
    agent: i32,
    role: &str,
) -> QueryResult<()> {
    diesel::insert_into(workshop_participations::table)
        .values((
            workshop_participations::session_id.eq(session),
            workshop_participations::agent_id.eq(agent),
            workshop_participations::role.eq(role),
            workshop_participations::recorded_at.eq(utc(2026, 2, 1, 12, 0, 0)),
        ))
        .execute(conn)
        .map(|_| ())
}

#[allow(clippy::too_many_arguments)]
fn initiative(
    conn: &mut AnyConnection,
    author: i32,
    service: i32,
    kind: &str,
    status: &str,
    hidden: bool,
    created: NaiveDateTime,
) -> QueryResult<i32> {
    let id = diesel::insert_into(initiatives::table)
        .values((
            initiatives::kind.eq(kind),
            initiatives::title.eq("Une idée"),
            initiatives::summary.eq("Résumé"),
            initiatives::body.eq("Corps"),
            initiatives::help_kinds.eq(""),
            initiatives::author_id.eq(author),
            initiatives::author_service_id.eq(Some(service)),
            initiatives::status.eq(status),
            initiatives::status_changed_at.eq(created),
            initiatives::hidden.eq(hidden),
            initiatives::searchable.eq("une idee"),
            initiatives::created_at.eq(created),
            initiatives::updated_at.eq(created),
        ))
        .returning(initiatives::id)
        .get_result(conn)?;
    member(conn, id, author, "lead", created)?;
    Ok(id)
}

fn member(
    conn: &mut AnyConnection,
    initiative: i32,
    agent: i32,
    role: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(initiative_members::table)
        .values((
            initiative_members::initiative_id.eq(initiative),
            initiative_members::agent_id.eq(agent),
            initiative_members::role.eq(role),
            initiative_members::contribution.eq(""),
            initiative_members::state.eq("accepted"),
            initiative_members::requested_at.eq(at),
            initiative_members::decided_at.eq(Some(at)),
        ))
        .execute(conn)
        .map(|_| ())
}

fn encounter(
    conn: &mut AnyConnection,
    agent: i32,
    from: i32,
    met: i32,
    kind: &str,
    source: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(encounters::table)
        .values((
            encounters::agent_id.eq(agent),
            encounters::agent_service_id.eq(from),
            encounters::met_service_id.eq(met),
            encounters::kind.eq(kind),
            encounters::source_id.eq(source),
            encounters::occurred_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Writes the dataset.
pub fn write(conn: &mut AnyConnection) -> QueryResult<Ids> {
    let v = service(conn, "Voirie")?;
    let c = service(conn, "Culture")?;
    let s = service(conn, "Sport")?;
    let f = service(conn, "Finances")?;
    let alice = agent(conn, "t-alice", "Alice Aubert", v, (false, false), true)?;
    let bruno = agent(conn, "t-bruno", "Bruno Blanc", c, (true, false), true)?;
    let chloe = agent(conn, "t-chloe", "Chloé Carré", s, (false, true), true)?;
    let david = agent(conn, "t-david", "David Dumas", f, (false, false), true)?;
    let emma = agent(conn, "t-emma", "Emma Euler", v, (false, false), false)?;
    let farid = agent(conn, "t-farid", "Farid Fekir", c, (false, false), true)?;
    let gina = agent(conn, "t-gina", "Gina Gros", s, (false, false), true)?;

    // Vis ma vie: gina hosts for Sport, bruno for Culture.
    let sport = offer(conn, gina, s)?;
    let culture = offer(conn, bruno, c)?;
    // r1: confirmed, done, reciprocated; approved after 48 h.
    let r1 = request(
        conn,
        sport,
        alice,
        v,
        "confirmed",
        utc(2026, 2, 10, 9, 0, 0),
        Some(utc(2026, 2, 12, 9, 0, 0)),
        utc(2026, 3, 1, 8, 0, 0),
        true,
    )?;
    // r2: farid, from Voirie then, confirmed and done; approved after 24 h.
    let r2 = request(
        conn,
        sport,
        farid,
        v,
        "confirmed",
        utc(2026, 3, 1, 9, 0, 0),
        Some(utc(2026, 3, 2, 9, 0, 0)),
        utc(2026, 4, 15, 8, 0, 0),
        false,
    )?;
    // r3: cancelled after a 72 h approval: no participation, no encounter.
    request(
        conn,
        culture,
        alice,
        v,
        "cancelled",
        utc(2026, 4, 1, 9, 0, 0),
        Some(utc(2026, 4, 4, 9, 0, 0)),
        utc(2026, 5, 10, 8, 0, 0),
        false,
    )?;
    // r4: emma, who has left since: her swap counts, she does not.
    let r4 = request(
        conn,
        sport,
        emma,
        v,
        "confirmed",
        utc(2026, 1, 5, 9, 0, 0),
        Some(utc(2026, 1, 6, 9, 0, 0)),
        utc(2026, 1, 20, 8, 0, 0),
        false,
    )?;
    // r5: declined.
    request(
        conn,
        culture,
        chloe,
        s,
        "declined",
        utc(2026, 5, 5, 9, 0, 0),
        None,
        utc(2026, 6, 1, 8, 0, 0),
        false,
    )?;
    // r6: asked at the very first instant of the period, still waiting (stuck).
    request(
        conn,
        culture,
        alice,
        v,
        "requested",
        utc(2025, 12, 31, 23, 0, 0),
        None,
        utc(2026, 12, 20, 8, 0, 0),
        false,
    )?;
    // r7: asked one second before the period: previous period, declined.
    request(
        conn,
        culture,
        alice,
        v,
        "declined",
        utc(2025, 12, 31, 22, 59, 59),
        None,
        utc(2026, 1, 20, 8, 0, 0),
        false,
    )?;
    // r8: asked at the first instant after the period, still waiting (stuck).
    request(
        conn,
        culture,
        david,
        f,
        "requested",
        utc(2026, 6, 30, 22, 0, 0),
        None,
        utc(2026, 12, 21, 8, 0, 0),
        false,
    )?;

    // Workshops: Culture presents.
    let at = utc(2025, 12, 1, 0, 0, 0);
    let workshop: i32 = diesel::insert_into(workshops::table)
        .values((
            workshops::title.eq("La culture présente ses missions"),
            workshops::description.eq("Visite"),
            workshops::kind.eq("missions"),
            workshops::organiser_id.eq(bruno),
            workshops::created_at.eq(at),
            workshops::updated_at.eq(at),
        ))
        .returning(workshops::id)
        .get_result(conn)?;
    diesel::insert_into(workshop_services::table)
        .values((
            workshop_services::workshop_id.eq(workshop),
            workshop_services::service_id.eq(c),
        ))
        .execute(conn)?;
    let s1 = session(conn, workshop, utc(2026, 2, 1, 9, 0, 0), false)?;
    participation(conn, s1, bruno, "presenting")?;
    registration(
        conn,
        s1,
        alice,
        "confirmed",
        Some("present"),
        Some("attending"),
    )?;
    registration(
        conn,
        s1,
        chloe,
        "confirmed",
        Some("present"),
        Some("attending"),
    )?;
    registration(
        conn,
        s1,
        david,
        "confirmed",
        Some("absent"),
        Some("no_show"),
    )?;
    registration(conn, s1, farid, "waitlisted", None, None)?;
    // A session starting at the first instant after the period.
    let s2 = session(conn, workshop, utc(2026, 6, 30, 22, 0, 0), false)?;
    registration(
        conn,
        s2,
        gina,
        "confirmed",
        Some("present"),
        Some("attending"),
    )?;
    // A cancelled session.
    let s3 = session(conn, workshop, utc(2026, 3, 10, 9, 0, 0), true)?;
    registration(conn, s3, alice, "confirmed", None, None)?;

    // Initiatives.
    let i1 = initiative(
        conn,
        alice,
        v,
        "own",
        "in_progress",
        false,
        utc(2026, 3, 5, 9, 0, 0),
    )?;
    member(conn, i1, farid, "member", utc(2026, 3, 10, 9, 0, 0))?;
    diesel::insert_into(initiative_supports::table)
        .values((
            initiative_supports::initiative_id.eq(i1),
            initiative_supports::agent_id.eq(gina),
            initiative_supports::created_at.eq(utc(2026, 3, 6, 9, 0, 0)),
        ))
        .execute(conn)?;
    initiative(
        conn,
        emma,
        v,
        "heard",
        "proposed",
        false,
        utc(2026, 2, 2, 9, 0, 0),
    )?;
    initiative(
        conn,
        alice,
        v,
        "own",
        "proposed",
        true,
        utc(2026, 4, 4, 9, 0, 0),
    )?;
    let i4 = initiative(
        conn,
        bruno,
        c,
        "own",
        "done",
        false,
        utc(2025, 11, 15, 9, 0, 0),
    )?;

    // Encounters, as the features record them.
    encounter(conn, alice, v, s, "swap", r1, utc(2026, 2, 15, 9, 0, 0))?;
    encounter(conn, gina, s, v, "swap", r1, utc(2026, 2, 15, 9, 0, 0))?;
    encounter(conn, farid, v, s, "swap", r2, utc(2026, 3, 3, 9, 0, 0))?;
    encounter(conn, gina, s, v, "swap", r2, utc(2026, 3, 3, 9, 0, 0))?;
    encounter(conn, emma, v, s, "swap", r4, utc(2026, 1, 10, 9, 0, 0))?;
    encounter(conn, gina, s, v, "swap", r4, utc(2026, 1, 10, 9, 0, 0))?;
    encounter(conn, alice, v, c, "workshop", s1, utc(2026, 2, 1, 12, 0, 0))?;
    encounter(conn, chloe, s, c, "workshop", s1, utc(2026, 2, 1, 12, 0, 0))?;
    encounter(
        conn,
        farid,
        c,
        v,
        "initiative",
        i1,
        utc(2026, 3, 10, 9, 0, 0),
    )?;
    encounter(
        conn,
        alice,
        v,
        c,
        "initiative",
        i1,
        utc(2026, 3, 10, 9, 0, 0),
    )?;
    encounter(
        conn,
        bruno,
        c,
        f,
        "initiative",
        i4,
        utc(2025, 11, 20, 9, 0, 0),
    )?;

    Ok(Ids {
        voirie: v,
        culture: c,
        sport: s,
        finances: f,
        alice,
        bruno,
        chloe,
        david,
        emma,
        farid,
        gina,
        i1,
    })
}

/// Writes the dataset in the app's database.
pub async fn load(app: &TestApp) -> Ids {
    app.db()
        .run(|conn| Ok(write(conn)?))
        .await
        .expect("the dataset is written")
}
