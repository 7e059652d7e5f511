use sea_orm::entity::prelude::*;

/// How many people in a department must hold a current MPE certificate for
/// a modality, or a current RPA certificate.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "cover_requirements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub department_id: i32,
    /// `domain::service_risk::CoverKind` as text.
    pub kind: String,
    /// The MPE modality; empty for RPA cover.
    pub modality: String,
    pub minimum: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
