//! Storage: one connection type over SQLite and PostgreSQL, its pool,
//! migrations, and the transaction helper for writes that read first.

pub mod migrations;
pub mod pool;

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;

pub use pool::{Backend, Db};

/// A connection to either backend, chosen from the URL scheme.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Runs `f` in a write transaction: `BEGIN IMMEDIATE` on SQLite (so that a
/// read followed by a write never fails with `SQLITE_BUSY`), an ordinary
/// transaction on PostgreSQL.
pub fn write_transaction<T, E, F>(conn: &mut AnyConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    if let AnyConnection::Postgresql(_) = conn {
        return conn.transaction(f);
    }
    if let AnyConnection::Sqlite(sqlite) = conn {
        AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    }
    let outcome = f(conn);
    if let AnyConnection::Sqlite(sqlite) = conn {
        match &outcome {
            Ok(_) => AnsiTransactionManager::commit_transaction(sqlite)?,
            Err(_) => AnsiTransactionManager::rollback_transaction(sqlite)?,
        }
    }
    outcome
}

/// The current time in UTC, truncated to microseconds so that both backends
/// store and return the same value.
pub fn now() -> chrono::NaiveDateTime {
    truncate(chrono::Utc::now().naive_utc())
}

/// Truncates a timestamp to microseconds.
pub fn truncate(at: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let micros = at.nanosecond() / 1_000 * 1_000;
    at.with_nanosecond(micros).unwrap_or(at)
}
