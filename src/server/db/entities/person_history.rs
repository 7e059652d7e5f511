use sea_orm::entity::prelude::*;

/// A person's group and contracted hours from `effective_date` until their
/// next history row (DOMAIN.md: Retention statistics).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "person_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    pub effective_date: Date,
    pub staff_group: String,
    pub department_id: Option<i32>,
    pub team_id: Option<i32>,
    pub band: String,
    pub job_role: String,
    pub contracted_hours: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
