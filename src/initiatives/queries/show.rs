//! An initiative's page (`/initiatives/<id>`).

use chrono_tz::Tz;
use diesel::prelude::*;

use super::{find_visible, head, history_views, services_of, team_views, themes_of};
use crate::agents::Agent;
use crate::common::format::{format_thousands, long_date, TimeView};
use crate::common::forms::FieldErrors;
use crate::common::links::LinkItem;
use crate::db::AnyConnection;
use crate::error::AppResult;
use crate::initiatives::comments::{self, COMMENT_MAX};
use crate::initiatives::forms::CommentForm;
use crate::initiatives::markdown;
use crate::initiatives::model::{is_moderator, member_state, MemberState, Status, Vocabulary};
use crate::initiatives::posting::may_edit;
use crate::initiatives::team::may_ask_to_join;
use crate::initiatives::views::{CommentView, ShowPage};
use crate::schema::{initiative_followers, initiative_members, initiative_supports};

/// Builds the page for a viewer (hidden initiatives only for moderators).
pub fn show_page(
    conn: &mut AnyConnection,
    viewer: &Agent,
    id: i32,
    tz: Tz,
    comment_form: CommentForm,
    errors: FieldErrors,
) -> AppResult<ShowPage> {
    let moderator = is_moderator(viewer.roles());
    let initiative = find_visible(conn, id, moderator)?;
    let head = head(conn, &initiative, tz)?;
    let is_author = initiative.author_id == viewer.id;
    let themes = themes_of(conn, &[id])?.remove(&id).unwrap_or_default();
    let services = services_of(conn, id)?
        .into_iter()
        .map(|(sid, name)| LinkItem {
            label: name,
            href: format!("/services/{sid}"),
            detail: None,
        })
        .collect();
    let supporters: Vec<i32> = initiative_supports::table
        .filter(initiative_supports::initiative_id.eq(id))
        .select(initiative_supports::agent_id)
        .load(conn)?;
    let following = initiative_followers::table
        .filter(initiative_followers::initiative_id.eq(id))
        .filter(initiative_followers::agent_id.eq(viewer.id))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    let memberships: Vec<(i32, String)> = initiative_members::table
        .filter(initiative_members::initiative_id.eq(id))
        .select((initiative_members::agent_id, initiative_members::state))
        .load(conn)?;
    let my_membership = memberships
        .iter()
        .find(|(a, _)| *a == viewer.id)
        .map(|(_, s)| s.clone());
    let pending_requests = memberships
        .iter()
        .filter(|(_, s)| s == member_state::PENDING)
        .count();
    let status = initiative.status();
    let can_join = may_ask_to_join(&initiative, my_membership.as_deref());
    let my_membership = my_membership
        .as_deref()
        .map(MemberState::parse)
        .transpose()?
        .map(MemberState::slug);
    let comments = comments::of_initiative(conn, id, moderator)?
        .into_iter()
        .map(|c| CommentView {
            id: c.comment.id,
            mine: c.comment.author_id == viewer.id,
            author: c.author_name,
            body: c.comment.body,
            at: TimeView::new(c.comment.created_at, tz),
            hidden: c.comment.hidden,
            open_reports: c.open_reports,
        })
        .collect();
    Ok(ShowPage {
        notice: None,
        refusal: None,
        head,
        body_html: markdown::to_safe_html(&initiative.body),
        status_reason: initiative
            .status_reason
            .clone()
            .filter(|_| is_author || moderator)
            .filter(|_| status == Status::Rejected),
        link: initiative.link.clone(),
        themes: themes.iter().map(|t| t.label()).collect(),
        services,
        help: initiative.help().iter().map(|h| h.label()).collect(),
        help_needed: initiative.help_needed.clone(),
        // Edited by its author: later than both its posting and its last status change.
        updated: (initiative.updated_at != initiative.created_at
            && initiative.updated_at != initiative.status_changed_at)
            .then(|| long_date(initiative.updated_at, tz)),
        supports: supporters.len() as i64,
        i_support: supporters.contains(&viewer.id),
        is_author,
        can_edit: may_edit(&initiative, viewer.id),
        following,
        moderator,
        team: team_views(conn, id, tz)?,
        pending_requests,
        my_membership,
        can_join,
        comments,
        comment_form,
        errors,
        history: history_views(conn, id, tz, is_author || moderator)?,
        comment_max: format_thousands(COMMENT_MAX),
    })
}

/// The initiative's page at 422 with the French reason a button was refused.
pub fn refused(
    conn: &mut AnyConnection,
    viewer: &Agent,
    id: i32,
    tz: Tz,
    message: String,
) -> AppResult<ShowPage> {
    let mut page = show_page(
        conn,
        viewer,
        id,
        tz,
        CommentForm::default(),
        FieldErrors::new(),
    )?;
    page.refusal = Some(message);
    Ok(page)
}
