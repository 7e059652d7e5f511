use sea_orm::entity::prelude::*;

/// A request for CPD funding. Money in pence.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "funding_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    pub budget_id: Option<i32>,
    pub source: String,
    pub activity: String,
    pub provider: String,
    pub start_date: Date,
    pub end_date: Date,
    pub fee_pence: i64,
    pub travel_pence: i64,
    pub subsistence_pence: i64,
    pub backfill_pence: i64,
    pub actual_pence: Option<i64>,
    pub justification: String,
    pub pdp_objective_id: Option<i32>,
    /// `domain::funding::RequestStatus` as text.
    pub status: String,
    pub lock_version: i32,
    pub decided_by_person_id: Option<i32>,
    pub decision_comment: Option<String>,
    pub override_reason: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    /// The CPD activity this completed request was recorded as.
    pub cpd_activity_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
