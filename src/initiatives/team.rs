//! Supporting an initiative, joining its team, following it.
//!
//! Support is once per agent (a unique constraint, and an insert that does
//! nothing on conflict, so two clicks at once give one support and a clear
//! message). Team members say what they bring; the author accepts or
//! declines. Accepting someone from another service records the encounter
//! both ways. Followers are told of status changes and new comments.

use crate::initiatives::links;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{member_role, member_state, Initiative, Status, Vocabulary};
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::encounters::{self, Through};
use crate::error::{AppError, AppResult};
use crate::notifications;
use crate::schema::{
    agents, initiative_followers, initiative_members, initiative_status_changes,
    initiative_supports, initiatives,
};

/// Longest "what I bring", in characters.
pub const CONTRIBUTION_MAX: usize = 500;

/// Adds a follower (nothing if they already follow).
pub fn follow(conn: &mut AnyConnection, initiative_id: i32, agent_id: i32) -> QueryResult<()> {
    let insert = diesel::insert_into(initiative_followers::table).values((
        initiative_followers::initiative_id.eq(initiative_id),
        initiative_followers::agent_id.eq(agent_id),
        initiative_followers::created_at.eq(db::now()),
    ));
    db::insert_or_ignore!(conn, insert)?;
    Ok(())
}

/// Stops following.
pub fn unfollow(conn: &mut AnyConnection, initiative_id: i32, agent_id: i32) -> QueryResult<()> {
    diesel::delete(
        initiative_followers::table
            .filter(initiative_followers::initiative_id.eq(initiative_id))
            .filter(initiative_followers::agent_id.eq(agent_id)),
    )
    .execute(conn)
    .map(|_| ())
}

/// Who follows an initiative.
pub fn followers(conn: &mut AnyConnection, initiative_id: i32) -> QueryResult<Vec<i32>> {
    initiative_followers::table
        .filter(initiative_followers::initiative_id.eq(initiative_id))
        .select(initiative_followers::agent_id)
        .load(conn)
}

/// Tells the followers of an initiative something, except the one who did it.
pub fn tell_followers(
    conn: &mut AnyConnection,
    initiative_id: i32,
    except: i32,
    message: &str,
) -> QueryResult<()> {
    let mut ids = followers(conn, initiative_id)?;
    ids.retain(|id| *id != except);
    notifications::notify_all(
        conn,
        &ids,
        crate::notifications::NotificationKind::InitiativeActivity,
        message,
        &links::initiative(initiative_id),
    )
}

/// "Je soutiens": once per agent, never by the author.
pub fn support(conn: &mut AnyConnection, agent: &Agent, initiative_id: i32) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let initiative = super::find_visible(conn, initiative_id, false)?;
        if initiative.author_id == agent.id {
            return Err(AppError::Invalid(
                "Vous portez cette initiative : votre soutien va de soi.".into(),
            ));
        }
        let insert = diesel::insert_into(initiative_supports::table).values((
            initiative_supports::initiative_id.eq(initiative_id),
            initiative_supports::agent_id.eq(agent.id),
            initiative_supports::created_at.eq(db::now()),
        ));
        let added = db::insert_or_ignore!(conn, insert)?;
        if added == 0 {
            return Err(AppError::Invalid(
                "Vous soutenez déjà cette initiative : un soutien par agent.".into(),
            ));
        }
        follow(conn, initiative_id, agent.id)?;
        notifications::notify(
            conn,
            initiative.author_id,
            crate::notifications::NotificationKind::InitiativeActivity,
            &format!("{} soutient « {} »", agent.display_name, initiative.title),
            &links::initiative(initiative_id),
        )?;
        Ok(())
    })
}

/// Whether an agent whose membership is in `membership` (None: never asked)
/// may ask to join: the page offers the form, [`ask_to_join`] accepts it.
pub fn may_ask_to_join(initiative: &Initiative, membership: Option<&str>) -> bool {
    !initiative.hidden
        && !initiative.status().closed()
        && matches!(membership, None | Some(member_state::LEFT))
}

/// Asks to join the team, saying what one brings. Someone who left may ask
/// again; a declined request stays declined.
pub fn ask_to_join(
    conn: &mut AnyConnection,
    agent: &Agent,
    initiative_id: i32,
    contribution: &str,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let initiative = super::find_visible(conn, initiative_id, false)?;
        let status = initiative.status();
        if status.closed() {
            return Err(AppError::Invalid(format!(
                "Cette initiative est « {} » : son équipe ne s'agrandit plus.",
                status.label().to_lowercase()
            )));
        }
        let existing: Option<String> = initiative_members::table
            .filter(initiative_members::initiative_id.eq(initiative_id))
            .filter(initiative_members::agent_id.eq(agent.id))
            .select(initiative_members::state)
            .first(conn)
            .optional()?;
        let now = db::now();
        match existing.as_deref() {
            None => {
                let insert = diesel::insert_into(initiative_members::table).values((
                    initiative_members::initiative_id.eq(initiative_id),
                    initiative_members::agent_id.eq(agent.id),
                    initiative_members::role.eq(member_role::MEMBER),
                    initiative_members::contribution.eq(contribution),
                    initiative_members::state.eq(member_state::PENDING),
                    initiative_members::requested_at.eq(now),
                ));
                let added = db::insert_or_ignore!(conn, insert)?;
                if added == 0 {
                    return Err(already_asked());
                }
            }
            Some(member_state::LEFT) => {
                let changed = diesel::update(
                    initiative_members::table
                        .filter(initiative_members::initiative_id.eq(initiative_id))
                        .filter(initiative_members::agent_id.eq(agent.id))
                        .filter(initiative_members::state.eq(member_state::LEFT)),
                )
                .set((
                    initiative_members::contribution.eq(contribution),
                    initiative_members::state.eq(member_state::PENDING),
                    initiative_members::requested_at.eq(now),
                    initiative_members::decided_at.eq(None::<NaiveDateTime>),
                    initiative_members::left_at.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
                if changed == 0 {
                    return Err(already_asked());
                }
            }
            Some(member_state::ACCEPTED) => {
                return Err(AppError::Invalid(
                    "Vous faites déjà partie de l'équipe.".into(),
                ))
            }
            Some(member_state::DECLINED) => {
                return Err(AppError::Invalid(
                    "Le porteur de l'initiative a déjà décliné votre demande.".into(),
                ))
            }
            Some(_) => return Err(already_asked()),
        }
        follow(conn, initiative_id, agent.id)?;
        notifications::notify(
            conn,
            initiative.author_id,
            crate::notifications::NotificationKind::TeamRequest,
            &format!(
                "{} a demandé à rejoindre l'équipe de « {} »",
                agent.display_name, initiative.title
            ),
            &links::team(initiative_id),
        )?;
        Ok(())
    })
}

fn already_asked() -> AppError {
    AppError::Invalid("Votre demande attend déjà la réponse du porteur de l'initiative.".into())
}

/// The author's answer to a request to join.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Accept,
    Decline,
}

/// The author accepts or declines a pending request. Accepting someone
/// from another service records the encounter both ways.
pub fn answer(
    conn: &mut AnyConnection,
    author: &Agent,
    initiative_id: i32,
    member_id: i32,
    answer: Answer,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let initiative = super::find_visible(conn, initiative_id, false)?;
        if initiative.author_id != author.id {
            return Err(AppError::Forbidden);
        }
        let member_agent: i32 = initiative_members::table
            .filter(initiative_members::id.eq(member_id))
            .filter(initiative_members::initiative_id.eq(initiative_id))
            .select(initiative_members::agent_id)
            .first(conn)
            .optional()?
            .ok_or(AppError::NotFound)?;
        let state = match answer {
            Answer::Accept => member_state::ACCEPTED,
            Answer::Decline => member_state::DECLINED,
        };
        let changed = diesel::update(
            initiative_members::table
                .filter(initiative_members::id.eq(member_id))
                .filter(initiative_members::state.eq(member_state::PENDING)),
        )
        .set((
            initiative_members::state.eq(state),
            initiative_members::decided_at.eq(db::now()),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Err(AppError::Invalid(
                "Cette demande n'attend plus de réponse.".into(),
            ));
        }
        let link = links::initiative(initiative_id);
        match answer {
            Answer::Accept => {
                record_encounters(conn, &initiative, member_agent)?;
                notifications::notify(
                    conn,
                    member_agent,
                    crate::notifications::NotificationKind::TeamAnswer,
                    &format!("Vous faites partie de l'équipe de « {} »", initiative.title),
                    &link,
                )?;
            }
            Answer::Decline => notifications::notify(
                conn,
                member_agent,
                crate::notifications::NotificationKind::TeamAnswer,
                &format!(
                    "Votre demande pour rejoindre l'équipe de « {} » n'a pas été retenue",
                    initiative.title
                ),
                &link,
            )?,
        }
        Ok(())
    })
}

/// A member from another service met the author's service, and the author met theirs.
pub(crate) fn record_encounters(
    conn: &mut AnyConnection,
    initiative: &Initiative,
    member_agent: i32,
) -> QueryResult<()> {
    let member_service: Option<i32> = agents::table
        .find(member_agent)
        .select(agents::service_id)
        .first(conn)?;
    if let Some(author_service) = initiative.author_service_id {
        encounters::record(
            conn,
            member_agent,
            author_service,
            Through::Initiative,
            initiative.id,
        )?;
    }
    if let Some(member_service) = member_service {
        encounters::record(
            conn,
            initiative.author_id,
            member_service,
            Through::Initiative,
            initiative.id,
        )?;
    }
    Ok(())
}

/// Leaves the team (or withdraws a pending request). The lead stays.
pub fn leave(conn: &mut AnyConnection, agent: &Agent, initiative_id: i32) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let initiative = super::find_visible(conn, initiative_id, false)?;
        if initiative.author_id == agent.id {
            return Err(AppError::Invalid(
                "Vous portez cette initiative : vous restez dans son équipe.".into(),
            ));
        }
        let changed = diesel::update(
            initiative_members::table
                .filter(initiative_members::initiative_id.eq(initiative_id))
                .filter(initiative_members::agent_id.eq(agent.id))
                .filter(initiative_members::role.eq(member_role::MEMBER))
                .filter(
                    initiative_members::state
                        .eq_any([member_state::PENDING, member_state::ACCEPTED]),
                ),
        )
        .set((
            initiative_members::state.eq(member_state::LEFT),
            initiative_members::left_at.eq(db::now()),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Err(AppError::Invalid(
                "Vous ne faites pas partie de l'équipe de cette initiative.".into(),
            ));
        }
        Ok(())
    })
}

/// One agent's part in an initiative, with dates: what the participation
/// review and the skills evidence build on.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRecord {
    pub initiative_id: i32,
    pub title: String,
    /// `lead` (the author) or `member`.
    pub role: String,
    /// When the agent joined (the author: when they posted).
    pub joined_at: NaiveDateTime,
    pub left_at: Option<NaiveDateTime>,
    pub status: Status,
    /// When each status was reached, in order.
    pub reached: Vec<(Status, NaiveDateTime)>,
}

/// The initiatives an agent led or was on the team of (hidden ones left
/// out), with when each status was reached: two queries.
pub fn team_records_of(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Vec<TeamRecord>> {
    let rows: Vec<RecordRow> = initiative_members::table
        .inner_join(initiatives::table)
        .filter(initiative_members::agent_id.eq(agent_id))
        .filter(initiative_members::state.eq_any([member_state::ACCEPTED, member_state::LEFT]))
        .filter(initiative_members::decided_at.is_not_null())
        .filter(initiatives::hidden.eq(false))
        .order(initiative_members::decided_at.asc())
        .select((
            initiatives::id,
            initiatives::title,
            initiative_members::role,
            initiative_members::decided_at,
            initiative_members::left_at,
            initiatives::status,
        ))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.initiative_id).collect();
    let changes: Vec<(i32, String, NaiveDateTime)> = initiative_status_changes::table
        .filter(initiative_status_changes::initiative_id.eq_any(&ids))
        .order((
            initiative_status_changes::changed_at.asc(),
            initiative_status_changes::id.asc(),
        ))
        .select((
            initiative_status_changes::initiative_id,
            initiative_status_changes::to_status,
            initiative_status_changes::changed_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let id = row.initiative_id;
            Some(TeamRecord {
                initiative_id: id,
                title: row.title,
                role: row.role,
                joined_at: row.joined_at?,
                left_at: row.left_at,
                status: Status::from_code(&row.status).unwrap_or(Status::Proposed),
                reached: changes
                    .iter()
                    .filter(|(i, _, _)| *i == id)
                    .filter_map(|(_, s, at)| Status::from_code(s).map(|s| (s, *at)))
                    .collect(),
            })
        })
        .collect())
}

/// A membership as loaded.
#[derive(Queryable)]
struct RecordRow {
    initiative_id: i32,
    title: String,
    role: String,
    joined_at: Option<NaiveDateTime>,
    left_at: Option<NaiveDateTime>,
    status: String,
}
