//! The one error type every server function returns. It is what the browser
//! sees, so it never carries database text: internal failures are logged on
//! the server under a reference id and only that id is sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Sign in to continue")]
    SignedOut,
    #[error("You do not have permission to do that")]
    Forbidden,
    #[error("{0} was not found")]
    NotFound(String),
    /// Bad input: one message per form field that needs correcting.
    #[error("{}", .0.first().map(|e| e.message.as_str()).unwrap_or("Check the form"))]
    Invalid(Vec<FieldError>),
    #[error("Email address or password is incorrect")]
    BadCredentials,
    #[error("Too many failed attempts. Try again in {minutes} minutes")]
    TooManyAttempts { minutes: i64 },
    /// The record changed or clashes with another (e.g. a duplicate email).
    #[error("{0}")]
    Conflict(String),
    #[error("The service is unavailable. Try again shortly (reference {reference})")]
    Unavailable { reference: String },
    /// The database is full or read-only: nothing was stored.
    #[error(
        "The service is unavailable: changes cannot be saved just now, and nothing was changed. Try again later (reference {reference})"
    )]
    CannotSave { reference: String },
    #[error("Something went wrong. Try again, or quote reference {reference}")]
    Internal { reference: String },
    /// Transport or encoding failures raised by the server-function layer.
    #[error("The request could not be completed: {0}")]
    Request(String),
}

/// A message about one form field; `field` is the input's `name`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldError {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    /// The message for `field`, if this error is about that field.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// Every message, with the field it belongs to when there is one: what
    /// the error summary at the top of a form lists.
    pub fn summary(&self) -> Vec<(Option<String>, String)> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .map(|e| (Some(e.field.clone()), e.message.clone()))
                .collect(),
            other => vec![(None, other.to_string())],
        }
    }

    /// HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::SignedOut | AppError::BadCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound(_) => 404,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Unavailable { .. } | AppError::CannotSave { .. } => 503,
            AppError::Internal { .. } => 500,
            AppError::Request(_) => 400,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Failures before a server function's body runs (a malformed or
    /// missing argument) are the client's: on the server they answer 400.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(http::StatusCode::BAD_REQUEST);
        }
        AppError::Request(value.to_string())
    }
}
