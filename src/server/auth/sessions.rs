//! Sessions live in the database so that any number of instances share
//! them. The cookie carries a random 256-bit token; the table stores only
//! its SHA-256. Idle and absolute expiry are checked on every request.

use super::{CurrentUser, now_unix};
use crate::domain::roles::Role;
use crate::server::config::Config;
use crate::server::db::entities::{data_version, person, person_version, session, user, user_role};
use crate::server::versioned_cache::{ORGANISATION, OwnVersions};
use base64::Engine as _;
use rand::RngCore as _;
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    FromQueryResult, QueryFilter,
};
use sha2::{Digest, Sha256};

/// A session's last-seen time is written at most this often, so that busy
/// pages do not turn every read into a write.
const TOUCH_EVERY_SECONDS: i64 = 60;

pub fn cookie_name(config: &Config) -> &'static str {
    if config.cookie_secure {
        "__Host-mpce_session"
    } else {
        "mpce_session"
    }
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a session and returns the token for the cookie.
pub async fn create(
    db: &impl ConnectionTrait,
    config: &Config,
    user_id: i32,
) -> Result<String, DbErr> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = now_unix();
    session::ActiveModel {
        id_hash: Set(hash_token(&token)),
        user_id: Set(user_id),
        created_at_unix: Set(now),
        last_seen_at_unix: Set(now),
        expires_at_unix: Set(now + config.session_absolute.as_secs() as i64),
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub async fn destroy(db: &impl ConnectionTrait, token_hash: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(token_hash.to_string())
        .exec(db)
        .await
        .map(|_| ())
}

/// Ends every session of a user except, optionally, one.
pub async fn destroy_all_for_user(
    db: &impl ConnectionTrait,
    user_id: i32,
    except_hash: Option<&str>,
) -> Result<(), DbErr> {
    let mut query = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = except_hash {
        query = query.filter(session::Column::IdHash.ne(keep));
    }
    query.exec(db).await.map(|_| ())
}

/// The user behind a token, if the session is live and the account active.
pub async fn resolve(
    db: &impl ConnectionTrait,
    config: &Config,
    token: &str,
) -> Result<Option<CurrentUser>, DbErr> {
    let id_hash = hash_token(token);
    let rows = find_live(db, &id_hash).await?;
    let Some(found) = rows.first().cloned() else {
        return Ok(None);
    };
    let now = now_unix();
    let idle_limit = config.session_idle.as_secs() as i64;
    if found.expires_at_unix <= now || found.last_seen_at_unix + idle_limit <= now {
        destroy(db, &id_hash).await?;
        return Ok(None);
    }
    if !found.active {
        return Ok(None);
    }
    let mut roles: Vec<Role> = rows
        .iter()
        .filter_map(|row| row.role.as_deref().and_then(|r| Role::parse(r).ok()))
        .collect();
    roles.sort();
    // Best effort: when the database cannot be written (full, read-only)
    // the person can still read; the session just ages from its last touch.
    if now - found.last_seen_at_unix >= TOUCH_EVERY_SECONDS
        && let Err(error) = session::Entity::update_many()
            .col_expr(session::Column::LastSeenAtUnix, Expr::value(now))
            .filter(session::Column::IdHash.eq(id_hash.clone()))
            .exec(db)
            .await
    {
        tracing::warn!(%error, "could not record session activity");
    }
    Ok(Some(CurrentUser {
        user_id: found.user_id,
        person_id: found.person_id,
        name: found.name,
        email: found.email,
        roles,
        session_hash: id_hash,
        own_versions: OwnVersions {
            person: found.person_version,
            organisation: found.organisation_version,
        },
    }))
}

/// A session row joined with its account, person, roles (a row per role)
/// and the versions of the person's own records: one query on the path of
/// every signed-in request.
#[derive(Debug, Clone, FromQueryResult)]
struct SessionOwner {
    user_id: i32,
    last_seen_at_unix: i64,
    expires_at_unix: i64,
    active: bool,
    person_id: i32,
    name: String,
    email: String,
    role: Option<String>,
    person_version: i64,
    organisation_version: i64,
}

async fn find_live(db: &impl ConnectionTrait, id_hash: &str) -> Result<Vec<SessionOwner>, DbErr> {
    let query = Query::select()
        .column((session::Entity, session::Column::UserId))
        .column((session::Entity, session::Column::LastSeenAtUnix))
        .column((session::Entity, session::Column::ExpiresAtUnix))
        .column((user::Entity, user::Column::Active))
        .column((user::Entity, user::Column::PersonId))
        .column((person::Entity, person::Column::Name))
        .column((person::Entity, person::Column::Email))
        .column((user_role::Entity, user_role::Column::Role))
        .expr_as(
            Func::if_null(
                Expr::col((person_version::Entity, person_version::Column::Version)),
                Expr::val(0i64),
            ),
            "person_version",
        )
        .expr_as(
            Func::if_null(
                Expr::col((data_version::Entity, data_version::Column::Version)),
                Expr::val(0i64),
            ),
            "organisation_version",
        )
        .from(session::Entity)
        .inner_join(
            user::Entity,
            Expr::col((user::Entity, user::Column::Id))
                .equals((session::Entity, session::Column::UserId)),
        )
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id))
                .equals((user::Entity, user::Column::PersonId)),
        )
        .left_join(
            user_role::Entity,
            Expr::col((user_role::Entity, user_role::Column::UserId))
                .equals((user::Entity, user::Column::Id)),
        )
        .left_join(
            person_version::Entity,
            Expr::col((person_version::Entity, person_version::Column::PersonId))
                .equals((user::Entity, user::Column::PersonId)),
        )
        .left_join(
            data_version::Entity,
            Expr::col((data_version::Entity, data_version::Column::Area)).eq(ORGANISATION),
        )
        .and_where(Expr::col((session::Entity, session::Column::IdHash)).eq(id_hash))
        .to_owned();
    db.query_all(&query)
        .await?
        .iter()
        .map(|row| SessionOwner::from_query_result(row, ""))
        .collect()
}

pub async fn roles_of(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<Role>, DbErr> {
    let mut roles: Vec<Role> = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| Role::parse(&r.role).ok())
        .collect();
    roles.sort();
    Ok(roles)
}
