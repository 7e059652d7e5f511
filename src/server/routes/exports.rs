//! `GET /exports/<name>.csv`: the raw-data exports (people, CPD activities,
//! protected learning time, funding requests, job plan status) for line
//! managers (their direct reports), heads of service (their department),
//! HR and administrators (everyone). Audited before the first byte; then
//! streamed from the database in chunks, never held whole in memory.

use super::evidence::service_failure;
use super::{FileRoute, attachment, plain, signed_in};
use crate::server::services::ServiceError;
use crate::server::services::access;
use crate::server::services::raw_exports::{self, RawExport};
use crate::server::state::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use tokio::sync::mpsc;

/// Chunks waiting for the client: with `raw_exports::CHUNK` bytes each,
/// at most about 256 KiB per download is in flight.
const IN_FLIGHT: usize = 4;

/// One route per export.
pub fn routes() -> Vec<FileRoute> {
    RawExport::ALL
        .into_iter()
        .map(|export| {
            FileRoute::get(
                export.info().href(),
                move |state: State<AppState>, extensions: http::Extensions| {
                    download(state, extensions, export)
                },
            )
        })
        .collect()
}

async fn download(
    State(state): State<AppState>,
    extensions: http::Extensions,
    export: RawExport,
) -> Response {
    let Some(user) = signed_in(&extensions) else {
        return plain(
            StatusCode::UNAUTHORIZED,
            "Sign in to download data exports.",
        );
    };
    let scope = match access::reporting(&state.db, &user).await {
        Ok(scope) => scope,
        Err(ServiceError::Forbidden) => {
            return plain(
                StatusCode::FORBIDDEN,
                "Data exports are for line managers, heads of service, HR and administrators.",
            );
        }
        Err(error) => return service_failure(&error),
    };
    if let Err(error) = raw_exports::record_export(&state.db, &user, export, scope).await {
        return service_failure(&error);
    }
    let today = chrono::Utc::now().date_naive();
    let (sender, mut receiver) = mpsc::channel(IN_FLIGHT);
    let db = state.db.clone();
    let user_id = user.user_id;
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match raw_exports::stream_csv(&db, export, scope, today, &sender).await {
            Ok(done) => tracing::info!(
                export = export.info().slug,
                user_id,
                rows = done.rows,
                complete = done.complete,
                seconds = started.elapsed().as_secs_f64(),
                "raw export streamed"
            ),
            Err(error) => {
                tracing::error!(export = export.info().slug, user_id, %error, "raw export failed mid-stream");
                // The body ends with an error: the connection is cut before
                // the last chunk, so the client sees a broken download.
                let _ = sender
                    .send(Err(std::io::Error::other("the export failed")))
                    .await;
            }
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                attachment(&export.file_name(today)),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}
