//! Server-side behaviour: queries and changes over the entities, each change
//! in one transaction with its audit entry. Callers have already established
//! who is asking; services still check ownership where a record is involved.

pub mod access;
pub mod accounts;
pub mod compliance;
pub mod cpd;
pub mod development;
pub mod evidence;
pub mod funding;
pub mod funding_views;
pub mod job_plans;
pub mod notifications;
pub mod organisation;
pub mod own_records;
pub mod people;
pub mod person_history;
pub mod plt;
pub mod profile;
pub mod progress;
pub mod raw_exports;
pub mod registrations;
pub mod retention;
pub mod retention_file;
pub mod service_risk;
pub mod staff_import;
pub mod targets;

use super::passwords::HashError;
use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Bad input: (form field, message) pairs.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<(&'static str, String)>),
    /// Bad input on fields named at run time (rows of a table, e.g.
    /// `activity-3-end`).
    #[error("invalid input: {0:?}")]
    InvalidAt(Vec<(String, String)>),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("not permitted")]
    Forbidden,
    #[error("{0}")]
    Conflict(String),
    #[error("email address or password is incorrect")]
    BadCredentials,
    #[error("too many failed sign-ins; locked for {minutes} minutes")]
    Throttled { minutes: i64 },
    #[error("database: {0}")]
    Db(DbErr),
    #[error(transparent)]
    Hash(#[from] HashError),
}

impl ServiceError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> ServiceError {
        ServiceError::Invalid(vec![(field, message.into())])
    }

    /// Why the database failed, when that is no fault of the request.
    pub fn outage(&self) -> Option<Outage> {
        match self {
            ServiceError::Db(error) => outage(error),
            _ => None,
        }
    }

    /// True when the database could not be reached or written: the caller
    /// answers "service unavailable" (503), not "something went wrong".
    pub fn is_unavailable(&self) -> bool {
        self.outage().is_some()
    }
}

/// A database failure that is the service's state, not a bug or bad input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// The database cannot be reached (stopped, restarting, network cut).
    Unreachable,
    /// It answers but cannot store anything: the disk is full or the file
    /// (or file system) is read-only.
    CannotWrite,
}

impl Outage {
    /// What the person is told; the reference finds the log entry.
    pub fn message(self, reference: &str) -> String {
        match self {
            Outage::Unreachable => {
                format!("The service is unavailable. Try again shortly (reference {reference}).")
            }
            Outage::CannotWrite => format!(
                "The service is unavailable: changes cannot be saved just now, and nothing was \
                 changed. Try again later (reference {reference})."
            ),
        }
    }
}

/// Classifies a database error: connection and I/O failures are
/// `Unreachable`; SQLite's "full", "read-only" and I/O-error codes and
/// PostgreSQL's "disk full" and "read-only transaction" are `CannotWrite`.
pub fn outage(error: &DbErr) -> Option<Outage> {
    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::Error as Sqlx;
    let sqlx = match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return Some(Outage::Unreachable),
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return None,
    };
    match sqlx.as_ref() {
        Sqlx::Io(_)
        | Sqlx::Tls(_)
        | Sqlx::Protocol(_)
        | Sqlx::PoolTimedOut
        | Sqlx::PoolClosed
        | Sqlx::WorkerCrashed => Some(Outage::Unreachable),
        Sqlx::Database(db) => {
            let code = db.code()?;
            error_kind(&code)
        }
        _ => None,
    }
}

/// The outage a database error code means: SQLite's numeric (extended)
/// result codes, PostgreSQL's SQLSTATEs.
fn error_kind(code: &str) -> Option<Outage> {
    if let Ok(sqlite) = code.parse::<i32>() {
        // SQLITE_READONLY 8, SQLITE_IOERR 10, SQLITE_FULL 13, SQLITE_CANTOPEN 14.
        return matches!(sqlite & 0xff, 8 | 10 | 13 | 14).then_some(Outage::CannotWrite);
    }
    match code {
        // disk_full, insufficient_resources, read_only_sql_transaction
        "53100" | "53000" | "25006" => Some(Outage::CannotWrite),
        // admin_shutdown, crash_shutdown, cannot_connect_now
        "57P01" | "57P02" | "57P03" => Some(Outage::Unreachable),
        _ => None,
    }
}

impl From<DbErr> for ServiceError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                ServiceError::Conflict("That record already exists".into())
            }
            _ => ServiceError::Db(err),
        }
    }
}

/// Collects every problem with a form, so that all of them are reported
/// at once rather than one per submission.
#[derive(Default)]
pub struct Problems(Vec<(&'static str, String)>);

impl Problems {
    /// The parsed value, or `None` with the message noted against `field`.
    pub fn check<T>(&mut self, field: &'static str, parsed: Result<T, String>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        if !self.0.iter().any(|(f, _)| *f == field) {
            self.0.push((field, message.into()));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_error(self) -> ServiceError {
        ServiceError::Invalid(self.0)
    }
}
