//! `passerelles purge`: what Passerelles stops keeping, and when.
//!
//! - participation details older than `retention.participation_years`
//!   (visitors' motivations, reasons given, feedback texts, workshop
//!   feedback, what a team member offered) are replaced by an empty or
//!   "anonymised" text; the rows, their statuses, dates and services stay,
//!   so every count of the review stays right;
//! - audit entries older than `retention.audit_months` are deleted;
//! - expired sessions, sign-in failures older than a day, and notifications
//!   (and emails sent or given up) older than `retention.notifications_months`
//!   are deleted.
//!
//! Each step touches only rows not yet purged: a second run changes nothing.

use chrono::{Months, NaiveDateTime};
use diesel::prelude::*;

use super::audit_actions;
use crate::config::{RetentionSettings, SessionSettings};
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::schema::{
    audit_events, initiative_members, notifications, sessions, sign_in_attempts, swap_feedback,
    swap_requests, workshop_feedback,
};

/// What replaces an anonymised text that may not be empty.
pub const ANONYMISED: &str = "[anonymisé]";

/// What a purge changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PurgeReport {
    pub motivations: usize,
    pub end_reasons: usize,
    pub swap_feedback: usize,
    pub workshop_feedback: usize,
    pub contributions: usize,
    pub audit_entries: usize,
    pub sessions: usize,
    pub sign_in_counters: usize,
    pub notifications: usize,
    /// Emails (sent or given up) older than the notifications' retention.
    pub emails: usize,
}

impl PurgeReport {
    /// Whether anything changed.
    pub fn changed(&self) -> bool {
        *self != PurgeReport::default()
    }

    /// The French summary the command prints.
    pub fn summary(&self) -> String {
        format!(
            "Détails anonymisés : {} motivation(s) de demande Vis ma vie, {} motif(s) de refus ou \
             d'annulation, {} retour(s) d'expérience Vis ma vie, {} retour(s) d'atelier, {} \
             contribution(s) à une équipe. Supprimés : {} entrée(s) du journal d'audit, {} \
             session(s) expirée(s), {} compteur(s) de connexion échus, {} notification(s), {} \
             courriel(s) envoyé(s) ou abandonné(s).",
            self.motivations,
            self.end_reasons,
            self.swap_feedback,
            self.workshop_feedback,
            self.contributions,
            self.audit_entries,
            self.sessions,
            self.sign_in_counters,
            self.notifications,
            self.emails,
        )
    }
}

fn months_before(now: NaiveDateTime, months: i64) -> NaiveDateTime {
    now.checked_sub_months(Months::new(months.clamp(0, 12 * 200) as u32))
        .unwrap_or(now)
}

/// Runs every step in one write transaction.
pub fn purge(
    conn: &mut AnyConnection,
    retention: &RetentionSettings,
    sessions_limits: &SessionSettings,
    now: NaiveDateTime,
) -> AppResult<PurgeReport> {
    db::write_transaction(conn, |conn| {
        let details_before = months_before(now, retention.participation_years * 12);
        let mut report = PurgeReport {
            motivations: diesel::update(
                swap_requests::table
                    .filter(swap_requests::created_at.lt(details_before))
                    .filter(swap_requests::motivation.ne(ANONYMISED)),
            )
            .set(swap_requests::motivation.eq(ANONYMISED))
            .execute(conn)?,
            end_reasons: diesel::update(
                swap_requests::table
                    .filter(swap_requests::created_at.lt(details_before))
                    .filter(swap_requests::end_reason.is_not_null()),
            )
            .set(swap_requests::end_reason.eq(None::<String>))
            .execute(conn)?,
            swap_feedback: diesel::update(
                swap_feedback::table
                    .filter(swap_feedback::created_at.lt(details_before))
                    .filter(
                        swap_feedback::learned
                            .is_not_null()
                            .or(swap_feedback::change_of_view.is_not_null())
                            .or(swap_feedback::skills.is_not_null())
                            .or(swap_feedback::how_it_went.is_not_null())
                            .or(swap_feedback::testimony.is_not_null()),
                    ),
            )
            .set((
                swap_feedback::learned.eq(None::<String>),
                swap_feedback::change_of_view.eq(None::<String>),
                swap_feedback::skills.eq(None::<String>),
                swap_feedback::how_it_went.eq(None::<String>),
                swap_feedback::testimony.eq(None::<String>),
                swap_feedback::testimony_public.eq(false),
            ))
            .execute(conn)?,
            workshop_feedback: diesel::update(
                workshop_feedback::table
                    .filter(workshop_feedback::created_at.lt(details_before))
                    .filter(workshop_feedback::learned.ne(ANONYMISED)),
            )
            .set(workshop_feedback::learned.eq(ANONYMISED))
            .execute(conn)?,
            contributions: diesel::update(
                initiative_members::table
                    .filter(initiative_members::requested_at.lt(details_before))
                    .filter(initiative_members::contribution.ne("")),
            )
            .set(initiative_members::contribution.eq(""))
            .execute(conn)?,
            ..PurgeReport::default()
        };
        report.audit_entries = diesel::delete(
            audit_events::table
                .filter(audit_events::created_at.lt(months_before(now, retention.audit_months))),
        )
        .execute(conn)?;
        report.sessions = diesel::delete(
            sessions::table.filter(
                sessions::created_at
                    .lt(now - chrono::Duration::seconds(sessions_limits.lifetime_s))
                    .or(sessions::last_seen_at
                        .lt(now - chrono::Duration::seconds(sessions_limits.idle_timeout_s))),
            ),
        )
        .execute(conn)?;
        report.sign_in_counters = diesel::delete(
            sign_in_attempts::table
                .filter(sign_in_attempts::window_started_at.lt(now - chrono::Duration::days(1))),
        )
        .execute(conn)?;
        report.notifications = diesel::delete(notifications::table.filter(
            notifications::created_at.lt(months_before(now, retention.notifications_months)),
        ))
        .execute(conn)?;
        report.emails = diesel::delete(
            crate::schema::mail_outbox::table
                .filter(
                    crate::schema::mail_outbox::status.ne(crate::notifications::outbox::WAITING),
                )
                .filter(
                    crate::schema::mail_outbox::created_at
                        .lt(months_before(now, retention.notifications_months)),
                ),
        )
        .execute(conn)?;
        if report.changed() {
            // Dated `now` (not the clock) so that the entry is as old as the purge.
            diesel::insert_into(audit_events::table)
                .values((
                    audit_events::actor_id.eq(None::<i32>),
                    audit_events::action.eq(audit_actions::PURGE),
                    audit_events::detail.eq(report.summary()),
                    audit_events::created_at.eq(db::truncate(now)),
                ))
                .execute(conn)?;
        }
        Ok(report)
    })
}
