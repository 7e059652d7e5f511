//! A person's own year at a glance, staff record and unread count (their
//! home page and every page's header), kept per instance under the versions read with their session: the
//! person's records and the organisation's names and targets. A change to
//! either, by any instance or by hand, moves a version in its own
//! transaction, so a kept answer is never older than the last change
//! committed before the request began.

use super::{ServiceError, notifications, people, progress};
use crate::api::people::PersonDetail;
use crate::api::progress::Progress;
use crate::domain::roles::Role;
use crate::server::auth::CurrentUser;
use crate::server::versioned_cache::Caches;
use sea_orm::ConnectionTrait;
use std::sync::Arc;

/// The viewer's own figures for today.
pub async fn progress(
    db: &impl ConnectionTrait,
    caches: &Caches,
    viewer: &CurrentUser,
) -> Result<Arc<Progress>, ServiceError> {
    let today = chrono::Utc::now().date_naive();
    let key = format!("{} {today}", viewer.person_id);
    caches
        .own_progress
        .get_or_compute(key, viewer.own_versions, || {
            progress::for_person(db, viewer, viewer.person_id)
        })
        .await
}

/// The viewer's own staff record. An administrator's also shows their
/// account, which these versions do not cover, so it is read every time.
pub async fn record(
    db: &impl ConnectionTrait,
    caches: &Caches,
    viewer: &CurrentUser,
) -> Result<Arc<PersonDetail>, ServiceError> {
    if viewer.has(Role::Admin) {
        return people::detail_for(db, viewer, viewer.person_id)
            .await
            .map(Arc::new);
    }
    caches
        .own_record
        .get_or_compute(viewer.person_id.to_string(), viewer.own_versions, || {
            people::detail_for(db, viewer, viewer.person_id)
        })
        .await
}

/// How many of the viewer's notifications are unread.
pub async fn unread(
    db: &impl ConnectionTrait,
    caches: &Caches,
    viewer: &CurrentUser,
) -> Result<u64, ServiceError> {
    let kept = caches
        .own_unread
        .get_or_compute(viewer.person_id.to_string(), viewer.own_versions, || {
            notifications::unread_count(db, viewer)
        })
        .await?;
    Ok(*kept)
}
