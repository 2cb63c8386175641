//! Agents and services as Passerelles stores them, kept in step with the
//! directory; the [`person`] the directory describes and the [`roles`] it
//! grants live here, next to the agents they make.

pub mod person;
pub mod roles;

use std::collections::HashMap;

use diesel::prelude::*;
use serde::Serialize;

use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::schema::{agents, services, sessions};
pub use person::{normalize_dn, Person};
use roles::RoleSet;

/// A person from the directory, as last seen.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = agents)]
pub struct Agent {
    pub id: i32,
    pub username: String,
    pub dn: String,
    pub display_name: String,
    pub email: Option<String>,
    pub title: Option<String>,
    pub service_id: Option<i32>,
    pub manager_dn: Option<String>,
    pub is_manager: bool,
    pub is_elu: bool,
    pub is_rh: bool,
    pub is_admin: bool,
    pub active: bool,
    pub last_sign_in_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    /// The directory's immutable identifier of the person (`entryUUID`…);
    /// empty only for rows not seen since it was introduced.
    pub directory_id: Option<String>,
}

impl Agent {
    /// The roles stored for this agent.
    pub fn roles(&self) -> RoleSet {
        RoleSet {
            manager: self.is_manager,
            elu: self.is_elu,
            rh: self.is_rh,
            admin: self.is_admin,
        }
    }
}

/// An organisational unit named by the directory.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = services)]
pub struct Service {
    pub id: i32,
    pub name: String,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = agents, treat_none_as_null = true)]
struct AgentChanges<'a> {
    username: &'a str,
    dn: &'a str,
    display_name: &'a str,
    email: Option<&'a str>,
    title: Option<&'a str>,
    service_id: Option<i32>,
    manager_dn: Option<&'a str>,
    is_manager: bool,
    is_elu: bool,
    is_rh: bool,
    is_admin: bool,
    active: bool,
    updated_at: chrono::NaiveDateTime,
    directory_id: &'a str,
}

impl<'a> AgentChanges<'a> {
    /// The row the directory describes (`dn` normalised, the service's id found).
    fn of(
        person: &'a Person,
        dn: &'a str,
        service_id: Option<i32>,
        now: chrono::NaiveDateTime,
    ) -> AgentChanges<'a> {
        AgentChanges {
            username: &person.username,
            dn,
            display_name: &person.display_name,
            email: person.email.as_deref(),
            title: person.title.as_deref(),
            service_id,
            manager_dn: person.manager_dn.as_deref(),
            is_manager: person.roles.manager,
            is_elu: person.roles.elu,
            is_rh: person.roles.rh,
            is_admin: person.roles.admin,
            active: true,
            updated_at: now,
            directory_id: &person.directory_id,
        }
    }
}

/// Finds a service by name, creating it when first seen (safe when several
/// sign-ins create the same service at once).
pub fn service_id_for(conn: &mut AnyConnection, name: &str) -> QueryResult<i32> {
    let row = (services::name.eq(name), services::created_at.eq(db::now()));
    let insert = diesel::insert_into(services::table).values(row);
    match conn {
        AnyConnection::Sqlite(c) => insert.on_conflict(services::name).do_nothing().execute(c)?,
        AnyConnection::Postgresql(c) => {
            insert.on_conflict(services::name).do_nothing().execute(c)?
        }
    };
    services::table
        .filter(services::name.eq(name))
        .select(services::id)
        .first(conn)
}

/// Every service, (id, name), in French alphabetical order ("État civil" among the E).
pub fn all_services(conn: &mut AnyConnection) -> QueryResult<Vec<(i32, String)>> {
    let mut all: Vec<(i32, String)> = services::table
        .select((services::id, services::name))
        .load(conn)?;
    all.sort_by_cached_key(|(_, name)| crate::common::format::fold_accents(name));
    Ok(all)
}

/// What happened to an agent's row when the directory was applied to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Created,
    Updated,
    Unchanged,
}

/// Creates or updates the agent's row (and its service) from the directory.
/// Must run inside a write transaction.
pub fn upsert_from_directory(
    conn: &mut AnyConnection,
    person: &Person,
) -> AppResult<(Agent, Upsert)> {
    let service_id = match &person.service {
        Some(name) => Some(service_id_for(conn, name)?),
        None => None,
    };
    let now = db::now();
    // DNs are kept in normalised form (as `Person::manager_dn` is), so that a
    // manager is found whatever case or spacing the directory used.
    let dn = normalize_dn(&person.dn);
    let changes = AgentChanges::of(person, &dn, service_id, now);
    let existing = find_for_person(conn, person)?;
    let outcome = match &existing {
        None => Upsert::Created,
        Some(a) if same_as(a, &changes) => Upsert::Unchanged,
        Some(_) => Upsert::Updated,
    };
    let agent = match (existing, outcome) {
        (Some(agent), Upsert::Unchanged) => agent,
        (Some(agent), _) => diesel::update(agents::table.find(agent.id))
            .set(&changes)
            .get_result::<Agent>(conn)?,
        (None, _) => diesel::insert_into(agents::table)
            .values((&changes, agents::created_at.eq(now)))
            .get_result::<Agent>(conn)?,
    };
    Ok((agent, outcome))
}

/// The row of the person the directory describes: the one bound to their
/// identifier, else a row of the same login not yet bound to any (kept
/// from before identifiers). A row of the same login bound to another
/// identifier is a predecessor who left: it is retired (see [`retire`]).
fn find_for_person(conn: &mut AnyConnection, person: &Person) -> AppResult<Option<Agent>> {
    let bound = agents::table
        .filter(agents::directory_id.eq(&person.directory_id))
        .select(Agent::as_select())
        .first(conn)
        .optional()?;
    let same_login = find_by_username(conn, &person.username)?;
    match (bound, same_login) {
        (Some(agent), Some(other)) if other.id != agent.id => {
            // The login moved from someone else to this person.
            retire(conn, &other)?;
            Ok(Some(agent))
        }
        (Some(agent), _) => Ok(Some(agent)),
        (None, Some(other)) if other.directory_id.is_none() => Ok(Some(other)),
        (None, Some(predecessor)) => {
            retire(conn, &predecessor)?;
            Ok(None)
        }
        (None, None) => Ok(None),
    }
}

/// Ends a departed person's presence: inactive, sessions ended, calendar
/// feed revoked, and their login freed for whoever holds it now (kept with
/// the row's id, so the history still reads).
pub fn retire(conn: &mut AnyConnection, agent: &Agent) -> QueryResult<()> {
    let freed = format!("{}#parti-{}", agent.username, agent.id);
    diesel::update(agents::table.find(agent.id))
        .set((
            agents::username.eq(&freed),
            agents::active.eq(false),
            agents::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
    diesel::delete(sessions::table.filter(sessions::agent_id.eq(agent.id))).execute(conn)?;
    diesel::delete(
        crate::schema::calendar_feeds::table
            .filter(crate::schema::calendar_feeds::agent_id.eq(agent.id)),
    )
    .execute(conn)?;
    crate::audit::record(
        conn,
        None,
        "identifiant repris",
        &format!(
            "l'identifiant « {} » appartient à une autre personne de l'annuaire : \
             l'agent n° {} est désactivé",
            agent.username, agent.id
        ),
    )
}

fn same_as(agent: &Agent, c: &AgentChanges<'_>) -> bool {
    agent.username == c.username
        && agent.directory_id.as_deref() == Some(c.directory_id)
        && agent.dn == c.dn
        && agent.display_name == c.display_name
        && agent.email.as_deref() == c.email
        && agent.title.as_deref() == c.title
        && agent.service_id == c.service_id
        && agent.manager_dn.as_deref() == c.manager_dn
        && agent.roles()
            == RoleSet {
                manager: c.is_manager,
                elu: c.is_elu,
                rh: c.is_rh,
                admin: c.is_admin,
            }
        && agent.active
}

/// The display name of the agent's manager (the agent whose DN is their `manager_dn`).
pub fn manager_name(conn: &mut AnyConnection, agent: &Agent) -> QueryResult<Option<String>> {
    let Some(dn) = &agent.manager_dn else {
        return Ok(None);
    };
    agents::table
        .filter(agents::dn.eq(dn))
        .select(agents::display_name)
        .first(conn)
        .optional()
}

/// How many active agents report to `agent`.
pub fn team_size(conn: &mut AnyConnection, agent: &Agent) -> QueryResult<i64> {
    agents::table
        .filter(agents::manager_dn.eq(&agent.dn))
        .filter(agents::active.eq(true))
        .count()
        .get_result(conn)
}

/// Agents by id, in one query.
pub fn agents_by_id(conn: &mut AnyConnection, ids: &[i32]) -> QueryResult<HashMap<i32, Agent>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    Ok(agents::table
        .filter(agents::id.eq_any(&ids))
        .select(Agent::as_select())
        .load(conn)?
        .into_iter()
        .map(|a| (a.id, a))
        .collect())
}

/// Service names by id, in one query.
pub fn service_names(conn: &mut AnyConnection, ids: &[i32]) -> QueryResult<HashMap<i32, String>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    Ok(services::table
        .filter(services::id.eq_any(&ids))
        .select((services::id, services::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect())
}

/// The active members of a manager's team (their `manager_dn` is the manager's `dn`).
pub fn team_of(conn: &mut AnyConnection, manager: &Agent) -> QueryResult<Vec<Agent>> {
    agents::table
        .filter(agents::manager_dn.eq(&manager.dn))
        .filter(agents::active.eq(true))
        .order(agents::display_name)
        .select(Agent::as_select())
        .load(conn)
}

/// Finds an agent by username (case-insensitive, as in the directory).
pub fn find_by_username(conn: &mut AnyConnection, username: &str) -> QueryResult<Option<Agent>> {
    agents::table
        .filter(agents::username.eq(username))
        .select(Agent::as_select())
        .first(conn)
        .optional()
}

/// What a directory synchronisation changed.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub deactivated: usize,
    pub services_created: usize,
    /// Usernames held by several entries: skipped, as sign-in refuses them.
    pub ambiguous: usize,
}

/// Applies the whole directory: creates and updates agents, deactivates
/// those who left and ends their sessions.
///
/// Reads every agent and service once and compares in memory, so that a
/// run costs a few statements plus one per change: new agents are written
/// in batches, changed ones one by one, and a run where nothing changed
/// writes nothing.
pub fn apply_directory(conn: &mut AnyConnection, people: &[Person]) -> AppResult<SyncReport> {
    use std::collections::{HashMap, HashSet};
    db::write_transaction(conn, |conn| {
        let mut report = SyncReport::default();
        let mut counts = HashMap::new();
        for person in people {
            *counts.entry(person.username.to_lowercase()).or_insert(0) += 1;
        }
        let unique = |person: &&Person| {
            if counts[&person.username.to_lowercase()] > 1 {
                log::warn!(
                    "identifiant présent plusieurs fois dans l'annuaire : {}",
                    person.username
                );
                false
            } else {
                true
            }
        };
        let people: Vec<&Person> = people.iter().filter(unique).collect();

        let mut service_ids: HashMap<String, i32> = services::table
            .select((services::name, services::id))
            .load(conn)?
            .into_iter()
            .collect();
        for person in &people {
            if let Some(name) = &person.service {
                if !service_ids.contains_key(name) {
                    service_ids.insert(name.clone(), service_id_for(conn, name)?);
                    report.services_created += 1;
                }
            }
        }

        let mut all: Vec<Agent> = agents::table.select(Agent::as_select()).load(conn)?;
        let mut by_directory_id: HashMap<String, usize> = HashMap::new();
        let mut by_username: HashMap<String, usize> = HashMap::new();
        for (i, agent) in all.iter().enumerate() {
            if let Some(id) = &agent.directory_id {
                by_directory_id.insert(id.clone(), i);
            }
            by_username.insert(agent.username.clone(), i);
        }
        let now = db::now();
        let mut present = HashSet::new();
        let mut created = Vec::new();
        for person in &people {
            // The same choice as `find_for_person`, made in memory.
            let bound = by_directory_id.get(&person.directory_id).copied();
            let same_login = by_username.get(&person.username).copied();
            let existing = match (bound, same_login) {
                (Some(agent), Some(other)) if other != agent => {
                    retire_row(conn, &mut all, &mut by_username, other)?;
                    Some(agent)
                }
                (Some(agent), _) => Some(agent),
                (None, Some(other)) if all[other].directory_id.is_none() => Some(other),
                (None, Some(predecessor)) => {
                    retire_row(conn, &mut all, &mut by_username, predecessor)?;
                    None
                }
                (None, None) => None,
            };
            let dn = normalize_dn(&person.dn);
            let service_id = person.service.as_ref().map(|name| service_ids[name]);
            let changes = AgentChanges::of(person, &dn, service_id, now);
            match existing {
                None => {
                    report.created += 1;
                    created.push(changes.into_owned());
                }
                Some(i) if same_as(&all[i], &changes) => {
                    report.unchanged += 1;
                    present.insert(all[i].id);
                }
                Some(i) => {
                    report.updated += 1;
                    present.insert(all[i].id);
                    diesel::update(agents::table.find(all[i].id))
                        .set(&changes)
                        .execute(conn)?;
                }
            }
        }
        insert_agents(conn, &created)?;

        let leaving: Vec<i32> = all
            .iter()
            .filter(|a| a.active && !present.contains(&a.id))
            .map(|a| a.id)
            .collect();
        for chunk in leaving.chunks(500) {
            diesel::update(agents::table.filter(agents::id.eq_any(chunk)))
                .set((agents::active.eq(false), agents::updated_at.eq(db::now())))
                .execute(conn)?;
            diesel::delete(sessions::table.filter(sessions::agent_id.eq_any(chunk)))
                .execute(conn)?;
            diesel::delete(
                crate::schema::calendar_feeds::table
                    .filter(crate::schema::calendar_feeds::agent_id.eq_any(chunk)),
            )
            .execute(conn)?;
        }
        report.deactivated = leaving.len();
        report.ambiguous = counts.values().filter(|n| **n > 1).count();
        Ok(report)
    })
}

/// Retires the row `i` of `all` (see [`retire`]) and forgets its login.
fn retire_row(
    conn: &mut AnyConnection,
    all: &mut [Agent],
    by_username: &mut std::collections::HashMap<String, usize>,
    i: usize,
) -> AppResult<()> {
    retire(conn, &all[i])?;
    by_username.remove(&all[i].username);
    all[i].active = false;
    Ok(())
}

/// A new agent's row, owned (for batched inserts).
#[derive(Insertable)]
#[diesel(table_name = agents)]
struct NewAgent {
    username: String,
    dn: String,
    display_name: String,
    email: Option<String>,
    title: Option<String>,
    service_id: Option<i32>,
    manager_dn: Option<String>,
    is_manager: bool,
    is_elu: bool,
    is_rh: bool,
    is_admin: bool,
    active: bool,
    updated_at: chrono::NaiveDateTime,
    directory_id: String,
    created_at: chrono::NaiveDateTime,
}

impl AgentChanges<'_> {
    fn into_owned(self) -> NewAgent {
        NewAgent {
            username: self.username.to_string(),
            dn: self.dn.to_string(),
            display_name: self.display_name.to_string(),
            email: self.email.map(str::to_string),
            title: self.title.map(str::to_string),
            service_id: self.service_id,
            manager_dn: self.manager_dn.map(str::to_string),
            is_manager: self.is_manager,
            is_elu: self.is_elu,
            is_rh: self.is_rh,
            is_admin: self.is_admin,
            active: self.active,
            updated_at: self.updated_at,
            directory_id: self.directory_id.to_string(),
            created_at: self.updated_at,
        }
    }
}

/// Inserts new agents, 500 to a statement.
fn insert_agents(conn: &mut AnyConnection, rows: &[NewAgent]) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        let insert = diesel::insert_into(agents::table).values(chunk);
        match conn {
            AnyConnection::Sqlite(c) => insert.execute(c)?,
            AnyConnection::Postgresql(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Notes the time of a successful sign-in.
pub fn record_sign_in(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<()> {
    diesel::update(agents::table.find(agent_id))
        .set(agents::last_sign_in_at.eq(db::now()))
        .execute(conn)
        .map(|_| ())
}
