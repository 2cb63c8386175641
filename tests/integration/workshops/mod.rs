//! Workshops and their sessions: proposing, series, registration with
//! waiting list and promotion, invitations, attendance, feedback, calendars,
//! lists — on SQLite and PostgreSQL.

mod after;
mod calendars;
mod concurrency;
mod demo;
mod lists;
mod organising;
mod registering;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use passerelles::common::format::TimeView;
use passerelles::common::forms::FieldErrors;
use passerelles::schema::{workshop_registrations, workshop_sessions};
use passerelles::workshops::forms::ProposalForm;
use passerelles::workshops::invitations::Invitee;
use passerelles::workshops::views::*;
use rocket_dyn_templates::Template;

pub use crate::harness::{agent_id, service_of};
use crate::harness::{Browser, TestApp};
use crate::pages::page;

const PARIS: chrono_tz::Tz = chrono_tz::Europe::Paris;

/// The local date `days` from today, as a form sends it.
pub fn day_in(days: i64) -> String {
    (passerelles::common::format::local(passerelles::db::now(), PARIS).date_naive()
        + Duration::days(days))
    .format("%Y-%m-%d")
    .to_string()
}

/// What a proposal created.
pub struct Proposed {
    pub workshop_id: i32,
    pub sessions: Vec<i32>,
}

/// Proposes a workshop through the form (as `browser`), with defaults for
/// every field not given; checks the redirect and returns its ids.
pub async fn propose(
    app: &TestApp,
    browser: &mut Browser<'_>,
    fields: &[(&str, &str)],
) -> Proposed {
    let page = propose_raw(browser, fields).await;
    assert_eq!(
        page.status,
        303,
        "proposal refused: {}",
        page.texts(".field-error, .notice--error").join(" | ")
    );
    let location = page.location().unwrap();
    let workshop_id: i32 = location.trim_start_matches("/ateliers/").parse().unwrap();
    let sessions = app
        .db()
        .run(move |conn| {
            Ok(workshop_sessions::table
                .filter(workshop_sessions::workshop_id.eq(workshop_id))
                .order(workshop_sessions::starts_at)
                .select(workshop_sessions::id)
                .load(conn)?)
        })
        .await
        .unwrap();
    Proposed {
        workshop_id,
        sessions,
    }
}

/// Sends the proposal form with defaults for the fields not given.
/// The invited co-facilitator accepts the organiser's invitation.
pub async fn accept_co_facilitation(app: &TestApp, username: &str, workshop_id: i32) {
    let mut browser = app.sign_in(username).await;
    let page = browser
        .post(
            &format!("/ateliers/{workshop_id}/co-animation/accepter"),
            &[],
        )
        .await;
    assert_eq!(page.status, 303, "{username} accepts: {}", page.body);
}

pub async fn propose_raw(
    browser: &mut Browser<'_>,
    fields: &[(&str, &str)],
) -> crate::harness::Page {
    let date = day_in(10);
    let defaults: Vec<(&str, String)> = vec![
        ("title", "La Voirie présente ses missions".into()),
        (
            "description",
            "Astreintes, chantiers, viabilité hivernale.".into(),
        ),
        ("kind", "missions".into()),
        ("audience", "tous".into()),
        ("date", date),
        ("start_time", "09:30".into()),
        ("end_time", "11:30".into()),
        ("place", "Centre technique municipal".into()),
        ("capacity", "".into()),
        ("repeat", "aucune".into()),
    ];
    let mut all: Vec<(&str, &str)> = defaults
        .iter()
        .filter(|(k, _)| !fields.iter().any(|(f, _)| f == k))
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    all.extend_from_slice(fields);
    browser.post("/ateliers/nouveau", &all).await
}

/// Shifts a session's times by `by` (to put it in the past, say).
pub async fn shift_session(app: &TestApp, session_id: i32, by: Duration) {
    app.db()
        .run(move |conn| {
            let (starts, ends, deadline): (NaiveDateTime, NaiveDateTime, Option<NaiveDateTime>) =
                workshop_sessions::table
                    .find(session_id)
                    .select((
                        workshop_sessions::starts_at,
                        workshop_sessions::ends_at,
                        workshop_sessions::registration_deadline,
                    ))
                    .first(conn)?;
            diesel::update(workshop_sessions::table.find(session_id))
                .set((
                    workshop_sessions::starts_at.eq(starts + by),
                    workshop_sessions::ends_at.eq(ends + by),
                    workshop_sessions::registration_deadline.eq(deadline.map(|d| d + by)),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

/// (agent id, status) of a session's registrations, in order of arrival.
pub async fn registrations(app: &TestApp, session_id: i32) -> Vec<(i32, String)> {
    app.db()
        .run(move |conn| {
            Ok(workshop_registrations::table
                .filter(workshop_registrations::session_id.eq(session_id))
                .order(workshop_registrations::id)
                .select((
                    workshop_registrations::agent_id,
                    workshop_registrations::status,
                ))
                .load(conn)?)
        })
        .await
        .unwrap()
}

/// The `taken` counter of a session.
pub async fn taken(app: &TestApp, session_id: i32) -> i32 {
    app.db()
        .run(move |conn| {
            Ok(workshop_sessions::table
                .find(session_id)
                .select(workshop_sessions::taken)
                .first(conn)?)
        })
        .await
        .unwrap()
}

/// Session ids in the agent's diary.
pub async fn diary(app: &TestApp, agent: i32) -> Vec<(i32, String)> {
    use passerelles::schema::agenda_entries;
    app.db()
        .run(move |conn| {
            Ok(agenda_entries::table
                .filter(agenda_entries::agent_id.eq(agent))
                .filter(agenda_entries::kind.eq("session"))
                .order(agenda_entries::source_id)
                .select((agenda_entries::source_id, agenda_entries::title))
                .load(conn)?)
        })
        .await
        .unwrap()
}

/// The agent's notification messages, newest first.
pub async fn notifications_of(app: &TestApp, agent: i32) -> Vec<String> {
    app.db()
        .run(move |conn| {
            Ok(passerelles::notifications::latest(conn, agent, 50)?
                .into_iter()
                .map(|n| n.message)
                .collect())
        })
        .await
        .unwrap()
}

fn sample_row() -> SessionRow {
    SessionRow {
        id: 1,
        workshop_id: 1,
        title: "La Voirie présente ses missions".into(),
        kind: "Présentation de missions".into(),
        services: vec!["Voirie".into()],
        day: "mardi 8 décembre 2026".into(),
        hours: "14 h 00 – 16 h 00".into(),
        starts: TimeView {
            text: "08/12/2026 à 14 h 00".into(),
            iso: "2026-12-08T14:00:00+01:00".into(),
        },
        place: Some("Centre technique municipal".into()),
        online: true,
        seats: "1 place restante".into(),
        full: false,
        waiting: 2,
        mine: Some("Inscrit".into()),
        cancelled: false,
        restricted: true,
    }
}

/// Samples of every workshop template, for `pages.rs`.
pub fn template_samples(
    rocket: &rocket::Rocket<rocket::Orbit>,
) -> Vec<(&'static str, Option<String>)> {
    let choice = SelectOption {
        value: "1".into(),
        label: "Voirie".into(),
        checked: true,
    };
    let mut errors = FieldErrors::new();
    errors.add("title", "Indiquez le titre de l'atelier.");
    errors.add(
        "presence-3",
        "Indiquez si Camille était présente ou absente.",
    );
    let person = PersonRow {
        name: "Camille Dubois".into(),
        title: Some("Jardinière".into()),
        service: "Espaces verts".into(),
        attendance: Some("Présent".into()),
    };
    vec![
        (
            "workshops/list",
            Template::show(
                rocket,
                "workshops/list",
                page(ListPage {
                    past: false,
                    notice: Some("Atelier proposé.".into()),
                    filters: FilterView {
                        kind: "missions".into(),
                        service: "1".into(),
                        month: "2026-12".into(),
                        available: true,
                    },
                    kinds: vec![choice.clone()],
                    services: vec![choice.clone()],
                    months: vec![choice.clone()],
                    sessions: vec![sample_row()],
                    page: 2,
                    previous_page: Some("/ateliers?page=1".into()),
                    next_page: Some("/ateliers?page=3".into()),
                }),
            ),
        ),
        (
            "workshops/mine",
            Template::show(
                rocket,
                "workshops/mine",
                page(MinePage {
                    notice: Some("Inscription annulée.".into()),
                    registered: vec![sample_row()],
                    waiting: vec![],
                    organised: vec![sample_row()],
                    attended: vec![],
                }),
            ),
        ),
        (
            "workshops/show",
            Template::show(
                rocket,
                "workshops/show",
                page(WorkshopPage {
                    id: 1,
                    title: "La Voirie présente ses missions".into(),
                    description: "Astreintes et chantiers.".into(),
                    kind: "Présentation de missions".into(),
                    services: vec!["Voirie".into()],
                    organiser: "Jérôme Garnier".into(),
                    co_facilitators: vec!["Antonio Ferreira".into()],
                    invited_co_facilitators: vec!["Hélène Roux".into()],
                    invited_to_co_facilitate: true,
                    audience: "Tous les agents".into(),
                    sessions: vec![sample_row()],
                    can_edit: true,
                    notice: Some("Atelier modifié.".into()),
                }),
            ),
        ),
        (
            "workshops/session",
            Template::show(
                rocket,
                "workshops/session",
                page(SessionPage {
                    id: 1,
                    workshop_id: 1,
                    title: "La Voirie présente ses missions".into(),
                    description: "Astreintes et chantiers.".into(),
                    kind: "Présentation de missions".into(),
                    services: vec!["Voirie".into()],
                    organiser: "Jérôme Garnier".into(),
                    co_facilitators: vec![],
                    day: "mardi 8 décembre 2026".into(),
                    hours: "14 h 00 – 16 h 00".into(),
                    starts: TimeView {
                        text: "08/12/2026 à 14 h 00".into(),
                        iso: "2026-12-08T14:00:00+01:00".into(),
                    },
                    place: Some("Centre technique municipal".into()),
                    online_url: Some("https://visio.ville-bourges.fr/voirie".into()),
                    seats: "Complet".into(),
                    capacity: Some(8),
                    seats_left: Some(0),
                    waiting: 2,
                    deadline: Some(TimeView {
                        text: "06/12/2026 à 23 h 59".into(),
                        iso: "2026-12-06T23:59:00+01:00".into(),
                    }),
                    cancelled: false,
                    started: false,
                    ended: false,
                    audience: "Tous les agents".into(),
                    my_registration: "",
                    my_position: 0,
                    facilitating: true,
                    invited: true,
                    can_register: true,
                    can_withdraw: false,
                    closed_reason: None,
                    overlaps: vec!["Atelier : Le CCAS — 08/12/2026 à 14 h 00".into()],
                    errors: errors.clone(),
                    notice: Some("Vous êtes inscrit.".into()),
                    feedback: FeedbackForm {
                        allowed: true,
                        value: "Beaucoup appris.".into(),
                        saved: false,
                    },
                    facilitator: Some(FacilitatorView {
                        groups: vec![ServiceGroup {
                            service: "Espaces verts".into(),
                            people: vec![person.clone()],
                        }],
                        confirmed: 1,
                        waitlist: vec![person.clone()],
                        invitees: vec![
                            Invitee {
                                agent_id: 3,
                                name: "Martine Vasseur".into(),
                                detail: "Élu".into(),
                                answer: None,
                            },
                            Invitee {
                                agent_id: 4,
                                name: "Thierry Moreau".into(),
                                detail: "Encadrant".into(),
                                answer: Some("invitation envoyée"),
                            },
                        ],
                        feedback: vec![FeedbackRow {
                            name: "Camille Dubois".into(),
                            service: "Espaces verts".into(),
                            learned: "Les astreintes.".into(),
                        }],
                        can_change: true,
                        can_invite: true,
                        can_mark: true,
                        attendance_taken: false,
                    }),
                }),
            ),
        ),
        (
            "workshops/form",
            Template::show(
                rocket,
                "workshops/form",
                page(FormPage {
                    heading: "Proposer un atelier".into(),
                    intro: Some("Présentez les missions de votre service.".into()),
                    action: "/ateliers/nouveau".into(),
                    submit: "Proposer l'atelier".into(),
                    cancel_href: "/ateliers".into(),
                    with_workshop: true,
                    with_session: true,
                    with_repeat: true,
                    form: ProposalForm {
                        title: "Atelier".into(),
                        services: vec![1],
                        ..Default::default()
                    },
                    errors: errors.clone(),
                    kinds: vec![choice.clone()],
                    services: vec![choice.clone()],
                    audience_services: vec![choice.clone()],
                    audience_roles: vec![choice.clone()],
                    repeats: vec![choice.clone()],
                    skills: vec![choice],
                }),
            ),
        ),
        (
            "workshops/attendance",
            Template::show(
                rocket,
                "workshops/attendance",
                page(AttendancePage {
                    session_id: 1,
                    title: "La Voirie présente ses missions".into(),
                    day: "mardi 8 décembre 2026".into(),
                    hours: "14 h 00 – 16 h 00".into(),
                    rows: vec![AttendanceRow {
                        agent_id: 3,
                        name: "Camille Dubois".into(),
                        service: "Espaces verts".into(),
                        mark: String::new(),
                    }],
                    errors,
                    already_taken: true,
                }),
            ),
        ),
    ]
}
