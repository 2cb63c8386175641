//! Explicit invitations of élus and managers to a session: the organiser
//! invites, the invitation waits on the invitee's dashboard, they accept
//! (which registers them, see `seats::register`) or decline.

use chrono_tz::Tz;
use diesel::prelude::*;
use serde::Serialize;

use super::links;
use super::model::{self, InvitationAnswer, DECLINED, PENDING};
use super::organise::require_facilitator;
use crate::agents::Agent;
use crate::common::format;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::notifications;
use crate::schema::{agents, services, workshop_invitations, workshop_registrations};

/// An élu or manager the organiser may invite, or has invited.
#[derive(Debug, Clone, Serialize)]
pub struct Invitee {
    pub agent_id: i32,
    pub name: String,
    pub detail: String,
    /// `None`: not invited yet; else what became of the invitation.
    pub answer: Option<&'static str>,
}

/// (id, name, title, service, is élu) of a possible invitee.
type CandidateRow = (i32, String, Option<String>, Option<String>, bool);

/// Élus and managers (active) other than the facilitators and those already
/// registered, with their invitation to this session if any, élus first
/// (three queries).
pub fn invitees(
    conn: &mut AnyConnection,
    session_id: i32,
    facilitators: &[i32],
) -> AppResult<Vec<Invitee>> {
    let registered: Vec<i32> = workshop_registrations::table
        .filter(workshop_registrations::session_id.eq(session_id))
        .select(workshop_registrations::agent_id)
        .load(conn)?;
    let people: Vec<CandidateRow> = agents::table
        .left_join(services::table)
        .filter(agents::active.eq(true))
        .filter(agents::is_elu.eq(true).or(agents::is_manager.eq(true)))
        .order((agents::is_elu.desc(), agents::display_name))
        .select((
            agents::id,
            agents::display_name,
            agents::title.nullable(),
            services::name.nullable(),
            agents::is_elu,
        ))
        .load(conn)?;
    let invited: Vec<(i32, String)> = workshop_invitations::table
        .filter(workshop_invitations::session_id.eq(session_id))
        .select((workshop_invitations::agent_id, workshop_invitations::status))
        .load(conn)?;
    let invited_or_free = |id: &i32| {
        !facilitators.contains(id)
            && (!registered.contains(id) || invited.iter().any(|(i, _)| i == id))
    };
    people
        .into_iter()
        .filter(|(agent_id, ..)| invited_or_free(agent_id))
        .map(|(agent_id, name, title, service, elu)| {
            let role = if elu { "Élu" } else { "Encadrant" };
            let detail = [Some(role.to_string()), title, service]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let answer = match invited.iter().find(|(id, _)| *id == agent_id) {
                Some((_, code)) => Some(InvitationAnswer::parse(code)?.label()),
                None => None,
            };
            Ok(Invitee {
                agent_id,
                name,
                detail,
                answer,
            })
        })
        .collect()
}

/// Invites élus and managers to a session (organiser or co-facilitator).
/// People already invited or registered are skipped; returns how many were invited.
pub fn invite(
    conn: &mut AnyConnection,
    actor: &Agent,
    session_id: i32,
    agent_ids: &[i32],
    tz: Tz,
) -> AppResult<usize> {
    db::write_transaction(conn, |conn| {
        invite_within(conn, actor, session_id, agent_ids, tz)
    })
}

/// [`invite`] inside the caller's write transaction.
pub(super) fn invite_within(
    conn: &mut AnyConnection,
    actor: &Agent,
    session_id: i32,
    agent_ids: &[i32],
    tz: Tz,
) -> AppResult<usize> {
    let (session, workshop) = model::find_session(conn, session_id)?.ok_or(AppError::NotFound)?;
    require_facilitator(conn, &workshop, actor.id)?;
    if !session.registration_open(db::now()) {
        return Err(AppError::Invalid(
            "Les invitations ne sont plus possibles : la session est annulée, commencée ou close."
                .into(),
        ));
    }
    if agent_ids.is_empty() {
        return Err(AppError::Invalid(
            "Cochez au moins une personne à inviter.".into(),
        ));
    }
    let chosen: Vec<(i32, bool, bool)> = agents::table
        .filter(agents::id.eq_any(agent_ids))
        .filter(agents::active.eq(true))
        .select((agents::id, agents::is_elu, agents::is_manager))
        .load(conn)?;
    if chosen.len() != agent_ids.len() || chosen.iter().any(|(_, elu, mgr)| !elu && !mgr) {
        return Err(AppError::Invalid(
            "Seuls les élus et les encadrants sont invités ici ; les autres agents s'inscrivent eux-mêmes."
                .into(),
        ));
    }
    let facilitators = model::facilitators(conn, &workshop)?;
    let mut already: Vec<i32> = workshop_invitations::table
        .filter(workshop_invitations::session_id.eq(session.id))
        .select(workshop_invitations::agent_id)
        .load(conn)?;
    already.extend(
        workshop_registrations::table
            .filter(workshop_registrations::session_id.eq(session.id))
            .select(workshop_registrations::agent_id)
            .load::<i32>(conn)?,
    );
    let now = db::now();
    let mut invited = Vec::new();
    for (agent_id, _, _) in chosen {
        if already.contains(&agent_id) || facilitators.contains(&agent_id) {
            continue;
        }
        diesel::insert_into(workshop_invitations::table)
            .values((
                workshop_invitations::session_id.eq(session.id),
                workshop_invitations::agent_id.eq(agent_id),
                workshop_invitations::invited_by.eq(actor.id),
                workshop_invitations::status.eq(PENDING),
                workshop_invitations::created_at.eq(now),
            ))
            .execute(conn)?;
        invited.push(agent_id);
    }
    notifications::notify_all(
        conn,
        &invited,
        crate::notifications::NotificationKind::Invitation,
        &format!(
            "Vous êtes invité à « {} » le {}. Répondez depuis la page de la session.",
            workshop.title,
            format::date_time(session.starts_at, tz)
        ),
        &links::session(session.id),
    )?;
    Ok(invited.len())
}

/// The agent's pending invitation to a session, if any.
pub fn pending_for(conn: &mut AnyConnection, session_id: i32, agent_id: i32) -> QueryResult<bool> {
    let n: i64 = workshop_invitations::table
        .filter(workshop_invitations::session_id.eq(session_id))
        .filter(workshop_invitations::agent_id.eq(agent_id))
        .filter(workshop_invitations::status.eq(PENDING))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Declines the agent's pending invitation; the organiser is told.
pub fn decline(conn: &mut AnyConnection, agent: &Agent, session_id: i32) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let (_, workshop) = model::find_session(conn, session_id)?.ok_or(AppError::NotFound)?;
        let n = diesel::update(
            workshop_invitations::table
                .filter(workshop_invitations::session_id.eq(session_id))
                .filter(workshop_invitations::agent_id.eq(agent.id))
                .filter(workshop_invitations::status.eq(PENDING)),
        )
        .set((
            workshop_invitations::status.eq(DECLINED),
            workshop_invitations::answered_at.eq(db::now()),
        ))
        .execute(conn)?;
        if n == 0 {
            return Err(AppError::Invalid(
                "Aucune invitation en attente de réponse pour cette session.".into(),
            ));
        }
        notifications::notify(
            conn,
            workshop.organiser_id,
            crate::notifications::NotificationKind::InvitationAnswer,
            &format!(
                "{} a décliné votre invitation à « {} ».",
                agent.display_name, workshop.title
            ),
            &links::session(session_id),
        )?;
        Ok(())
    })
}
