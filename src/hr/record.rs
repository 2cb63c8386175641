//! An agent's participation record, as HR opens it from the searchable list:
//! every swap (as visitor and as host), workshop session, initiative and
//! support, and every skills self-assessment and validation (the passport,
//! linked from the record, holds the evidence and goals). Opening it is
//! written to the audit log by the route.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use diesel::prelude::*;

use super::views::{AgentRow, TableView};
use crate::agents::{self, Agent};
use crate::common::format::{fold_accents, local};
use crate::db::AnyConnection;
use crate::initiatives::model::{Status as InitiativeStatus, Vocabulary as _};
use crate::schema::{
    agents as agents_t, initiative_members, initiative_supports, initiatives, skill_assessments,
    skill_validations, skill_versions, swap_offers, swap_requests, swap_slots,
    workshop_participations, workshop_registrations, workshop_sessions, workshops,
};
use crate::skills::model::level_label;
use crate::swaps::model::RequestStatus;

/// A registration as the record lists it: workshop, start, cancelled, status, attendance.
type Registration = (
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    String,
    Option<String>,
);

/// "dd/mm/yyyy" in local time.
pub fn day(at: NaiveDateTime, tz: Tz) -> String {
    local(at, tz).format("%d/%m/%Y").to_string()
}

/// Agents per page of the list.
pub const PAGE_SIZE: i64 = 50;

/// Letters `fold_accents` folds, as SQL `replace()` pairs (both cases: SQLite's
/// `lower()` only folds ASCII).
#[rustfmt::skip]
const FOLDS: &[(&str, &str)] = &[
    ("à", "a"), ("á", "a"), ("â", "a"), ("ã", "a"), ("ä", "a"), ("å", "a"),
    ("À", "a"), ("Á", "a"), ("Â", "a"), ("Ã", "a"), ("Ä", "a"), ("Å", "a"),
    ("ç", "c"), ("Ç", "c"),
    ("è", "e"), ("é", "e"), ("ê", "e"), ("ë", "e"),
    ("È", "e"), ("É", "e"), ("Ê", "e"), ("Ë", "e"),
    ("ì", "i"), ("í", "i"), ("î", "i"), ("ï", "i"),
    ("Ì", "i"), ("Í", "i"), ("Î", "i"), ("Ï", "i"),
    ("ñ", "n"), ("Ñ", "n"),
    ("ò", "o"), ("ó", "o"), ("ô", "o"), ("õ", "o"), ("ö", "o"),
    ("Ò", "o"), ("Ó", "o"), ("Ô", "o"), ("Õ", "o"), ("Ö", "o"),
    ("ù", "u"), ("ú", "u"), ("û", "u"), ("ü", "u"),
    ("Ù", "u"), ("Ú", "u"), ("Û", "u"), ("Ü", "u"),
    ("ý", "y"), ("ÿ", "y"), ("Ý", "y"), ("Ÿ", "y"),
    ("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"),
    ("’", "''"), ("ʼ", "''"),
];

/// `column` lower-cased with its accents folded, in SQL both backends run
/// alike: the same text [`fold_accents`] gives for French names. Built from
/// constants only, never from input.
pub fn folded_sql(column: &str) -> String {
    let mut sql = column.to_string();
    for (from, to) in FOLDS {
        sql = format!("replace({sql}, '{from}', '{to}')");
    }
    format!("lower({sql})")
}

/// The LIKE pattern of a search: accents folded, wildcards only text.
fn pattern(search: &str) -> String {
    let wanted = fold_accents(search.trim())
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{wanted}%")
}

/// The SQL condition "name or username contains the pattern" (accents and
/// case ignored), as a Diesel expression on `agents`.
macro_rules! matching {
    ($pattern:expr, $name:expr) => {{
        let pattern: String = $pattern;
        diesel::dsl::sql::<diesel::sql_types::Bool>(&format!("({} LIKE ", $name))
            .bind::<diesel::sql_types::Text, _>(pattern.clone())
            .sql(" ESCAPE '\\' OR lower(agents.username) LIKE ")
            .bind::<diesel::sql_types::Text, _>(pattern)
            .sql(" ESCAPE '\\')")
    }};
}

fn service_of(services: &HashMap<i32, String>, id: Option<i32>) -> String {
    id.and_then(|s| services.get(&s).cloned())
        .unwrap_or_else(|| "Sans service".into())
}

/// One page (from 1) of the agents whose name or username contains `search`
/// (accents and case ignored), in alphabetical order, and whether another
/// page follows. Filtered, sorted and cut by the database (two queries).
pub fn search(
    conn: &mut AnyConnection,
    search: &str,
    page: i64,
) -> QueryResult<(Vec<AgentRow>, bool)> {
    use diesel::dsl::sql;
    use diesel::sql_types::Text;
    let services: HashMap<i32, String> = agents::all_services(conn)?.into_iter().collect();
    let name = folded_sql("agents.display_name");
    let rows: Vec<(i32, String, Option<i32>, bool)> = agents_t::table
        .filter(matching!(pattern(search), name))
        .order((sql::<Text>(&name), agents_t::id))
        .select((
            agents_t::id,
            agents_t::display_name,
            agents_t::service_id,
            agents_t::active,
        ))
        .limit(PAGE_SIZE + 1)
        .offset((page.max(1) - 1) * PAGE_SIZE)
        .load(conn)?;
    let more = rows.len() as i64 > PAGE_SIZE;
    Ok((
        rows.into_iter()
            .take(PAGE_SIZE as usize)
            .map(|(id, name, service, active)| AgentRow {
                id,
                name,
                service: service_of(&services, service),
                active,
            })
            .collect(),
        more,
    ))
}

/// Agents read at once by [`each_agent`].
pub const BATCH: i64 = 1000;

/// One agent of the list's export: name, username, service, situation.
#[derive(Debug, Clone)]
pub struct ListedAgent {
    pub name: String,
    pub username: String,
    pub service: String,
    pub active: bool,
}

/// Hands every agent the search finds to `write`, in the list's order,
/// reading [`BATCH`] agents at a time (keyset on the folded name and the
/// id: no agent twice nor skipped, however the list changes meanwhile).
pub fn each_agent<E: From<diesel::result::Error>>(
    conn: &mut AnyConnection,
    search: &str,
    mut write: impl FnMut(ListedAgent) -> Result<(), E>,
) -> Result<(), E> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Integer, Text};
    let services: HashMap<i32, String> = agents::all_services(conn)?.into_iter().collect();
    let name = folded_sql("agents.display_name");
    let mut after: Option<(String, i32)> = None;
    loop {
        // Before the first batch, a key below every name.
        let (last_name, last_id) = after.clone().unwrap_or_default();
        let first = after.is_none();
        let rows: Vec<(String, i32, String, String, Option<i32>, bool)> = agents_t::table
            .filter(matching!(pattern(search), name))
            .filter(
                sql::<Bool>("(")
                    .bind::<Bool, _>(first)
                    .sql(&format!(" OR {name} > "))
                    .bind::<Text, _>(last_name.clone())
                    .sql(&format!(" OR ({name} = "))
                    .bind::<Text, _>(last_name)
                    .sql(" AND agents.id > ")
                    .bind::<Integer, _>(last_id)
                    .sql("))"),
            )
            .order((sql::<Text>(&name), agents_t::id))
            .select((
                sql::<Text>(&name),
                agents_t::id,
                agents_t::display_name,
                agents_t::username,
                agents_t::service_id,
                agents_t::active,
            ))
            .limit(BATCH)
            .load(conn)?;
        let full = rows.len() as i64 == BATCH;
        after = rows.last().map(|r| (r.0.clone(), r.1));
        for (_, _, name, username, service, active) in rows {
            write(ListedAgent {
                name,
                username,
                service: service_of(&services, service),
                active,
            })?;
        }
        if !full {
            return Ok(());
        }
    }
}

/// Finds an agent.
pub fn find(conn: &mut AnyConnection, id: i32) -> QueryResult<Option<Agent>> {
    agents_t::table
        .find(id)
        .select(Agent::as_select())
        .first(conn)
        .optional()
}

fn swap_status(status: &str, ended: bool) -> String {
    RequestStatus::parse(status)
        .map_or("Statut inconnu", |s| s.label_at(ended))
        .to_string()
}

/// The record's tables (nine statements, whatever its length).
pub fn tables(
    conn: &mut AnyConnection,
    agent_id: i32,
    now: NaiveDateTime,
    tz: Tz,
) -> QueryResult<Vec<TableView>> {
    let services: HashMap<i32, String> = agents::all_services(conn)?.into_iter().collect();
    let service = |id: Option<i32>| {
        id.and_then(|s| services.get(&s).cloned())
            .unwrap_or_else(|| "—".into())
    };
    let visits: Vec<(
        String,
        i32,
        NaiveDateTime,
        NaiveDateTime,
        String,
        NaiveDateTime,
    )> = swap_requests::table
        .inner_join(swap_offers::table)
        .inner_join(swap_slots::table)
        .filter(swap_requests::visitor_id.eq(agent_id))
        .order(swap_slots::starts_at.desc())
        .select((
            swap_offers::title,
            swap_offers::service_id,
            swap_slots::starts_at,
            swap_slots::ends_at,
            swap_requests::status,
            swap_requests::created_at,
        ))
        .load(conn)?;
    let hosted: Vec<(
        String,
        Option<i32>,
        NaiveDateTime,
        NaiveDateTime,
        String,
        NaiveDateTime,
    )> = swap_requests::table
        .inner_join(swap_offers::table)
        .inner_join(swap_slots::table)
        .filter(swap_offers::host_id.eq(agent_id))
        .order(swap_slots::starts_at.desc())
        .select((
            swap_offers::title,
            swap_requests::visitor_service_id,
            swap_slots::starts_at,
            swap_slots::ends_at,
            swap_requests::status,
            swap_requests::created_at,
        ))
        .load(conn)?;
    let mut swap_rows = Vec::new();
    for (title, service_id, starts, ends, status, asked) in visits {
        swap_rows.push(vec![
            title,
            "Visiteur".into(),
            service(Some(service_id)),
            day(asked, tz),
            day(starts, tz),
            swap_status(&status, ends <= now),
        ]);
    }
    for (title, service_id, starts, ends, status, asked) in hosted {
        swap_rows.push(vec![
            title,
            "Accueillant".into(),
            service(service_id),
            day(asked, tz),
            day(starts, tz),
            swap_status(&status, ends <= now),
        ]);
    }
    let registrations: Vec<Registration> = workshop_registrations::table
        .inner_join(workshop_sessions::table.inner_join(workshops::table))
        .filter(workshop_registrations::agent_id.eq(agent_id))
        .order(workshop_sessions::starts_at.desc())
        .select((
            workshops::title,
            workshop_sessions::starts_at,
            workshop_sessions::cancelled_at,
            workshop_registrations::status,
            workshop_registrations::attendance,
        ))
        .load(conn)?;
    let facilitated: Vec<(String, NaiveDateTime, String)> = workshop_participations::table
        .inner_join(workshop_sessions::table.inner_join(workshops::table))
        .filter(workshop_participations::agent_id.eq(agent_id))
        .filter(workshop_participations::role.eq_any(["presenting", "co_facilitating"]))
        .order(workshop_sessions::starts_at.desc())
        .select((
            workshops::title,
            workshop_sessions::starts_at,
            workshop_participations::role,
        ))
        .load(conn)?;
    let mut session_rows = Vec::new();
    for (title, starts, role) in facilitated {
        let what = if role == "presenting" {
            "Anime"
        } else {
            "Co-anime"
        };
        session_rows.push(vec![title, day(starts, tz), what.to_string()]);
    }
    for (title, starts, cancelled, status, attendance) in registrations {
        let what = match (cancelled, status.as_str(), attendance.as_deref()) {
            (Some(_), _, _) => "Inscrit, séance annulée",
            (None, "waitlisted", _) => "En liste d'attente",
            (None, _, Some("present")) => "Présent",
            (None, _, Some("absent")) => "Absent",
            (None, _, _) => "Inscrit",
        };
        session_rows.push(vec![title, day(starts, tz), what.to_string()]);
    }
    let teams: Vec<(String, String, String, String, NaiveDateTime)> = initiative_members::table
        .inner_join(initiatives::table)
        .filter(initiative_members::agent_id.eq(agent_id))
        .order(initiatives::created_at.desc())
        .select((
            initiatives::title,
            initiative_members::role,
            initiative_members::state,
            initiatives::status,
            initiative_members::requested_at,
        ))
        .load(conn)?;
    let supports: Vec<(String, String, NaiveDateTime)> = initiative_supports::table
        .inner_join(initiatives::table)
        .filter(initiative_supports::agent_id.eq(agent_id))
        .order(initiative_supports::created_at.desc())
        .select((
            initiatives::title,
            initiatives::status,
            initiative_supports::created_at,
        ))
        .load(conn)?;
    let status_label = |code: &str| {
        InitiativeStatus::from_code(code)
            .map(|s| s.label().to_string())
            .unwrap_or_else(|| code.to_string())
    };
    let mut initiative_rows = Vec::new();
    for (title, role, state, status, at) in teams {
        let what = match (role.as_str(), state.as_str()) {
            ("lead", _) => "Porteur",
            (_, "accepted") => "Membre de l'équipe",
            (_, "pending") => "Demande à rejoindre l'équipe",
            (_, "declined") => "Demande déclinée",
            _ => "A quitté l'équipe",
        };
        initiative_rows.push(vec![
            title,
            what.to_string(),
            day(at, tz),
            status_label(&status),
        ]);
    }
    for (title, status, at) in supports {
        initiative_rows.push(vec![
            title,
            "Soutien".into(),
            day(at, tz),
            status_label(&status),
        ]);
    }
    let skill_rows = skills(conn, agent_id, tz)?;
    Ok(vec![
        TableView {
            slug: "dossier-vis-ma-vie".into(),
            caption: "Immersions Vis ma vie".into(),
            columns: vec![
                "Immersion".into(),
                "Rôle".into(),
                "Autre service".into(),
                "Demandée le".into(),
                "Date".into(),
                "Statut".into(),
            ],
            rows: swap_rows,
        },
        TableView {
            slug: "dossier-ateliers".into(),
            caption: "Séances d'ateliers".into(),
            columns: vec!["Atelier".into(), "Date".into(), "Participation".into()],
            rows: session_rows,
        },
        TableView {
            slug: "dossier-initiatives".into(),
            caption: "Initiatives".into(),
            columns: vec![
                "Initiative".into(),
                "Rôle".into(),
                "Depuis le".into(),
                "Statut de l'initiative".into(),
            ],
            rows: initiative_rows,
        },
        TableView {
            slug: "dossier-competences".into(),
            caption: "Compétences : auto-évaluations et niveaux validés".into(),
            columns: vec![
                "Compétence".into(),
                "Nature".into(),
                "Niveau".into(),
                "Date".into(),
                "Validé par".into(),
            ],
            rows: skill_rows,
        },
    ])
}

/// Every self-assessment and validation of the agent, newest first, each
/// with the skill's wording it was made on (two statements).
fn skills(conn: &mut AnyConnection, agent_id: i32, tz: Tz) -> QueryResult<Vec<Vec<String>>> {
    let assessed: Vec<(String, i32, NaiveDateTime)> = skill_assessments::table
        .inner_join(skill_versions::table)
        .filter(skill_assessments::agent_id.eq(agent_id))
        .select((
            skill_versions::name,
            skill_assessments::level,
            skill_assessments::created_at,
        ))
        .load(conn)?;
    let validated: Vec<(String, i32, NaiveDateTime, String)> = skill_validations::table
        .inner_join(skill_versions::table)
        .inner_join(agents_t::table.on(agents_t::id.eq(skill_validations::validated_by)))
        .filter(skill_validations::agent_id.eq(agent_id))
        .select((
            skill_versions::name,
            skill_validations::level,
            skill_validations::created_at,
            agents_t::display_name,
        ))
        .load(conn)?;
    let mut rows: Vec<(NaiveDateTime, Vec<String>)> = assessed
        .into_iter()
        .map(|(skill, level, at)| {
            (
                at,
                vec![
                    skill,
                    "Auto-évaluation".into(),
                    level_label(level),
                    day(at, tz),
                    "—".into(),
                ],
            )
        })
        .chain(validated.into_iter().map(|(skill, level, at, by)| {
            (
                at,
                vec![
                    skill,
                    "Niveau validé".into(),
                    level_label(level),
                    day(at, tz),
                    by,
                ],
            )
        }))
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.0));
    Ok(rows.into_iter().map(|(_, row)| row).collect())
}
