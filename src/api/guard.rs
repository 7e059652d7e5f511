//! Server-side helpers every server function starts with: who is asking,
//! may they, and turning service errors into client-safe ones with the
//! right HTTP status.

use super::AppError;
use crate::domain::roles::Role;
use crate::server::auth::{ClientAddress, CurrentUser};
use crate::server::services::{Outage, ServiceError};
use crate::server::state::AppState;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("application state missing from context"))
}

fn parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

pub fn current_user() -> Option<CurrentUser> {
    parts().and_then(|p| p.extensions.get::<CurrentUser>().cloned())
}

pub fn client_address() -> String {
    parts()
        .and_then(|p| p.extensions.get::<ClientAddress>().map(|a| a.0.clone()))
        .unwrap_or_else(|| "unknown".into())
}

pub fn require_user() -> Result<CurrentUser, AppError> {
    current_user().ok_or(AppError::SignedOut)
}

/// The signed-in user, if they hold at least one of `roles`.
pub fn require_any(roles: &[Role]) -> Result<CurrentUser, AppError> {
    let user = require_user()?;
    if user.has_any(roles) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Runs a server function's body and sets the response status from its
/// error, so that bad input answers 4xx and never 500.
pub async fn respond<T>(body: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let result = body.await;
    if let Err(error) = &result
        && let Some(options) = use_context::<ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        options.set_status(status);
    }
    result
}

fn internal(detail: &str) -> AppError {
    let reference = new_reference();
    tracing::error!(%reference, detail, "internal error");
    AppError::Internal { reference }
}

fn new_reference() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_string()
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Invalid(errors) => AppError::Invalid(
                errors
                    .into_iter()
                    .map(|(field, message)| super::error::FieldError {
                        field: field.to_string(),
                        message,
                    })
                    .collect(),
            ),
            ServiceError::InvalidAt(errors) => AppError::Invalid(
                errors
                    .into_iter()
                    .map(|(field, message)| super::error::FieldError { field, message })
                    .collect(),
            ),
            ServiceError::NotFound(what) => AppError::NotFound(what.to_string()),
            ServiceError::Forbidden => AppError::Forbidden,
            ServiceError::Conflict(message) => AppError::Conflict(message),
            ServiceError::BadCredentials => AppError::BadCredentials,
            ServiceError::Throttled { minutes } => AppError::TooManyAttempts { minutes },
            other if other.is_unavailable() => {
                let reference = new_reference();
                tracing::error!(%reference, error = %other, "database unavailable");
                match other.outage() {
                    Some(Outage::CannotWrite) => AppError::CannotSave { reference },
                    _ => AppError::Unavailable { reference },
                }
            }
            other => internal(&other.to_string()),
        }
    }
}
