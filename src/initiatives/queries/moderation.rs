//! The moderators' pages: an initiative's status page, the report form of a
//! comment, and `/initiatives/moderation` with the open reports and what is
//! hidden.

use crate::initiatives::links;
use chrono_tz::Tz;
use diesel::prelude::*;

use super::{find_visible, head, history_views};
use crate::agents::Agent;
use crate::common::format::{format_thousands, TimeView};
use crate::common::forms::FieldErrors;
use crate::common::links::LinkItem;
use crate::db::AnyConnection;
use crate::error::AppResult;
use crate::initiatives::comments::{self, REASON_MAX};
use crate::initiatives::forms::{ReportForm, StatusForm};
use crate::initiatives::model::{is_moderator, Initiative, Status, Vocabulary};
use crate::initiatives::progress;
use crate::initiatives::views::{
    HiddenComment, ModerationPage, ReportPage, ReportView, ReportedComment, StatusPage,
};
use crate::schema::{agents, initiative_comments, initiatives};

/// A moderator's page of an initiative: its status form (the current
/// status chosen when none was sent) and its whole history.
pub fn status_page(
    conn: &mut AnyConnection,
    id: i32,
    tz: Tz,
    form: StatusForm,
    errors: FieldErrors,
) -> AppResult<StatusPage> {
    let initiative = find_visible(conn, id, true)?;
    let form = if form.status.is_empty() {
        StatusForm {
            status: initiative.status().slug().into(),
            ..form
        }
    } else {
        form
    };
    Ok(StatusPage {
        notice: None,
        refusal: None,
        head: head(conn, &initiative, tz)?,
        form,
        errors,
        statuses: Status::options(),
        history: history_views(conn, id, tz, true)?,
        reason_max: format_thousands(progress::REASON_MAX),
    })
}

/// The page to report a comment (any viewer who can see it).
pub fn report_page(
    conn: &mut AnyConnection,
    viewer: &Agent,
    id: i32,
    comment_id: i32,
    tz: Tz,
    form: ReportForm,
    errors: FieldErrors,
) -> AppResult<ReportPage> {
    let comment = comments::find(conn, viewer, id, comment_id)?;
    let initiative = find_visible(conn, id, is_moderator(viewer.roles()))?;
    let author: String = agents::table
        .find(comment.author_id)
        .select(agents::display_name)
        .first(conn)?;
    Ok(ReportPage {
        refusal: None,
        head: head(conn, &initiative, tz)?,
        comment: ReportedComment {
            id: comment.id,
            author,
            body: comment.body,
            at: TimeView::new(comment.created_at, tz),
        },
        form,
        errors,
        reason_max: format_thousands(REASON_MAX),
    })
}

/// The moderators' page: open reports, hidden initiatives and comments
/// (the latest hundred of each).
pub fn moderation_page(conn: &mut AnyConnection, tz: Tz) -> AppResult<ModerationPage> {
    let reports = comments::open_reports(conn)?;
    let hidden: Vec<Initiative> = initiatives::table
        .filter(initiatives::hidden.eq(true))
        .order(initiatives::updated_at.desc())
        .limit(100)
        .select(Initiative::as_select())
        .load(conn)?;
    let hidden_comments: Vec<(i32, String, String, i32, String)> = initiative_comments::table
        .inner_join(agents::table)
        .inner_join(initiatives::table)
        .filter(initiative_comments::hidden.eq(true))
        .order(initiative_comments::created_at.desc())
        .limit(100)
        .select((
            initiative_comments::id,
            agents::display_name,
            initiative_comments::body,
            initiatives::id,
            initiatives::title,
        ))
        .load(conn)?;
    Ok(ModerationPage {
        notice: None,
        reports: reports
            .into_iter()
            .map(|r| ReportView {
                id: r.id,
                reason: r.reason,
                reporter: r.reporter,
                at: TimeView::new(r.reported_at, tz),
                comment_id: r.comment_id,
                comment_author: r.comment_author,
                comment_body: r.comment_body,
                initiative_id: r.initiative_id,
                initiative_title: r.initiative_title,
            })
            .collect(),
        hidden_initiatives: hidden
            .into_iter()
            .map(|i| LinkItem {
                href: links::status(i.id),
                detail: Some(i.status().label().to_lowercase()),
                label: i.title,
            })
            .collect(),
        hidden_comments: hidden_comments
            .into_iter()
            .map(
                |(id, author, body, initiative_id, initiative_title)| HiddenComment {
                    id,
                    author,
                    body,
                    initiative_id,
                    initiative_title,
                },
            )
            .collect(),
    })
}
