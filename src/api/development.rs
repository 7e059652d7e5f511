//! Personal development plan (PDP) objectives, and the CPD activities and
//! PLT sessions linked to each.

use super::AppError;
use super::cpd::CpdActivityRow;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveRow {
    pub id: i32,
    pub title: String,
    pub description: Option<String>,
    /// ISO date.
    pub target_date: Option<String>,
    pub status: String,
    pub status_label: String,
    /// Past its target date and still open.
    pub overdue: bool,
    pub activity_count: u32,
    pub activity_hours: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveDetail {
    pub objective: ObjectiveRow,
    pub activities: Vec<CpdActivityRow>,
}

/// An objective offered when linking an activity or a PLT session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveChoice {
    pub id: i32,
    pub title: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub target_date: String,
    #[serde(default)]
    pub status: String,
}

#[server(endpoint = "development/mine")]
pub async fn my_objectives() -> Result<Vec<ObjectiveRow>, AppError> {
    use super::guard;
    use crate::server::services::development;
    guard::read_once("my_objectives".to_string(), async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        Ok(development::list(&state.db, user.person_id).await?)
    })
    .await
}

/// Open objectives of the signed-in person, for linking.
#[server(endpoint = "development/choices")]
pub async fn objective_choices() -> Result<Vec<ObjectiveChoice>, AppError> {
    use super::guard;
    use crate::server::services::development;
    guard::read_once("objective_choices".to_string(), async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        Ok(development::choices(&state.db, user.person_id).await?)
    })
    .await
}

#[server(endpoint = "development/get")]
pub async fn get_objective(id: i32) -> Result<ObjectiveDetail, AppError> {
    use super::guard;
    use crate::server::services::development;
    guard::read_once(format!("get_objective {:?}", (&id,)), async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        Ok(development::detail(&state.db, user.person_id, id).await?)
    })
    .await
}

#[server(endpoint = "development/create")]
pub async fn create_objective(input: ObjectiveInput) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::development;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        let id = development::create(&state.db, &user, &input).await?;
        leptos_axum::redirect("/development");
        Ok(id)
    })
    .await
}

#[server(endpoint = "development/update")]
pub async fn update_objective(id: i32, input: ObjectiveInput) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::development;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        development::update(&state.db, &user, id, &input).await?;
        leptos_axum::redirect("/development");
        Ok(())
    })
    .await
}

#[server(endpoint = "development/delete")]
pub async fn delete_objective(id: i32) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::development;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        development::delete(&state.db, &user, id).await?;
        leptos_axum::redirect("/development");
        Ok(())
    })
    .await
}
