//! Server-side helpers every server function starts with: who is asking,
//! may they, and turning service errors into client-safe ones with the
//! right HTTP status.

use super::AppError;
use crate::domain::roles::Role;
use crate::server::auth::{ClientAddress, CurrentUser};
use crate::server::services::{Outage, ServiceError};
use crate::server::state::AppState;
use futures_util::future::BoxFuture;
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
///
/// The body is boxed, so the future a server function returns is a pointer
/// rather than its whole state machine: leptos moves each resource's future
/// several times while it renders a page, and copying the unboxed ones was
/// 15% of the staff home page's CPU.
pub fn respond<'a, T: Send + 'a>(
    body: impl Future<Output = Result<T, AppError>> + Send + 'a,
) -> BoxFuture<'a, Result<T, AppError>> {
    Box::pin(async move { with_status(body.await) })
}

/// Sets the response status from an error.
fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
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
/// `body`, and later calls with the same key share its answer. Boxed, as
/// [`respond`] is.
pub fn read_once<'a, T>(
    key: String,
    body: impl Future<Output = Result<T, AppError>> + Send + 'a,
) -> BoxFuture<'a, Result<T, AppError>>
where
    T: Clone + Send + Sync + 'static,
{
    type Cell<T> = tokio::sync::OnceCell<Result<T, AppError>>;
    Box::pin(async move {
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
        with_status(match cell {
            Some(cell) => cell.get_or_init(|| body).await.clone(),
            None => body.await,
        })
    })
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

    /// The futures of server functions hold their body behind a pointer,
    /// so that moving one copies its arguments and a few words.
    #[test]
    fn a_server_functions_future_is_small() {
        let sizes = [
            std::mem::size_of_val(&crate::api::progress::my_progress()),
            std::mem::size_of_val(&crate::api::people::get_person(1)),
            std::mem::size_of_val(&crate::api::notifications::unread_notifications()),
            std::mem::size_of_val(&crate::api::compliance::compliance_dashboard(
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            )),
        ];
        // Unboxed they were 6 to 29 KB (debug build); boxed, the largest
        // holds five strings of arguments (and their copies) in 392 bytes.
        assert!(sizes.iter().all(|size| *size <= 512), "{sizes:?}");
    }

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
