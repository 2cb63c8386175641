//! The connection pool. The backend comes from the URL scheme; an unknown
//! scheme is an error, never a silent SQLite path.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, PgConnection, SqliteConnection};

use super::AnyConnection;
use crate::error::{AppError, AppResult};

/// Which database a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Reads the backend from a database URL, refusing unknown schemes.
    pub fn from_url(url: &str) -> Result<Backend, String> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            Err(format!(
                "schéma d'URL de base de données inconnu « {scheme} » : \
                 utilisez sqlite://chemin/fichier.db ou postgres://utilisateur@hôte/base"
            ))
        }
    }
}

/// Path of the SQLite file named by a `sqlite:` URL.
fn sqlite_path(url: &str) -> &str {
    url.trim_start_matches("sqlite:").trim_start_matches("//")
}

/// What a pool's connections report through Diesel's instrumentation:
/// statements run (each query, each `BEGIN`/`COMMIT`), and statements
/// prepared into a connection's statement cache. Tests and `scripts/bench`
/// read them to count statements per page.
#[derive(Debug, Default)]
pub struct Statements {
    executed: AtomicU64,
    prepared: AtomicU64,
    /// When a new connection last failed (milliseconds since the epoch).
    connect_failed_at: AtomicU64,
}

fn epoch_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl Statements {
    /// Statements run since the pool opened.
    pub fn executed(&self) -> u64 {
        self.executed.load(Ordering::Relaxed)
    }

    /// Statements prepared and cached since the pool opened: once a page
    /// has been seen, showing it again should prepare none.
    pub fn prepared(&self) -> u64 {
        self.prepared.load(Ordering::Relaxed)
    }

    /// Whether opening a connection failed in the last few seconds.
    fn server_recently_unreachable(&self) -> bool {
        let failed = self.connect_failed_at.load(Ordering::Relaxed);
        failed != 0 && epoch_ms().saturating_sub(failed) < 5_000
    }
}

/// Notes failed connection attempts (and logs them, as r2d2 would).
#[derive(Debug)]
struct ConnectFailures(Arc<Statements>);

impl r2d2::HandleError<r2d2::Error> for ConnectFailures {
    fn handle_error(&self, error: r2d2::Error) {
        self.0
            .connect_failed_at
            .store(epoch_ms(), Ordering::Relaxed);
        log::error!("connexion à la base de données impossible : {error}");
    }
}

/// Watches one connection: counts its statements for the pool, and notes
/// when the server went away, so that the pool closes the connection
/// instead of lending it again (there is no test query at check-out).
struct Watch {
    statements: Arc<Statements>,
    lost: bool,
}

impl Instrumentation for Watch {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        use diesel::result::{DatabaseErrorKind, Error};
        match event {
            InstrumentationEvent::StartQuery { .. } => {
                self.statements.executed.fetch_add(1, Ordering::Relaxed);
            }
            InstrumentationEvent::CacheQuery { .. } => {
                self.statements.prepared.fetch_add(1, Ordering::Relaxed);
            }
            InstrumentationEvent::FinishQuery {
                error:
                    Some(Error::DatabaseError(
                        DatabaseErrorKind::ClosedConnection
                        | DatabaseErrorKind::UnableToSendCommand,
                        _,
                    )),
                ..
            } => self.lost = true,
            _ => {}
        }
    }
}

/// Whether the server closed this connection under a query.
fn lost(conn: &mut AnyConnection) -> bool {
    let instrumentation = match conn {
        AnyConnection::Sqlite(c) => c.instrumentation(),
        AnyConnection::Postgresql(c) => c.instrumentation(),
    };
    instrumentation
        .downcast_ref::<Watch>()
        .is_some_and(|watch| watch.lost)
}

/// Opens connections for r2d2, with the SQLite pragmas on each one.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    backend: Backend,
    statements: Arc<Statements>,
}

impl Manager {
    fn watch(&self) -> Watch {
        Watch {
            statements: self.statements.clone(),
            lost: false,
        }
    }
}

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, r2d2::Error> {
        match self.backend {
            Backend::Postgres => {
                let mut conn =
                    PgConnection::establish(&self.url).map_err(r2d2::Error::ConnectionError)?;
                conn.set_instrumentation(self.watch());
                Ok(AnyConnection::Postgresql(conn))
            }
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(sqlite_path(&self.url))
                    .map_err(r2d2::Error::ConnectionError)?;
                conn.set_instrumentation(self.watch());
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
                     PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(AnyConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    /// A connection checked back in during a panic, or still inside a
    /// transaction (or with its transaction manager in error), is closed
    /// rather than handed to the next request: closing rolls back whatever
    /// it held. So is one whose server went away (PostgreSQL restarted):
    /// the next request gets a fresh connection.
    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        use diesel::r2d2::R2D2Connection;
        std::thread::panicking()
            || lost(conn)
            || match conn {
                AnyConnection::Sqlite(c) => c.is_broken(),
                AnyConnection::Postgresql(c) => c.is_broken(),
            }
    }
}

/// The application's database handle: a pool whose work runs on blocking threads.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<Manager>,
    backend: Backend,
    statements: Arc<Statements>,
    /// Whether work run through this handle queues emails (mail configured).
    queue_emails: bool,
}

impl Db {
    /// Opens a pool on `url`, creating the SQLite file's folder if needed.
    pub fn open(url: &str, size: u32) -> Result<Db, String> {
        let backend = Backend::from_url(url)?;
        if backend == Backend::Sqlite {
            let path = std::path::Path::new(sqlite_path(url));
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("impossible de créer {} : {e}", parent.display()))?;
            }
        }
        let size = match (size, backend) {
            (0, Backend::Sqlite) => 4,
            (0, Backend::Postgres) => {
                2 * std::thread::available_parallelism().map_or(2, |n| n.get() as u32)
            }
            (n, _) => n,
        };
        let statements = Arc::new(Statements::default());
        // No test query at check-out: it cost a round trip per request
        // (`SELECT 1`, twice for most pages). A connection whose server went
        // away is noticed by its failed query and closed (`has_broken`).
        // A burst of requests waits for a connection (up to 30 s) rather
        // than failing; but while the server cannot be reached, requests
        // fail within a second (see `run`).
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .connection_timeout(Duration::from_secs(30))
            .error_handler(Box::new(ConnectFailures(statements.clone())))
            .test_on_check_out(false)
            .build(Manager {
                url: url.to_string(),
                backend,
                statements: statements.clone(),
            })
            .map_err(|e| format!("connexion à la base de données impossible : {e}"))?;
        Ok(Db {
            pool,
            backend,
            statements,
            queue_emails: false,
        })
    }

    /// What this pool's connections have run (see [`Statements`]).
    pub fn statements(&self) -> &Statements {
        &self.statements
    }

    /// The same pool, with notifications queueing their emails (or not).
    pub fn queueing_emails(mut self, enabled: bool) -> Db {
        self.queue_emails = enabled;
        self
    }

    /// Whether notifications written through this handle queue emails.
    pub fn queues_emails(&self) -> bool {
        self.queue_emails
    }

    /// Which backend this pool talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for synchronous callers (command-line tools, start-up).
    pub fn get(&self) -> AppResult<r2d2::PooledConnection<Manager>> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` with a connection on a blocking thread, off Rocket's async workers.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut AnyConnection) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let statements = self.statements.clone();
        let queue_emails = self.queue_emails;
        rocket::tokio::task::spawn_blocking(move || {
            let mut conn = match pool.try_get() {
                Some(conn) => conn,
                // The database is down: answer 503 at once, no hung worker.
                None if statements.server_recently_unreachable() => {
                    pool.get_timeout(Duration::from_secs(1))?
                }
                None => pool.get()?,
            };
            crate::db::queueing::with(queue_emails, || f(&mut conn))
        })
        .await
        .map_err(|e| AppError::Internal(format!("tâche de base de données interrompue : {e}")))?
    }
}
