//! Evidence files of CPD activities, stored in the database so that every
//! app instance can serve them and a database backup holds them too.

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
                    .table(CpdEvidence::Table)
                    .col(pk_auto(CpdEvidence::Id))
                    .col(integer(CpdEvidence::ActivityId))
                    .col(integer(CpdEvidence::PersonId))
                    .col(string_len(CpdEvidence::FileName, 255))
                    .col(string_len(CpdEvidence::ContentType, 120))
                    .col(big_integer(CpdEvidence::SizeBytes))
                    .col(string_len(CpdEvidence::Sha256, 64))
                    .col(blob(CpdEvidence::Content))
                    .col(timestamp_with_time_zone(CpdEvidence::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CpdEvidence::Table, CpdEvidence::ActivityId)
                            .to(CpdActivities::Table, CpdActivities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CpdEvidence::Table, CpdEvidence::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_cpd_evidence_activity")
                    .table(CpdEvidence::Table)
                    .col(CpdEvidence::ActivityId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_cpd_evidence_person")
                    .table(CpdEvidence::Table)
                    .col(CpdEvidence::PersonId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CpdEvidence::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CpdEvidence {
    Table,
    Id,
    ActivityId,
    PersonId,
    FileName,
    /// Decided by the server from the file's first bytes, never the client.
    ContentType,
    SizeBytes,
    Sha256,
    Content,
    CreatedAt,
}
