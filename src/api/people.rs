//! Staff records: the directory, a manager's team, one person's record, and
//! administrators creating and editing records.

use super::AppError;
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One line of a list of people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub job_role: String,
    pub band: String,
    pub department: Option<String>,
    pub team: Option<String>,
    pub line_manager: Option<String>,
    /// Employed today (no end date, or an end date today or later).
    pub in_post: bool,
    pub has_account: bool,
}

/// A whole staff record, with its account when the viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonDetail {
    pub id: i32,
    pub staff_id: Option<String>,
    pub name: String,
    pub email: String,
    pub staff_group: String,
    pub job_role: String,
    pub band: String,
    pub contracted_hours: f64,
    pub fte: f64,
    pub department_id: Option<i32>,
    pub department: Option<String>,
    pub team_id: Option<i32>,
    pub team: Option<String>,
    pub line_manager_id: Option<i32>,
    pub line_manager: Option<String>,
    /// ISO dates (YYYY-MM-DD).
    pub start_date: String,
    pub end_date: Option<String>,
    pub leaving_reason: Option<String>,
    /// Present for administrators only.
    pub account: Option<AccountInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub user_id: i32,
    pub active: bool,
    pub roles: Vec<Role>,
}

/// The staff-record form, as text exactly as typed; the server parses it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonInput {
    #[serde(default)]
    pub staff_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub staff_group: String,
    #[serde(default)]
    pub job_role: String,
    #[serde(default)]
    pub band: String,
    #[serde(default)]
    pub contracted_hours: String,
    #[serde(default)]
    pub department_id: String,
    #[serde(default)]
    pub team_id: String,
    #[serde(default)]
    pub line_manager_id: String,
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub end_date: String,
    #[serde(default)]
    pub leaving_reason: String,
}

/// Everyone, filtered by name, email or job role: HR and administrators.
#[server(endpoint = "people/list")]
pub async fn list_people(search: String) -> Result<Vec<PersonRow>, AppError> {
    use super::guard;
    use crate::server::services::people;
    guard::read_once(format!("list_people {:?}", (&search,)), async move {
        guard::require_any(&[Role::Hr, Role::Admin])?;
        let state = guard::state()?;
        Ok(people::list(&state.db, &search).await?)
    })
    .await
}

/// A line manager's direct reports, plus, for a head of service, everyone
/// in their department.
#[server(endpoint = "people/team")]
pub async fn team_people() -> Result<Vec<PersonRow>, AppError> {
    use super::guard;
    use crate::server::services::people;
    guard::read_once("team_people".to_string(), async move {
        let user = guard::require_any(&[Role::Manager, Role::HeadOfService])?;
        let state = guard::state()?;
        Ok(people::team_of(&state.db, &user).await?)
    })
    .await
}

/// One record: one's own, a report's, or anyone's for HR and administrators.
#[server(endpoint = "people/get")]
pub async fn get_person(id: i32) -> Result<PersonDetail, AppError> {
    use super::guard;
    use crate::server::services::people;
    guard::read_once(format!("get_person {:?}", (&id,)), async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        Ok(people::detail_for(&state.db, &user, id).await?)
    })
    .await
}

/// The signed-in person's own staff record (the home page), kept per
/// instance until it changes (`own_records`).
#[server(endpoint = "people/me")]
pub async fn my_record() -> Result<PersonDetail, AppError> {
    use super::guard;
    use crate::server::services::own_records;
    guard::read_once("my_record".to_string(), async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        let kept = own_records::record(&state.db, &state.caches, &user).await?;
        Ok(PersonDetail::clone(&kept))
    })
    .await
}

#[server(endpoint = "people/create")]
pub async fn create_person(input: PersonInput) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::people;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        let id = people::create(&state.db, &user, &input).await?;
        leptos_axum::redirect(&format!("/people/{id}"));
        Ok(id)
    })
    .await
}

#[server(endpoint = "people/update")]
pub async fn update_person(id: i32, input: PersonInput) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::people;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        people::update(&state.db, &user, id, &input).await?;
        Ok(())
    })
    .await
}
