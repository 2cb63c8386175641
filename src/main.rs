//! The `passerelles` command: serve the intranet (default), run migrations,
//! synchronise agents with the directory, send reminders, purge old data.

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "passerelles",
    about = "Intranet de la Ville de Bourges : culture commune entre services"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the intranet (default).
    Serve,
    /// Run pending database migrations, then exit.
    Migrate,
    /// Import every agent and service from the directory; deactivate those who left.
    SyncDirectory,
    /// Send the reminders that are due (feedback after a swap; with email
    /// configured, reminders before swaps and sessions, requests waiting too
    /// long, daily digests); safe to run on several instances.
    SendReminders,
    /// Send the queued emails that are due (what the server's worker does);
    /// safe to run on several instances.
    SendPending,
    /// Anonymise old participation details and delete old audit entries,
    /// expired sessions, old sign-in failures and notifications (see
    /// `[retention]`); safe to run again, it reports what it changed.
    Purge,
    /// Generate a believable city for trials and benchmarks: a directory
    /// (LDIF) and years of activity in an empty database.
    DemoData {
        /// How many people in the directory.
        #[arg(long, default_value_t = 5000)]
        agents: usize,
        /// Years of activity, up to today (and a few months ahead).
        #[arg(long, default_value_t = 3)]
        years: u32,
        /// The same seed gives the same city.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write the directory.
        #[arg(long, default_value = "data/ville.ldif")]
        ldif: std::path::PathBuf,
        /// The day the activity leads up to (YYYY-MM-DD; default: today).
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = rocket::execute(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve().await,
            Command::Migrate => migrate().await,
            Command::SyncDirectory => sync_directory().await,
            Command::SendReminders => send_reminders().await,
            Command::SendPending => send_pending().await,
            Command::Purge => purge().await,
            Command::DemoData {
                agents,
                years,
                seed,
                ldif,
                today,
            } => {
                demo_data(passerelles::citygen::Options {
                    agents,
                    years,
                    seed,
                    ldif,
                    today: today.unwrap_or_else(|| chrono::Utc::now().date_naive()),
                })
                .await
            }
        }
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("erreur : {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve() -> Result<(), String> {
    passerelles::rocket()
        .launch()
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn settings() -> Result<passerelles::config::Settings, String> {
    passerelles::config::Settings::from_figment(&passerelles::config::standard_figment())
}

async fn migrate() -> Result<(), String> {
    let settings = settings()?;
    passerelles::open_database(&settings).await?;
    println!("Migrations appliquées.");
    Ok(())
}

async fn sync_directory() -> Result<(), String> {
    let settings = settings()?;
    let db = passerelles::open_database(&settings).await?;
    let directory = passerelles::directory::open(&settings.directory)?;
    let people = directory.everyone().await.map_err(|e| e.to_string())?;
    let count = people.len();
    let report = db
        .run(move |conn| passerelles::agents::apply_directory(conn, &people))
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "Annuaire lu : {count} personnes. Créées : {}, mises à jour : {}, inchangées : {}, \
         désactivées : {}, nouveaux services : {}, identifiants ambigus ignorés : {}.",
        report.created,
        report.updated,
        report.unchanged,
        report.deactivated,
        report.services_created,
        report.ambiguous
    );
    Ok(())
}

async fn send_reminders() -> Result<(), String> {
    let settings = settings()?;
    let db = passerelles::open_database(&settings).await?;
    let report = db
        .run(passerelles::app::reminders::send_due)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "Rappels envoyés : {} immersion(s) Vis ma vie terminée(s) à commenter.",
        report.swap_feedback
    );
    let today = passerelles::common::forms::today(settings.tz());
    let opened = db
        .run(move |conn| passerelles::app::reminders::announce_openings(conn, today))
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "Ouvertures annoncées : {} vague(s) du baromètre, {} campagne(s) d'auto-évaluation.",
        opened.barometer_waves, opened.skills_campaigns
    );
    if report.barometer_mixed > 0 {
        println!(
            "Baromètre : {} réponse(s) de vagues closes réécrite(s) avec leur dernier lot.",
            report.barometer_mixed
        );
    }
    if settings.mail.enabled() {
        let scheduled = settings.clone();
        let (reminders, digests) = db
            .run(move |conn| {
                passerelles::mail::worker::produce_scheduled(
                    conn,
                    &scheduled,
                    passerelles::db::now(),
                )
            })
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "Courriels mis en file : {} rappel(s) avant une immersion ou une session, \
             {} rappel(s) de demande en attente, {} résumé(s) quotidien(s) \
             (envoyés par le serveur ou par « passerelles send-pending »).",
            reminders.events, reminders.stale_requests, digests
        );
    }
    Ok(())
}

async fn send_pending() -> Result<(), String> {
    let settings = settings()?;
    if !settings.mail.enabled() {
        println!("Aucun relais de courriel configuré (mail.host est vide) : rien à envoyer.");
        return Ok(());
    }
    settings.mail.check()?;
    let figment = passerelles::config::standard_figment();
    let profile = figment.profile().as_str().to_string();
    settings.check_for_profile(&profile)?;
    let config = rocket::Config::from(&figment);
    let own_address = format!("http://{}:{}", config.address, config.port);
    let ctx = passerelles::mail::compose::MailContext::new(&settings, &own_address);
    let db = passerelles::open_database(&settings).await?;
    let report = db
        .run(move |conn| {
            passerelles::mail::sending::send_pending(conn, &ctx, passerelles::db::now())
        })
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "Courriels envoyés : {}, essais manqués (réessayés plus tard) : {}.",
        report.sent, report.failed
    );
    Ok(())
}

async fn purge() -> Result<(), String> {
    let settings = settings()?;
    let db = passerelles::open_database(&settings).await?;
    let retention = settings.retention.clone();
    let sessions = settings.sessions.clone();
    let report = db
        .run(move |conn| {
            passerelles::hr::retention::purge(conn, &retention, &sessions, passerelles::db::now())
        })
        .await
        .map_err(|e| e.to_string())?;
    println!("{}", report.summary());
    Ok(())
}

async fn demo_data(options: passerelles::citygen::Options) -> Result<(), String> {
    let settings = settings()?;
    let db = passerelles::open_database(&settings).await?;
    let started = std::time::Instant::now();
    let ldif = options.ldif.display().to_string();
    let report = db
        .run(move |conn| passerelles::citygen::generate(conn, &options))
        .await
        .map_err(|e| e.to_string())?;
    let total: usize = report.rows.iter().map(|(_, n)| n).sum();
    println!(
        "Ville générée en {:.1} s : {} personnes dans {} services, annuaire écrit dans {ldif}, \
         {total} lignes en base (mot de passe de tous les comptes : {}).",
        started.elapsed().as_secs_f64(),
        report.people,
        report.services,
        passerelles::citygen::PASSWORD
    );
    for (table, rows) in report.rows {
        println!("  {table:<28} {rows:>9}");
    }
    Ok(())
}
