//! Departments and teams, and the choices the staff-record form offers.

use super::AppError;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentView {
    pub id: i32,
    pub name: String,
    pub cost_centre: Option<String>,
    /// People in post today.
    pub people: u64,
    pub teams: Vec<TeamView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamView {
    pub id: i32,
    pub name: String,
    pub people: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonOption {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonFormChoices {
    pub departments: Vec<DepartmentView>,
    /// People in post who can be chosen as a line manager.
    pub managers: Vec<PersonOption>,
}

#[server(endpoint = "organisation/list")]
pub async fn list_departments() -> Result<Vec<DepartmentView>, AppError> {
    use super::guard;
    use crate::server::services::organisation;
    guard::read_once("list_departments".to_string(), async move {
        guard::require_any(&[Role::Admin, Role::Hr])?;
        let state = guard::state()?;
        Ok(organisation::list(&state.db).await?)
    })
    .await
}

#[server(endpoint = "organisation/form-options")]
pub async fn person_form_options() -> Result<PersonFormChoices, AppError> {
    use super::guard;
    use crate::server::services::organisation;
    guard::read_once("person_form_options".to_string(), async move {
        guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(organisation::form_options(&state.db).await?)
    })
    .await
}

#[server(endpoint = "organisation/departments/create")]
pub async fn create_department(name: String, cost_centre: String) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::organisation;
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(organisation::create_department(&state.db, &admin, &name, &cost_centre).await?)
    })
    .await
}

#[server(endpoint = "organisation/teams/create")]
pub async fn create_team(department_id: i32, name: String) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::organisation;
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(organisation::create_team(&state.db, &admin, department_id, &name).await?)
    })
    .await
}

#[server(endpoint = "organisation/teams/rename")]
pub async fn rename_team(team_id: i32, name: String) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::organisation;
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(organisation::rename_team(&state.db, &admin, team_id, &name).await?)
    })
    .await
}
