//! Plain HTTP routes beside the server functions, for what carries files:
//! evidence uploads and downloads, the CPD profile ZIP, the job-plan
//! calendar, the retention statistics files and the raw-data CSV exports.

pub mod evidence;
pub mod exports;
pub mod job_plan_calendar;
pub mod profile_zip;
pub mod retention_export;
pub mod staff_import;

use crate::server::auth::CurrentUser;
use crate::server::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use http::{HeaderValue, StatusCode, header};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/cpd/{id}/evidence",
            post(evidence::upload).layer(DefaultBodyLimit::max(evidence::REQUEST_LIMIT)),
        )
        .route("/evidence/{id}", get(evidence::download))
        .route("/cpd/profile/download", get(profile_zip::download))
        .route(
            "/job-plans/{id}/calendar.ics",
            get(job_plan_calendar::download),
        )
        .route(
            "/people/import",
            post(staff_import::import).layer(DefaultBodyLimit::max(staff_import::REQUEST_LIMIT)),
        )
        .route("/retention/export.csv", get(retention_export::csv))
        .route("/retention/export.xlsx", get(retention_export::xlsx))
        .merge(exports::routes())
}

/// `attachment` with the name in both the plain and the RFC 6266 forms.
pub fn attachment(file_name: &str) -> HeaderValue {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// A plain-text answer for a route a person reached by a link.
pub fn plain(status: StatusCode, message: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.to_string(),
    )
        .into_response()
}

/// The signed-in user from the session middleware.
pub fn signed_in(parts: &http::Extensions) -> Option<CurrentUser> {
    parts.get::<CurrentUser>().cloned()
}
