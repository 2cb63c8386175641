//! What the profile's email section and the admin's queue section show.

use std::collections::BTreeMap;

use serde::Serialize;

use super::queries::QueueState;
use crate::common::format::TimeView;
use crate::common::vocabulary::{SelectOption, Vocabulary};
use crate::notifications::preferences::Delivery;
use crate::notifications::NotificationKind;

/// The email section of `/profil` (and `/profil/courriels`).
#[derive(Debug, Clone, Serialize)]
pub struct PreferencesView {
    /// The directory gives the agent an address.
    pub address: Option<String>,
    /// Email is configured on this server.
    pub configured: bool,
    /// "7 h" — when digests are written.
    pub digest_hour: String,
    pub kinds: Vec<KindChoice>,
    /// Select id → message, when the form came back with errors.
    pub errors: BTreeMap<String, String>,
}

/// One kind of notification and the agent's choice.
#[derive(Debug, Clone, Serialize)]
pub struct KindChoice {
    /// The form field's name (`choix[code]`).
    pub field: String,
    /// The select's id (`choix-code`).
    pub id: String,
    /// What is wrong with the value sent, if anything.
    pub error: Option<String>,
    pub label: String,
    /// The ways it may reach the agent, the chosen one checked.
    pub options: Vec<SelectOption>,
}

impl PreferencesView {
    pub fn new(
        address: Option<String>,
        configured: bool,
        digest_hour: u32,
        choices: &[(NotificationKind, Delivery)],
    ) -> PreferencesView {
        PreferencesView {
            address: address.filter(|a| !a.trim().is_empty()),
            configured,
            digest_hour: format!("{digest_hour} h"),
            kinds: choices
                .iter()
                .map(|(kind, delivery)| KindChoice {
                    field: field_name(*kind),
                    id: field_id(*kind),
                    error: None,
                    label: kind.label().into(),
                    options: Delivery::options_chosen(delivery.slug()),
                })
                .collect(),
            errors: BTreeMap::new(),
        }
    }
}

/// The id of a kind's select (no brackets: it is also a template key).
pub fn field_id(kind: NotificationKind) -> String {
    format!("choix-{}", kind.slug())
}

/// The form field of a kind.
pub fn field_name(kind: NotificationKind) -> String {
    format!("choix[{}]", kind.slug())
}

/// The email section of `/admin`.
#[derive(Debug, Clone, Serialize)]
pub struct QueueView {
    pub configured: bool,
    /// The relay, as configured (`smtp.ville-bourges.fr:587, starttls`).
    pub relay: String,
    pub waiting: i64,
    pub sent_today: i64,
    pub failed: i64,
    pub failed_rows: Vec<FailedRow>,
}

/// A failed message, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct FailedRow {
    pub id: i32,
    pub recipient: String,
    pub subject: String,
    pub tries: i32,
    pub last_error: String,
    pub queued: TimeView,
}

impl QueueView {
    pub fn new(
        settings: &crate::config::mail::MailSettings,
        state: QueueState,
        tz: chrono_tz::Tz,
    ) -> QueueView {
        QueueView {
            configured: settings.enabled(),
            relay: format!(
                "{}:{} ({})",
                settings.host.trim(),
                settings.port,
                settings.tls.trim()
            ),
            waiting: state.waiting,
            sent_today: state.sent_since,
            failed: state.failed,
            failed_rows: state
                .failed_rows
                .into_iter()
                .map(|f| FailedRow {
                    id: f.id,
                    recipient: f.recipient,
                    subject: f.subject,
                    tries: f.tries,
                    last_error: f.last_error.unwrap_or_default(),
                    queued: TimeView::new(f.created_at, tz),
                })
                .collect(),
        }
    }
}
