//! Job plans: one row per version of a person's plan for a plan year, its
//! timetabled and annualised activities, its workflow history, and the
//! names administrators give the four categories.

use crate::m20261126_000001_organisation::People;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobPlanCategoryLabels::Table)
                    .col(string_len(JobPlanCategoryLabels::Category, 8).primary_key())
                    .col(string_len(JobPlanCategoryLabels::Label, 80))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobPlans::Table)
                    .col(pk_auto(JobPlans::Id))
                    .col(integer(JobPlans::PersonId))
                    .col(integer(JobPlans::YearStart))
                    .col(integer(JobPlans::Version))
                    .col(string_len(JobPlans::Status, 12))
                    .col(string_len(JobPlans::ContractKind, 12))
                    .col(double(JobPlans::ContractAmount))
                    .col(double(JobPlans::LeaveDays))
                    .col(double(JobPlans::PublicHolidays))
                    .col(double(JobPlans::StudyLeaveDays))
                    .col(integer_null(JobPlans::OnCallFrequency))
                    .col(string_len_null(JobPlans::OnCallCategory, 1))
                    .col(double_null(JobPlans::OnCallHours))
                    .col(integer(JobPlans::LockVersion))
                    .col(timestamp_with_time_zone_null(JobPlans::SubmittedAt))
                    .col(integer_null(JobPlans::AgreedByPersonId))
                    .col(timestamp_with_time_zone_null(JobPlans::AgreedAt))
                    .col(integer_null(JobPlans::SignedOffByPersonId))
                    .col(timestamp_with_time_zone_null(JobPlans::SignedOffAt))
                    .col(timestamp_with_time_zone(JobPlans::CreatedAt))
                    .col(timestamp_with_time_zone(JobPlans::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(JobPlans::Table, JobPlans::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_job_plans_person_year_version")
                    .table(JobPlans::Table)
                    .col(JobPlans::PersonId)
                    .col(JobPlans::YearStart)
                    .col(JobPlans::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_job_plans_status")
                    .table(JobPlans::Table)
                    .col(JobPlans::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobPlanActivities::Table)
                    .col(pk_auto(JobPlanActivities::Id))
                    .col(integer(JobPlanActivities::JobPlanId))
                    .col(integer(JobPlanActivities::Position))
                    .col(string_len(JobPlanActivities::Day, 9))
                    .col(integer(JobPlanActivities::StartMinute))
                    .col(integer(JobPlanActivities::EndMinute))
                    .col(string_len(JobPlanActivities::Category, 8))
                    .col(string_len(JobPlanActivities::Description, 200))
                    .col(string_len(JobPlanActivities::Location, 100))
                    .col(string_len(JobPlanActivities::Recurrence, 8))
                    .col(integer_null(JobPlanActivities::EveryNWeeks))
                    .col(double(JobPlanActivities::WeeksPerYear))
                    .foreign_key(
                        ForeignKey::create()
                            .from(JobPlanActivities::Table, JobPlanActivities::JobPlanId)
                            .to(JobPlans::Table, JobPlans::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_job_plan_activities_plan")
                    .table(JobPlanActivities::Table)
                    .col(JobPlanActivities::JobPlanId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobPlanAnnualised::Table)
                    .col(pk_auto(JobPlanAnnualised::Id))
                    .col(integer(JobPlanAnnualised::JobPlanId))
                    .col(integer(JobPlanAnnualised::Position))
                    .col(string_len(JobPlanAnnualised::Category, 8))
                    .col(string_len(JobPlanAnnualised::Description, 200))
                    .col(double(JobPlanAnnualised::HoursPerYear))
                    .foreign_key(
                        ForeignKey::create()
                            .from(JobPlanAnnualised::Table, JobPlanAnnualised::JobPlanId)
                            .to(JobPlans::Table, JobPlans::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_job_plan_annualised_plan")
                    .table(JobPlanAnnualised::Table)
                    .col(JobPlanAnnualised::JobPlanId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobPlanEvents::Table)
                    .col(pk_auto(JobPlanEvents::Id))
                    .col(integer(JobPlanEvents::JobPlanId))
                    .col(string_len(JobPlanEvents::Action, 16))
                    .col(integer(JobPlanEvents::ActorPersonId))
                    .col(text_null(JobPlanEvents::Comment))
                    .col(timestamp_with_time_zone(JobPlanEvents::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(JobPlanEvents::Table, JobPlanEvents::JobPlanId)
                            .to(JobPlans::Table, JobPlans::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_job_plan_events_plan")
                    .table(JobPlanEvents::Table)
                    .col(JobPlanEvents::JobPlanId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            JobPlanEvents::Table.into_iden(),
            JobPlanAnnualised::Table.into_iden(),
            JobPlanActivities::Table.into_iden(),
            JobPlans::Table.into_iden(),
            JobPlanCategoryLabels::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum JobPlanCategoryLabels {
    Table,
    /// `domain::job_plans::Category` as text.
    Category,
    Label,
}

#[derive(DeriveIden)]
enum JobPlans {
    Table,
    Id,
    PersonId,
    /// The plan year (an NHS financial year) by the calendar year it starts in.
    YearStart,
    Version,
    /// `domain::job_plans::PlanStatus` as text.
    Status,
    /// "afc" (hours a week) or "consultant" (PAs a week).
    ContractKind,
    ContractAmount,
    LeaveDays,
    PublicHolidays,
    StudyLeaveDays,
    OnCallFrequency,
    OnCallCategory,
    OnCallHours,
    /// Raised by every change: a change or action names the value it saw.
    LockVersion,
    SubmittedAt,
    AgreedByPersonId,
    AgreedAt,
    SignedOffByPersonId,
    SignedOffAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum JobPlanActivities {
    Table,
    Id,
    JobPlanId,
    Position,
    Day,
    StartMinute,
    EndMinute,
    Category,
    Description,
    Location,
    Recurrence,
    EveryNWeeks,
    WeeksPerYear,
}

#[derive(DeriveIden)]
enum JobPlanAnnualised {
    Table,
    Id,
    JobPlanId,
    Position,
    Category,
    Description,
    HoursPerYear,
}

#[derive(DeriveIden)]
enum JobPlanEvents {
    Table,
    Id,
    JobPlanId,
    /// created, saved, submitted, withdrawn, agreed, signed_off, returned, reopened.
    Action,
    ActorPersonId,
    Comment,
    At,
}
