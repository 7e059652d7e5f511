//! CPD categories (the HCPC activity types by default) and CPD activities.

use crate::m20261126_000001_organisation::People;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// HCPC's CPD activity types, in the order the HCPC lists them.
const HCPC_TYPES: &[&str] = &[
    "Work-based learning",
    "Professional activity",
    "Formal / educational",
    "Self-directed learning",
    "Other",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CpdCategories::Table)
                    .col(pk_auto(CpdCategories::Id))
                    .col(string_len_uniq(CpdCategories::Name, 80))
                    .col(integer(CpdCategories::Position))
                    .col(boolean(CpdCategories::Retired))
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert()
            .into_table(CpdCategories::Table)
            .columns([
                CpdCategories::Name,
                CpdCategories::Position,
                CpdCategories::Retired,
            ])
            .to_owned();
        for (position, name) in HCPC_TYPES.iter().enumerate() {
            insert
                .values([(*name).into(), (position as i32).into(), false.into()])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        manager.exec_stmt(insert).await?;
        manager
            .create_table(
                Table::create()
                    .table(CpdActivities::Table)
                    .col(pk_auto(CpdActivities::Id))
                    .col(integer(CpdActivities::PersonId))
                    .col(date(CpdActivities::StartDate))
                    .col(date_null(CpdActivities::EndDate))
                    .col(string_len(CpdActivities::Title, 200))
                    .col(integer(CpdActivities::CategoryId))
                    .col(integer(CpdActivities::QuarterHours))
                    .col(string_len_null(CpdActivities::Provider, 200))
                    .col(text_null(CpdActivities::LearningObjective))
                    .col(text_null(CpdActivities::WhatILearnt))
                    .col(text_null(CpdActivities::ChangeToPractice))
                    .col(text_null(CpdActivities::BenefitToServiceUsers))
                    .col(text_null(CpdActivities::FollowUp))
                    .col(boolean(CpdActivities::InProtectedTime))
                    .col(timestamp_with_time_zone(CpdActivities::CreatedAt))
                    .col(timestamp_with_time_zone(CpdActivities::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CpdActivities::Table, CpdActivities::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CpdActivities::Table, CpdActivities::CategoryId)
                            .to(CpdCategories::Table, CpdCategories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_cpd_activities_person_date")
                    .table(CpdActivities::Table)
                    .col(CpdActivities::PersonId)
                    .col(CpdActivities::StartDate)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CpdActivities::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CpdCategories::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CpdCategories {
    Table,
    Id,
    Name,
    Position,
    Retired,
}

#[derive(DeriveIden)]
pub(crate) enum CpdActivities {
    Table,
    Id,
    PersonId,
    StartDate,
    EndDate,
    Title,
    CategoryId,
    QuarterHours,
    Provider,
    LearningObjective,
    WhatILearnt,
    ChangeToPractice,
    BenefitToServiceUsers,
    FollowUp,
    InProtectedTime,
    CreatedAt,
    UpdatedAt,
}
