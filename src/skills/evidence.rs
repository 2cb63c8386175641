//! Evidence: what an agent shows for a skill. Passerelles proposes it from
//! their own history (confirmed past swaps hosted or made, sessions
//! organised, co-facilitated or attended, initiatives led or joined) and also
//! takes a free text with an optional link. Attaching an activity checks it
//! again on the server: someone else's activity, a swap cancelled or not yet
//! done, a session not attended are refused with a French message.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::framework;
use super::model::EvidenceKind;
pub use super::verifying::check_activity;
use crate::agents::Agent;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::initiatives::model::{member_role, member_state};
use crate::schema::{
    initiative_members, initiatives, skill_evidence, swap_offer_skills, swap_offers, swap_requests,
    swap_slots, workshop_facilitators, workshop_registrations, workshop_sessions, workshop_skills,
    workshops,
};

/// One of the agent's activities that can serve as evidence.
#[derive(Debug, Clone)]
pub struct Activity {
    pub kind: EvidenceKind,
    pub source_id: i32,
    pub title: String,
    pub occurred_at: NaiveDateTime,
    /// The skills the workshop or offer says it practises.
    pub practises: Vec<i32>,
}

/// The swap is not the agent's.
pub const NOT_YOURS: &str =
    "Cette activité n'est pas la vôtre : seules vos propres activités peuvent servir de preuve.";
/// The swap was cancelled or declined.
pub const SWAP_CANCELLED: &str =
    "Cet échange Vis ma vie a été annulé ou n'a pas été accepté : il ne peut pas servir de preuve.";
/// The swap is not done yet.
pub const SWAP_NOT_DONE: &str =
    "Cet échange Vis ma vie n'a pas encore eu lieu : il pourra servir de preuve une fois réalisé.";
/// The session was cancelled.
pub const SESSION_CANCELLED: &str =
    "Cette session a été annulée : elle ne peut pas servir de preuve.";
/// The session is not over yet.
pub const SESSION_NOT_DONE: &str =
    "Cette session n'a pas encore eu lieu : elle pourra servir de preuve une fois passée.";
/// The agent was not marked present.
pub const NOT_ATTENDED: &str =
    "Vous n'avez pas été noté présent à cette session : elle ne peut pas servir de preuve.";
/// Already attached.
pub const ALREADY: &str = "Cette activité est déjà une preuve pour cette compétence.";

/// Every activity of the agent that can serve as evidence, newest first
/// (a fixed number of queries, whatever the history's length).
pub fn activities(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Vec<Activity>> {
    let now = db::now();
    let mut out = Vec::new();
    let visited: Vec<(i32, i32, String, NaiveDateTime)> = swap_requests::table
        .inner_join(swap_slots::table)
        .inner_join(swap_offers::table)
        .filter(swap_requests::visitor_id.eq(agent_id))
        .filter(swap_requests::status.eq("confirmed"))
        .filter(swap_slots::ends_at.le(now))
        .select((
            swap_requests::id,
            swap_offers::id,
            swap_offers::title,
            swap_slots::ends_at,
        ))
        .load(conn)?;
    let hosted: Vec<(i32, i32, String, NaiveDateTime)> = swap_requests::table
        .inner_join(swap_slots::table)
        .inner_join(swap_offers::table)
        .filter(swap_offers::host_id.eq(agent_id))
        .filter(swap_requests::status.eq("confirmed"))
        .filter(swap_slots::ends_at.le(now))
        .select((
            swap_requests::id,
            swap_offers::id,
            swap_offers::title,
            swap_slots::ends_at,
        ))
        .load(conn)?;
    let offer_ids: Vec<i32> = visited.iter().chain(&hosted).map(|r| r.1).collect();
    let offer_skills = pairs(
        swap_offer_skills::table
            .filter(swap_offer_skills::offer_id.eq_any(&offer_ids))
            .select((swap_offer_skills::offer_id, swap_offer_skills::skill_id))
            .load(conn)?,
    );
    for (kind, rows) in [
        (EvidenceKind::SwapVisited, visited),
        (EvidenceKind::SwapHosted, hosted),
    ] {
        for (id, offer, title, at) in rows {
            out.push(Activity {
                kind,
                source_id: id,
                title: format!("Vis ma vie : {title}"),
                occurred_at: at,
                practises: offer_skills.get(&offer).cloned().unwrap_or_default(),
            });
        }
    }

    let past_sessions = workshop_sessions::table
        .inner_join(workshops::table)
        .filter(workshop_sessions::cancelled_at.is_null())
        .filter(workshop_sessions::ends_at.le(now));
    let organised: Vec<(i32, i32, String, NaiveDateTime)> = past_sessions
        .filter(workshops::organiser_id.eq(agent_id))
        .select((
            workshop_sessions::id,
            workshops::id,
            workshops::title,
            workshop_sessions::ends_at,
        ))
        .load(conn)?;
    let facilitated: Vec<(i32, i32, String, NaiveDateTime)> = past_sessions
        .filter(
            workshops::id.eq_any(
                workshop_facilitators::table
                    .filter(workshop_facilitators::agent_id.eq(agent_id))
                    .select(workshop_facilitators::workshop_id),
            ),
        )
        .select((
            workshop_sessions::id,
            workshops::id,
            workshops::title,
            workshop_sessions::ends_at,
        ))
        .load(conn)?;
    let attended: Vec<(i32, i32, String, NaiveDateTime)> = past_sessions
        .filter(
            workshop_sessions::id.eq_any(
                workshop_registrations::table
                    .filter(workshop_registrations::agent_id.eq(agent_id))
                    .filter(workshop_registrations::status.eq("confirmed"))
                    .filter(workshop_registrations::attendance.eq("present"))
                    .select(workshop_registrations::session_id),
            ),
        )
        .select((
            workshop_sessions::id,
            workshops::id,
            workshops::title,
            workshop_sessions::ends_at,
        ))
        .load(conn)?;
    let workshop_ids: Vec<i32> = organised
        .iter()
        .chain(&facilitated)
        .chain(&attended)
        .map(|r| r.1)
        .collect();
    let practised = pairs(
        workshop_skills::table
            .filter(workshop_skills::workshop_id.eq_any(&workshop_ids))
            .select((workshop_skills::workshop_id, workshop_skills::skill_id))
            .load(conn)?,
    );
    for (kind, rows) in [
        (EvidenceKind::SessionOrganised, organised),
        (EvidenceKind::SessionFacilitated, facilitated),
        (EvidenceKind::SessionAttended, attended),
    ] {
        for (id, workshop, title, at) in rows {
            out.push(Activity {
                kind,
                source_id: id,
                title: format!("Atelier : {title}"),
                occurred_at: at,
                practises: practised.get(&workshop).cloned().unwrap_or_default(),
            });
        }
    }

    let led: Vec<(i32, String, NaiveDateTime)> = initiatives::table
        .filter(initiatives::author_id.eq(agent_id))
        .filter(initiatives::hidden.eq(false))
        .select((initiatives::id, initiatives::title, initiatives::created_at))
        .load(conn)?;
    let joined: Vec<(i32, String, NaiveDateTime)> = initiative_members::table
        .inner_join(initiatives::table)
        .filter(initiative_members::agent_id.eq(agent_id))
        .filter(initiative_members::state.eq(member_state::ACCEPTED))
        .filter(initiative_members::role.eq(member_role::MEMBER))
        .filter(initiatives::hidden.eq(false))
        .select((
            initiatives::id,
            initiatives::title,
            initiative_members::requested_at,
        ))
        .load(conn)?;
    for (kind, rows) in [
        (EvidenceKind::InitiativeLed, led),
        (EvidenceKind::InitiativeJoined, joined),
    ] {
        for (id, title, at) in rows {
            out.push(Activity {
                kind,
                source_id: id,
                title: format!("Initiative : {title}"),
                occurred_at: at,
                practises: Vec::new(),
            });
        }
    }
    out.sort_by_key(|a| std::cmp::Reverse(a.occurred_at));
    Ok(out)
}

fn pairs(rows: Vec<(i32, i32)>) -> HashMap<i32, Vec<i32>> {
    let mut map: HashMap<i32, Vec<i32>> = HashMap::new();
    for (owner, skill) in rows {
        map.entry(owner).or_default().push(skill);
    }
    map
}

fn live_skill(conn: &mut AnyConnection, skill_id: i32) -> AppResult<()> {
    let (skill, _) = framework::find(conn, skill_id)?;
    if skill.retired_at.is_some() {
        return Err(AppError::Invalid(
            "Cette compétence a été retirée du référentiel.".into(),
        ));
    }
    Ok(())
}

/// A piece of evidence about to be stored.
struct NewEvidence<'a> {
    agent_id: i32,
    skill_id: i32,
    kind: EvidenceKind,
    source_id: Option<i32>,
    title: &'a str,
    link: Option<&'a str>,
    occurred_at: NaiveDateTime,
}

fn insert(conn: &mut AnyConnection, new: NewEvidence<'_>) -> AppResult<i32> {
    let NewEvidence {
        agent_id,
        skill_id,
        kind,
        source_id,
        title,
        link,
        occurred_at,
    } = new;
    let existing: i64 = skill_evidence::table
        .filter(skill_evidence::agent_id.eq(agent_id))
        .filter(skill_evidence::skill_id.eq(skill_id))
        .filter(skill_evidence::kind.eq(kind.code()))
        .filter(skill_evidence::source_id.eq(source_id))
        .count()
        .get_result(conn)?;
    if source_id.is_some() && existing > 0 {
        return Err(AppError::Invalid(ALREADY.into()));
    }
    diesel::insert_into(skill_evidence::table)
        .values((
            skill_evidence::agent_id.eq(agent_id),
            skill_evidence::skill_id.eq(skill_id),
            skill_evidence::kind.eq(kind.code()),
            skill_evidence::source_id.eq(source_id),
            skill_evidence::title.eq(title),
            skill_evidence::link.eq(link),
            skill_evidence::occurred_at.eq(occurred_at),
            skill_evidence::created_at.eq(db::now()),
        ))
        .returning(skill_evidence::id)
        .get_result(conn)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => AppError::Invalid(ALREADY.into()),
            other => other.into(),
        })
}

/// Attaches one of the agent's activities to a skill, after checking it.
pub fn attach_activity(
    conn: &mut AnyConnection,
    agent: &Agent,
    skill_id: i32,
    kind: EvidenceKind,
    source_id: i32,
) -> AppResult<i32> {
    db::write_transaction(conn, |conn| {
        live_skill(conn, skill_id)?;
        let activity = check_activity(conn, agent, kind, source_id)?;
        insert(
            conn,
            NewEvidence {
                agent_id: agent.id,
                skill_id,
                kind,
                source_id: Some(source_id),
                title: &activity.title,
                link: None,
                occurred_at: activity.occurred_at,
            },
        )
    })
}

/// Attaches a free-text evidence (already checked by its form).
pub fn attach_free(
    conn: &mut AnyConnection,
    agent: &Agent,
    skill_id: i32,
    title: &str,
    link: Option<&str>,
) -> AppResult<i32> {
    db::write_transaction(conn, |conn| {
        live_skill(conn, skill_id)?;
        insert(
            conn,
            NewEvidence {
                agent_id: agent.id,
                skill_id,
                kind: EvidenceKind::Free,
                source_id: None,
                title,
                link,
                occurred_at: db::now(),
            },
        )
    })
}

/// Removes one of the agent's own pieces of evidence for a skill; someone
/// else's (or one that is already gone) is not found.
pub fn remove(
    conn: &mut AnyConnection,
    agent: &Agent,
    skill_id: i32,
    evidence_id: i32,
) -> AppResult<()> {
    let removed = diesel::delete(
        skill_evidence::table
            .filter(skill_evidence::id.eq(evidence_id))
            .filter(skill_evidence::agent_id.eq(agent.id))
            .filter(skill_evidence::skill_id.eq(skill_id)),
    )
    .execute(conn)?;
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The (kind, source) pairs already attached by the agent, per skill.
pub fn attached(
    conn: &mut AnyConnection,
    agent_id: i32,
) -> QueryResult<HashSet<(i32, String, i32)>> {
    let rows: Vec<(i32, String, Option<i32>)> = skill_evidence::table
        .filter(skill_evidence::agent_id.eq(agent_id))
        .select((
            skill_evidence::skill_id,
            skill_evidence::kind,
            skill_evidence::source_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(skill, kind, source)| source.map(|s| (skill, kind, s)))
        .collect())
}
