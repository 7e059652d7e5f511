use sea_orm::entity::prelude::*;

/// The name an administrator gives a job-plan category (the arithmetic
/// keeps using the category itself).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "job_plan_category_labels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: String,
    pub label: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
