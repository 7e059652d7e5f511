//! Sign-in accounts: creating them, roles, suspension and password changes.
//! Password hashes never reach the audit log.

use super::{Problems, ServiceError};
use crate::domain::{password_policy, roles::Role};
use crate::server::audit::{self, Entry};
use crate::server::auth::{CurrentUser, sessions};
use crate::server::db::entities::{person, user, user_role};
use crate::server::state::AppState;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use serde_json::json;

pub async fn create(
    state: &AppState,
    admin: &CurrentUser,
    person_id: i32,
    password: String,
    roles: &[Role],
) -> Result<i32, ServiceError> {
    let db = &state.db;
    let person = person::Entity::find_by_id(person_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Staff record"))?;
    if user::Entity::find()
        .filter(user::Column::PersonId.eq(person_id))
        .one(db)
        .await?
        .is_some()
    {
        return Err(ServiceError::Conflict(
            "This person already has an account".into(),
        ));
    }
    let mut problems = Problems::default();
    problems.check(
        "password",
        password_policy::check(
            &password,
            &[&person.email, &person.name],
            &state.config.password_blocklist,
        ),
    );
    if roles.is_empty() {
        problems.add("roles", "Select at least one role");
    }
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    let hash = state.passwords.hash(password).await?;
    let txn = crate::server::db::begin_write(db).await?;
    let user_id = insert_account(&txn, Some(admin.user_id), person_id, hash, roles).await?;
    txn.commit().await?;
    Ok(user_id)
}

/// Inserts an account, its roles and the audit entry, inside the caller's
/// transaction. `actor` is `None` for the command line and the demo data,
/// where no one is signed in.
pub async fn insert_account(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    person_id: i32,
    password_hash: String,
    roles: &[Role],
) -> Result<i32, ServiceError> {
    let now = chrono::Utc::now();
    let account = user::ActiveModel {
        person_id: Set(person_id),
        password_hash: Set(password_hash),
        active: Set(true),
        created_at: Set(now),
        password_changed_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    insert_roles(db, account.id, roles).await?;
    audit::record(
        db,
        Entry::new(actor, "account.create", "user", account.id.to_string())
            .after_json(json!({ "person_id": person_id, "active": true, "roles": roles })),
    )
    .await?;
    Ok(account.id)
}

async fn insert_roles(
    db: &impl ConnectionTrait,
    user_id: i32,
    roles: &[Role],
) -> Result<(), ServiceError> {
    if roles.is_empty() {
        return Ok(());
    }
    user_role::Entity::insert_many(roles.iter().map(|role| user_role::ActiveModel {
        user_id: Set(user_id),
        role: Set(role.as_str().to_string()),
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn set_roles(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    user_id: i32,
    roles: &[Role],
) -> Result<(), ServiceError> {
    if roles.is_empty() {
        return Err(ServiceError::invalid("roles", "Select at least one role"));
    }
    if user_id == admin.user_id && !roles.contains(&Role::Admin) {
        return Err(ServiceError::invalid(
            "roles",
            "You cannot remove your own administrator role: ask another administrator",
        ));
    }
    let txn = crate::server::db::begin_write(db).await?;
    user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Account"))?;
    let before = sessions::roles_of(&txn, user_id).await?;
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    insert_roles(&txn, user_id, roles).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(admin.user_id),
            "account.roles",
            "user",
            user_id.to_string(),
        )
        .before_json(json!({ "roles": before }))
        .after_json(json!({ "roles": roles })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Suspends (ending every session) or restores an account.
pub async fn set_active(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    user_id: i32,
    active: bool,
) -> Result<(), ServiceError> {
    if user_id == admin.user_id && !active {
        return Err(ServiceError::invalid(
            "active",
            "You cannot suspend your own account",
        ));
    }
    let txn = crate::server::db::begin_write(db).await?;
    let account = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Account"))?;
    let was_active = account.active;
    let mut row: user::ActiveModel = account.into();
    row.active = Set(active);
    row.update(&txn).await?;
    if !active {
        sessions::destroy_all_for_user(&txn, user_id, None).await?;
    }
    audit::record(
        &txn,
        Entry::new(
            Some(admin.user_id),
            if active {
                "account.restore"
            } else {
                "account.suspend"
            },
            "user",
            user_id.to_string(),
        )
        .before_json(json!({ "active": was_active }))
        .after_json(json!({ "active": active })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Changes the signed-in user's password and ends their other sessions.
pub async fn change_password(
    state: &AppState,
    me: &CurrentUser,
    current: String,
    new: String,
    confirm: String,
) -> Result<(), ServiceError> {
    let mut problems = Problems::default();
    if current.is_empty() {
        problems.add("current_password", "Enter your current password");
    }
    problems.check(
        "new_password",
        password_policy::check(
            &new,
            &[&me.email, &me.name],
            &state.config.password_blocklist,
        ),
    );
    if new != confirm {
        problems.add("confirm_password", "Passwords do not match");
    }
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    let db = &state.db;
    let account = user::Entity::find_by_id(me.user_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Account"))?;
    if !state
        .passwords
        .verify(current, Some(account.password_hash.clone()))
        .await
    {
        return Err(ServiceError::invalid(
            "current_password",
            "Your current password is incorrect",
        ));
    }
    let hash = state.passwords.hash(new).await?;
    let txn = crate::server::db::begin_write(db).await?;
    let mut row: user::ActiveModel = account.into();
    row.password_hash = Set(hash);
    row.password_changed_at = Set(chrono::Utc::now());
    row.update(&txn).await?;
    sessions::destroy_all_for_user(&txn, me.user_id, Some(&me.session_hash)).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(me.user_id),
            "account.password_change",
            "user",
            me.user_id.to_string(),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
