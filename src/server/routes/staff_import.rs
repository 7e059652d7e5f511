//! `POST /people/import?as_of=YYYY-MM-DD&apply=0|1&name=file.csv`: staff
//! import from an HR extract, for HR and administrators. The body is the
//! CSV file itself (not a form). Cross-site posts are refused by the
//! `reject_cross_site` middleware, as for every POST.
//!
//! Refusals come before anything is streamed, as JSON `{"field", "message"}`
//! with their status: 401 signed out, 403 other roles, 413 too large, 422
//! a bad `as_of` (field `as_of`) or an empty or non-UTF-8 file (field
//! `file`). Otherwise the answer is 200 and newline-delimited JSON, one
//! [`Event`] per line: progress (`reading`, `checking`, `applying`), then
//! `done` with the preview or what was applied, or `failed`. Problems in the
//! file are in the preview, not an HTTP error. An import keeps running to
//! its end if the client goes away.

use super::signed_in;
use crate::domain::roles::Role;
use crate::domain::staff;
use crate::domain::staff_import::{Event, MAX_FILE_BYTES, file};
use crate::server::services::staff_import::{self, Options, Outcome};
use crate::server::state::AppState;
use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde::Deserialize;
use tokio::sync::mpsc;

/// The largest file plus a little room.
pub const REQUEST_LIMIT: usize = MAX_FILE_BYTES + 64 * 1024;

#[derive(Debug, Deserialize)]
pub struct Params {
    as_of: Option<String>,
    apply: Option<String>,
    name: Option<String>,
}

fn refuse(status: StatusCode, field: &str, message: &str) -> Response {
    (
        status,
        Json(serde_json::json!({ "field": field, "message": message })),
    )
        .into_response()
}

pub async fn import(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    extensions: http::Extensions,
    body: Body,
) -> Response {
    let Some(user) = signed_in(&extensions) else {
        return refuse(StatusCode::UNAUTHORIZED, "", "Sign in to import staff.");
    };
    if !user.has_any(&[Role::Hr, Role::Admin]) {
        return refuse(
            StatusCode::FORBIDDEN,
            "",
            "Only HR and administrators import staff.",
        );
    }
    let as_of = match params.as_of.as_deref().map(str::trim) {
        None | Some("") => chrono::Utc::now().date_naive(),
        Some(raw) => match staff::parse_date(raw, "The date the extract describes") {
            Ok(date) => date,
            Err(message) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, "as_of", &message),
        },
    };
    let bytes = match to_bytes(body, REQUEST_LIMIT).await {
        Ok(bytes) if bytes.len() <= MAX_FILE_BYTES => bytes,
        _ => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "file",
                "The file must be 64 MB or smaller.",
            );
        }
    };
    if let Err(message) = file::text(&bytes) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "file", &message);
    }
    let options = Options {
        as_of,
        file_name: file_name(params.name.as_deref()),
        apply: matches!(params.apply.as_deref(), Some("1" | "true")),
        actor_user_id: Some(user.user_id),
        via: "browser",
    };
    let (sender, receiver) = mpsc::channel::<Event>(64);
    tokio::spawn(run(state, bytes, options, sender));
    let lines = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let event = receiver.recv().await?;
        let mut line = serde_json::to_vec(&event).unwrap_or_default();
        line.push(b'\n');
        Some((Ok::<_, std::convert::Infallible>(line), receiver))
    });
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-ndjson; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            // Proxies must pass the progress lines on as they come.
            (
                header::HeaderName::from_static("x-accel-buffering"),
                HeaderValue::from_static("no"),
            ),
        ],
        Body::from_stream(lines),
    )
        .into_response()
}

/// The name recorded in the audit log: at most 200 characters.
fn file_name(raw: Option<&str>) -> String {
    let name: String = raw
        .unwrap_or_default()
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if name.is_empty() {
        "upload.csv".into()
    } else {
        name
    }
}

/// Reads (on a blocking thread: parsing is CPU work), checks and perhaps
/// applies, sending progress as it goes. Progress events are dropped when
/// the client reads slowly; the last event always waits its turn.
async fn run(
    state: AppState,
    bytes: axum::body::Bytes,
    options: Options,
    sender: mpsc::Sender<Event>,
) {
    let reading = sender.clone();
    let read = tokio::task::spawn_blocking(move || {
        let text = file::text(&bytes).unwrap_or_default();
        file::read(text, &mut |rows| {
            let _ = reading.try_send(Event::Reading { rows });
        })
    })
    .await;
    let last = match read {
        Ok(read) => {
            let progress = |event: Event| {
                let _ = sender.try_send(event);
            };
            match staff_import::run(&state.db, read, &options, &progress).await {
                Ok(Outcome::Checked(checked)) => Event::Done {
                    preview: Some(Box::new(checked.preview(&options))),
                    applied: None,
                },
                Ok(Outcome::Applied(applied)) => Event::Done {
                    preview: None,
                    applied: Some(Box::new(applied)),
                },
                Err(error) => failed(&error.to_string()),
            }
        }
        Err(error) => failed(&error.to_string()),
    };
    let _ = sender.send(last).await;
}

/// A failure in words, with the detail logged under a reference.
fn failed(detail: &str) -> Event {
    let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
    tracing::error!(%reference, detail, "staff import failed");
    Event::Failed {
        message: format!(
            "The import failed and nothing was changed. Try again, or quote reference {reference}."
        ),
    }
}
