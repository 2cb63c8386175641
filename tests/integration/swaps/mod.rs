//! Vis ma vie: offers, requests through approval and acceptance, the rules
//! and their French messages, concurrency on the last seat, who may read
//! and decide, feedback, reciprocity and suggestions.

mod access;
mod concurrency;
mod feedback;
mod offers;
mod reminders;
mod rules;
mod samples;
mod workflow;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use passerelles::agents::Agent;
use passerelles::schema::{agents, notifications, swap_requests, swap_slots};
use passerelles::swaps::model::{Duration as Length, OfferFields, SlotFields};

pub use samples::template_samples;

use crate::harness::{Browser, Page, TestApp};

/// An agent by username (they must have signed in once).
pub async fn agent(app: &TestApp, username: &'static str) -> Agent {
    app.db()
        .run(move |conn| {
            Ok(agents::table
                .filter(agents::username.eq(username))
                .select(Agent::as_select())
                .first(conn)?)
        })
        .await
        .unwrap()
}

/// A time `days` from now, at 8:00 UTC (9:00 in Paris in winter).
pub fn in_days(days: i64) -> NaiveDateTime {
    let now = passerelles::db::now();
    now.date().and_hms_opt(8, 0, 0).unwrap() + Duration::days(days)
}

/// Publishes an offer of `host` with one slot per `(start, capacity)`, each
/// lasting 4 hours; returns (offer id, slot ids).
pub async fn publish(
    app: &TestApp,
    host: &'static str,
    sensitive: bool,
    slots: &[(NaiveDateTime, i32)],
) -> (i32, Vec<i32>) {
    let host = agent(app, host).await;
    let slots: Vec<SlotFields> = slots
        .iter()
        .map(|(start, capacity)| SlotFields {
            starts_at: *start,
            ends_at: *start + Duration::hours(4),
            capacity: *capacity,
        })
        .collect();
    app.db()
        .run(move |conn| {
            let fields = OfferFields {
                host_id: host.id,
                title: "Une matinée au support informatique".into(),
                activities: "Tickets, installation d'un poste, visite d'une école.".into(),
                place: "Hôtel de ville, DSI".into(),
                duration: Length::HalfDay,
                prerequisites: Some("Aucun".into()),
                sensitive,
            };
            let id = passerelles::swaps::offers::create(conn, &host, &fields, &slots, None)?;
            let slot_ids = swap_slots::table
                .filter(swap_slots::offer_id.eq(id))
                .order(swap_slots::starts_at)
                .select(swap_slots::id)
                .load(conn)?;
            Ok((id, slot_ids))
        })
        .await
        .unwrap()
}

/// Asks for a slot through the offer's page form.
pub async fn ask(browser: &mut Browser<'_>, offer: i32, slot: i32) -> Page {
    browser
        .post(
            &format!("/vis-ma-vie/offres/{offer}/demandes"),
            &[
                ("slot_id", &slot.to_string()),
                ("motivation", "Je voudrais comprendre ce métier."),
                ("discretion", "true"),
            ],
        )
        .await
}

/// The id in a `/vis-ma-vie/demandes/<id>` redirect.
pub fn request_id(page: &Page) -> i32 {
    let location = page
        .location()
        .unwrap_or_else(|| panic!("a redirect: {} {}", page.status, page.body));
    location
        .trim_start_matches("/vis-ma-vie/demandes/")
        .parse()
        .unwrap_or_else(|_| panic!("a request page: {location}"))
}

/// A request's status as stored.
pub async fn status(app: &TestApp, id: i32) -> String {
    app.db()
        .run(move |conn| {
            Ok(swap_requests::table
                .find(id)
                .select(swap_requests::status)
                .first(conn)?)
        })
        .await
        .unwrap()
}

/// Seats held on a slot.
pub async fn taken(app: &TestApp, slot: i32) -> i32 {
    app.db()
        .run(move |conn| {
            Ok(swap_slots::table
                .find(slot)
                .select(swap_slots::taken)
                .first(conn)?)
        })
        .await
        .unwrap()
}

/// The messages of an agent's notifications, newest first.
pub async fn notices(app: &TestApp, agent_id: i32) -> Vec<String> {
    app.db()
        .run(move |conn| {
            Ok(notifications::table
                .filter(notifications::agent_id.eq(agent_id))
                .order(notifications::id.desc())
                .select(notifications::message)
                .load(conn)?)
        })
        .await
        .unwrap()
}

/// Moves a slot (to put it in the past, say).
pub async fn move_slot(app: &TestApp, slot: i32, starts_at: NaiveDateTime) {
    app.db()
        .run(move |conn| {
            diesel::update(swap_slots::table.find(slot))
                .set((
                    swap_slots::starts_at.eq(starts_at),
                    swap_slots::ends_at.eq(starts_at + Duration::hours(4)),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap()
}

/// Takes a request through approval (by `manager`) and acceptance (by the host).
pub async fn confirm(manager: &mut Browser<'_>, host: &mut Browser<'_>, id: i32) {
    let page = manager
        .post(&format!("/vis-ma-vie/demandes/{id}/accord"), &[])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = host
        .post(&format!("/vis-ma-vie/demandes/{id}/accepter"), &[])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
}
