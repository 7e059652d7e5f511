//! `GET /retention/export.csv` and `/retention/export.xlsx`: what the
//! retention page shows for the same query, as a file. Each export is
//! audited (who, which file, which query, when).

use super::evidence::service_failure;
use super::{attachment, plain, signed_in};
use crate::api::retention::RetentionQuery;
use crate::domain::roles::Role;
use crate::server::audit::{self, Entry};
use crate::server::services::retention_file::{sheet, to_csv, to_xlsx};
use crate::server::services::{ServiceError, retention};
use crate::server::state::AppState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

pub async fn csv(
    State(state): State<AppState>,
    Query(query): Query<RetentionQuery>,
    extensions: http::Extensions,
) -> Response {
    export(state, query, extensions, Kind::Csv).await
}

pub async fn xlsx(
    State(state): State<AppState>,
    Query(query): Query<RetentionQuery>,
    extensions: http::Extensions,
) -> Response {
    export(state, query, extensions, Kind::Xlsx).await
}

#[derive(Clone, Copy)]
enum Kind {
    Csv,
    Xlsx,
}

async fn export(
    state: AppState,
    query: RetentionQuery,
    extensions: http::Extensions,
    kind: Kind,
) -> Response {
    let Some(user) = signed_in(&extensions) else {
        return plain(StatusCode::UNAUTHORIZED, "Sign in to export statistics.");
    };
    if !user.has_any(&[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin]) {
        return plain(
            StatusCode::FORBIDDEN,
            "Retention statistics are for managers, heads of service and HR.",
        );
    }
    let report = match retention::report(&state.db, &state.caches.retention, &user, &query).await {
        Ok(report) => report,
        Err(ServiceError::Invalid(problems)) => {
            let message = problems
                .into_iter()
                .map(|(field, message)| format!("{field}: {message}"))
                .collect::<Vec<_>>()
                .join("; ");
            return plain(StatusCode::UNPROCESSABLE_ENTITY, &message);
        }
        Err(ServiceError::Forbidden) => {
            return plain(
                StatusCode::FORBIDDEN,
                "You may not export these statistics.",
            );
        }
        Err(error) => return service_failure(&error),
    };
    let now = chrono::Utc::now();
    let rows = sheet(
        &report,
        &user.name,
        &now.format("%Y-%m-%d %H:%M UTC").to_string(),
    );
    let (bytes, content_type, extension) = match kind {
        Kind::Csv => (
            to_csv(&rows).map_err(|e| e.to_string()),
            "text/csv; charset=utf-8",
            "csv",
        ),
        Kind::Xlsx => (
            to_xlsx(&rows).map_err(|e| e.to_string()),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "retention export failed");
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The file could not be written. Try again.",
            );
        }
    };
    let entry = Entry::new(
        Some(user.user_id),
        "export.retention",
        "retention",
        extension.to_string(),
    )
    .after_json(serde_json::json!({
        "query": report.query,
        "scope": report.scope,
        "from": report.from,
        "to": report.to,
    }));
    if let Err(error) = audit::record(&state.db, entry).await {
        return service_failure(&ServiceError::from(error));
    }
    let file_name = format!(
        "retention-{}-{}-{}.{extension}",
        report.query.by, report.from, report.to
    );
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, attachment(&file_name)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response()
}
