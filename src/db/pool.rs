//! The connection pool. The backend comes from the URL scheme; an unknown
//! scheme is an error, never a silent SQLite path.

use std::time::Duration;

use diesel::connection::SimpleConnection;
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

/// Opens connections for r2d2, with the SQLite pragmas on each one.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, r2d2::Error> {
        match self.backend {
            Backend::Postgres => PgConnection::establish(&self.url)
                .map(AnyConnection::Postgresql)
                .map_err(r2d2::Error::ConnectionError),
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(sqlite_path(&self.url))
                    .map_err(r2d2::Error::ConnectionError)?;
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
    /// it held.
    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        use diesel::r2d2::R2D2Connection;
        std::thread::panicking()
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
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .connection_timeout(Duration::from_secs(10))
            .build(Manager {
                url: url.to_string(),
                backend,
            })
            .map_err(|e| format!("connexion à la base de données impossible : {e}"))?;
        Ok(Db {
            pool,
            backend,
            queue_emails: false,
        })
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
        let queue_emails = self.queue_emails;
        rocket::tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            crate::mail::queueing::with(queue_emails, || f(&mut conn))
        })
        .await
        .map_err(|e| AppError::Internal(format!("tâche de base de données interrompue : {e}")))?
    }
}
