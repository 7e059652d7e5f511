use sea_orm::entity::prelude::*;

/// A counter per person, bumped by database triggers in the transaction of
/// every change to the person's row, CPD, learning time and registrations
/// (migration 18). A person with no row yet is at version 0.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "person_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: i32,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
