use sea_orm::entity::prelude::*;

/// A professional registration or a certificate (MPE, RPA) of one person.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "registrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    /// `domain::registrations::Body` as text.
    pub body: String,
    pub number: Option<String>,
    /// Start of the current registration cycle or certificate.
    pub registered_on: Option<Date>,
    /// Renewal or expiry date: the last day it is valid.
    pub expires_on: Date,
    /// MPE modalities, comma-separated.
    pub modalities: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
