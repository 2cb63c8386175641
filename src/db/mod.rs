//! Storage: one connection type over SQLite and PostgreSQL, its pool,
//! migrations, and the transaction helper for writes that read first.

pub mod migrations;
pub mod pool;
pub mod queueing;

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
/// transaction on PostgreSQL (a savepoint when already inside one).
///
/// An error from `f` rolls back. So does a panic: the transaction is rolled
/// back before the panic goes on, so that a bug in one request never leaves
/// the SQLite write lock held or a PostgreSQL row lock behind an idle
/// transaction. Should that rollback fail, the connection still reports an
/// open transaction and the pool discards it ([`pool::Manager::has_broken`]).
pub fn write_transaction<T, E, F>(conn: &mut AnyConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        AnyConnection::Sqlite(sqlite) => {
            AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?
        }
        AnyConnection::Postgresql(pg) => AnsiTransactionManager::begin_transaction(pg)?,
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(conn)));
    let commit = matches!(outcome, Ok(Ok(_)));
    let ended = match conn {
        AnyConnection::Sqlite(c) if commit => AnsiTransactionManager::commit_transaction(c),
        AnyConnection::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
        AnyConnection::Postgresql(c) if commit => AnsiTransactionManager::commit_transaction(c),
        AnyConnection::Postgresql(c) => AnsiTransactionManager::rollback_transaction(c),
    };
    match outcome {
        Err(panic) => {
            if let Err(e) = ended {
                log::error!("rollback after a panic failed: {e}");
            }
            std::panic::resume_unwind(panic)
        }
        Ok(result) => {
            ended?;
            result
        }
    }
}

/// Takes the row lock of `table`'s row `id` until the transaction ends, on
/// PostgreSQL (`FOR NO KEY UPDATE`), to serialise steps that read then write
/// around that row. SQLite's immediate transaction already serialises every
/// write. `table` is one of the schema's table names, never user input.
pub fn lock_row(conn: &mut AnyConnection, table: &'static str, id: i32) -> QueryResult<()> {
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query(format!(
            "SELECT id FROM {table} WHERE id = $1 FOR NO KEY UPDATE"
        ))
        .bind::<diesel::sql_types::Integer, _>(id)
        .execute(pg)?;
    }
    Ok(())
}

pub use crate::common::clock::{now, truncate};

/// Runs an `INSERT` that adds nothing when a unique key already holds the
/// row (`ON CONFLICT DO NOTHING`, the same on both backends), and gives the
/// number of rows added. Diesel's `on_conflict` does not compile on the
/// MultiConnection, hence the match on the backend, written here once.
macro_rules! insert_or_ignore {
    ($conn:expr, $insert:expr) => {{
        use diesel::RunQueryDsl as _;
        match $conn {
            $crate::db::AnyConnection::Sqlite(c) => $insert.on_conflict_do_nothing().execute(c),
            $crate::db::AnyConnection::Postgresql(c) => $insert.on_conflict_do_nothing().execute(c),
        }
    }};
}
pub(crate) use insert_or_ignore;
