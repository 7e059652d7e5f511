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

    /// True when the database could not be reached at all (as opposed to a
    /// failing statement): the caller answers "service unavailable".
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            ServiceError::Db(DbErr::ConnectionAcquire(_) | DbErr::Conn(_))
        )
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
