//! `POST /cpd/{id}/evidence` (multipart, one or more `file` fields) and
//! `GET /evidence/{id}` (always a download).
//!
//! An upload from the page's script asks for JSON and gets `{"ok": true}` or
//! `{"message": ".."}` with a 4xx; a plain form post is redirected back to
//! the activity with a short code the page turns into the message.

use super::{attachment, plain, signed_in};
use crate::domain::evidence::{MAX_FILE_BYTES, UploadRefusal};
use crate::domain::roles::Role;
use crate::server::services::ServiceError;
use crate::server::services::evidence::{self, UploadError};
use crate::server::state::AppState;
use axum::Json;
use axum::extract::multipart::{Multipart, MultipartError};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, StatusCode, header};

/// Room for one largest file plus the multipart framing.
pub const REQUEST_LIMIT: usize = MAX_FILE_BYTES as usize + 256 * 1024;

pub async fn upload(
    State(state): State<AppState>,
    Path(activity_id): Path<i32>,
    headers: HeaderMap,
    extensions: http::Extensions,
    mut multipart: Multipart,
) -> Response {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let Some(user) = signed_in(&extensions) else {
        return plain(StatusCode::UNAUTHORIZED, "Sign in to upload evidence.");
    };
    if !user.has(Role::Staff) {
        return plain(
            StatusCode::FORBIDDEN,
            "Only staff members keep a CPD record.",
        );
    }
    let mut stored = 0;
    let outcome: Result<(), UploadError> = async {
        while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
            if field.name() != Some("file") {
                continue;
            }
            let name = field.file_name().unwrap_or_default().to_string();
            if name.is_empty() {
                continue;
            }
            let content = read_limited(field).await?;
            evidence::store(&state.db, &user, activity_id, &name, content).await?;
            stored += 1;
        }
        if stored == 0 {
            return Err(UploadError::Refused(UploadRefusal::NoFile));
        }
        Ok(())
    }
    .await;
    respond(outcome, activity_id, wants_json)
}

/// A field's bytes, refused as soon as they pass the per-file limit.
async fn read_limited(
    mut field: axum::extract::multipart::Field<'_>,
) -> Result<Vec<u8>, UploadError> {
    let mut content = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if content.len() + chunk.len() > MAX_FILE_BYTES as usize {
            return Err(UploadError::Refused(UploadRefusal::TooLarge));
        }
        content.extend_from_slice(&chunk);
    }
    Ok(content)
}

fn multipart_error(error: MultipartError) -> UploadError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        UploadError::Refused(UploadRefusal::TooLarge)
    } else {
        UploadError::Refused(UploadRefusal::NoFile)
    }
}

fn respond(outcome: Result<(), UploadError>, activity_id: i32, wants_json: bool) -> Response {
    let back = |code: &str| {
        Redirect::to(&format!("/cpd/{activity_id}/edit?evidence={code}#evidence")).into_response()
    };
    match outcome {
        Ok(()) if wants_json => {
            (StatusCode::CREATED, Json(serde_json::json!({ "ok": true }))).into_response()
        }
        Ok(()) => back("uploaded"),
        Err(UploadError::Refused(refusal)) if wants_json => (
            StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
            Json(serde_json::json!({ "field": "file", "message": refusal.message() })),
        )
            .into_response(),
        Err(UploadError::Refused(refusal)) => back(refusal.code()),
        Err(UploadError::Service(ServiceError::NotFound(_))) => {
            plain(StatusCode::NOT_FOUND, "That CPD activity was not found.")
        }
        Err(UploadError::Service(error)) => failure(&error),
    }
}

fn failure(error: &ServiceError) -> Response {
    let reference = uuid::Uuid::new_v4().simple().to_string();
    if let Some(outage) = error.outage() {
        tracing::error!(%reference, %error, "database unavailable");
        return plain(StatusCode::SERVICE_UNAVAILABLE, &outage.message(&reference));
    }
    tracing::error!(%reference, %error, "evidence request failed");
    plain(
        StatusCode::INTERNAL_SERVER_ERROR,
        &format!("Something went wrong. Try again, or quote reference {reference}."),
    )
}

pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    extensions: http::Extensions,
) -> Response {
    let Some(user) = signed_in(&extensions) else {
        return plain(StatusCode::UNAUTHORIZED, "Sign in to download evidence.");
    };
    match evidence::fetch(&state.db, &user, id).await {
        Ok((stored, content)) => (
            [
                (
                    header::CONTENT_TYPE,
                    stored
                        .content_type
                        .parse()
                        .unwrap_or(http::HeaderValue::from_static("application/octet-stream")),
                ),
                (header::CONTENT_DISPOSITION, attachment(&stored.file_name)),
                (
                    header::CACHE_CONTROL,
                    http::HeaderValue::from_static("private, no-store"),
                ),
            ],
            content,
        )
            .into_response(),
        Err(ServiceError::NotFound(_) | ServiceError::Forbidden) => {
            plain(StatusCode::NOT_FOUND, "That evidence file was not found.")
        }
        Err(error) => failure(&error),
    }
}

pub(super) fn service_failure(error: &ServiceError) -> Response {
    failure(error)
}
