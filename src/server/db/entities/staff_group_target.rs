use sea_orm::entity::prelude::*;

/// An administrator's annual CPD target and protected-learning-time
/// allowance for one staff group, for a full-time person employed all year.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "staff_group_targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub staff_group: String,
    pub cpd_quarters_per_year: i32,
    pub plt_quarters_per_year: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
