//! The staff import page's server function. The import itself is a plain
//! HTTP route (`POST /people/import`, see `server::routes::staff_import`)
//! because it carries a file and streams its progress.

use super::AppError;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;

/// Today's date (ISO), the default date an extract describes. It comes
/// from the server: the browser's clock is not read (and chrono's clock
/// panics in wasm). HR and administrators only.
#[server(endpoint = "people/import/today")]
pub async fn import_today() -> Result<String, AppError> {
    use super::guard;
    guard::respond(async {
        guard::require_any(&[Role::Hr, Role::Admin])?;
        Ok(chrono::Utc::now().date_naive().to_string())
    })
    .await
}
