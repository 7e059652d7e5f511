//! Administrators give people sign-in accounts, set their roles, and
//! suspend or restore them.

use super::AppError;
use super::auth::RoleChoices;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;

#[server(endpoint = "accounts/create")]
pub async fn create_account(
    person_id: i32,
    password: String,
    #[server(default)] roles: RoleChoices,
) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::accounts;
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        accounts::create(&state, &admin, person_id, password, &roles.roles()).await?;
        Ok(())
    })
    .await
}

#[server(endpoint = "accounts/roles")]
pub async fn set_roles(
    user_id: i32,
    #[server(default)] roles: RoleChoices,
) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::accounts;
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        accounts::set_roles(&state.db, &admin, user_id, &roles.roles()).await?;
        Ok(())
    })
    .await
}

#[server(endpoint = "accounts/active")]
pub async fn set_account_active(user_id: i32, active: bool) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::accounts;
    guard::respond(async move {
        let admin = guard::require_any(&[Role::Admin])?;
        let state = guard::state()?;
        accounts::set_active(&state.db, &admin, user_id, active).await?;
        Ok(())
    })
    .await
}
