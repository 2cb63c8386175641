//! The worker inside the server: at liftoff, when email is configured (and
//! `mail.worker` is not false), a task wakes every `mail.poll_s` seconds,
//! produces the reminders and digests that are due, and sends the queue.
//! All of it runs on the pool's blocking threads, never on Rocket's async
//! workers. It stops with the server.

use std::time::Duration;

use rocket::fairing::{Fairing, Info, Kind};
use rocket::{Orbit, Rocket};

use super::compose::MailContext;
use crate::config::Settings;
use crate::db::Db;

/// Starts the worker at liftoff.
pub struct MailWorker;

#[rocket::async_trait]
impl Fairing for MailWorker {
    fn info(&self) -> Info {
        Info {
            name: "Passerelles : envoi des courriels",
            kind: Kind::Liftoff,
        }
    }

    async fn on_liftoff(&self, rocket: &Rocket<Orbit>) {
        let (Some(settings), Some(db)) = (rocket.state::<Settings>(), rocket.state::<Db>()) else {
            return;
        };
        if !settings.mail.enabled() || !settings.mail.worker {
            return;
        }
        let config = rocket.config();
        let own_address = format!("http://{}:{}", config.address, config.port);
        let ctx = MailContext::new(settings, &own_address);
        let settings = settings.clone();
        let db = db.clone();
        let mut shutdown = rocket.shutdown();
        let every = Duration::from_secs(settings.mail.poll_s);
        rocket::tokio::spawn(async move {
            loop {
                run_once(&db, &settings, &ctx).await;
                rocket::tokio::select! {
                    _ = &mut shutdown => break,
                    _ = rocket::tokio::time::sleep(every) => {}
                }
            }
        });
    }
}

/// One pass: scheduled reminders and digests, then the queue. Errors are
/// logged and the next pass tries again.
pub async fn run_once(db: &Db, settings: &Settings, ctx: &MailContext) {
    let scheduled = settings.clone();
    if let Err(e) = db
        .run(move |conn| produce_scheduled(conn, &scheduled, crate::db::now()).map(|_| ()))
        .await
    {
        log::error!("rappels et résumés par courriel : {e}");
    }
    let ctx = ctx.clone();
    if let Err(e) = db
        .run(move |conn| super::sending::send_pending(conn, &ctx, crate::db::now()))
        .await
    {
        log::error!("envoi des courriels : {e}");
    }
}

/// Reminders and digests due at `now` (the worker, `send-reminders`).
pub fn produce_scheduled(
    conn: &mut crate::db::AnyConnection,
    settings: &Settings,
    now: chrono::NaiveDateTime,
) -> crate::error::AppResult<(super::reminders::ReminderCounts, usize)> {
    let reminders = super::reminders::produce_due(conn, settings, now)?;
    let digests = super::digest::produce_due(conn, settings.mail.digest_hour, settings.tz(), now)?;
    Ok((reminders, digests))
}
