//! Skills: the framework and its versions, self-assessment, evidence from
//! real activities, manager validation, goals, campaigns, resource people,
//! the passport, and who may see what.

mod access;
mod assessing;
mod demo;
mod evidence;
mod framework;
mod goals;
mod practice;
mod samples;

use chrono::Duration;
use diesel::prelude::*;
use passerelles::schema::{
    skill_assessments, skill_validations, skills, swap_offers, swap_requests, swap_slots,
    workshop_registrations, workshop_sessions, workshops,
};

pub use crate::harness::{agent_id, service_of};
use crate::harness::{Page, TestApp};
pub use samples::template_samples;

/// The id of a default skill by its code.
pub async fn skill(app: &TestApp, code: &'static str) -> i32 {
    app.db()
        .run(move |conn| {
            Ok(skills::table
                .filter(skills::code.eq(code))
                .select(skills::id)
                .first(conn)?)
        })
        .await
        .unwrap()
}

/// How many self-assessments and validations are stored.
pub async fn counts(app: &TestApp) -> (i64, i64) {
    app.db()
        .run(|conn| {
            Ok((
                skill_assessments::table.count().get_result(conn)?,
                skill_validations::table.count().get_result(conn)?,
            ))
        })
        .await
        .unwrap()
}

/// A swap of `visitor` hosted by `host`, its slot starting `days` from now,
/// with the given request status; returns the request id.
pub async fn swap(app: &TestApp, host: i32, visitor: i32, days: i64, status: &'static str) -> i32 {
    app.db()
        .run(move |conn| {
            let now = passerelles::db::now();
            let service: i32 = passerelles::schema::agents::table
                .find(host)
                .select(passerelles::schema::agents::service_id)
                .first::<Option<i32>>(conn)?
                .expect("host has a service");
            let offer: i32 = diesel::insert_into(swap_offers::table)
                .values((
                    swap_offers::host_id.eq(host),
                    swap_offers::service_id.eq(service),
                    swap_offers::created_by.eq(host),
                    swap_offers::title.eq("Une journée au jardin botanique"),
                    swap_offers::activities.eq("Taille, arrosage"),
                    swap_offers::place.eq("Jardin des Prés-Fichaux"),
                    swap_offers::duration.eq("day"),
                    swap_offers::sensitive.eq(false),
                    swap_offers::status.eq("open"),
                    swap_offers::created_at.eq(now),
                    swap_offers::updated_at.eq(now),
                ))
                .returning(swap_offers::id)
                .get_result(conn)?;
            let start = now + Duration::days(days);
            let slot: i32 = diesel::insert_into(swap_slots::table)
                .values((
                    swap_slots::offer_id.eq(offer),
                    swap_slots::starts_at.eq(start),
                    swap_slots::ends_at.eq(start + Duration::hours(4)),
                    swap_slots::capacity.eq(1),
                    swap_slots::taken.eq(0),
                    swap_slots::created_at.eq(now),
                ))
                .returning(swap_slots::id)
                .get_result(conn)?;
            Ok(diesel::insert_into(swap_requests::table)
                .values((
                    swap_requests::offer_id.eq(offer),
                    swap_requests::slot_id.eq(slot),
                    swap_requests::visitor_id.eq(visitor),
                    swap_requests::motivation.eq("Découvrir"),
                    swap_requests::discretion_accepted.eq(true),
                    swap_requests::status.eq(status),
                    swap_requests::created_at.eq(now),
                    swap_requests::updated_at.eq(now),
                ))
                .returning(swap_requests::id)
                .get_result(conn)?)
        })
        .await
        .unwrap()
}

/// A workshop session of `organiser` starting `days` from now; returns (workshop, session).
pub async fn session(app: &TestApp, organiser: i32, days: i64, cancelled: bool) -> (i32, i32) {
    app.db()
        .run(move |conn| {
            let now = passerelles::db::now();
            let workshop: i32 = diesel::insert_into(workshops::table)
                .values((
                    workshops::title.eq("Animer une concertation"),
                    workshops::description.eq("Méthodes"),
                    workshops::kind.eq("atelier"),
                    workshops::organiser_id.eq(organiser),
                    workshops::open_to_all.eq(true),
                    workshops::created_at.eq(now),
                    workshops::updated_at.eq(now),
                ))
                .returning(workshops::id)
                .get_result(conn)?;
            let start = now + Duration::days(days);
            let session: i32 = diesel::insert_into(workshop_sessions::table)
                .values((
                    workshop_sessions::workshop_id.eq(workshop),
                    workshop_sessions::starts_at.eq(start),
                    workshop_sessions::ends_at.eq(start + Duration::hours(2)),
                    workshop_sessions::taken.eq(0),
                    workshop_sessions::cancelled_at.eq(cancelled.then_some(now)),
                    workshop_sessions::created_at.eq(now),
                    workshop_sessions::updated_at.eq(now),
                ))
                .returning(workshop_sessions::id)
                .get_result(conn)?;
            Ok((workshop, session))
        })
        .await
        .unwrap()
}

/// Registers `agent` to a session, with an attendance mark.
pub async fn register(app: &TestApp, session: i32, agent: i32, attendance: Option<&'static str>) {
    app.db()
        .run(move |conn| {
            diesel::insert_into(workshop_registrations::table)
                .values((
                    workshop_registrations::session_id.eq(session),
                    workshop_registrations::agent_id.eq(agent),
                    workshop_registrations::status.eq("confirmed"),
                    workshop_registrations::attendance.eq(attendance),
                    workshop_registrations::created_at.eq(passerelles::db::now()),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

/// The texts of the alerts and field errors of a page.
pub fn errors(page: &Page) -> Vec<String> {
    let mut all = page.texts("[role=alert]");
    all.extend(page.texts(".field-error"));
    all
}

/// Whether one of the page's errors contains `text`.
pub fn says(page: &Page, text: &str) -> bool {
    errors(page).iter().any(|e| e.contains(text))
}
