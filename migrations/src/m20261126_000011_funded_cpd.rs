//! Funded CPD: each funding source's eligibility rules, budgets per
//! department, financial year and source, and the requests staff make
//! against them. Money is integer pence.

use crate::m20261126_000001_organisation::{Departments, People};
use crate::m20261126_000005_development::PdpObjectives;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FundingSources::Table)
                    .col(string_len(FundingSources::Source, 12).primary_key())
                    .col(boolean(FundingSources::ExcludesBackfill))
                    .col(text(FundingSources::ExcludedStaffGroups))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FundingBudgets::Table)
                    .col(pk_auto(FundingBudgets::Id))
                    .col(integer(FundingBudgets::DepartmentId))
                    .col(integer(FundingBudgets::YearStart))
                    .col(string_len(FundingBudgets::Source, 12))
                    .col(big_integer(FundingBudgets::AmountPence))
                    .col(timestamp_with_time_zone(FundingBudgets::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FundingBudgets::Table, FundingBudgets::DepartmentId)
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_funding_budgets_department_year_source")
                    .table(FundingBudgets::Table)
                    .col(FundingBudgets::DepartmentId)
                    .col(FundingBudgets::YearStart)
                    .col(FundingBudgets::Source)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FundingRequests::Table)
                    .col(pk_auto(FundingRequests::Id))
                    .col(integer(FundingRequests::PersonId))
                    .col(integer_null(FundingRequests::BudgetId))
                    .col(string_len(FundingRequests::Source, 12))
                    .col(string_len(FundingRequests::Activity, 200))
                    .col(string_len(FundingRequests::Provider, 200))
                    .col(date(FundingRequests::StartDate))
                    .col(date(FundingRequests::EndDate))
                    .col(big_integer(FundingRequests::FeePence))
                    .col(big_integer(FundingRequests::TravelPence))
                    .col(big_integer(FundingRequests::SubsistencePence))
                    .col(big_integer(FundingRequests::BackfillPence))
                    .col(big_integer_null(FundingRequests::ActualPence))
                    .col(text(FundingRequests::Justification))
                    .col(integer_null(FundingRequests::PdpObjectiveId))
                    .col(string_len(FundingRequests::Status, 12))
                    .col(integer(FundingRequests::LockVersion))
                    .col(integer_null(FundingRequests::DecidedByPersonId))
                    .col(text_null(FundingRequests::DecisionComment))
                    .col(text_null(FundingRequests::OverrideReason))
                    .col(timestamp_with_time_zone_null(FundingRequests::DecidedAt))
                    .col(timestamp_with_time_zone(FundingRequests::CreatedAt))
                    .col(timestamp_with_time_zone(FundingRequests::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FundingRequests::Table, FundingRequests::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FundingRequests::Table, FundingRequests::BudgetId)
                            .to(FundingBudgets::Table, FundingBudgets::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FundingRequests::Table, FundingRequests::PdpObjectiveId)
                            .to(PdpObjectives::Table, PdpObjectives::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_funding_requests_person", FundingRequests::PersonId),
            ("ix_funding_requests_budget", FundingRequests::BudgetId),
            ("ix_funding_requests_status", FundingRequests::Status),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(FundingRequests::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FundingRequests::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(FundingBudgets::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(FundingSources::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FundingSources {
    Table,
    /// `domain::funding::Source` as text.
    Source,
    ExcludesBackfill,
    /// Staff groups not eligible, one per line.
    ExcludedStaffGroups,
}

#[derive(DeriveIden)]
enum FundingBudgets {
    Table,
    Id,
    DepartmentId,
    /// The financial year by the calendar year it starts in.
    YearStart,
    Source,
    AmountPence,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FundingRequests {
    Table,
    Id,
    PersonId,
    /// The budget it draws on (department, year and source), once known.
    BudgetId,
    Source,
    Activity,
    Provider,
    StartDate,
    EndDate,
    FeePence,
    TravelPence,
    SubsistencePence,
    BackfillPence,
    /// Recorded on completion; replaces the estimate as spent.
    ActualPence,
    Justification,
    PdpObjectiveId,
    /// `domain::funding::RequestStatus` as text.
    Status,
    LockVersion,
    DecidedByPersonId,
    DecisionComment,
    /// Given when an approval takes the budget below zero.
    OverrideReason,
    DecidedAt,
    CreatedAt,
    UpdatedAt,
}
