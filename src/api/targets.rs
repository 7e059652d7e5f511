//! Administrators' annual CPD targets and PLT allowances per staff group.

use super::AppError;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRow {
    pub staff_group: String,
    /// Hours a year for a full-time person employed all year.
    pub cpd_hours: String,
    pub plt_hours: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetInput {
    #[serde(default)]
    pub staff_group: String,
    #[serde(default)]
    pub cpd_hours: String,
    #[serde(default)]
    pub plt_hours: String,
}

#[server(endpoint = "targets/list")]
pub async fn list_targets() -> Result<Vec<TargetRow>, AppError> {
    use super::guard;
    use crate::server::services::targets;
    guard::read_once("list_targets".to_string(), async move {
        guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(targets::list(&state.db).await?)
    })
    .await
}

#[server(endpoint = "targets/set")]
pub async fn set_target(input: TargetInput) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::targets;
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(targets::set(&state.db, &admin, &input).await?)
    })
    .await
}
