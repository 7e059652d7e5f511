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
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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

/// Answers of read-only server functions within one request.
///
/// A server-rendered page builds a component inside a `<Suspense>` more
/// than once while its boundaries resolve (leptos walks the tree again to
/// find pending loads, and each walk creates the component's resources
/// again). Without this, one page load asked the database the same
/// questions two or three times. The middleware gives every request its
/// own, so nothing is shared between requests or people.
#[derive(Clone, Default)]
pub struct RequestMemo(Arc<Mutex<HashMap<String, Arc<dyn Any + Send + Sync>>>>);

/// [`respond`] for a server function that only reads: within one request,
/// the first call with a given `key` (the function and its arguments) runs
/// `body`, and later calls with the same key share its answer.
pub async fn read_once<T>(
    key: String,
    body: impl Future<Output = Result<T, AppError>>,
) -> Result<T, AppError>
where
    T: Clone + Send + Sync + 'static,
{
    type Cell<T> = tokio::sync::OnceCell<Result<T, AppError>>;
    let memo = parts().and_then(|p| p.extensions.get::<RequestMemo>().cloned());
    let cell = memo.and_then(|memo| {
        let mut answers = memo
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let any = answers
            .entry(key)
            .or_insert_with(|| Arc::new(Cell::<T>::new()))
            .clone();
        any.downcast::<Cell<T>>().ok()
    });
    match cell {
        Some(cell) => respond(async { cell.get_or_init(|| body).await.clone() }).await,
        None => respond(body).await,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::prelude::{Owner, provide_context};
    use std::sync::atomic::{AtomicU32, Ordering};

    /// Runs `read_once` for `key`, counting how often its body runs.
    async fn read(key: &str, runs: &AtomicU32) -> Result<u32, AppError> {
        read_once(key.to_string(), async {
            Ok(runs.fetch_add(1, Ordering::SeqCst) + 1)
        })
        .await
    }

    fn request_with_memo() -> http::request::Parts {
        let (mut parts, ()) = http::Request::new(()).into_parts();
        parts.extensions.insert(RequestMemo::default());
        parts
    }

    #[tokio::test]
    async fn one_request_asks_each_question_once() {
        let owner = Owner::new();
        owner.set();
        provide_context(request_with_memo());
        let runs = AtomicU32::new(0);
        let (first, second) = tokio::join!(read("a 1", &runs), read("a 1", &runs));
        assert_eq!((first, second), (Ok(1), Ok(1)));
        assert_eq!(read("a 2", &runs).await, Ok(2), "other arguments ask again");
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn each_request_has_its_own_answers() {
        let runs = AtomicU32::new(0);
        for expected in 1..=2 {
            let owner = Owner::new();
            owner.set();
            provide_context(request_with_memo());
            assert_eq!(read("a 1", &runs).await, Ok(expected));
        }
        let owner = Owner::new();
        owner.set();
        assert_eq!(read("a 1", &runs).await, Ok(3), "no memo: always asks");
        assert_eq!(read("a 1", &runs).await, Ok(4));
    }
}
