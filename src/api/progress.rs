//! This year's CPD against target, protected learning time and
//! registrations at a glance: the staff home page, and the same figures
//! (hours and counts only) for a person's reviewers and HR.

use super::AppError;
use super::registrations::RegistrationRow;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CpdProgress {
    /// "2026/27".
    pub year_label: String,
    pub target_hours: String,
    pub done_hours: String,
    pub left_hours: String,
    /// Done as a share of the target, 0-100.
    pub percent: u8,
    pub activities: u32,
    /// Names of the activity types used this year.
    pub types_used: Vec<String>,
    /// Fewest types the record should show (2; 3 for Science Council).
    pub min_types: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PltProgress {
    pub allowance: String,
    pub requested: String,
    pub approved: String,
    pub taken: String,
    pub remaining: String,
    pub percent: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub person_id: i32,
    pub person_name: String,
    /// The viewer may open the full record (owner or reviewer), not only
    /// these figures.
    pub full_access: bool,
    pub cpd: CpdProgress,
    pub plt: PltProgress,
    pub registrations: Vec<RegistrationRow>,
}

#[server(endpoint = "progress/mine")]
pub async fn my_progress() -> Result<Progress, AppError> {
    use super::guard;
    use crate::server::services::own_records;
    guard::read_once("my_progress".to_string(), async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        let kept = own_records::progress(&state.db, &state.caches, &user).await?;
        Ok(Progress::clone(&kept))
    })
    .await
}

#[server(endpoint = "progress/person")]
pub async fn person_progress(person_id: i32) -> Result<Progress, AppError> {
    use super::guard;
    use crate::server::services::progress;
    guard::read_once(format!("person_progress {:?}", (&person_id,)), async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        Ok(progress::for_person(&state.db, &user, person_id).await?)
    })
    .await
}
