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
    use crate::server::services::funding;
    guard::respond(async move {
        let user =
            guard::require_any(&[Role::Admin, Role::Hr, Role::HeadOfService, Role::Manager])?;
        let state = guard::state()?;
        Ok(funding::budgets(&state.db, &user, &year).await?)
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
        Ok(funding::create(&state.db, &user, &input).await?)
    })
    .await
}

#[server(endpoint = "funding/requests/mine")]
pub async fn my_funding_requests() -> Result<Vec<FundingRequestRow>, AppError> {
    use super::guard;
    use crate::server::services::funding;
    guard::respond(async move {
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
