//! Funded CPD: budgets per department, financial year and source (set by
//! administrators), and the requests staff make against them with their
//! workflow. Money travels as display text ("£1,234.50"); the database holds
//! pence.

use super::AppError;
use crate::domain::funding::RequestStatus;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FundingRequestInput {
    #[serde(default)]
    pub activity: String,
    #[serde(default)]
    pub provider: String,
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub end_date: String,
    #[serde(default)]
    pub fee: String,
    #[serde(default)]
    pub travel: String,
    #[serde(default)]
    pub subsistence: String,
    #[serde(default)]
    pub backfill: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub justification: String,
    #[serde(default)]
    pub pdp_objective_id: String,
}

/// One budget and what is drawn on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetRow {
    pub id: i32,
    pub department: String,
    pub year_label: String,
    pub source: String,
    pub budget: String,
    pub committed: String,
    pub spent: String,
    pub remaining: String,
    pub overspent: bool,
    pub percent_used: u8,
    /// The requests behind the committed and the spent figures.
    pub committed_requests: Vec<i32>,
    pub spent_requests: Vec<i32>,
    /// Those requests as lines the viewer may read: everyone's for HR,
    /// administrators and the department's heads of service; a line
    /// manager's own team's only, the rest counted in `other_lines`.
    pub committed_lines: Vec<BudgetLine>,
    pub spent_lines: Vec<BudgetLine>,
    pub other_lines: u32,
}

/// One request behind a budget figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub request_id: i32,
    pub person_name: String,
    pub activity: String,
    /// The estimate while approved, the actual cost once completed.
    pub amount: String,
}

/// A funding source and who it is for (set by administrators).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundingSourceView {
    pub source: String,
    pub label: String,
    pub excludes_backfill: bool,
    /// Staff groups not eligible, one per line.
    pub excluded_staff_groups: String,
}

/// One request in full, with what the viewer may do with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundingRequestDetail {
    pub row: FundingRequestRow,
    /// The request as its edit form shows it.
    pub input: FundingRequestInput,
    pub fee: String,
    pub travel: String,
    pub subsistence: String,
    pub backfill: String,
    /// Hidden (None) from HR and administrators, who see the money only.
    pub justification: Option<String>,
    pub objective: Option<String>,
    pub decided_at: Option<String>,
    /// The budget it draws on, for the person and their approvers.
    pub budget: Option<BudgetRow>,
    /// The CPD activity it was recorded as, once completed.
    pub cpd_activity_id: Option<i32>,
    /// The steps the viewer may take: "edit", "submit", "cancel",
    /// "approve", "decline", "return", "complete", "record_cpd".
    pub may: Vec<String>,
    /// The viewer is the person who asked.
    pub mine: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundingRequestRow {
    pub id: i32,
    pub person_id: i32,
    pub person_name: String,
    pub activity: String,
    pub provider: String,
    pub start_date: String,
    pub end_date: String,
    pub source: String,
    pub estimated: String,
    pub actual: Option<String>,
    pub status: RequestStatus,
    pub lock_version: i32,
    pub decided_by: Option<String>,
    pub decision_comment: Option<String>,
    pub override_reason: Option<String>,
}

#[server(endpoint = "funding/budgets/set")]
pub async fn set_funding_budget(
    department_id: i32,
    year: String,
    source: String,
    amount: String,
) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::funding;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(funding::set_budget(&state.db, &user, department_id, &year, &source, &amount).await?)
    })
    .await
}

/// Budgets of a year (default the current one) the viewer may see:
/// administrators and HR all; heads of service and managers their
/// department's.
#[server(endpoint = "funding/budgets")]
pub async fn funding_budgets(#[server(default)] year: String) -> Result<Vec<BudgetRow>, AppError> {
    use super::guard;
    use crate::server::services::funding_views;
    guard::read_once(format!("funding_budgets {:?}", (&year,)), async move {
        let user =
            guard::require_any(&[Role::Admin, Role::Hr, Role::HeadOfService, Role::Manager])?;
        let state = guard::state()?;
        Ok(funding_views::budgets(&state.db, &user, &year).await?)
    })
    .await
}

/// The financial years budgets are shown and set for, newest first: the
/// next one, this one (by the server's clock) and the two before, as
/// ("2026", "2026/27").
#[server(endpoint = "funding/years")]
pub async fn funding_years() -> Result<Vec<(String, String)>, AppError> {
    use super::guard;
    use crate::domain::financial_year::FinancialYear;
    guard::read_once("funding_years".to_string(), async move {
        guard::require_user()?;
        let now = FinancialYear::containing(chrono::Utc::now().date_naive());
        Ok((now.0 - 2..=now.0 + 1)
            .rev()
            .map(|y| (y.to_string(), FinancialYear(y).to_string()))
            .collect())
    })
    .await
}

/// A new request, saved as a draft.
#[server(endpoint = "funding/requests/create")]
pub async fn request_funding(input: FundingRequestInput) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::funding;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        let id = funding::create(&state.db, &user, &input).await?;
        leptos_axum::redirect(&format!("/funding/{id}"));
        Ok(id)
    })
    .await
}

/// Changes a draft or returned request (its owner only).
#[server(endpoint = "funding/requests/update")]
pub async fn update_funding_request(
    id: i32,
    lock_version: i32,
    input: FundingRequestInput,
) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::funding;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        funding::update(&state.db, &user, id, lock_version, &input).await?;
        leptos_axum::redirect(&format!("/funding/{id}"));
        Ok(())
    })
    .await
}

#[server(endpoint = "funding/requests/get")]
pub async fn funding_request(id: i32) -> Result<FundingRequestDetail, AppError> {
    use super::guard;
    use crate::server::services::funding_views;
    guard::read_once(format!("funding_request {:?}", (&id,)), async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        Ok(funding_views::detail(&state.db, &user, id).await?)
    })
    .await
}

/// Submitted requests awaiting the signed-in approver: their direct
/// reports', and for a head of service those of people in their
/// department who have no line manager.
#[server(endpoint = "funding/requests/queue")]
pub async fn funding_queue() -> Result<Vec<FundingRequestRow>, AppError> {
    use super::guard;
    use crate::server::services::funding_views;
    guard::read_once("funding_queue".to_string(), async move {
        let user = guard::require_any(&[Role::Manager, Role::HeadOfService])?;
        let state = guard::state()?;
        Ok(funding_views::queue(&state.db, &user).await?)
    })
    .await
}

#[server(endpoint = "funding/sources")]
pub async fn funding_sources() -> Result<Vec<FundingSourceView>, AppError> {
    use super::guard;
    use crate::server::services::funding_views;
    guard::read_once("funding_sources".to_string(), async move {
        guard::require_user()?;
        let state = guard::state()?;
        Ok(funding_views::sources(&state.db).await?)
    })
    .await
}

/// A source's eligibility rules (administrators).
#[server(endpoint = "funding/sources/set")]
pub async fn set_funding_source(
    source: String,
    #[server(default)] excludes_backfill: Option<String>,
    #[server(default)] excluded_staff_groups: String,
) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::funding_views;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(funding_views::set_source(
            &state.db,
            &user,
            &source,
            excludes_backfill.is_some(),
            &excluded_staff_groups,
        )
        .await?)
    })
    .await
}

/// Records a completed funded activity as a CPD activity in one step, then
/// opens it to add the reflection.
#[server(endpoint = "funding/requests/record-cpd")]
pub async fn record_funded_cpd(
    id: i32,
    hours: String,
    category_id: String,
) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::funding_views;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        let activity =
            funding_views::record_cpd(&state.db, &user, id, &hours, &category_id).await?;
        leptos_axum::redirect(&format!("/cpd/{activity}/edit"));
        Ok(activity)
    })
    .await
}

#[server(endpoint = "funding/requests/mine")]
pub async fn my_funding_requests() -> Result<Vec<FundingRequestRow>, AppError> {
    use super::guard;
    use crate::server::services::funding;
    guard::read_once("my_funding_requests".to_string(), async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        Ok(funding::mine(&state.db, &user).await?)
    })
    .await
}

/// A workflow step: submit, approve, decline, return, complete or cancel.
/// Declining and returning need a comment; completing needs the actual
/// cost; an approval that would take the budget below zero needs
/// `override_reason`.
#[server(endpoint = "funding/requests/act")]
pub async fn act_on_funding_request(
    id: i32,
    lock_version: i32,
    action: String,
    #[server(default)] comment: String,
    #[server(default)] override_reason: String,
    #[server(default)] actual: String,
) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::funding::{self, Step};
    guard::respond(async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        let step = Step {
            action,
            comment,
            override_reason,
            actual,
        };
        Ok(funding::act(&state.db, &user, id, lock_version, &step).await?)
    })
    .await
}
