//! `GET /job-plans/{id}/calendar.ics`: a plan's weekly timetable for its
//! plan year as an iCalendar file, for the person and those who may read
//! the plan (not HR, who see status and dates only).

use super::evidence::service_failure;
use super::{attachment, plain, signed_in};
use crate::server::services::{ServiceError, job_plans};
use crate::server::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    extensions: http::Extensions,
) -> Response {
    let Some(user) = signed_in(&extensions) else {
        return plain(
            StatusCode::UNAUTHORIZED,
            "Sign in to download the job plan calendar.",
        );
    };
    match job_plans::calendar(&state.db, &user, id).await {
        Ok((ics, file_name)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/calendar; charset=utf-8"),
                ),
                (header::CONTENT_DISPOSITION, attachment(&file_name)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("private, no-store"),
                ),
            ],
            ics,
        )
            .into_response(),
        Err(ServiceError::NotFound(_) | ServiceError::Forbidden) => {
            plain(StatusCode::NOT_FOUND, "That job plan was not found.")
        }
        Err(error) => service_failure(&error),
    }
}
