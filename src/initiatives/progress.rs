//! What moderators (admin and rh) do to an initiative: move its status
//! (every change kept with who, when and why; a reason is required to turn
//! one down, and the author sees it), feature it "à la une", hide it.

use crate::initiatives::links;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{is_moderator, Status, Vocabulary};
use crate::agents::Agent;
use crate::common::forms::FieldErrors;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::{agents, initiative_status_changes, initiatives};

/// Longest reason for a status change.
pub const REASON_MAX: usize = 1_000;

fn require_moderator(agent: &Agent) -> AppResult<()> {
    if is_moderator(agent.roles()) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Moves an initiative to another status and tells its followers. Any
/// status other than the current one may be chosen (an idea may skip
/// "à l'étude" when it is already under way); "non retenue" needs a reason.
/// Returns field errors the moderator can correct.
pub fn change_status(
    conn: &mut AnyConnection,
    moderator: &Agent,
    initiative_id: i32,
    status_slug: &str,
    reason: &str,
) -> AppResult<Result<(), FieldErrors>> {
    require_moderator(moderator)?;
    db::write_transaction(conn, |conn| {
        let initiative = super::find_visible(conn, initiative_id, true)?;
        let current = initiative.status();
        let mut errors = FieldErrors::new();
        let status = Status::from_slug(status_slug.trim());
        let reason = errors.optional("reason", reason, REASON_MAX);
        match status {
            None => errors.add("status", "Choisissez le nouveau statut."),
            Some(s) if s == current => errors.add(
                "status",
                format!(
                    "L'initiative est déjà « {} » : choisissez un autre statut.",
                    s.label().to_lowercase()
                ),
            ),
            Some(Status::Rejected) if reason.is_none() => errors.add(
                "reason",
                "Indiquez pourquoi l'initiative n'est pas retenue : son auteur le lira.",
            ),
            Some(_) => {}
        }
        let Some(status) = status.filter(|_| errors.is_empty()) else {
            return Ok(Err(errors));
        };
        let now = db::now();
        let changed = diesel::update(
            initiatives::table
                .filter(initiatives::id.eq(initiative_id))
                .filter(initiatives::status.eq(current.code())),
        )
        .set((
            initiatives::status.eq(status.code()),
            initiatives::status_reason.eq(&reason),
            initiatives::status_changed_at.eq(now),
            initiatives::updated_at.eq(now),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Err(AppError::Invalid(
                "Le statut vient d'être changé par quelqu'un d'autre : rechargez la page.".into(),
            ));
        }
        diesel::insert_into(initiative_status_changes::table)
            .values((
                initiative_status_changes::initiative_id.eq(initiative_id),
                initiative_status_changes::from_status.eq(current.code()),
                initiative_status_changes::to_status.eq(status.code()),
                initiative_status_changes::changed_by.eq(moderator.id),
                initiative_status_changes::reason.eq(&reason),
                initiative_status_changes::changed_at.eq(now),
            ))
            .execute(conn)?;
        if !initiative.hidden {
            let message = format!(
                "« {} » est maintenant « {} »",
                initiative.title,
                status.label().to_lowercase()
            );
            // Why it was turned down is for the author alone.
            let mut followers = super::team::followers(conn, initiative_id)?;
            followers.retain(|id| *id != moderator.id && *id != initiative.author_id);
            let link = links::initiative(initiative_id);
            crate::notifications::notify_all(
                conn,
                &followers,
                crate::notifications::NotificationKind::InitiativeStatus,
                &message,
                &link,
            )?;
            if initiative.author_id != moderator.id {
                let for_author = match (status, &reason) {
                    (Status::Rejected, Some(reason)) => format!("{message} : {reason}"),
                    _ => message,
                };
                crate::notifications::notify(
                    conn,
                    initiative.author_id,
                    crate::notifications::NotificationKind::InitiativeStatus,
                    &for_author,
                    &link,
                )?;
            }
        }
        crate::audit::record(
            conn,
            Some(moderator.id),
            "statut d'initiative",
            &format!(
                "initiative n° {initiative_id} : {} → {}",
                current.label(),
                status.label()
            ),
        )?;
        Ok(Ok(()))
    })
}

/// Features an initiative "à la une" (dated, for the month's page) or takes it off.
pub fn set_featured(
    conn: &mut AnyConnection,
    moderator: &Agent,
    initiative_id: i32,
    featured: bool,
) -> AppResult<()> {
    require_moderator(moderator)?;
    db::write_transaction(conn, |conn| {
        let initiative = super::find_visible(conn, initiative_id, true)?;
        if initiative.featured == featured {
            return Ok(());
        }
        let at = featured.then(db::now);
        diesel::update(initiatives::table.find(initiative_id))
            .set((
                initiatives::featured.eq(featured),
                initiatives::featured_at.eq(at),
            ))
            .execute(conn)?;
        crate::audit::record(
            conn,
            Some(moderator.id),
            if featured {
                "initiative à la une"
            } else {
                "initiative retirée de la une"
            },
            &format!("initiative n° {initiative_id}"),
        )?;
        Ok(())
    })
}

/// Approves an initiative for the public Atom feed (the city's website,
/// through the feed token), or withdraws it from there.
pub fn set_public(
    conn: &mut AnyConnection,
    moderator: &Agent,
    initiative_id: i32,
    public: bool,
) -> AppResult<()> {
    require_moderator(moderator)?;
    db::write_transaction(conn, |conn| {
        let initiative = super::find_visible(conn, initiative_id, true)?;
        if initiative.public_since.is_some() == public {
            return Ok(());
        }
        diesel::update(initiatives::table.find(initiative_id))
            .set(initiatives::public_since.eq(public.then(db::now)))
            .execute(conn)?;
        crate::audit::record(
            conn,
            Some(moderator.id),
            if public {
                "initiative publiée hors de l'intranet"
            } else {
                "initiative retirée de la publication"
            },
            &format!("initiative n° {initiative_id}"),
        )?;
        Ok(())
    })
}

/// Hides an abusive initiative from everyone but moderators, or shows it again.
pub fn set_hidden(
    conn: &mut AnyConnection,
    moderator: &Agent,
    initiative_id: i32,
    hidden: bool,
) -> AppResult<()> {
    require_moderator(moderator)?;
    db::write_transaction(conn, |conn| {
        super::find_visible(conn, initiative_id, true)?;
        diesel::update(initiatives::table.find(initiative_id))
            .set(initiatives::hidden.eq(hidden))
            .execute(conn)?;
        crate::audit::record(
            conn,
            Some(moderator.id),
            if hidden {
                "initiative masquée"
            } else {
                "initiative rétablie"
            },
            &format!("initiative n° {initiative_id}"),
        )?;
        Ok(())
    })
}

/// One change of status, as the history shows it.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub from: Option<&'static str>,
    pub to: &'static str,
    pub by: String,
    pub reason: Option<String>,
    pub at: NaiveDateTime,
}

/// The history of an initiative's status, oldest first (one query).
pub fn history(conn: &mut AnyConnection, initiative_id: i32) -> QueryResult<Vec<StatusChange>> {
    let rows: Vec<HistoryRow> = initiative_status_changes::table
        .inner_join(agents::table)
        .filter(initiative_status_changes::initiative_id.eq(initiative_id))
        .order((
            initiative_status_changes::changed_at.asc(),
            initiative_status_changes::id.asc(),
        ))
        .select((
            initiative_status_changes::from_status,
            initiative_status_changes::to_status,
            agents::display_name,
            initiative_status_changes::reason,
            initiative_status_changes::changed_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| StatusChange {
            from: row
                .from
                .as_deref()
                .and_then(Status::from_code)
                .map(Vocabulary::label),
            to: Status::from_code(&row.to).map_or("?", Vocabulary::label),
            by: row.by,
            reason: row.reason,
            at: row.at,
        })
        .collect())
}

/// A status change as loaded.
#[derive(Queryable)]
struct HistoryRow {
    from: Option<String>,
    to: String,
    by: String,
    reason: Option<String>,
    at: NaiveDateTime,
}
