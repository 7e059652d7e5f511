//! In-app notifications and their email delivery state. A notification is
//! stored once per (person, dedupe key): a reminder computed twice (by two
//! instances, or again after a restart) inserts nothing the second time.
//! Email delivery is claimed with a lease (`email_claimed_until` and a
//! claim token), so that of several instances only one sends each message.

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
                    .table(Notifications::Table)
                    .col(pk_auto(Notifications::Id))
                    .col(integer(Notifications::PersonId))
                    .col(string_len(Notifications::Kind, 20))
                    .col(text(Notifications::Message))
                    .col(string_len(Notifications::Link, 300))
                    .col(string_len(Notifications::DedupeKey, 200))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(timestamp_with_time_zone_null(Notifications::EmailedAt))
                    .col(timestamp_with_time_zone_null(
                        Notifications::EmailClaimedUntil,
                    ))
                    .col(string_len_null(Notifications::EmailClaim, 40))
                    .col(integer(Notifications::EmailAttempts).default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_notifications_person_dedupe")
                    .table(Notifications::Table)
                    .col(Notifications::PersonId)
                    .col(Notifications::DedupeKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The list (newest first) and the unread count of one person.
        manager
            .create_index(
                Index::create()
                    .name("ix_notifications_person_read")
                    .table(Notifications::Table)
                    .col(Notifications::PersonId)
                    .col(Notifications::ReadAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_notifications_person_created")
                    .table(Notifications::Table)
                    .col(Notifications::PersonId)
                    .col(Notifications::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // What is still to be emailed.
        manager
            .create_index(
                Index::create()
                    .name("ix_notifications_unsent")
                    .table(Notifications::Table)
                    .col(Notifications::EmailedAt)
                    .col(Notifications::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Notifications::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    PersonId,
    /// `approval`, `decision` or `reminder`.
    Kind,
    Message,
    /// A path inside the portal, e.g. `/approvals`.
    Link,
    /// What makes the notification unique for its person, e.g.
    /// `reg:12:2026-12-15:30`.
    DedupeKey,
    CreatedAt,
    ReadAt,
    EmailedAt,
    /// While in the future, one instance is sending this email.
    EmailClaimedUntil,
    /// The token of the claim that holds the lease.
    EmailClaim,
    EmailAttempts,
}
