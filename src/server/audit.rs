//! Writes the append-only audit log. Call it with the same transaction as
//! the change it records, so that a change and its record commit together.

use super::db::entities::audit_log;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};
use serde::Serialize;
use serde_json::Value;

/// One change: who, what, which record, and its state before and after.
pub struct Entry {
    pub actor_user_id: Option<i32>,
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Entry {
    pub fn new(
        actor_user_id: Option<i32>,
        action: &'static str,
        entity: &'static str,
        entity_id: String,
    ) -> Entry {
        Entry {
            actor_user_id,
            action,
            entity,
            entity_id,
            before: None,
            after: None,
        }
    }

    /// The record before the change; secrets must not be in it.
    pub fn before(mut self, record: &impl Serialize) -> Entry {
        self.before = serde_json::to_value(record).ok();
        self
    }

    /// The record after the change; secrets must not be in it.
    pub fn after(mut self, record: &impl Serialize) -> Entry {
        self.after = serde_json::to_value(record).ok();
        self
    }

    pub fn before_json(mut self, value: Value) -> Entry {
        self.before = Some(value);
        self
    }

    pub fn after_json(mut self, value: Value) -> Entry {
        self.after = Some(value);
        self
    }
}

pub async fn record(db: &impl ConnectionTrait, entry: Entry) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(chrono::Utc::now()),
        actor_user_id: Set(entry.actor_user_id),
        action: Set(entry.action.to_string()),
        entity: Set(entry.entity.to_string()),
        entity_id: Set(entry.entity_id),
        before: Set(entry.before.map(|v| v.to_string())),
        after: Set(entry.after.map(|v| v.to_string())),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}
