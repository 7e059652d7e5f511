use sea_orm::entity::prelude::*;

/// A manager's adjustment of one person's protected-learning-time
/// allowance for one financial year (replacing the staff-group default).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "plt_allowances")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    /// The financial year, by the calendar year it starts in.
    pub year_start: i32,
    pub quarters: i32,
    pub reason: String,
    pub set_by_person_id: i32,
    pub set_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
