//! Connecting to the database and bringing its schema up to date.

pub mod entities;
mod tuples;

pub use tuples::tuples;

use super::config::{Config, StartupError};
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

/// Opens the pool. SQLite runs in WAL mode with `synchronous=FULL` (a
/// committed write survives a power cut), foreign keys on and a busy timeout;
/// the database file and its folder are created when missing.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, StartupError> {
    if let Some(path) = sqlite_file(&config.database_url)
        && let Some(parent) = std::path::Path::new(&path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| {
            StartupError::new(
                "DATABASE_URL",
                format!("cannot create folder {}: {e}", parent.display()),
            )
        })?;
    }
    let mut options = ConnectOptions::new(config.database_url.clone());
    options
        .max_connections(config.db_max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        // Every statement is logged only when the log filter asks for
        // `sqlx::query` (to count or inspect queries): it costs time.
        .sqlx_logging(config.log_filter.contains("sqlx::query"))
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                .create_if_missing(true)
        })
        // A statement waiting on a row lock, or running away, fails with an
        // error (logged, answered 5xx) instead of holding a request forever.
        .map_sqlx_postgres_opts(|opts| {
            opts.options([("lock_timeout", "10s"), ("statement_timeout", "30s")])
        });
    if let Some(schema) = postgres_schema(&config.database_url) {
        options.set_schema_search_path(schema);
    }
    Database::connect(options)
        .await
        .map_err(|e| StartupError::new("DATABASE_URL", format!("cannot connect: {}", one_line(&e))))
}

/// Applies every pending migration. On PostgreSQL this runs in one
/// transaction holding an advisory lock, so instances of a new version
/// started together queue for it: the first migrates, the others then find
/// nothing pending (and a failed migration leaves the schema as it was).
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    use sea_orm::{ConnectionTrait, DatabaseBackend, TransactionTrait};
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let transaction = db.begin().await?;
    transaction
        .execute_unprepared(&format!(
            "SELECT pg_advisory_xact_lock({MIGRATION_LOCK}, hashtext(current_schema()))"
        ))
        .await?;
    Migrator::up(&transaction, None).await?;
    transaction.commit().await
}

/// The first key of the PostgreSQL advisory lock that serialises
/// migrations ("MPCE" in ASCII); the second is the schema's, so databases
/// in different schemas migrate independently.
const MIGRATION_LOCK: i32 = 0x4D50_4345;

/// The file path of a `sqlite:` URL, or `None` for in-memory and PostgreSQL.
fn sqlite_file(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// `?currentSchema=name` on a PostgreSQL URL selects a schema (used by the
/// tests to give each one a fresh schema).
fn postgres_schema(url: &str) -> Option<String> {
    if !url.starts_with("postgres") {
        return None;
    }
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("currentSchema="))
        .map(str::to_string)
}

fn one_line(error: &impl std::fmt::Display) -> String {
    error
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Starts a transaction that will write. On SQLite it takes the write lock
/// at once (`BEGIN IMMEDIATE`), so that two writers queue on the busy
/// timeout instead of the second failing when it upgrades a stale read
/// snapshot; PostgreSQL ignores the mode.
pub async fn begin_write(
    db: &sea_orm::DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// `SELECT ... FOR UPDATE` on PostgreSQL: the rows stay locked until the
/// transaction ends, so a concurrent step waits and then reads the result.
/// SQLite's write transactions already run one at a time (`BEGIN
/// IMMEDIATE`), so there the query is left as it is.
pub fn for_update<E: sea_orm::EntityTrait>(
    select: sea_orm::Select<E>,
    db: &impl sea_orm::ConnectionTrait,
) -> sea_orm::Select<E> {
    use sea_orm::QuerySelect;
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        select.lock_exclusive()
    } else {
        select
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(
            sqlite_file("sqlite://data/x.db?mode=rwc").as_deref(),
            Some("data/x.db")
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://x/y"), None);
    }

    #[test]
    fn finds_the_postgres_schema() {
        assert_eq!(
            postgres_schema("postgres://u@h/db?currentSchema=t1").as_deref(),
            Some("t1")
        );
        assert_eq!(postgres_schema("postgres://u@h/db"), None);
    }
}
