//! Co-facilitating a workshop is an invitation: the organiser names the
//! co-facilitators, each accepts (and gets the sessions in their diary and
//! the facilitators' rights) or declines (and leaves the list).

use super::links;
use diesel::prelude::*;

use super::diary;
use super::model;
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::notifications;
use crate::schema::workshop_facilitators;

const NOTHING_PENDING: &str = "Vous n'avez pas d'invitation en attente pour co-animer cet atelier.";

/// The invited agent accepts: they co-facilitate from now on.
pub fn accept(conn: &mut AnyConnection, agent: &Agent, workshop_id: i32) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let workshop = model::find_workshop(conn, workshop_id)?.ok_or(AppError::NotFound)?;
        let answered = diesel::update(
            workshop_facilitators::table
                .filter(workshop_facilitators::workshop_id.eq(workshop.id))
                .filter(workshop_facilitators::agent_id.eq(agent.id))
                .filter(workshop_facilitators::accepted_at.is_null()),
        )
        .set(workshop_facilitators::accepted_at.eq(db::now()))
        .execute(conn)?;
        if answered != 1 {
            return Err(AppError::Invalid(NOTHING_PENDING.into()));
        }
        let upcoming = model::upcoming_sessions(conn, workshop.id)?;
        for session in &upcoming {
            diary::put(conn, session, &workshop, agent.id, true)?;
        }
        notifications::notify(
            conn,
            workshop.organiser_id,
            crate::notifications::NotificationKind::InvitationAnswer,
            &format!(
                "{} a accepté de co-animer l'atelier « {} ».",
                agent.display_name, workshop.title
            ),
            &links::workshop(workshop.id),
        )?;
        Ok(())
    })
}

/// The invited agent declines: they leave the list.
pub fn decline(conn: &mut AnyConnection, agent: &Agent, workshop_id: i32) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let workshop = model::find_workshop(conn, workshop_id)?.ok_or(AppError::NotFound)?;
        let removed = diesel::delete(
            workshop_facilitators::table
                .filter(workshop_facilitators::workshop_id.eq(workshop.id))
                .filter(workshop_facilitators::agent_id.eq(agent.id))
                .filter(workshop_facilitators::accepted_at.is_null()),
        )
        .execute(conn)?;
        if removed != 1 {
            return Err(AppError::Invalid(NOTHING_PENDING.into()));
        }
        notifications::notify(
            conn,
            workshop.organiser_id,
            crate::notifications::NotificationKind::InvitationAnswer,
            &format!(
                "{} a décliné l'invitation à co-animer l'atelier « {} ».",
                agent.display_name, workshop.title
            ),
            &links::workshop(workshop.id),
        )?;
        Ok(())
    })
}
