//! Annual CPD and protected-learning-time targets per staff group, personal
//! development plan (PDP) objectives, and the link from a CPD activity to
//! the objective it served.

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
                    .table(StaffGroupTargets::Table)
                    .col(pk_auto(StaffGroupTargets::Id))
                    .col(string_len_uniq(StaffGroupTargets::StaffGroup, 80))
                    .col(integer(StaffGroupTargets::CpdQuartersPerYear))
                    .col(integer(StaffGroupTargets::PltQuartersPerYear))
                    .col(timestamp_with_time_zone(StaffGroupTargets::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PdpObjectives::Table)
                    .col(pk_auto(PdpObjectives::Id))
                    .col(integer(PdpObjectives::PersonId))
                    .col(string_len(PdpObjectives::Title, 200))
                    .col(text_null(PdpObjectives::Description))
                    .col(date_null(PdpObjectives::TargetDate))
                    .col(string_len(PdpObjectives::Status, 20))
                    .col(timestamp_with_time_zone(PdpObjectives::CreatedAt))
                    .col(timestamp_with_time_zone(PdpObjectives::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PdpObjectives::Table, PdpObjectives::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_pdp_objectives_person")
                    .table(PdpObjectives::Table)
                    .col(PdpObjectives::PersonId)
                    .to_owned(),
            )
            .await?;
        // Plain SQL: SQLite can add a column with a REFERENCES clause but
        // not a separate foreign-key constraint; both backends accept this.
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE cpd_activities ADD COLUMN pdp_objective_id INTEGER NULL \
                 REFERENCES pdp_objectives (id) ON DELETE SET NULL",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_cpd_activities_pdp_objective")
                    .table(Alias::new("cpd_activities"))
                    .col(Alias::new("pdp_objective_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_cpd_activities_pdp_objective")
                    .table(Alias::new("cpd_activities"))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE cpd_activities DROP COLUMN pdp_objective_id")
            .await?;
        manager
            .drop_table(Table::drop().table(PdpObjectives::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(StaffGroupTargets::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum StaffGroupTargets {
    Table,
    Id,
    StaffGroup,
    CpdQuartersPerYear,
    PltQuartersPerYear,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum PdpObjectives {
    Table,
    Id,
    PersonId,
    Title,
    Description,
    TargetDate,
    Status,
    CreatedAt,
    UpdatedAt,
}
