//! Evidence files, stored in the database (every instance serves them; a
//! backup holds them). Only the owner adds or deletes; the owner and their
//! reviewers read. Listing never reads the file contents.

use super::ServiceError;
use super::access;
use crate::api::evidence::EvidenceFile;
use crate::domain::evidence::{self as rules, UploadRefusal};
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{cpd_activity, cpd_evidence};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A file's details without its contents.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct Stored {
    pub id: i32,
    pub activity_id: i32,
    pub person_id: i32,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn without_content() -> sea_orm::Select<cpd_evidence::Entity> {
    cpd_evidence::Entity::find().select_only().columns([
        cpd_evidence::Column::Id,
        cpd_evidence::Column::ActivityId,
        cpd_evidence::Column::PersonId,
        cpd_evidence::Column::FileName,
        cpd_evidence::Column::ContentType,
        cpd_evidence::Column::SizeBytes,
        cpd_evidence::Column::CreatedAt,
    ])
}

fn view(s: Stored) -> EvidenceFile {
    EvidenceFile {
        id: s.id,
        file_name: s.file_name,
        size: rules::human_size(u64::try_from(s.size_bytes).unwrap_or(0)),
        uploaded_on: s.created_at.date_naive().to_string(),
    }
}

/// How many files each of `activity_ids` has.
pub async fn counts_for(
    db: &impl ConnectionTrait,
    activity_ids: impl Iterator<Item = i32>,
) -> Result<HashMap<i32, u32>, ServiceError> {
    let ids: Vec<i32> = activity_ids.collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, i64)> = cpd_evidence::Entity::find()
        .select_only()
        .column(cpd_evidence::Column::ActivityId)
        .column_as(
            Expr::col(cpd_evidence::Column::Id)
                .count()
                .cast_as("BIGINT"),
            "n",
        )
        .filter(cpd_evidence::Column::ActivityId.is_in(ids))
        .group_by(cpd_evidence::Column::ActivityId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u32::try_from(n).unwrap_or(0)))
        .collect())
}

/// Files of the given activities, oldest first.
pub async fn stored_for(
    db: &impl ConnectionTrait,
    activity_ids: Vec<i32>,
) -> Result<Vec<Stored>, ServiceError> {
    Ok(without_content()
        .filter(cpd_evidence::Column::ActivityId.is_in(activity_ids))
        .order_by_asc(cpd_evidence::Column::ActivityId)
        .order_by_asc(cpd_evidence::Column::Id)
        .into_model::<Stored>()
        .all(db)
        .await?)
}

/// The activity, if `viewer` may read it fully (owner or reviewer).
async fn readable_activity(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    activity_id: i32,
) -> Result<cpd_activity::Model, ServiceError> {
    let activity = cpd_activity::Entity::find_by_id(activity_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("CPD activity"))?;
    // Someone else's record: as if it did not exist.
    access::hidden_as_missing(
        access::require_full(db, viewer, activity.person_id).await,
        "CPD activity",
    )?;
    Ok(activity)
}

pub async fn list_for_viewer(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    activity_id: i32,
) -> Result<Vec<EvidenceFile>, ServiceError> {
    readable_activity(db, viewer, activity_id).await?;
    Ok(stored_for(db, vec![activity_id])
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// Why an upload did not happen: refused (the person can fix it) or failed.
#[derive(Debug)]
pub enum UploadError {
    Refused(UploadRefusal),
    Service(ServiceError),
}

impl From<ServiceError> for UploadError {
    fn from(e: ServiceError) -> Self {
        UploadError::Service(e)
    }
}

impl From<sea_orm::DbErr> for UploadError {
    fn from(e: sea_orm::DbErr) -> Self {
        UploadError::Service(e.into())
    }
}

/// Stores one file on one of `owner`'s activities, within the limits, in
/// one transaction with its audit entry.
pub async fn store(
    db: &DatabaseConnection,
    owner: &CurrentUser,
    activity_id: i32,
    raw_name: &str,
    content: Vec<u8>,
) -> Result<i32, UploadError> {
    let file_name = rules::clean_file_name(raw_name).map_err(UploadError::Refused)?;
    if content.is_empty() {
        return Err(UploadError::Refused(UploadRefusal::NoFile));
    }
    let size = content.len() as u64;
    if size > rules::MAX_FILE_BYTES {
        return Err(UploadError::Refused(UploadRefusal::TooLarge));
    }
    let content_type = rules::content_type(&file_name, &content).map_err(UploadError::Refused)?;
    let txn = crate::server::db::begin_write(db).await?;
    cpd_activity::Entity::find_by_id(activity_id)
        .filter(cpd_activity::Column::PersonId.eq(owner.person_id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("CPD activity"))?;
    // On PostgreSQL, lock the person's row so that two uploads at once
    // cannot both pass the quota check (SQLite already has one writer).
    access::lock_person(&txn, owner.person_id).await?;
    let on_activity = cpd_evidence::Entity::find()
        .filter(cpd_evidence::Column::ActivityId.eq(activity_id))
        .count(&txn)
        .await?;
    if on_activity >= rules::MAX_FILES_PER_ACTIVITY as u64 {
        return Err(UploadError::Refused(UploadRefusal::TooManyFiles));
    }
    let used: Option<i64> = cpd_evidence::Entity::find()
        .select_only()
        .column_as(
            Expr::col(cpd_evidence::Column::SizeBytes)
                .sum()
                .cast_as("BIGINT"),
            "used",
        )
        .filter(cpd_evidence::Column::PersonId.eq(owner.person_id))
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    if u64::try_from(used.unwrap_or(0)).unwrap_or(0) + size > rules::MAX_PERSON_BYTES {
        return Err(UploadError::Refused(UploadRefusal::QuotaExceeded));
    }
    let sha256 = hex::encode(Sha256::digest(&content));
    // Insert without reading the row back: the contents are not copied
    // out of the database again just to learn the new id.
    let id = cpd_evidence::Entity::insert(cpd_evidence::ActiveModel {
        activity_id: Set(activity_id),
        person_id: Set(owner.person_id),
        file_name: Set(file_name.clone()),
        content_type: Set(content_type.to_string()),
        size_bytes: Set(i64::try_from(size).unwrap_or(i64::MAX)),
        sha256: Set(sha256.clone()),
        content: Set(content),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    audit::record(
        &txn,
        Entry::new(
            Some(owner.user_id),
            "evidence.upload",
            "cpd_evidence",
            id.to_string(),
        )
        .after_json(serde_json::json!({
            "activity_id": activity_id,
            "file_name": file_name,
            "content_type": content_type,
            "size_bytes": size,
            "sha256": sha256,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// A file to send: its details and contents, if `viewer` may read it.
pub async fn fetch(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    id: i32,
) -> Result<(Stored, Vec<u8>), ServiceError> {
    let stored = without_content()
        .filter(cpd_evidence::Column::Id.eq(id))
        .into_model::<Stored>()
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Evidence file"))?;
    readable_activity(db, viewer, stored.activity_id)
        .await
        .map_err(|_| ServiceError::NotFound("Evidence file"))?;
    let content = content_of(db, id).await?;
    Ok((stored, content))
}

pub async fn content_of(db: &impl ConnectionTrait, id: i32) -> Result<Vec<u8>, ServiceError> {
    let content: Option<Vec<u8>> = cpd_evidence::Entity::find_by_id(id)
        .select_only()
        .column(cpd_evidence::Column::Content)
        .into_tuple()
        .one(db)
        .await?;
    content.ok_or(ServiceError::NotFound("Evidence file"))
}

pub async fn delete(
    db: &DatabaseConnection,
    owner: &CurrentUser,
    id: i32,
) -> Result<i32, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let stored = without_content()
        .filter(cpd_evidence::Column::Id.eq(id))
        .filter(cpd_evidence::Column::PersonId.eq(owner.person_id))
        .into_model::<Stored>()
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Evidence file"))?;
    cpd_evidence::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(owner.user_id),
            "evidence.delete",
            "cpd_evidence",
            id.to_string(),
        )
        .before_json(serde_json::json!({
            "activity_id": stored.activity_id,
            "file_name": stored.file_name,
            "size_bytes": stored.size_bytes,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(stored.activity_id)
}
