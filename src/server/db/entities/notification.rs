use sea_orm::entity::prelude::*;

/// Something a person should know or act on, shown in the portal and
/// (when SMTP is configured) emailed once. Unique per `(person_id,
/// dedupe_key)`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    /// `domain::notifications::Kind` as text.
    pub kind: String,
    pub message: String,
    /// A path inside the portal.
    pub link: String,
    pub dedupe_key: String,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    pub emailed_at: Option<DateTimeUtc>,
    /// The lease of the instance sending its email.
    pub email_claimed_until: Option<DateTimeUtc>,
    pub email_claim: Option<String>,
    pub email_attempts: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
