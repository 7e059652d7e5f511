use sea_orm::entity::prelude::*;

/// A step in a job-plan version's workflow (the history shown with it).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "job_plan_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub job_plan_id: i32,
    pub action: String,
    pub actor_person_id: i32,
    pub comment: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
