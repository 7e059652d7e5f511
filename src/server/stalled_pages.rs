//! A guard against a leptos server-rendering race (leptos issues #4851 and
//! #4673): now and then a page's render waits forever on a `<Suspense>`
//! whose resources have all finished. Pages are rendered whole before they
//! are sent (every route is `SsrMode::Async`), so this middleware gives a
//! page GET a few seconds to produce its whole body and, if it stalls,
//! renders it again (GETs change nothing). The person gets their page
//! instead of a tab that never finishes; the log says it happened.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode};
use std::time::Duration;

/// How long a page may take before it is taken to have stalled.
const PAGE_DEADLINE: Duration = Duration::from_secs(8);
/// Largest page body buffered (a page is tens of kilobytes).
const PAGE_LIMIT: usize = 16 * 1024 * 1024;
const ATTEMPTS: usize = 3;

/// Paths that are not server-rendered pages.
fn is_page(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && !path.starts_with("/evidence/")
        && !path.starts_with("/exports/")
        && path != "/cpd/profile/download"
}

pub async fn retry_stalled_pages(request: Request, next: Next) -> Response {
    if !is_page(&request) {
        return next.run(request).await;
    }
    let (parts, _) = request.into_parts();
    for attempt in 1..=ATTEMPTS {
        let mut again = Request::new(Body::empty());
        *again.method_mut() = parts.method.clone();
        *again.uri_mut() = parts.uri.clone();
        *again.version_mut() = parts.version;
        *again.headers_mut() = parts.headers.clone();
        *again.extensions_mut() = parts.extensions.clone();
        let render = async {
            let response = next.clone().run(again).await;
            let (head, body) = response.into_parts();
            let bytes = to_bytes(body, PAGE_LIMIT).await;
            (head, bytes)
        };
        match tokio::time::timeout(PAGE_DEADLINE, render).await {
            Ok((head, Ok(bytes))) => return Response::from_parts(head, Body::from(bytes)),
            Ok((_, Err(error))) => {
                tracing::error!(path = %parts.uri.path(), %error, "page body failed");
                break;
            }
            Err(_) => {
                tracing::warn!(path = %parts.uri.path(), attempt, "page render stalled; rendering it again");
            }
        }
    }
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(http::header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "The page could not be prepared. Reload it to try again.",
    )
        .into_response()
}
