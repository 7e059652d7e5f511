use super::config::Config;
use super::passwords::Passwords;
use super::versioned_cache::Caches;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared by every request: the pool, configuration, password hasher and
/// caches. Nothing here is per-user state; that lives in the database.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub passwords: Arc<Passwords>,
    pub leptos_options: LeptosOptions,
    /// Costly answers kept per instance, checked against the database's
    /// data versions on every request (`versioned_cache`).
    pub caches: Arc<Caches>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
