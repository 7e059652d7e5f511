//! Retention statistics (DOMAIN.md definitions) for HR, administrators,
//! heads of service (their department) and line managers (their direct
//! reports): the figures by group, trends, retention against development,
//! and the charts, drawn on the server.

use super::AppError;
use crate::domain::retention::{GroupFigures, Split};
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What was asked for, as the form and the export links repeat it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RetentionQuery {
    /// "financial", "calendar" or "custom".
    pub period: String,
    pub year: String,
    pub from: String,
    pub to: String,
    /// A `Breakdown` key.
    pub by: String,
    /// How many years the trend shows.
    pub years: String,
}

impl RetentionQuery {
    /// The query string of the page and of the exports.
    pub fn to_query_string(&self) -> String {
        let pairs = [
            ("period", &self.period),
            ("year", &self.year),
            ("from", &self.from),
            ("to", &self.to),
            ("by", &self.by),
            ("years", &self.years),
        ];
        pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", url_safe(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Keeps the characters a query value of this form can hold (digits,
/// letters, `-` and `_`), so nothing needs escaping.
fn url_safe(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// One year of the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub label: String,
    pub from: String,
    pub to: String,
    pub figures: GroupFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionReport {
    /// The query as understood, with every default filled in.
    pub query: RetentionQuery,
    /// "Financial year 2025/26", "Calendar year 2025", "1 Jan 2025 to ...".
    pub period_label: String,
    pub from: String,
    pub to: String,
    pub breakdown_label: String,
    /// "Everyone", "Radiotherapy Physics", "Your direct reports".
    pub scope: String,
    pub groups: Vec<GroupFigures>,
    /// The whole scope (transfers between its groups cancel out).
    pub total: GroupFigures,
    pub trend: Vec<TrendPoint>,
    pub development: Vec<Split>,
    /// The median PLT hours of the previous year across those in post at
    /// the start.
    pub plt_median_hours: f64,
    /// Years offered in the form (newest first).
    pub year_choices: Vec<i32>,
    /// Drawn on the server: SVG markup with its own title and description.
    pub trend_chart: String,
    pub groups_chart: String,
}

/// The statistics. Every argument may be empty for its default: the last
/// complete financial year, the whole organisation, 5 years of trend.
#[server(endpoint = "retention/report")]
pub async fn retention_figures(
    #[server(default)] query: RetentionQuery,
) -> Result<RetentionReport, AppError> {
    use super::guard;
    use crate::server::services::retention;
    guard::read_once(format!("retention_figures {:?}", (&query,)), async move {
        let user =
            guard::require_any(&[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin])?;
        let state = guard::state()?;
        let report = retention::report(&state.db, &state.caches.retention, &user, &query).await?;
        Ok(RetentionReport::clone(&report))
    })
    .await
}
