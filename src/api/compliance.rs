//! The compliance dashboard: one row per person in the viewer's scope
//! (a line manager's team, a head of service's department, everyone for HR
//! and administrators) with CPD, protected learning time, job plan,
//! registrations and what is pending, and the summary above it.

use super::AppError;
use crate::domain::job_plans::status::PlanStatus;
use crate::domain::registrations::Rag;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplianceRow {
    pub person_id: i32,
    pub name: String,
    pub department: Option<String>,
    pub team: Option<String>,
    pub cpd_done: String,
    pub cpd_target: String,
    /// Done as a share of the year's target, 0-100.
    pub cpd_percent: u8,
    /// At least what the point reached in the year calls for.
    pub cpd_on_track: bool,
    pub types_used: Vec<String>,
    pub min_types: u32,
    pub plt_taken: String,
    pub plt_booked: String,
    pub plt_allowance: String,
    pub plt_percent: u8,
    pub plan_id: Option<i32>,
    pub plan_status: Option<PlanStatus>,
    pub plan_current: bool,
    pub review_due: Option<String>,
    /// The worst status among their registrations and certificates.
    pub registrations_rag: Option<Rag>,
    pub registrations: u32,
    /// The soonest expiry among them.
    pub next_expiry: Option<String>,
    /// Their requests and plans awaiting a decision.
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplianceSummary {
    pub people: u32,
    pub plans_current: u32,
    pub plans_percent: u8,
    /// At least 90% have a current signed-off plan.
    pub plans_meet_expectation: bool,
    pub cpd_on_track: u32,
    pub registrations_red: u32,
    pub registrations_amber: u32,
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplianceView {
    /// "Your team", "Radiotherapy Physics", "Everyone".
    pub scope: String,
    pub year_label: String,
    pub summary: ComplianceSummary,
    /// This page's rows, sorted.
    pub rows: Vec<ComplianceRow>,
    pub page: u32,
    pub pages: u32,
    pub sort: String,
    pub descending: bool,
    /// Filter choices (id, name): departments for HR and administrators,
    /// teams for them and heads of service.
    pub departments: Vec<(i32, String)>,
    pub teams: Vec<(i32, String)>,
}

/// The dashboard. `department` and `team` filter (ids, empty for all);
/// `sort` is a column (name, department, cpd, plt, job_plan,
/// registrations, pending) and `order` "desc" to reverse it; `page` from 1.
#[server(endpoint = "compliance/dashboard")]
pub async fn compliance_dashboard(
    #[server(default)] department: String,
    #[server(default)] team: String,
    #[server(default)] sort: String,
    #[server(default)] order: String,
    #[server(default)] page: String,
) -> Result<ComplianceView, AppError> {
    use super::guard;
    use crate::server::services::compliance::{self, Query};
    guard::read_once(
        format!(
            "compliance_dashboard {:?}",
            (&department, &team, &sort, &order, &page)
        ),
        async move {
            let user =
                guard::require_any(&[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin])?;
            let state = guard::state()?;
            let query = Query::parse(&department, &team, &sort, &order, &page)?;
            Ok(compliance::dashboard(&state.db, &user, &query).await?)
        },
    )
    .await
}
