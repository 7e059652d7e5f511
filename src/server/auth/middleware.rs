//! Resolves the session cookie once per request and records the client's
//! address, both as request extensions that server functions and pages read.

use super::{ClientAddress, CurrentUser, sessions};
use crate::server::services::{Outage, outage};
use crate::server::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::COOKIE;
use std::net::SocketAddr;

pub async fn resolve_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let address = client_address(&request, state.config.trust_proxy);
    request.extensions_mut().insert(ClientAddress(address));
    request
        .extensions_mut()
        .insert(crate::api::guard::RequestMemo::default());
    let path = request.uri().path();
    if path.starts_with("/pkg/") || path == "/favicon.ico" {
        return next.run(request).await;
    }
    if let Some(token) = cookie_value(&request, sessions::cookie_name(&state.config)) {
        match sessions::resolve(&state.db, &state.config, &token).await {
            Ok(Some(user)) => {
                request.extensions_mut().insert::<CurrentUser>(user);
            }
            Ok(None) => {}
            Err(error) => {
                let reference = uuid::Uuid::new_v4().simple().to_string();
                tracing::error!(%reference, %error, "session lookup failed");
                let outage = outage(&error).unwrap_or(Outage::Unreachable);
                return (StatusCode::SERVICE_UNAVAILABLE, outage.message(&reference))
                    .into_response();
            }
        }
    }
    next.run(request).await
}

pub fn cookie_value(request: &Request, name: &str) -> Option<String> {
    request
        .headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

fn client_address(request: &Request, trust_proxy: bool) -> String {
    if trust_proxy {
        let forwarded = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        if let Some(address) = forwarded {
            return address;
        }
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}
