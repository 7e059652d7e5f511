use sea_orm::entity::prelude::*;

/// A counter per area of data (`"workforce"`), bumped by database triggers
/// in the transaction of every change to the area's tables (migration 16).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "data_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub area: String,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
