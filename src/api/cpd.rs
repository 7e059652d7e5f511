//! A staff member's CPD record: their activities, filters and totals, and
//! the administrators' list of activity types.

use super::AppError;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CpdCategoryView {
    pub id: i32,
    pub name: String,
    pub retired: bool,
}

/// One line of the activity list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CpdActivityRow {
    pub id: i32,
    /// ISO dates.
    pub start_date: String,
    pub end_date: Option<String>,
    pub title: String,
    pub category: String,
    /// Display form, e.g. "1.5".
    pub hours: String,
    pub provider: Option<String>,
    pub in_protected_time: bool,
    pub evidence_files: u32,
}

/// Hours against a label (a category or a year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoursTotal {
    pub label: String,
    pub hours: String,
}

/// The CPD page: the filtered activities and their totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CpdOverview {
    /// One page of the filtered activities, newest first.
    pub activities: Vec<CpdActivityRow>,
    /// How many activities the filter matches, on all pages.
    pub count: u32,
    /// This page (from 1) and how many there are.
    pub page: u32,
    pub pages: u32,
    /// Hours of the filtered activities.
    pub total_hours: String,
    /// Totals by category of the filtered activities.
    pub by_category: Vec<HoursTotal>,
    /// Totals by financial year over the whole record, newest first.
    pub by_year: Vec<HoursTotal>,
    /// Every category, for the filter.
    pub categories: Vec<CpdCategoryView>,
}

/// An activity as the edit form shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CpdInput {
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub end_date: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub category_id: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub provider: String,
    #[serde(default)]
    pub learning_objective: String,
    #[serde(default)]
    pub what_i_learnt: String,
    #[serde(default)]
    pub change_to_practice: String,
    #[serde(default)]
    pub benefit_to_service_users: String,
    #[serde(default)]
    pub follow_up: String,
    /// A ticked checkbox sends "on"; an unticked one sends nothing.
    #[serde(default)]
    pub in_protected_time: Option<String>,
    /// Empty: not linked to a PDP objective.
    #[serde(default)]
    pub pdp_objective_id: String,
}

/// The signed-in staff member's activities, filtered by financial year,
/// category and text (each optional, empty meaning all).
#[server(endpoint = "cpd/mine")]
pub async fn my_cpd(
    #[server(default)] year: String,
    #[server(default)] category: String,
    #[server(default)] search: String,
    #[server(default)] page: String,
) -> Result<CpdOverview, AppError> {
    use super::guard;
    use crate::server::services::cpd;
    guard::read_once(
        format!("my_cpd {:?}", (&year, &category, &search, &page)),
        async move {
            let user = guard::require_any(&[Role::Staff])?;
            let state = guard::state()?;
            let filter = cpd::Filter::parse(&year, &category, &search, &page)?;
            Ok(cpd::overview(&state.db, user.person_id, &filter).await?)
        },
    )
    .await
}

/// One of the signed-in staff member's activities, for editing.
#[server(endpoint = "cpd/get")]
pub async fn get_cpd_activity(id: i32) -> Result<CpdInput, AppError> {
    use super::guard;
    use crate::server::services::cpd;
    guard::read_once(format!("get_cpd_activity {:?}", (&id,)), async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        Ok(cpd::get_own(&state.db, user.person_id, id).await?)
    })
    .await
}

#[server(endpoint = "cpd/create")]
pub async fn create_cpd_activity(input: CpdInput) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::cpd;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        let id = cpd::create(&state.db, &user, &input).await?;
        leptos_axum::redirect("/cpd");
        Ok(id)
    })
    .await
}

#[server(endpoint = "cpd/update")]
pub async fn update_cpd_activity(id: i32, input: CpdInput) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::cpd;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        cpd::update(&state.db, &user, id, &input).await?;
        leptos_axum::redirect("/cpd");
        Ok(())
    })
    .await
}

#[server(endpoint = "cpd/delete")]
pub async fn delete_cpd_activity(id: i32) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::cpd;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        cpd::delete(&state.db, &user, id).await?;
        leptos_axum::redirect("/cpd");
        Ok(())
    })
    .await
}

/// Every category, retired ones marked: for the activity form and for
/// administrators.
#[server(endpoint = "cpd/categories")]
pub async fn list_cpd_categories() -> Result<Vec<CpdCategoryView>, AppError> {
    use super::guard;
    use crate::server::services::cpd;
    guard::read_once("list_cpd_categories".to_string(), async move {
        guard::require_any(&[Role::Staff, Role::Admin])?;
        let state = guard::state()?;
        Ok(cpd::categories(&state.db).await?)
    })
    .await
}

#[server(endpoint = "cpd/categories/create")]
pub async fn create_cpd_category(name: String) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::cpd;
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(cpd::create_category(&state.db, &admin, &name).await?)
    })
    .await
}

#[server(endpoint = "cpd/categories/retire")]
pub async fn set_cpd_category_retired(category_id: i32, retired: bool) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::cpd;
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(cpd::set_category_retired(&state.db, &admin, category_id, retired).await?)
    })
    .await
}

/// A team member's CPD record, read-only, for their line manager or head of
/// service.
#[server(endpoint = "cpd/person")]
pub async fn person_cpd(
    person_id: i32,
    #[server(default)] year: String,
    #[server(default)] category: String,
    #[server(default)] search: String,
    #[server(default)] page: String,
) -> Result<CpdOverview, AppError> {
    use super::guard;
    use crate::server::services::{access, cpd};
    guard::read_once(
        format!(
            "person_cpd {:?}",
            (&person_id, &year, &category, &search, &page)
        ),
        async move {
            let user = guard::require_user()?;
            let state = guard::state()?;
            access::require_full(&state.db, &user, person_id).await?;
            let filter = cpd::Filter::parse(&year, &category, &search, &page)?;
            Ok(cpd::overview(&state.db, person_id, &filter).await?)
        },
    )
    .await
}

/// One activity in full (reflection and evidence), read-only: for its owner
/// and their reviewers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CpdActivityView {
    pub row: CpdActivityRow,
    pub person_id: i32,
    pub person_name: String,
    pub learning_objective: Option<String>,
    pub what_i_learnt: Option<String>,
    pub change_to_practice: Option<String>,
    pub benefit_to_service_users: Option<String>,
    pub follow_up: Option<String>,
    pub objective: Option<String>,
    pub evidence: Vec<super::evidence::EvidenceFile>,
    pub is_owner: bool,
}

#[server(endpoint = "cpd/view")]
pub async fn view_cpd_activity(id: i32) -> Result<CpdActivityView, AppError> {
    use super::guard;
    use crate::server::services::cpd;
    guard::read_once(format!("view_cpd_activity {:?}", (&id,)), async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        Ok(cpd::view(&state.db, &user, id).await?)
    })
    .await
}
