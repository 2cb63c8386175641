//! Embedded migrations, one folder per backend with identical version names.

use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::AnyConnection;

pub const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

type MigrationResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Runs every pending migration; returns the versions applied.
pub fn run_pending(conn: &mut AnyConnection) -> MigrationResult<Vec<String>> {
    let applied = match conn {
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE)?,
        AnyConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES)?,
    };
    Ok(applied.iter().map(|v| v.to_string()).collect())
}

/// Reverts every applied migration, newest first (used by tests).
pub fn revert_all(conn: &mut AnyConnection) -> MigrationResult<()> {
    match conn {
        AnyConnection::Sqlite(c) => {
            c.revert_all_migrations(SQLITE)?;
        }
        AnyConnection::Postgresql(c) => {
            c.revert_all_migrations(POSTGRES)?;
        }
    }
    Ok(())
}

/// The version names embedded for a backend, in order.
pub fn versions(migrations: &EmbeddedMigrations) -> Vec<String> {
    use diesel::migration::MigrationSource;
    let mut names: Vec<String> = MigrationSource::<diesel::sqlite::Sqlite>::migrations(migrations)
        .unwrap_or_default()
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    names.sort();
    names
}
