//! Email: against a real SMTP server (aiosmtpd) started per test — who
//! gets what, with which links and attachments; retries and no loss when
//! the relay refuses or is down; one sending per message even with two
//! workers; preferences, digests and reminders, right across the
//! daylight-saving changes; header injection through a title.

mod admin;
mod calls;
mod flows;
mod preferences;
mod resilience;
mod schedule;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use passerelles::config::Settings;
use passerelles::mail::compose::MailContext;
use passerelles::mail::sending::SendReport;
use passerelles::schema::{mail_outbox, swap_slots};
use passerelles::swaps::model::{Duration as Length, OfferFields, SlotFields};

use crate::harness::{Backend, SmtpSink, TestApp};

/// The public address links in emails are built from.
pub const PUBLIC_URL: &str = "https://passerelles.exemple.fr";

/// An app whose mail goes to `sink`; the worker is off, tests send with [`send`].
pub async fn app_with_mail(backend: Backend, sink: &SmtpSink) -> TestApp {
    TestApp::builder(backend)
        .config("mail.host", "127.0.0.1")
        .config("mail.port", sink.port())
        .config("mail.tls", "none")
        .config("mail.worker", false)
        .config("public_url", PUBLIC_URL)
        .start()
        .await
}

/// The app's settings.
pub fn settings(app: &TestApp) -> Settings {
    app.client
        .rocket()
        .state::<Settings>()
        .expect("settings are managed")
        .clone()
}

/// The composer's context of the app.
pub fn context(app: &TestApp) -> MailContext {
    MailContext::new(&settings(app), "http://127.0.0.1:8000")
}

/// Sends what is due at `now` with `ctx`, as the worker would.
pub async fn send_with(app: &TestApp, ctx: MailContext, now: NaiveDateTime) -> SendReport {
    app.db()
        .run(move |conn| passerelles::mail::sending::send_pending(conn, &ctx, now))
        .await
        .unwrap()
}

/// Sends what is due now.
pub async fn send(app: &TestApp) -> SendReport {
    send_with(app, context(app), passerelles::db::now()).await
}

/// Rows in the outbox with this status.
pub async fn outbox_count(app: &TestApp, status: &'static str) -> i64 {
    app.db()
        .run(move |conn| {
            Ok(mail_outbox::table
                .filter(mail_outbox::status.eq(status))
                .count()
                .get_result(conn)?)
        })
        .await
        .unwrap()
}

/// Publishes an offer of `host` titled `title` with one 4-hour slot at
/// `starts_at` (UTC); returns (offer id, slot id).
pub async fn publish(
    app: &TestApp,
    host: &'static str,
    title: &'static str,
    starts_at: NaiveDateTime,
) -> (i32, i32) {
    let host = crate::swaps::agent(app, host).await;
    app.db()
        .run(move |conn| {
            let fields = OfferFields {
                host_id: host.id,
                title: title.into(),
                activities: "Tickets, installation d'un poste, visite d'une école.".into(),
                place: "Hôtel de ville, DSI".into(),
                duration: Length::HalfDay,
                prerequisites: None,
                sensitive: false,
            };
            let slot = SlotFields {
                starts_at,
                ends_at: starts_at + Duration::hours(4),
                capacity: 2,
            };
            let id = passerelles::swaps::offers::create(conn, &host, &fields, &[slot], None)?;
            let slot_id = swap_slots::table
                .filter(swap_slots::offer_id.eq(id))
                .select(swap_slots::id)
                .first(conn)?;
            Ok((id, slot_id))
        })
        .await
        .unwrap()
}

/// A UTC time from `YYYY-MM-DD HH:MM`.
pub fn utc(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// A sample of the profile's email section, with an error.
pub fn sample_preferences() -> passerelles::mail::views::PreferencesView {
    use passerelles::notifications::preferences::Delivery;
    use passerelles::notifications::NotificationKind;
    let choices: Vec<_> = NotificationKind::CHOOSABLE
        .iter()
        .copied()
        .map(|k| (k, Delivery::default_for(k)))
        .collect();
    let mut view = passerelles::mail::views::PreferencesView::new(
        Some("cdubois@ville-bourges.fr".into()),
        false,
        7,
        &choices,
    );
    view.errors.insert(
        "choix-invitation".into(),
        "Choisissez une des trois possibilités.".into(),
    );
    for kind in &mut view.kinds {
        kind.error = view.errors.get(&kind.id).cloned();
    }
    view
}

/// A sample of the admin's queue section, with a failed message.
pub fn sample_queue() -> passerelles::mail::views::QueueView {
    let settings = passerelles::config::mail::MailSettings {
        host: "smtp.ville-bourges.fr".into(),
        ..Default::default()
    };
    let state = passerelles::mail::queries::QueueState {
        waiting: 2,
        sent_since: 14,
        failed: 1,
        failed_rows: vec![passerelles::mail::queries::FailedEmail {
            id: 7,
            recipient: "Camille <b>Dubois</b>".into(),
            subject: "Vous êtes invité à « Atelier »".into(),
            tries: 20,
            last_error: Some("connexion refusée".into()),
            created_at: utc("2026-12-02 08:00"),
        }],
    };
    passerelles::mail::views::QueueView::new(&settings, state, chrono_tz::Europe::Paris)
}

/// Every email template with a sample context.
pub fn template_samples(
    rocket: &rocket::Rocket<rocket::Orbit>,
) -> Vec<(&'static str, Option<String>)> {
    use rocket_dyn_templates::Template;
    vec![(
        "profile/mail",
        Template::show(
            rocket,
            "profile/mail",
            crate::pages::page(sample_preferences()),
        ),
    )]
}
