//! Signing in and out, who is signed in, and changing one's password.

use super::AppError;
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the browser knows about the signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserSummary {
    pub user_id: i32,
    pub person_id: i32,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

impl UserSummary {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }
}

#[server(endpoint = "session/current")]
pub async fn current_user() -> Result<Option<UserSummary>, AppError> {
    Ok(super::guard::current_user().map(|u| UserSummary {
        user_id: u.user_id,
        person_id: u.person_id,
        name: u.name,
        email: u.email,
        roles: u.roles,
    }))
}

#[server(endpoint = "session/sign-in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use super::guard;
    use crate::server::auth::{sessions, sign_in};
    guard::respond(async move {
        let state = guard::state()?;
        let previous = guard::current_user().map(|u| u.session_hash);
        let signed_in = sign_in::sign_in(
            &state,
            &email,
            password,
            &guard::client_address(),
            previous.as_deref(),
        )
        .await?;
        set_session_cookie(
            &state.config,
            sessions::cookie_name(&state.config),
            &signed_in.token,
            None,
        );
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

#[server(endpoint = "session/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    use super::guard;
    use crate::server::auth::sessions;
    use crate::server::services::ServiceError;
    guard::respond(async move {
        let state = guard::state()?;
        if let Some(user) = guard::current_user() {
            sessions::destroy(&state.db, &user.session_hash)
                .await
                .map_err(ServiceError::from)?;
        }
        set_session_cookie(
            &state.config,
            sessions::cookie_name(&state.config),
            "",
            Some(0),
        );
        leptos_axum::redirect("/sign-in");
        Ok(())
    })
    .await
}

#[server(endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::accounts;
    guard::respond(async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        accounts::change_password(
            &state,
            &user,
            current_password,
            new_password,
            confirm_password,
        )
        .await?;
        Ok(())
    })
    .await
}

/// Sets (or, with `max_age = Some(0)`, clears) the session cookie: HttpOnly,
/// SameSite=Lax, Path=/, and Secure when served over https. Without a
/// max-age it lasts as long as the browser session; the server enforces
/// idle and absolute expiry either way.
#[cfg(feature = "ssr")]
fn set_session_cookie(
    config: &crate::server::config::Config,
    name: &str,
    value: &str,
    max_age: Option<u32>,
) {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if config.cookie_secure {
        cookie.push_str("; Secure");
    }
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if let (Some(options), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&cookie),
    ) {
        options.append_header(http::header::SET_COOKIE, value);
    }
}

/// Roles as the admin forms send them: one checkbox per role, present when
/// ticked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RoleChoices {
    #[serde(default)]
    pub staff: Option<String>,
    #[serde(default)]
    pub manager: Option<String>,
    #[serde(default)]
    pub head_of_service: Option<String>,
    #[serde(default)]
    pub hr: Option<String>,
    #[serde(default)]
    pub admin: Option<String>,
}

impl RoleChoices {
    pub fn roles(&self) -> Vec<Role> {
        [
            (Role::Staff, &self.staff),
            (Role::Manager, &self.manager),
            (Role::HeadOfService, &self.head_of_service),
            (Role::Hr, &self.hr),
            (Role::Admin, &self.admin),
        ]
        .into_iter()
        .filter(|(_, ticked)| ticked.is_some())
        .map(|(role, _)| role)
        .collect()
    }
}
