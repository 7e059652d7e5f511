use sea_orm::entity::prelude::*;

/// Work of a job-plan version that is not timetabled: hours a year.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "job_plan_annualised")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub job_plan_id: i32,
    pub position: i32,
    pub category: String,
    pub description: String,
    pub hours_per_year: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
