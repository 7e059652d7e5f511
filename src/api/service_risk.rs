//! Service risk (MPE / RPA cover): administrators set each department's
//! cover requirements and extend the list of MPE modalities; heads of
//! service see their own department's cover, HR and administrators any
//! department's. Line managers are refused: the view is service-wide.

use super::AppError;
use crate::domain::registrations::Rag;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use crate::domain::service_risk::CoverKind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A department the viewer may choose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentOption {
    pub id: i32,
    pub name: String,
}

/// One person in post holding a certificate that meets a requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HolderRow {
    pub person_id: i32,
    pub name: String,
    /// ISO date: the certificate's last valid day.
    pub expires_on: String,
    /// Days from today to the expiry (negative once expired).
    pub days_left: i64,
    /// ISO date: their last day employed, when they are leaving.
    pub leaves_on: Option<String>,
    /// Their own status, by the day their cover ends.
    pub rag: Rag,
    pub status: String,
}

/// A requirement with its status today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverRow {
    pub id: i32,
    pub kind: CoverKind,
    /// Empty for RPA cover.
    pub modality: String,
    /// "Medical Physics Expert: Radiotherapy".
    pub label: String,
    pub minimum: u32,
    /// People covering today.
    pub current: u32,
    /// People still covering after the 90-day window.
    pub after_window: u32,
    pub status: Rag,
    /// "Red: below minimum now", ...
    pub status_label: String,
    /// Everyone in post with a matching certificate (expired ones too),
    /// the soonest to stop covering first.
    pub holders: Vec<HolderRow>,
}

/// A department's cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRiskView {
    pub department_id: i32,
    pub department: String,
    /// The departments to choose between (HR and administrators); empty
    /// for a head of service, who sees only their own.
    pub departments: Vec<DepartmentOption>,
    /// ISO date the statuses are worked out for.
    pub today: String,
    pub requirements: Vec<CoverRow>,
}

/// A department's cover: a head of service their own department (asking
/// for another is refused); HR and administrators any, by default their
/// own or else the first by name.
#[server(endpoint = "service-risk/view")]
pub async fn service_risk(
    #[server(default)] department_id: Option<i32>,
) -> Result<ServiceRiskView, AppError> {
    use super::guard;
    use crate::server::services::service_risk;
    guard::read_once(
        format!("service_risk {:?}", (&department_id,)),
        async move {
            let user = guard::require_any(&[Role::HeadOfService, Role::Hr, Role::Admin])?;
            let state = guard::state()?;
            Ok(service_risk::view(&state.db, &user, department_id).await?)
        },
    )
    .await
}

/// Sets (adds or changes) a department's requirement: `kind` is `mpe`
/// (with a `modality` from the list) or `rpa` (no modality).
#[server(endpoint = "service-risk/requirements/set")]
pub async fn set_cover_requirement(
    department_id: i32,
    #[server(default)] kind: String,
    #[server(default)] modality: String,
    #[server(default)] minimum: String,
) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::service_risk::{self, RequirementInput};
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        let input = RequirementInput {
            department_id,
            kind: &kind,
            modality: &modality,
            minimum: &minimum,
        };
        Ok(service_risk::set_requirement(&state.db, &admin, &input).await?)
    })
    .await
}

#[server(endpoint = "service-risk/requirements/delete")]
pub async fn delete_cover_requirement(id: i32) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::service_risk;
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(service_risk::delete_requirement(&state.db, &admin, id).await?)
    })
    .await
}

/// The MPE modalities, in order: anyone signed in (the registration form
/// offers them).
#[server(endpoint = "service-risk/modalities")]
pub async fn mpe_modalities() -> Result<Vec<String>, AppError> {
    use super::guard;
    use crate::server::services::service_risk;
    guard::read_once("mpe_modalities".to_string(), async move {
        guard::require_user()?;
        let state = guard::state()?;
        Ok(service_risk::modalities(&state.db).await?)
    })
    .await
}

#[server(endpoint = "service-risk/modalities/add")]
pub async fn add_mpe_modality(#[server(default)] name: String) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::service_risk;
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        Ok(service_risk::add_modality(&state.db, &admin, &name).await?)
    })
    .await
}
