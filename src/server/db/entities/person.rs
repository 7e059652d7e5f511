use sea_orm::entity::prelude::*;

/// A staff record. `end_date` is the last day employed (inclusive).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub staff_id: Option<String>,
    pub name: String,
    pub email: String,
    pub staff_group: String,
    pub job_role: String,
    pub band: String,
    pub contracted_hours: f64,
    pub department_id: Option<i32>,
    pub team_id: Option<i32>,
    pub line_manager_id: Option<i32>,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub leaving_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
