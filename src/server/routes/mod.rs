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
use axum::handler::Handler;
use axum::routing::{MethodRouter, get, post};
use http::{HeaderValue, Method, StatusCode, header};

/// One file route: its path (as axum matches it, e.g. `/evidence/{id}`),
/// its method and its handler.
pub struct FileRoute {
    pub path: String,
    pub method: Method,
    pub handler: MethodRouter<AppState>,
}

impl FileRoute {
    pub fn get<H, T>(path: impl Into<String>, handler: H) -> FileRoute
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        FileRoute {
            path: path.into(),
            method: Method::GET,
            handler: get(handler),
        }
    }

    pub fn post<H, T>(path: impl Into<String>, handler: H) -> FileRoute
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        FileRoute {
            path: path.into(),
            method: Method::POST,
            handler: post(handler),
        }
    }

    /// Accepts request bodies up to `bytes` (instead of axum's default).
    fn body_limit(mut self, bytes: usize) -> FileRoute {
        self.handler = self.handler.layer(DefaultBodyLimit::max(bytes));
        self
    }
}

/// Every file route. The router is built from this table, and the
/// authorisation test reads it (through [`registered`]) to check that each
/// route has its row in the matrix.
pub fn table() -> Vec<FileRoute> {
    let mut routes = vec![
        FileRoute::post("/cpd/{id}/evidence", evidence::upload).body_limit(evidence::REQUEST_LIMIT),
        FileRoute::get("/evidence/{id}", evidence::download),
        FileRoute::get("/cpd/profile/download", profile_zip::download),
        FileRoute::get("/job-plans/{id}/calendar.ics", job_plan_calendar::download),
        FileRoute::post("/people/import", staff_import::import)
            .body_limit(staff_import::REQUEST_LIMIT),
        FileRoute::get("/retention/export.csv", retention_export::csv),
        FileRoute::get("/retention/export.xlsx", retention_export::xlsx),
    ];
    routes.extend(exports::routes());
    routes
}

pub fn router() -> Router<AppState> {
    table().into_iter().fold(Router::new(), |router, route| {
        router.route(&route.path, route.handler)
    })
}

/// The path and method of every file route.
pub fn registered() -> Vec<(String, Method)> {
    table()
        .into_iter()
        .map(|route| (route.path, route.method))
        .collect()
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
