use sea_orm::entity::prelude::*;

/// A protected-learning-time session a person requested.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "plt_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    pub session_date: Date,
    pub quarter_hours: i32,
    pub purpose: String,
    pub pdp_objective_id: Option<i32>,
    /// `domain::plt::SessionStatus` as text.
    pub status: String,
    pub decided_by_person_id: Option<i32>,
    pub decision_comment: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
