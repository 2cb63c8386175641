//! Demo workshops for a fresh database: services presenting their missions,
//! the monthly project-management workshop, the yearly "Journée de la
//! culture commune" with élus invited, some sessions past (with attendance
//! and feedback), some nearly full or with a waiting list. Dates are
//! relative to today so that the demo always looks alive.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use chrono_tz::Tz;

use super::forms::{SessionInput, WorkshopInput};
use super::model::{Kind, Session, Workshop};
use super::{attendance, organise, seats};
use crate::agents::{self, Agent};
use crate::common::forms::local_to_utc;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};

mod catalogue;

const TZ: Tz = chrono_tz::Europe::Paris;

/// Looks agents up by username (all were upserted from the directory).
struct People(HashMap<&'static str, Agent>);

impl People {
    fn load(conn: &mut AnyConnection, usernames: &[&'static str]) -> AppResult<People> {
        let mut found = HashMap::new();
        for username in usernames {
            if let Some(agent) = agents::find_by_username(conn, username)? {
                found.insert(*username, agent);
            }
        }
        Ok(People(found))
    }

    fn get(&self, username: &str) -> AppResult<&Agent> {
        self.0
            .get(username)
            .ok_or_else(|| AppError::Internal(format!("démonstration : agent {username} absent")))
    }

    fn ids(&self, usernames: &[&str]) -> AppResult<Vec<i32>> {
        usernames
            .iter()
            .map(|u| self.get(u).map(|a| a.id))
            .collect()
    }

    fn service(&self, username: &str) -> AppResult<i32> {
        self.get(username)?
            .service_id
            .ok_or_else(|| AppError::Internal(format!("démonstration : {username} sans service")))
    }
}

/// A local date and time in Paris, in UTC.
fn at(day: NaiveDate, time: &str) -> AppResult<NaiveDateTime> {
    local_to_utc(&day.format("%Y-%m-%d").to_string(), time, TZ).map_err(AppError::Internal)
}

/// The local day `days` from today, moved off the weekend.
fn weekday_in(days: i64) -> NaiveDate {
    let mut day = crate::common::format::local(db::now(), TZ).date_naive() + Duration::days(days);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day += Duration::days(1);
    }
    day
}

struct Slot<'a> {
    day: NaiveDate,
    from: &'a str,
    to: &'a str,
    place: Option<&'a str>,
    online_url: Option<&'a str>,
    capacity: Option<i32>,
    deadline_days: Option<i64>,
}

impl Slot<'_> {
    fn input(&self) -> AppResult<SessionInput> {
        Ok(SessionInput {
            starts_at: at(self.day, self.from)?,
            ends_at: at(self.day, self.to)?,
            place: self.place.map(str::to_string),
            online_url: self.online_url.map(str::to_string),
            capacity: self.capacity,
            registration_deadline: match self.deadline_days {
                Some(days) => Some(at(self.day - Duration::days(days), "23:59")?),
                None => None,
            },
        })
    }
}

/// Registers people (seats first, then the waiting list) without any rule check.
fn enrol(
    conn: &mut AnyConnection,
    people: &People,
    session: &Session,
    workshop: &Workshop,
    usernames: &[&str],
) -> AppResult<()> {
    for (i, username) in usernames.iter().enumerate() {
        let arrival = session.created_at + Duration::minutes(i as i64 + 1);
        let id = people.get(username)?.id;
        seats::lock(conn, session.id)?;
        let current = super::model::find_session(conn, session.id)?.ok_or(AppError::NotFound)?;
        seats::enrol_within(conn, &current.0, workshop, id, arrival)?;
    }
    Ok(())
}

/// Records attendance (everyone present but `absent`) and feedback.
fn close(
    conn: &mut AnyConnection,
    people: &People,
    organiser: &Agent,
    session: &Session,
    registered: &[&str],
    absent: &[&str],
    feedback: &[(&str, &str)],
) -> AppResult<()> {
    let mut marks = HashMap::new();
    for username in registered {
        marks.insert(people.get(username)?.id, !absent.contains(username));
    }
    attendance::record_within(conn, organiser, session.id, &marks)?;
    for (username, learned) in feedback {
        attendance::feedback_within(conn, people.get(username)?, session.id, learned)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn workshop(
    conn: &mut AnyConnection,
    people: &People,
    organiser: &str,
    co: &[&str],
    title: &str,
    description: &str,
    kind: Kind,
    presenting: &[&str],
    slots: &[Slot<'_>],
) -> AppResult<(Workshop, Vec<Session>)> {
    let services = presenting
        .iter()
        .map(|u| people.service(u))
        .collect::<AppResult<Vec<_>>>()?;
    let input = WorkshopInput {
        title: title.into(),
        description: description.into(),
        kind,
        services,
        co_facilitators: people.ids(co)?,
        open_to_all: true,
        audience_services: vec![],
        audience_roles: vec![],
        skills: Vec::new(),
    };
    let sessions = slots
        .iter()
        .map(Slot::input)
        .collect::<AppResult<Vec<_>>>()?;
    let (workshop, sessions) =
        organise::propose_within(conn, people.get(organiser)?, &input, &sessions)?;
    co_facilitators_accept(conn, &workshop, &sessions)?;
    Ok((workshop, sessions))
}

/// The demo's co-facilitators have all accepted their invitation.
pub(super) fn co_facilitators_accept(
    conn: &mut AnyConnection,
    workshop: &Workshop,
    sessions: &[Session],
) -> AppResult<()> {
    use crate::schema::workshop_facilitators;
    use diesel::prelude::*;
    diesel::update(
        workshop_facilitators::table.filter(workshop_facilitators::workshop_id.eq(workshop.id)),
    )
    .set(workshop_facilitators::accepted_at.eq(db::now()))
    .execute(conn)?;
    for session in sessions {
        super::diary::refresh(conn, session, workshop)?;
    }
    Ok(())
}

/// Seeds the demo workshops. Runs inside `demo::seed`'s transaction.
pub fn seed_demo(conn: &mut AnyConnection) -> AppResult<()> {
    let people = People::load(
        conn,
        &[
            "pmarchand",
            "nbelkacem",
            "slefevre",
            "khaddad",
            "erousseau",
            "tmoreau",
            "cdubois",
            "mdiallo",
            "lpetit",
            "jgarnier",
            "aferreira",
            "klambert",
            "hmercier",
            "lnguyen",
            "jroux",
            "ifontaine",
            "fndiaye",
            "rgirard",
            "slemaire",
            "ybenali",
            "nperrin",
            "vchevalier",
            "cbonnet",
            "samrani",
            "ablanc",
            "mfaure",
            "brolland",
            "imansouri",
            "mguerin",
            "fgauthier",
            "lmartin",
            "chenry",
            "dmasson",
            "otraore",
            "cmorel",
            "ecaron",
            "slopez",
            "mvasseur",
            "pleroy",
            "lkaddour",
        ],
    )?;
    if people.0.len() < 40 {
        // Another directory than the demo one: no demo workshops.
        return Ok(());
    }
    catalogue::voirie(conn, &people)?;
    catalogue::agile(conn, &people)?;
    catalogue::common_culture_day(conn, &people)?;
    catalogue::mediatheque(conn, &people)?;
    catalogue::swap_return(conn, &people)?;
    catalogue::accessibility(conn, &people)?;
    Ok(())
}
