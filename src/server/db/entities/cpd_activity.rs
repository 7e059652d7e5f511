use sea_orm::entity::prelude::*;

/// One CPD activity of one person. Hours are stored in quarter hours.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "cpd_activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub title: String,
    pub category_id: i32,
    pub quarter_hours: i32,
    pub provider: Option<String>,
    pub learning_objective: Option<String>,
    pub what_i_learnt: Option<String>,
    pub change_to_practice: Option<String>,
    pub benefit_to_service_users: Option<String>,
    pub follow_up: Option<String>,
    pub in_protected_time: bool,
    pub pdp_objective_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
