//! The audit-ready CPD profile: the saved draft, saving it, and what the
//! print page shows.

use super::AppError;
use super::cpd::CpdActivityRow;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A chosen activity as the personal statement refers to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChosenActivity {
    pub row: CpdActivityRow,
    pub learning_objective: Option<String>,
    pub what_i_learnt: Option<String>,
    pub change_to_practice: Option<String>,
    pub benefit_to_service_users: Option<String>,
    pub follow_up: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceLine {
    pub activity_date: String,
    pub activity_title: String,
    pub file_name: String,
    pub size: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CpdProfile {
    pub person_name: String,
    pub job_role: String,
    /// e.g. "HCPC registration CS12345".
    pub registrations: Vec<String>,
    /// ISO dates.
    pub period_from: String,
    pub period_to: String,
    pub practice_summary: String,
    pub personal_statement: String,
    pub summary_words: usize,
    pub statement_words: usize,
    /// Every activity in the period, newest first.
    pub activities: Vec<CpdActivityRow>,
    pub total_hours: String,
    /// Ids of the activities the statement refers to.
    pub chosen: Vec<i32>,
    pub chosen_details: Vec<ChosenActivity>,
    pub evidence: Vec<EvidenceLine>,
    /// When the draft was last saved (None: never saved).
    pub saved_at: Option<String>,
    /// Problems that stop the profile being ready to send (too few chosen
    /// activities, empty sections); a draft may still be saved.
    pub not_ready: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileInput {
    #[serde(default)]
    pub period_from: String,
    #[serde(default)]
    pub period_to: String,
    #[serde(default)]
    pub practice_summary: String,
    #[serde(default)]
    pub personal_statement: String,
    /// One ticked checkbox per chosen activity: `chosen[<id>]=on`.
    #[serde(default)]
    pub chosen: BTreeMap<String, String>,
}

/// The signed-in staff member's profile (their saved draft, or a new one
/// over the default period).
#[server(endpoint = "profile/mine")]
pub async fn my_profile() -> Result<CpdProfile, AppError> {
    use super::guard;
    use crate::server::services::profile;
    guard::read_once("my_profile".to_string(), async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        Ok(profile::load(&state.db, user.person_id).await?)
    })
    .await
}

#[server(endpoint = "profile/save")]
pub async fn save_profile(input: ProfileInput) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::profile;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        Ok(profile::save(&state.db, &user, &input).await?)
    })
    .await
}
