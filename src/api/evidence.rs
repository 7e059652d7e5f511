//! Evidence files of a CPD activity: listing and deleting. Uploads and
//! downloads are plain HTTP routes (`server::routes::evidence`) because
//! they carry file bodies.

use super::AppError;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceFile {
    pub id: i32,
    pub file_name: String,
    /// "1.2 MB".
    pub size: String,
    /// ISO date of upload.
    pub uploaded_on: String,
}

/// The evidence of one activity, for its owner or a reviewer.
#[server(endpoint = "evidence/list")]
pub async fn list_evidence(activity_id: i32) -> Result<Vec<EvidenceFile>, AppError> {
    use super::guard;
    use crate::server::services::evidence;
    guard::read_once(format!("list_evidence {:?}", (&activity_id,)), async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        Ok(evidence::list_for_viewer(&state.db, &user, activity_id).await?)
    })
    .await
}

#[server(endpoint = "evidence/delete")]
pub async fn delete_evidence(id: i32) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::evidence;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        let activity_id = evidence::delete(&state.db, &user, id).await?;
        leptos_axum::redirect(&format!("/cpd/{activity_id}/edit#evidence"));
        Ok(())
    })
    .await
}
