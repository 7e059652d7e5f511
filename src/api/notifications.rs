//! The signed-in person's notifications: the list, the unread count the
//! header shows, and marking them read. Each acts on the caller's own rows
//! only; anyone signed in has notifications.

use super::AppError;
use crate::domain::notifications::Kind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationRow {
    pub id: i32,
    pub kind: Kind,
    pub message: String,
    /// A path inside the portal.
    pub link: String,
    /// "2026-11-26 14:05" (UTC).
    pub created: String,
    pub unread: bool,
}

/// The newest notifications (at most 100) and the counts behind them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationList {
    pub rows: Vec<NotificationRow>,
    pub unread: u64,
    pub total: u64,
}

#[server(endpoint = "notifications/mine")]
pub async fn my_notifications() -> Result<NotificationList, AppError> {
    use super::guard;
    use crate::server::services::notifications;
    guard::read_once("my_notifications".to_string(), async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        Ok(notifications::mine(&state.db, &user).await?)
    })
    .await
}

/// How many of the caller's notifications are unread (the header's count).
#[server(endpoint = "notifications/unread")]
pub async fn unread_notifications() -> Result<u64, AppError> {
    use super::guard;
    use crate::server::services::own_records;
    guard::read_once("unread_notifications".to_string(), async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        Ok(own_records::unread(&state.db, &state.caches, &user).await?)
    })
    .await
}

/// Marks one of the caller's notifications read; someone else's is not
/// found (404).
#[server(endpoint = "notifications/read")]
pub async fn mark_notification_read(id: i32) -> Result<(), AppError> {
    use super::guard;
    use crate::server::services::notifications;
    guard::respond(async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        notifications::mark_read(&state.db, &user, id).await?;
        leptos_axum::redirect("/notifications");
        Ok(())
    })
    .await
}

/// Marks all the caller's notifications read; answers how many changed.
#[server(endpoint = "notifications/read-all")]
pub async fn mark_all_notifications_read() -> Result<u64, AppError> {
    use super::guard;
    use crate::server::services::notifications;
    guard::respond(async move {
        let user = guard::require_user()?;
        let state = guard::state()?;
        let changed = notifications::mark_all_read(&state.db, &user).await?;
        leptos_axum::redirect("/notifications");
        Ok(changed)
    })
    .await
}
