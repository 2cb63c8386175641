//! The team page (`/initiatives/<id>/equipe`).

use chrono_tz::Tz;
use diesel::prelude::*;

use super::find_visible;
use super::{head, team_views};
use crate::agents::Agent;
use crate::common::format::long_date;
use crate::common::forms::FieldErrors;
use crate::common::vocabulary::Vocabulary;
use crate::db::AnyConnection;
use crate::error::AppResult;
use crate::initiatives::forms::JoinForm;
use crate::initiatives::model::{is_moderator, member_state, MemberState};
use crate::initiatives::team::{may_ask_to_join, CONTRIBUTION_MAX};
use crate::initiatives::views::{RequestView, TeamPage};
use crate::schema::{agents, initiative_members, services};

/// The team page for a viewer; the waiting requests are listed for the author only.
pub fn team_page(
    conn: &mut AnyConnection,
    viewer: &Agent,
    id: i32,
    tz: Tz,
    form: JoinForm,
    errors: FieldErrors,
) -> AppResult<TeamPage> {
    let initiative = find_visible(conn, id, is_moderator(viewer.roles()))?;
    let head = head(conn, &initiative, tz)?;
    let is_author = initiative.author_id == viewer.id;
    let rows: Vec<(
        i32,
        i32,
        String,
        Option<String>,
        String,
        chrono::NaiveDateTime,
    )> = initiative_members::table
        .inner_join(agents::table.left_join(services::table))
        .filter(initiative_members::initiative_id.eq(id))
        .filter(initiative_members::state.eq(member_state::PENDING))
        .order(initiative_members::requested_at.asc())
        .select((
            initiative_members::id,
            initiative_members::agent_id,
            agents::display_name,
            services::name.nullable(),
            initiative_members::contribution,
            initiative_members::requested_at,
        ))
        .load(conn)?;
    let my_membership: Option<String> = initiative_members::table
        .filter(initiative_members::initiative_id.eq(id))
        .filter(initiative_members::agent_id.eq(viewer.id))
        .select(initiative_members::state)
        .first(conn)
        .optional()?;
    let waiting = rows.len();
    let requests = rows
        .into_iter()
        .filter(|_| is_author)
        .map(|(id, _, name, service, contribution, asked)| RequestView {
            id,
            name,
            service,
            contribution,
            asked_on: long_date(asked, tz),
        })
        .collect();
    Ok(TeamPage {
        notice: None,
        refusal: None,
        can_join: may_ask_to_join(&initiative, my_membership.as_deref()),
        my_membership: my_membership
            .as_deref()
            .map(MemberState::parse)
            .transpose()?
            .map(MemberState::slug),
        head,
        team: team_views(conn, id, tz)?,
        requests,
        waiting,
        is_author,
        form,
        errors,
        contribution_max: CONTRIBUTION_MAX,
    })
}
