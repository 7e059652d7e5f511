//! A person's professional registrations and certificates.

use super::AppError;
use crate::domain::registrations::Rag;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationRow {
    pub id: i32,
    pub body: String,
    pub body_label: String,
    pub number: Option<String>,
    /// ISO dates.
    pub registered_on: Option<String>,
    pub expires_on: String,
    pub modalities: Vec<String>,
    pub rag: Rag,
    /// Days from today to expiry (negative once expired).
    pub days_left: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegistrationInput {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub registered_on: String,
    #[serde(default)]
    pub expires_on: String,
    /// One ticked checkbox per modality: `modalities[<i>]=<name>`.
    #[serde(default)]
    pub modalities: BTreeMap<String, String>,
}

#[server(endpoint = "registrations/mine")]
pub async fn my_registrations() -> Result<Vec<RegistrationRow>, AppError> {
    use super::guard;
    use crate::server::services::registrations;
    guard::read_once("my_registrations".to_string(), async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        Ok(registrations::list(&state.db, user.person_id).await?)
    })
    .await
}

#[server(endpoint = "registrations/get")]
pub async fn get_registration(id: i32) -> Result<RegistrationInput, AppError> {
    use super::guard;
    use crate::server::services::registrations;
    guard::read_once(format!("get_registration {:?}", (&id,)), async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        Ok(registrations::get_own(&state.db, user.person_id, id).await?)
    })
    .await
}

#[server(endpoint = "registrations/create")]
pub async fn create_registration(input: RegistrationInput) -> Result<i32, AppError> {
    use super::guard;
    use crate::server::services::registrations;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        let id = registrations::create(&state.db, &user, &input).await?;
        leptos_axum::redirect("/registrations");
        Ok(id)
    })
    .await
}

#[server(endpoint = "registrations/update")]
pub async fn update_registration(id: i32, input: RegistrationInput) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::registrations;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        registrations::update(&state.db, &user, id, &input).await?;
        leptos_axum::redirect("/registrations");
        Ok(())
    })
    .await
}

#[server(endpoint = "registrations/delete")]
pub async fn delete_registration(id: i32) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::registrations;
    guard::respond(async move {
        let user = guard::require_any(&[Role::Staff])?;
        let state = guard::state()?;
        registrations::delete(&state.db, &user, id).await?;
        leptos_axum::redirect("/registrations");
        Ok(())
    })
    .await
}
