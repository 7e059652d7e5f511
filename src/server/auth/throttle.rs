//! Sign-in throttling, stored in the database so it survives restarts and
//! counts across every instance. Failures are counted per account name
//! (whether or not the account exists, so a lock reveals nothing) and per
//! client address, each in a fixed window; reaching the limit locks that key.

use crate::server::db::entities::login_throttle::{self, Column, Entity};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Account,
    Address,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Address => "address",
        }
    }

    /// Failures allowed in one window before the key is locked.
    pub fn limit(self) -> i32 {
        match self {
            Scope::Account => 5,
            Scope::Address => 50,
        }
    }
}

/// Length of the counting window and of a lock, in seconds.
pub const WINDOW_SECONDS: i64 = 15 * 60;
pub const LOCK_SECONDS: i64 = 15 * 60;

/// When the first of `keys` that is locked stays locked until (Unix seconds).
pub async fn locked_until(
    db: &impl ConnectionTrait,
    keys: &[(Scope, &str)],
    now: i64,
) -> Result<Option<i64>, DbErr> {
    let mut latest: Option<i64> = None;
    for (scope, key) in keys {
        let row = Entity::find_by_id((scope.as_str().to_string(), key.to_string()))
            .one(db)
            .await?;
        if let Some(row) = row.filter(|r| r.locked_until_unix > now) {
            latest = Some(latest.map_or(row.locked_until_unix, |l| {
                Ord::max(l, row.locked_until_unix)
            }));
        }
    }
    Ok(latest)
}

/// Counts one failure for the key, atomically (an upsert, safe under
/// concurrent instances), and locks the key when it reaches the limit.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    scope: Scope,
    key: &str,
    now: i64,
) -> Result<(), DbErr> {
    let window_expired = Expr::col((Entity, Column::WindowStartedAtUnix)).lt(now - WINDOW_SECONDS);
    let row = login_throttle::ActiveModel {
        scope: Set(scope.as_str().to_string()),
        key: Set(key.to_string()),
        failures: Set(1),
        window_started_at_unix: Set(now),
        locked_until_unix: Set(0),
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::columns([Column::Scope, Column::Key])
                .value(
                    Column::Failures,
                    Expr::case(window_expired.clone(), 1)
                        .finally(Expr::col((Entity, Column::Failures)).add(1)),
                )
                .value(
                    Column::WindowStartedAtUnix,
                    Expr::case(window_expired, now)
                        .finally(Expr::col((Entity, Column::WindowStartedAtUnix))),
                )
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Entity::update_many()
        .col_expr(Column::LockedUntilUnix, Expr::value(now + LOCK_SECONDS))
        .col_expr(Column::Failures, Expr::value(0))
        .col_expr(Column::WindowStartedAtUnix, Expr::value(now))
        .filter(Column::Scope.eq(scope.as_str()))
        .filter(Column::Key.eq(key))
        .filter(Column::Failures.gte(scope.limit()))
        .exec(db)
        .await
        .map(|_| ())
}

/// Forgets the failures of a key (after a successful sign-in).
pub async fn clear(db: &impl ConnectionTrait, scope: Scope, key: &str) -> Result<(), DbErr> {
    Entity::delete_many()
        .filter(Column::Scope.eq(scope.as_str()))
        .filter(Column::Key.eq(key))
        .exec(db)
        .await
        .map(|_| ())
}
