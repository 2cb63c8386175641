//! Posting and editing an initiative: the writes, and who may edit (the
//! author, until the initiative is under study). The form and its checks
//! are in [`super::forms`].

use diesel::prelude::*;

use super::forms::Draft;
use super::model::{help_to_codes, member_role, member_state, Initiative, Status, Vocabulary};
use super::search;
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::{
    initiative_members, initiative_services, initiative_status_changes, initiative_themes,
    initiatives,
};

/// Posts a checked draft: the initiative, its themes and services, the
/// first status row, the author as lead of the team and as a follower.
pub fn create(conn: &mut AnyConnection, author: &Agent, draft: &Draft) -> AppResult<i32> {
    db::write_transaction(conn, |conn| {
        let id = insert(conn, author, draft, db::now())?;
        crate::audit::record(
            conn,
            Some(author.id),
            "initiative publiée",
            &format!("initiative n° {id}"),
        )?;
        Ok(id)
    })
}

/// The writes of [`create`], posted at `at`, inside the caller's transaction.
pub fn insert(
    conn: &mut AnyConnection,
    author: &Agent,
    draft: &Draft,
    at: chrono::NaiveDateTime,
) -> QueryResult<i32> {
    let id = diesel::insert_into(initiatives::table)
        .values((
            initiatives::kind.eq(draft.kind.code()),
            initiatives::title.eq(&draft.title),
            initiatives::summary.eq(&draft.summary),
            initiatives::body.eq(&draft.body),
            initiatives::help_kinds.eq(help_to_codes(&draft.help)),
            initiatives::help_needed.eq(&draft.help_needed),
            initiatives::link.eq(&draft.link),
            initiatives::author_id.eq(author.id),
            initiatives::author_service_id.eq(author.service_id),
            initiatives::status.eq(Status::Proposed.code()),
            initiatives::status_changed_at.eq(at),
            initiatives::featured.eq(false),
            initiatives::hidden.eq(false),
            initiatives::searchable.eq(search::searchable(
                &draft.title,
                &draft.summary,
                &draft.body,
            )),
            initiatives::created_at.eq(at),
            initiatives::updated_at.eq(at),
        ))
        .get_result::<Initiative>(conn)?
        .id;
    write_links(conn, id, draft)?;
    diesel::insert_into(initiative_status_changes::table)
        .values((
            initiative_status_changes::initiative_id.eq(id),
            initiative_status_changes::to_status.eq(Status::Proposed.code()),
            initiative_status_changes::changed_by.eq(author.id),
            initiative_status_changes::changed_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(initiative_members::table)
        .values((
            initiative_members::initiative_id.eq(id),
            initiative_members::agent_id.eq(author.id),
            initiative_members::role.eq(member_role::LEAD),
            initiative_members::contribution.eq("Porte l'initiative"),
            initiative_members::state.eq(member_state::ACCEPTED),
            initiative_members::requested_at.eq(at),
            initiative_members::decided_at.eq(at),
        ))
        .execute(conn)?;
    super::team::follow(conn, id, author.id)?;
    Ok(id)
}

/// Saves the author's changes, while the initiative is still proposed.
pub fn update(conn: &mut AnyConnection, author: &Agent, id: i32, draft: &Draft) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let current = super::find_visible(conn, id, false)?;
        if current.author_id != author.id {
            return Err(AppError::Forbidden);
        }
        let changed = diesel::update(
            initiatives::table
                .filter(initiatives::id.eq(id))
                .filter(initiatives::author_id.eq(author.id))
                .filter(initiatives::status.eq(Status::Proposed.code())),
        )
        .set((
            initiatives::kind.eq(draft.kind.code()),
            initiatives::title.eq(&draft.title),
            initiatives::summary.eq(&draft.summary),
            initiatives::body.eq(&draft.body),
            initiatives::help_kinds.eq(help_to_codes(&draft.help)),
            initiatives::help_needed.eq(&draft.help_needed),
            initiatives::link.eq(&draft.link),
            initiatives::searchable.eq(search::searchable(
                &draft.title,
                &draft.summary,
                &draft.body,
            )),
            initiatives::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Err(not_editable(current.status()));
        }
        diesel::delete(initiative_themes::table.filter(initiative_themes::initiative_id.eq(id)))
            .execute(conn)?;
        diesel::delete(
            initiative_services::table.filter(initiative_services::initiative_id.eq(id)),
        )
        .execute(conn)?;
        write_links(conn, id, draft)?;
        Ok(())
    })
}

/// Whether the agent may edit the initiative now: its author, while it is
/// still editable and not hidden.
pub fn may_edit(initiative: &Initiative, agent_id: i32) -> bool {
    initiative.author_id == agent_id && initiative.status().editable() && !initiative.hidden
}

/// The initiative if the agent may edit it now: the author, while proposed
/// (the same rule the page's "Modifier" button follows: [`may_edit`]).
pub fn editable(conn: &mut AnyConnection, signed_in_id: i32, id: i32) -> AppResult<Initiative> {
    let initiative = super::find_visible(conn, id, false)?;
    if initiative.author_id != signed_in_id {
        return Err(AppError::Forbidden);
    }
    if !may_edit(&initiative, signed_in_id) {
        return Err(not_editable(initiative.status()));
    }
    Ok(initiative)
}

/// Why the author can no longer edit.
pub fn not_editable(status: Status) -> AppError {
    AppError::Invalid(format!(
        "Cette initiative est « {} » : elle ne peut plus être modifiée. \
         Ajoutez un commentaire pour donner des nouvelles.",
        status.label().to_lowercase()
    ))
}

fn write_links(conn: &mut AnyConnection, id: i32, draft: &Draft) -> QueryResult<()> {
    for theme in &draft.themes {
        diesel::insert_into(initiative_themes::table)
            .values((
                initiative_themes::initiative_id.eq(id),
                initiative_themes::theme.eq(theme.code()),
            ))
            .execute(conn)?;
    }
    for service_id in &draft.service_ids {
        diesel::insert_into(initiative_services::table)
            .values((
                initiative_services::initiative_id.eq(id),
                initiative_services::service_id.eq(service_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}
