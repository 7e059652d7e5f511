//! Protected learning time: per-person allowance adjustments (the default
//! comes from the staff group) and the sessions staff request.

use crate::m20261126_000001_organisation::People;
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
                    .table(PltAllowances::Table)
                    .col(pk_auto(PltAllowances::Id))
                    .col(integer(PltAllowances::PersonId))
                    .col(integer(PltAllowances::YearStart))
                    .col(integer(PltAllowances::Quarters))
                    .col(text(PltAllowances::Reason))
                    .col(integer(PltAllowances::SetByPersonId))
                    .col(timestamp_with_time_zone(PltAllowances::SetAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PltAllowances::Table, PltAllowances::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_plt_allowances_person_year")
                    .table(PltAllowances::Table)
                    .col(PltAllowances::PersonId)
                    .col(PltAllowances::YearStart)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PltSessions::Table)
                    .col(pk_auto(PltSessions::Id))
                    .col(integer(PltSessions::PersonId))
                    .col(date(PltSessions::SessionDate))
                    .col(integer(PltSessions::QuarterHours))
                    .col(string_len(PltSessions::Purpose, 500))
                    .col(integer_null(PltSessions::PdpObjectiveId))
                    .col(string_len(PltSessions::Status, 12))
                    .col(integer_null(PltSessions::DecidedByPersonId))
                    .col(text_null(PltSessions::DecisionComment))
                    .col(timestamp_with_time_zone_null(PltSessions::DecidedAt))
                    .col(timestamp_with_time_zone(PltSessions::CreatedAt))
                    .col(timestamp_with_time_zone(PltSessions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PltSessions::Table, PltSessions::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PltSessions::Table, PltSessions::PdpObjectiveId)
                            .to(PdpObjectives::Table, PdpObjectives::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_plt_sessions_person_date")
                    .table(PltSessions::Table)
                    .col(PltSessions::PersonId)
                    .col(PltSessions::SessionDate)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_plt_sessions_status")
                    .table(PltSessions::Table)
                    .col(PltSessions::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PltSessions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PltAllowances::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PltAllowances {
    Table,
    Id,
    PersonId,
    /// The NHS financial year by the calendar year it starts in.
    YearStart,
    Quarters,
    Reason,
    SetByPersonId,
    SetAt,
}

#[derive(DeriveIden)]
enum PltSessions {
    Table,
    Id,
    PersonId,
    SessionDate,
    QuarterHours,
    Purpose,
    PdpObjectiveId,
    Status,
    DecidedByPersonId,
    DecisionComment,
    DecidedAt,
    CreatedAt,
    UpdatedAt,
}
