//! Job plans: a person's plans and versions, the editor's save, the
//! workflow steps (submit, withdraw, agree, sign off, return, reopen), new
//! versions and next year's copy, comparing versions, the team view with its
//! approvals queue, and the category names.

use super::AppError;
use crate::domain::job_plans::diff::Change;
use crate::domain::job_plans::form::PlanForm;
use crate::domain::job_plans::status::PlanStatus;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// One step of a version's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanEvent {
    pub label: String,
    pub by: String,
    /// "26 Nov 2026 10:02".
    pub at: String,
    pub comment: Option<String>,
}

/// A version of a plan, as listed beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: i32,
    pub year_label: String,
    pub version: i32,
    pub status: PlanStatus,
    /// ISO dates.
    pub signed_off_on: Option<String>,
    pub review_due: Option<String>,
}

/// What the viewer may do with the plan now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanPermissions {
    pub edit: bool,
    pub submit: bool,
    pub withdraw: bool,
    pub agree: bool,
    pub sign_off: bool,
    pub return_to_draft: bool,
    pub reopen: bool,
    pub new_version: bool,
    pub next_year: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobPlanView {
    pub id: i32,
    pub person_id: i32,
    pub person_name: String,
    pub job_role: String,
    pub year: i32,
    pub year_label: String,
    pub version: i32,
    pub status: PlanStatus,
    /// The value a change or action must name (optimistic concurrency).
    pub lock_version: i32,
    /// The plan itself; None for HR and administrators, who see status
    /// and dates only.
    pub form: Option<PlanForm>,
    pub submitted_on: Option<String>,
    pub agreed_by: Option<String>,
    pub agreed_on: Option<String>,
    pub signed_off_by: Option<String>,
    pub signed_off_on: Option<String>,
    pub review_due: Option<String>,
    /// Signed off within the last 12 months.
    pub is_current: bool,
    pub events: Vec<PlanEvent>,
    /// Every version of the same plan year, newest first.
    pub versions: Vec<PlanSummary>,
    /// The categories' names, in `Category::ALL` order.
    pub labels: [String; 4],
    pub can: PlanPermissions,
}

/// The signed-in person's plans: the latest shown in full, every version
/// listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyPlansView {
    pub current_year_label: String,
    pub latest: Option<JobPlanView>,
    pub plans: Vec<PlanSummary>,
    /// No plan yet for the current plan year.
    pub can_start: bool,
}

/// One person in the team view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamPlanRow {
    pub person_id: i32,
    pub person_name: String,
    pub team: Option<String>,
    /// The latest version, if any.
    pub plan_id: Option<i32>,
    pub year_label: Option<String>,
    pub version: Option<i32>,
    pub status: Option<PlanStatus>,
    /// The last sign-off of any version.
    pub signed_off_on: Option<String>,
    pub review_due: Option<String>,
    pub is_current: bool,
}

/// A plan awaiting the signed-in approver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanQueueRow {
    pub plan_id: i32,
    pub person_name: String,
    pub year_label: String,
    pub version: i32,
    pub status: PlanStatus,
    /// "Agree" or "Sign off".
    pub awaiting: String,
    pub since: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamPlansView {
    pub rows: Vec<TeamPlanRow>,
    /// People in the view (after the team filter) and those with a current
    /// signed-off plan.
    pub staff: usize,
    pub current: usize,
    pub percent: u8,
    pub meets_expectation: bool,
    pub teams: Vec<(i32, String)>,
    pub queue: Vec<PlanQueueRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanComparison {
    pub person_name: String,
    pub from: PlanSummary,
    pub to: PlanSummary,
    pub changes: Vec<Change>,
}

#[server(endpoint = "job-plans/mine")]
pub async fn my_job_plans() -> Result<MyPlansView, AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::read_once("my_job_plans".to_string(), async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        Ok(job_plans::mine(&state.db, &user).await?)
    })
    .await
}

/// One version, as far as the viewer may see it.
#[server(endpoint = "job-plans/get")]
pub async fn job_plan(id: i32) -> Result<JobPlanView, AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::read_once(format!("job_plan {:?}", (&id,)), async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        Ok(job_plans::view(&state.db, &user, id).await?)
    })
    .await
}

/// Starts the signed-in person's plan for a year (default: the current
/// plan year) and opens it in the editor.
#[server(endpoint = "job-plans/start")]
pub async fn start_job_plan(#[server(default)] year: String) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        let id = job_plans::start(&state.db, &user, &year).await?;
        leptos_axum::redirect(&format!("/job-plans/{id}/edit"));
        Ok(id)
    })
    .await
}

/// Saves a draft's content; answers the new lock version.
#[server(endpoint = "job-plans/save", input = Json)]
pub async fn save_job_plan(id: i32, lock_version: i32, form: PlanForm) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        Ok(job_plans::save(&state.db, &user, id, lock_version, &form).await?)
    })
    .await
}

/// A workflow step: `action` is submit, withdraw, agree, sign_off, return
/// or reopen (return and reopen need a comment). Answers the plan to show
/// next (reopening starts a new draft version).
#[server(endpoint = "job-plans/act")]
pub async fn act_on_job_plan(
    id: i32,
    lock_version: i32,
    action: String,
    #[server(default)] comment: String,
) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::respond(async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        let next = job_plans::act(&state.db, &user, id, lock_version, &action, &comment).await?;
        leptos_axum::redirect(&format!("/job-plans/{next}"));
        Ok(next)
    })
    .await
}

/// Starts a new draft version of a signed-off plan.
#[server(endpoint = "job-plans/new-version")]
pub async fn new_job_plan_version(id: i32) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        let next = job_plans::new_version(&state.db, &user, id).await?;
        leptos_axum::redirect(&format!("/job-plans/{next}/edit"));
        Ok(next)
    })
    .await
}

/// Copies a plan forward to the next plan year as a draft.
#[server(endpoint = "job-plans/next-year")]
pub async fn next_year_job_plan(id: i32) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        let next = job_plans::next_year(&state.db, &user, id).await?;
        leptos_axum::redirect(&format!("/job-plans/{next}/edit"));
        Ok(next)
    })
    .await
}

#[server(endpoint = "job-plans/compare")]
pub async fn compare_job_plans(from: i32, to: i32) -> Result<PlanComparison, AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::respond(async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        Ok(job_plans::compare(&state.db, &user, from, to).await?)
    })
    .await
}

/// The team view: `team` is a team id or empty; `status` one of none,
/// draft, submitted, agreed, signed_off, reopened, current, not_current, or
/// empty for everyone.
#[server(endpoint = "job-plans/team")]
pub async fn team_job_plans(
    #[server(default)] team: String,
    #[server(default)] status: String,
) -> Result<TeamPlansView, AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::read_once(
        format!("team_job_plans {:?}", (&team, &status)),
        async move {
            let user =
                guard::require_any(&[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin])?;
            let state = guard::state()?;
            Ok(job_plans::team(&state.db, &user, &team, &status).await?)
        },
    )
    .await
}

/// The plans awaiting the signed-in approver.
#[server(endpoint = "job-plans/queue")]
pub async fn job_plan_queue() -> Result<Vec<PlanQueueRow>, AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::read_once("job_plan_queue".to_string(), async move {
        let user = guard::require_any(&[Role::Manager, Role::HeadOfService])?;
        let state = guard::state()?;
        Ok(job_plans::queue(&state.db, &user).await?)
    })
    .await
}

/// The categories' names, in `Category::ALL` order.
#[server(endpoint = "job-plans/categories")]
pub async fn job_plan_categories() -> Result<[String; 4], AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::read_once("job_plan_categories".to_string(), async move {
        guard::require_user()?;
        let state = guard::state()?;
        Ok(job_plans::labels(&state.db).await?)
    })
    .await
}

/// Renames a category (an empty name restores the national one).
#[server(endpoint = "job-plans/categories/rename")]
pub async fn rename_job_plan_category(category: String, label: String) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::job_plans;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(job_plans::rename_category(&state.db, &user, &category, &label).await?)
    })
    .await
}
