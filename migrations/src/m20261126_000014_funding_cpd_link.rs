//! A completed funded activity recorded as a CPD activity keeps a link to
//! that activity, so it is recorded once. No foreign key: SQLite cannot add
//! one to an existing table, and a deleted activity simply frees the link.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRequests::Table)
                    .add_column(integer_null(FundingRequests::CpdActivityId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(FundingRequests::Table)
                    .drop_column(FundingRequests::CpdActivityId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum FundingRequests {
    Table,
    CpdActivityId,
}
