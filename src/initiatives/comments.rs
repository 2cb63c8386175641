//! Comments on initiatives, abuse reports, and what moderators do with them.
//! Comments are plain text (escaped when shown). A hidden comment is gone
//! for everyone but moderators.

use crate::initiatives::links;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{is_moderator, Comment};
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::notifications;
use crate::schema::{agents, initiative_comment_reports, initiative_comments, initiatives};

/// Longest comment, in characters.
pub const COMMENT_MAX: usize = 4_000;
/// Longest reason given with a report.
pub const REASON_MAX: usize = 1_000;

/// Adds a comment and tells the followers.
pub fn add(
    conn: &mut AnyConnection,
    author: &Agent,
    initiative_id: i32,
    body: &str,
) -> AppResult<i32> {
    db::write_transaction(conn, |conn| {
        let initiative = super::find_visible(conn, initiative_id, false)?;
        let comment = diesel::insert_into(initiative_comments::table)
            .values((
                initiative_comments::initiative_id.eq(initiative_id),
                initiative_comments::author_id.eq(author.id),
                initiative_comments::body.eq(body),
                initiative_comments::hidden.eq(false),
                initiative_comments::created_at.eq(db::now()),
            ))
            .get_result::<Comment>(conn)?;
        super::team::tell_followers(
            conn,
            initiative_id,
            author.id,
            &format!(
                "Nouveau commentaire de {} sur « {} »",
                author.display_name, initiative.title
            ),
        )?;
        Ok(comment.id)
    })
}

/// A comment of a visible initiative, as the agent may see it (hidden
/// comments exist only for moderators).
pub fn find(
    conn: &mut AnyConnection,
    agent: &Agent,
    initiative_id: i32,
    comment_id: i32,
) -> AppResult<Comment> {
    let moderator = is_moderator(agent.roles());
    super::find_visible(conn, initiative_id, moderator)?;
    let comment = initiative_comments::table
        .filter(initiative_comments::id.eq(comment_id))
        .filter(initiative_comments::initiative_id.eq(initiative_id))
        .select(Comment::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    if comment.hidden && !moderator {
        return Err(AppError::NotFound);
    }
    Ok(comment)
}

/// "Signaler un abus": once per agent and comment; moderators are told.
pub fn report(
    conn: &mut AnyConnection,
    reporter: &Agent,
    initiative_id: i32,
    comment_id: i32,
    reason: &str,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let comment = find(conn, reporter, initiative_id, comment_id)?;
        if comment.author_id == reporter.id {
            return Err(AppError::Invalid(
                "Vous ne pouvez pas signaler votre propre commentaire.".into(),
            ));
        }
        let insert = diesel::insert_into(initiative_comment_reports::table).values((
            initiative_comment_reports::comment_id.eq(comment_id),
            initiative_comment_reports::reporter_id.eq(reporter.id),
            initiative_comment_reports::reason.eq(reason),
            initiative_comment_reports::created_at.eq(db::now()),
        ));
        let added = db::insert_or_ignore!(conn, insert)?;
        if added == 0 {
            return Err(AppError::Invalid(
                "Vous avez déjà signalé ce commentaire ; les modérateurs l'examineront.".into(),
            ));
        }
        let moderators: Vec<i32> = agents::table
            .filter(agents::active.eq(true))
            .filter(agents::is_admin.eq(true).or(agents::is_rh.eq(true)))
            .select(agents::id)
            .load(conn)?;
        notifications::notify_all(
            conn,
            &moderators,
            crate::notifications::NotificationKind::Moderation,
            "Un commentaire a été signalé : à examiner",
            &links::moderation(),
        )?;
        Ok(())
    })
}

/// A moderator hides or shows again a comment; hiding closes its reports.
pub fn set_hidden(
    conn: &mut AnyConnection,
    moderator: &Agent,
    initiative_id: i32,
    comment_id: i32,
    hidden: bool,
) -> AppResult<()> {
    if !is_moderator(moderator.roles()) {
        return Err(AppError::Forbidden);
    }
    db::write_transaction(conn, |conn| {
        find(conn, moderator, initiative_id, comment_id)?;
        diesel::update(initiative_comments::table.find(comment_id))
            .set(initiative_comments::hidden.eq(hidden))
            .execute(conn)?;
        if hidden {
            diesel::update(
                initiative_comment_reports::table
                    .filter(initiative_comment_reports::comment_id.eq(comment_id))
                    .filter(initiative_comment_reports::resolved_at.is_null()),
            )
            .set(initiative_comment_reports::resolved_at.eq(db::now()))
            .execute(conn)?;
        }
        crate::audit::record(
            conn,
            Some(moderator.id),
            if hidden {
                "commentaire masqué"
            } else {
                "commentaire rétabli"
            },
            &format!("commentaire n° {comment_id} de l'initiative n° {initiative_id}"),
        )?;
        Ok(())
    })
}

/// A moderator closes a report without hiding the comment.
pub fn dismiss_report(
    conn: &mut AnyConnection,
    moderator: &Agent,
    report_id: i32,
) -> AppResult<()> {
    if !is_moderator(moderator.roles()) {
        return Err(AppError::Forbidden);
    }
    db::write_transaction(conn, |conn| {
        let changed = diesel::update(
            initiative_comment_reports::table
                .filter(initiative_comment_reports::id.eq(report_id))
                .filter(initiative_comment_reports::resolved_at.is_null()),
        )
        .set(initiative_comment_reports::resolved_at.eq(db::now()))
        .execute(conn)?;
        if changed == 0 {
            let exists = initiative_comment_reports::table
                .find(report_id)
                .count()
                .get_result::<i64>(conn)?
                > 0;
            return Err(if exists {
                AppError::Invalid("Ce signalement est déjà traité.".into())
            } else {
                AppError::NotFound
            });
        }
        crate::audit::record(
            conn,
            Some(moderator.id),
            "signalement classé",
            &format!("signalement n° {report_id}"),
        )?;
        Ok(())
    })
}

/// A comment as the initiative page lists it.
#[derive(Debug, Clone)]
pub struct ListedComment {
    pub comment: Comment,
    pub author_name: String,
    /// Open reports (counted for moderators).
    pub open_reports: i64,
}

/// The comments of an initiative, oldest first, with their authors; hidden
/// ones and report counts only for moderators. Two queries.
pub fn of_initiative(
    conn: &mut AnyConnection,
    initiative_id: i32,
    moderator: bool,
) -> QueryResult<Vec<ListedComment>> {
    let mut query = initiative_comments::table
        .inner_join(agents::table)
        .filter(initiative_comments::initiative_id.eq(initiative_id))
        .into_boxed();
    if !moderator {
        query = query.filter(initiative_comments::hidden.eq(false));
    }
    let rows: Vec<(Comment, String)> = query
        .order((
            initiative_comments::created_at.asc(),
            initiative_comments::id.asc(),
        ))
        .select((Comment::as_select(), agents::display_name))
        .load(conn)?;
    let mut counts = std::collections::HashMap::new();
    if moderator && !rows.is_empty() {
        let ids: Vec<i32> = rows.iter().map(|(c, _)| c.id).collect();
        let found: Vec<(i32, i64)> = initiative_comment_reports::table
            .filter(initiative_comment_reports::comment_id.eq_any(&ids))
            .filter(initiative_comment_reports::resolved_at.is_null())
            .group_by(initiative_comment_reports::comment_id)
            .select((
                initiative_comment_reports::comment_id,
                diesel::dsl::count_star(),
            ))
            .load(conn)?;
        counts.extend(found);
    }
    Ok(rows
        .into_iter()
        .map(|(comment, author_name)| ListedComment {
            open_reports: counts.get(&comment.id).copied().unwrap_or(0),
            comment,
            author_name,
        })
        .collect())
}

/// An open report, for the moderation page.
#[derive(Debug, Clone)]
pub struct OpenReport {
    pub id: i32,
    pub reason: String,
    pub reported_at: NaiveDateTime,
    pub reporter: String,
    pub comment_id: i32,
    pub comment_body: String,
    pub comment_author: String,
    pub initiative_id: i32,
    pub initiative_title: String,
}

/// Open reports, oldest first (one query, then the comment authors' names in one more).
pub fn open_reports(conn: &mut AnyConnection) -> QueryResult<Vec<OpenReport>> {
    let rows: Vec<ReportRow> = initiative_comment_reports::table
        .inner_join(agents::table)
        .inner_join(initiative_comments::table.inner_join(initiatives::table))
        .filter(initiative_comment_reports::resolved_at.is_null())
        .order((
            initiative_comment_reports::created_at.asc(),
            initiative_comment_reports::id.asc(),
        ))
        .limit(200)
        .select((
            initiative_comment_reports::id,
            initiative_comment_reports::reason,
            initiative_comment_reports::created_at,
            agents::display_name,
            initiative_comments::id,
            initiative_comments::body,
            initiative_comments::author_id,
            initiatives::id,
            initiatives::title,
        ))
        .load(conn)?;
    let author_ids: Vec<i32> = rows.iter().map(|r| r.comment_author_id).collect();
    let names: std::collections::HashMap<i32, String> = agents::table
        .filter(agents::id.eq_any(&author_ids))
        .select((agents::id, agents::display_name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| OpenReport {
            comment_author: names.get(&r.comment_author_id).cloned().unwrap_or_default(),
            id: r.id,
            reason: r.reason,
            reported_at: r.reported_at,
            reporter: r.reporter,
            comment_id: r.comment_id,
            comment_body: r.comment_body,
            initiative_id: r.initiative_id,
            initiative_title: r.initiative_title,
        })
        .collect())
}

/// An open report as loaded, before the comment author's name is added.
#[derive(Queryable)]
struct ReportRow {
    id: i32,
    reason: String,
    reported_at: NaiveDateTime,
    reporter: String,
    comment_id: i32,
    comment_body: String,
    comment_author_id: i32,
    initiative_id: i32,
    initiative_title: String,
}

/// How many reports wait for a moderator.
pub fn open_report_count(conn: &mut AnyConnection) -> QueryResult<i64> {
    initiative_comment_reports::table
        .filter(initiative_comment_reports::resolved_at.is_null())
        .count()
        .get_result(conn)
}
