use sea_orm::entity::prelude::*;

/// A timetabled activity of a job-plan version.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "job_plan_activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub job_plan_id: i32,
    pub position: i32,
    /// "monday" to "sunday".
    pub day: String,
    pub start_minute: i32,
    pub end_minute: i32,
    pub category: String,
    pub description: String,
    pub location: String,
    /// "every", "week1", "week2" or "every_n".
    pub recurrence: String,
    pub every_n_weeks: Option<i32>,
    pub weeks_per_year: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
