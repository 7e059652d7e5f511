use sea_orm::entity::prelude::*;

/// One version of a person's job plan for a plan year.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "job_plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    /// The plan year (NHS financial year) by the calendar year it starts in.
    pub year_start: i32,
    pub version: i32,
    /// `domain::job_plans::PlanStatus` as text.
    pub status: String,
    /// "afc" or "consultant".
    pub contract_kind: String,
    /// Hours a week (Agenda for Change) or PAs a week (consultant).
    pub contract_amount: f64,
    pub leave_days: f64,
    pub public_holidays: f64,
    pub study_leave_days: f64,
    pub on_call_frequency: Option<i32>,
    /// "A" or "B".
    pub on_call_category: Option<String>,
    pub on_call_hours: Option<f64>,
    /// Raised by every change, for optimistic concurrency.
    pub lock_version: i32,
    pub submitted_at: Option<DateTimeUtc>,
    pub agreed_by_person_id: Option<i32>,
    pub agreed_at: Option<DateTimeUtc>,
    pub signed_off_by_person_id: Option<i32>,
    pub signed_off_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
