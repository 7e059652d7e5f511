//! Protected learning time: a person's allowance and sessions, requests and
//! cancellations, the approver's queue and decisions, and allowance
//! adjustments by a manager.

use super::AppError;
use crate::domain::plt::SessionState;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PltSessionRow {
    pub id: i32,
    /// ISO date.
    pub date: String,
    pub hours: String,
    /// None when the viewer sees counts only.
    pub purpose: Option<String>,
    pub objective: Option<String>,
    pub state: SessionState,
    pub decision_comment: Option<String>,
    pub decided_by: Option<String>,
    pub can_cancel: bool,
}

/// One person's year of protected learning time. Hours as display text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PltOverview {
    pub person_id: i32,
    pub person_name: String,
    /// "2026/27" and the year's first calendar year.
    pub year_label: String,
    pub year: i32,
    pub allowance: String,
    /// The pro-rated staff-group default, shown beside an adjustment.
    pub default_allowance: String,
    pub adjustment_reason: Option<String>,
    pub requested: String,
    pub approved: String,
    pub taken: String,
    pub remaining: String,
    pub bookable: String,
    /// Taken and approved as a share of the allowance, 0-100.
    pub percent_used: u8,
    pub sessions: Vec<PltSessionRow>,
    /// The viewer may adjust the allowance (a reviewer, not the person).
    pub can_adjust: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PltRequestInput {
    #[serde(default)]
    pub session_date: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub pdp_objective_id: String,
}

/// A request awaiting the signed-in approver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PltQueueRow {
    pub id: i32,
    pub person_id: i32,
    pub person_name: String,
    pub date: String,
    pub hours: String,
    pub purpose: String,
    pub objective: Option<String>,
    pub requested_on: String,
    /// What the person has left to book in that year, before this request.
    pub remaining: String,
}

/// The signed-in staff member's year (default: the current financial year).
#[server(endpoint = "plt/mine")]
pub async fn my_plt(#[server(default)] year: String) -> Result<PltOverview, AppError> {
    use super::guard;
    use crate::server::services::plt;
    guard::read_once(format!("my_plt {:?}", (&year,)), async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        Ok(plt::overview(&state.db, &user, user.person_id, &year).await?)
    })
    .await
}

/// Another person's year, for their line manager or head of service (and
/// in hours only for HR and administrators).
#[server(endpoint = "plt/person")]
pub async fn person_plt(
    person_id: i32,
    #[server(default)] year: String,
) -> Result<PltOverview, AppError> {
    use super::guard;
    use crate::server::services::plt;
    guard::read_once(
        format!("person_plt {:?}", (&person_id, &year)),
        async move {
            let user = guard::require_user()?;
            let state = guard::state()?;
            Ok(plt::overview(&state.db, &user, person_id, &year).await?)
        },
    )
    .await
}

#[server(endpoint = "plt/request")]
pub async fn request_plt(input: PltRequestInput) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::plt;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        let id = plt::request(&state.db, &user, &input).await?;
        leptos_axum::redirect("/plt");
        Ok(id)
    })
    .await
}

#[server(endpoint = "plt/cancel")]
pub async fn cancel_plt(id: i32) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::plt;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        plt::cancel(&state.db, &user, id).await?;
        leptos_axum::redirect("/plt");
        Ok(())
    })
    .await
}

#[server(endpoint = "plt/queue")]
pub async fn plt_queue() -> Result<Vec<PltQueueRow>, AppError> {
    use super::guard;
    use crate::server::services::plt;
    guard::read_once("plt_queue".to_string(), async move {
        let user = guard::require_any(&[Role::Manager, Role::HeadOfService])?;
        let state = guard::state()?;
        Ok(plt::queue(&state.db, &user).await?)
    })
    .await
}

/// Approves or declines a request. `decision` is "approve" or "decline".
#[server(endpoint = "plt/decide")]
pub async fn decide_plt(
    id: i32,
    decision: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::plt;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Manager, Role::HeadOfService])?;
        let state = guard::state()?;
        plt::decide(&state.db, &user, id, &decision, &comment).await?;
        leptos_axum::redirect("/approvals");
        Ok(())
    })
    .await
}

#[server(endpoint = "plt/allowance")]
pub async fn set_plt_allowance(
    person_id: i32,
    year: String,
    hours: String,
    reason: String,
) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::plt;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Manager, Role::HeadOfService])?;
        let state = guard::state()?;
        plt::set_allowance(&state.db, &user, person_id, &year, &hours, &reason).await?;
        Ok(())
    })
    .await
}
