//! Professional registrations (HCPC, AHCS, RCT, Science Council, IPEM CPD
//! scheme) and certificates (MPE with modalities, RPA) with their dates.

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
                    .table(Registrations::Table)
                    .col(pk_auto(Registrations::Id))
                    .col(integer(Registrations::PersonId))
                    .col(string_len(Registrations::Body, 40))
                    .col(string_len_null(Registrations::Number, 60))
                    .col(date_null(Registrations::RegisteredOn))
                    .col(date(Registrations::ExpiresOn))
                    .col(string_len_null(Registrations::Modalities, 400))
                    .col(timestamp_with_time_zone(Registrations::CreatedAt))
                    .col(timestamp_with_time_zone(Registrations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Registrations::Table, Registrations::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_registrations_person")
                    .table(Registrations::Table)
                    .col(Registrations::PersonId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_registrations_expires")
                    .table(Registrations::Table)
                    .col(Registrations::ExpiresOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Registrations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Id,
    PersonId,
    Body,
    Number,
    RegisteredOn,
    ExpiresOn,
    Modalities,
    CreatedAt,
    UpdatedAt,
}
