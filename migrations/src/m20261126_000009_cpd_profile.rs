//! The audit-ready CPD profile: one saved draft per person, with the
//! activities its personal statement refers to.

use crate::m20261126_000001_organisation::People;
use crate::m20261126_000004_cpd::CpdActivities;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CpdProfiles::Table)
                    .col(pk_auto(CpdProfiles::Id))
                    .col(integer_uniq(CpdProfiles::PersonId))
                    .col(date(CpdProfiles::PeriodFrom))
                    .col(date(CpdProfiles::PeriodTo))
                    .col(text(CpdProfiles::PracticeSummary))
                    .col(text(CpdProfiles::PersonalStatement))
                    .col(timestamp_with_time_zone(CpdProfiles::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CpdProfiles::Table, CpdProfiles::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CpdProfileActivities::Table)
                    .col(integer(CpdProfileActivities::ProfileId))
                    .col(integer(CpdProfileActivities::ActivityId))
                    .primary_key(
                        Index::create()
                            .col(CpdProfileActivities::ProfileId)
                            .col(CpdProfileActivities::ActivityId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CpdProfileActivities::Table, CpdProfileActivities::ProfileId)
                            .to(CpdProfiles::Table, CpdProfiles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                CpdProfileActivities::Table,
                                CpdProfileActivities::ActivityId,
                            )
                            .to(CpdActivities::Table, CpdActivities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CpdProfileActivities::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CpdProfiles::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CpdProfiles {
    Table,
    Id,
    PersonId,
    PeriodFrom,
    PeriodTo,
    PracticeSummary,
    PersonalStatement,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CpdProfileActivities {
    Table,
    ProfileId,
    ActivityId,
}
