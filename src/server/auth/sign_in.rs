//! The sign-in flow. Every path that fails costs the same: one account
//! lookup, one Argon2 verification (against a dummy hash when there is no
//! such account) and the failure count, so neither the answer nor its timing
//! tells whether an email has an account.

use super::throttle::{self, Scope};
use super::{now_unix, sessions};
use crate::domain::email::Email;
use crate::server::db::entities::{person, user};
use crate::server::services::ServiceError;
use crate::server::state::AppState;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub struct SignedIn {
    pub user_id: i32,
    pub token: String,
}

pub async fn sign_in(
    state: &AppState,
    raw_email: &str,
    password: String,
    client_address: &str,
    previous_session_hash: Option<&str>,
) -> Result<SignedIn, ServiceError> {
    let email = Email::parse(raw_email).map_err(|m| ServiceError::invalid("email", m))?;
    if password.is_empty() {
        return Err(ServiceError::invalid("password", "Enter your password"));
    }
    let db = &state.db;
    let now = now_unix();
    let keys = [
        (Scope::Account, email.as_str()),
        (Scope::Address, client_address),
    ];
    if let Some(until) = throttle::locked_until(db, &keys, now).await? {
        return Err(ServiceError::Throttled {
            minutes: ((until - now) + 59) / 60,
        });
    }
    let account = find_active_account(state, &email).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    if !state.passwords.verify(password, hash).await {
        for (scope, key) in keys {
            throttle::record_failure(db, scope, key, now).await?;
        }
        return Err(ServiceError::BadCredentials);
    }
    let Some(account) = account else {
        return Err(ServiceError::BadCredentials);
    };
    let txn = crate::server::db::begin_write(db).await?;
    throttle::clear(&txn, Scope::Account, email.as_str()).await?;
    if let Some(old) = previous_session_hash {
        sessions::destroy(&txn, old).await?;
    }
    let token = sessions::create(&txn, &state.config, account.id).await?;
    txn.commit().await?;
    Ok(SignedIn {
        user_id: account.id,
        token,
    })
}

async fn find_active_account(
    state: &AppState,
    email: &Email,
) -> Result<Option<user::Model>, ServiceError> {
    let Some(person) = person::Entity::find()
        .filter(person::Column::Email.eq(email.as_str()))
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    Ok(user::Entity::find()
        .filter(user::Column::PersonId.eq(person.id))
        .filter(user::Column::Active.eq(true))
        .one(&state.db)
        .await?)
}
