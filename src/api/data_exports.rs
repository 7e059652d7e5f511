//! Raw-data exports (streamed CSV at `/exports/<name>.csv`, served by
//! `server::routes::exports`): the catalogue the page and the files share,
//! and what scope the viewer's downloads cover. Line managers get their
//! direct reports, heads of service their department, HR and administrators
//! everyone; leavers are included. Reflections, purposes, justifications
//! and decision comments are never exported.

use super::AppError;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One download: its file name stem (also its path), what the page calls
/// it, and its columns (the CSV's header row, in order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawExportInfo {
    pub slug: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub columns: &'static [&'static str],
}

impl RawExportInfo {
    /// `/exports/cpd-activities.csv`.
    pub fn href(&self) -> String {
        format!("/exports/{}.csv", self.slug)
    }
}

pub const PEOPLE: RawExportInfo = RawExportInfo {
    slug: "people",
    title: "People",
    summary: "One row per staff record, leavers included.",
    columns: &[
        "person_id",
        "staff_id",
        "name",
        "email",
        "staff_group",
        "job_role",
        "band",
        "department",
        "team",
        "contracted_hours",
        "fte",
        "start_date",
        "end_date",
        "leaving_reason",
        "line_manager_staff_id",
    ],
};

pub const CPD_ACTIVITIES: RawExportInfo = RawExportInfo {
    slug: "cpd-activities",
    title: "CPD activities",
    summary: "One row per CPD activity. Never the learning objective, the reflection or evidence files.",
    columns: &[
        "activity_id",
        "person_id",
        "staff_id",
        "name",
        "start_date",
        "end_date",
        "title",
        "activity_type",
        "hours",
        "provider",
        "in_protected_time",
        "linked_to_pdp_objective",
        "recorded_on",
    ],
};

pub const PLT_SESSIONS: RawExportInfo = RawExportInfo {
    slug: "plt-sessions",
    title: "Protected learning time",
    summary: "One row per protected-learning-time request. Never its purpose or the decision comment.",
    columns: &[
        "session_id",
        "person_id",
        "staff_id",
        "name",
        "session_date",
        "hours",
        "status",
        "requested_on",
        "decided_on",
    ],
};

pub const FUNDING_REQUESTS: RawExportInfo = RawExportInfo {
    slug: "funding-requests",
    title: "Funding requests",
    summary: "One row per funding request, amounts in pounds. Never the justification, decision comments or budget override reasons.",
    columns: &[
        "request_id",
        "person_id",
        "staff_id",
        "name",
        "activity",
        "provider",
        "start_date",
        "end_date",
        "fee",
        "travel",
        "subsistence",
        "backfill",
        "estimated_total",
        "actual_cost",
        "source",
        "status",
        "created_on",
        "decided_on",
    ],
};

pub const JOB_PLANS: RawExportInfo = RawExportInfo {
    slug: "job-plans",
    title: "Job plan status",
    summary: "One row per job plan version: its workflow dates, review due date and whether it is the person's current signed-off plan. Never the timetable or comments.",
    columns: &[
        "plan_id",
        "person_id",
        "staff_id",
        "name",
        "plan_year",
        "version",
        "status",
        "contract",
        "submitted_on",
        "agreed_on",
        "signed_off_on",
        "review_due",
        "current",
    ],
};

/// Every raw-data export, in the order the page lists them.
pub const RAW_EXPORTS: [RawExportInfo; 5] = [
    PEOPLE,
    CPD_ACTIVITIES,
    PLT_SESSIONS,
    FUNDING_REQUESTS,
    JOB_PLANS,
];

/// Whose records the viewer's exports cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportScopeView {
    /// "everyone", "your department (Radiotherapy Physics)" or "your
    /// direct reports".
    pub scope: String,
}

/// The scope of the signed-in viewer's exports: managers, heads of
/// service, HR and administrators; staff members are refused.
#[server(endpoint = "exports/scope")]
pub async fn export_scope() -> Result<ExportScopeView, AppError> {
    use super::guard;
    use crate::server::services::raw_exports;
    guard::read_once("export_scope".to_string(), async move {
        let user =
            guard::require_any(&[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin])?;
        let state = guard::state()?;
        Ok(ExportScopeView {
            scope: raw_exports::scope_description(&state.db, &user).await?,
        })
    })
    .await
}
