//! Building the application: state, router and listener.

use super::auth::middleware::resolve_session;
use super::config::{Config, StartupError};
use super::db;
use super::passwords::Passwords;
use super::security::{reject_cross_site, security_headers};
use super::state::AppState;
use crate::ui::app::{App, shell};
use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::serve::ListenerExt as _;
use leptos::prelude::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;

/// Connects to the database, brings the schema up to date and prepares the
/// shared state.
pub async fn build_state(config: Config) -> Result<AppState, StartupError> {
    let db = db::connect(&config).await?;
    db::migrate(&db)
        .await
        .map_err(|e| StartupError::new("DATABASE_URL", format!("migration failed: {e}")))?;
    let passwords =
        Passwords::new().map_err(|e| StartupError::new("password hasher", e.to_string()))?;
    let leptos_options = LeptosOptions::builder()
        .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("mpce-portal"))
        .site_root(config.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build();
    Ok(AppState {
        db,
        config: Arc::new(config),
        passwords,
        leptos_options,
        caches: Arc::default(),
    })
}

/// The whole application: pages, server functions, static files and the
/// middleware (outermost first: security headers, cross-site refusal,
/// session).
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .leptos_routes_with_context(&state, routes, || {}, move || shell(options.clone()))
        .merge(super::routes::router())
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(from_fn(super::stalled_pages::retry_stalled_pages))
        .layer(from_fn_with_state(state.clone(), resolve_session))
        .layer(from_fn(reject_cross_site))
        .layer(from_fn_with_state(state.clone(), security_headers))
        .layer(CatchPanicLayer::custom(panic_response))
        .with_state(state)
}

/// A bug that panics in a handler answers a plain 500 page (logged with a
/// reference) instead of dropping the connection.
fn panic_response(_detail: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let reference = uuid::Uuid::new_v4().simple().to_string();
    tracing::error!(%reference, "request handler panicked");
    (
        http::StatusCode::INTERNAL_SERVER_ERROR,
        [(http::header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("Something went wrong. Try again, or quote reference {reference}."),
    )
        .into_response()
}

/// Binds the address (port 0 picks a free one) and returns the listener
/// with its actual address.
pub async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), StartupError> {
    let listener = TcpListener::bind(addr).await.map_err(|e| {
        StartupError::new("LEPTOS_SITE_ADDR", format!("cannot listen on {addr}: {e}"))
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| StartupError::new("LEPTOS_SITE_ADDR", e.to_string()))?;
    Ok((listener, local))
}

/// Starts the background jobs of a serving instance (the reminder job,
/// unless `MPCE_REMINDER_INTERVAL_SECONDS` is 0). They keep no state of
/// their own, so any number of instances may run them.
pub fn spawn_jobs(state: &AppState) {
    super::reminders::spawn(state);
}

/// Serves until the process is asked to stop (Ctrl-C or SIGTERM), then
/// finishes the requests in flight.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let app = router(state);
    // Streaming SSR writes small chunks: without TCP_NODELAY each response
    // waits on delayed ACKs.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
