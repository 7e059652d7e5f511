use sea_orm::entity::prelude::*;

/// A person's audit-ready CPD profile (one saved draft each).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "cpd_profiles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    pub period_from: Date,
    pub period_to: Date,
    pub practice_summary: String,
    pub personal_statement: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
