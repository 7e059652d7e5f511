//! User accounts, their roles, database-backed sessions and the sign-in
//! throttle. Instants compared in SQL on every request (session expiry,
//! throttle windows) are stored as Unix seconds so that SQLite and
//! PostgreSQL compare them the same way.

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
                    .table(Users::Table)
                    .col(pk_auto(Users::Id))
                    .col(integer_uniq(Users::PersonId))
                    .col(string_len(Users::PasswordHash, 200))
                    .col(boolean(Users::Active))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::PasswordChangedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserRoles::Table)
                    .col(integer(UserRoles::UserId))
                    .col(string_len(UserRoles::Role, 32))
                    .primary_key(Index::create().col(UserRoles::UserId).col(UserRoles::Role))
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserRoles::Table, UserRoles::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string_len(Sessions::IdHash, 64).primary_key())
                    .col(integer(Sessions::UserId))
                    .col(big_integer(Sessions::CreatedAtUnix))
                    .col(big_integer(Sessions::LastSeenAtUnix))
                    .col(big_integer(Sessions::ExpiresAtUnix))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_user")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    .col(string_len(LoginThrottle::Scope, 16))
                    .col(string_len(LoginThrottle::Key, 254))
                    .col(integer(LoginThrottle::Failures))
                    .col(big_integer(LoginThrottle::WindowStartedAtUnix))
                    .col(big_integer(LoginThrottle::LockedUntilUnix))
                    .primary_key(
                        Index::create()
                            .col(LoginThrottle::Scope)
                            .col(LoginThrottle::Key),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LoginThrottle::Table.into_iden(),
            Sessions::Table.into_iden(),
            UserRoles::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    PersonId,
    PasswordHash,
    Active,
    CreatedAt,
    PasswordChangedAt,
}

#[derive(DeriveIden)]
enum UserRoles {
    Table,
    UserId,
    Role,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdHash,
    UserId,
    CreatedAtUnix,
    LastSeenAtUnix,
    ExpiresAtUnix,
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Scope,
    Key,
    Failures,
    WindowStartedAtUnix,
    LockedUntilUnix,
}
