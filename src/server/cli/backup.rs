//! `mpce-portal backup FILE`: a consistent copy of a SQLite database taken
//! while the portal serves (`VACUUM INTO`: one read transaction, so writers
//! are not blocked and the copy is a single moment). Restoring is putting
//! the copy where `DATABASE_URL` points (README: Backups and restore).
//! PostgreSQL has its own tools: pg_dump and pg_restore.

use super::CliError;
use crate::server::config::Config;
use crate::server::db;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use std::path::Path;

pub async fn run(config: &Config, file: &Path) -> Result<(), CliError> {
    if file.exists() {
        return Err(CliError::Usage(format!(
            "{} exists already: give a new file name",
            file.display()
        )));
    }
    let connection = db::connect(config).await?;
    if connection.get_database_backend() != DatabaseBackend::Sqlite {
        return Err(CliError::Usage(
            "backup copies SQLite databases; back up PostgreSQL with pg_dump (see README, Backups and restore)".into(),
        ));
    }
    let target = file.to_str().ok_or_else(|| {
        CliError::Usage(format!("{}: use a file name that is UTF-8", file.display()))
    })?;
    connection
        .execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "VACUUM INTO ?",
            [target.into()],
        ))
        .await
        .map_err(|e| CliError::Failed(format!("backup failed: {e}")))?;
    let (check, people) = verify(target).await?;
    if check != "ok" {
        return Err(CliError::Failed(format!(
            "the copy in {} does not pass SQLite's integrity check: {check}",
            file.display()
        )));
    }
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or_default();
    println!(
        "Backed up to {} ({bytes} bytes, {people} staff records, integrity check ok).",
        file.display()
    );
    Ok(())
}

/// Opens the copy read-only: SQLite's integrity check and its staff count.
async fn verify(target: &str) -> Result<(String, i64), CliError> {
    let failed = |e: sea_orm::DbErr| CliError::Failed(format!("cannot read the copy: {e}"));
    let copy = sea_orm::Database::connect(format!("sqlite://{target}?mode=ro"))
        .await
        .map_err(failed)?;
    let one = |sql: &str| Statement::from_string(DatabaseBackend::Sqlite, sql.to_string());
    let check = copy
        .query_one_raw(one("PRAGMA integrity_check"))
        .await
        .map_err(failed)?
        .and_then(|row| row.try_get_by_index::<String>(0).ok())
        .unwrap_or_default();
    let people = copy
        .query_one_raw(one("SELECT COUNT(*) FROM people"))
        .await
        .map_err(failed)?
        .and_then(|row| row.try_get_by_index::<i64>(0).ok())
        .unwrap_or_default();
    copy.close().await.map_err(failed)?;
    Ok((check, people))
}
