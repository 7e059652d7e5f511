//! Departments, teams and people (staff records).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Departments::Table)
                    .col(pk_auto(Departments::Id))
                    .col(string_len_uniq(Departments::Name, 120))
                    .col(string_len_null(Departments::CostCentre, 20))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Teams::Table)
                    .col(pk_auto(Teams::Id))
                    .col(integer(Teams::DepartmentId))
                    .col(string_len(Teams::Name, 120))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Teams::Table, Teams::DepartmentId)
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_teams_department_name")
                    .table(Teams::Table)
                    .col(Teams::DepartmentId)
                    .col(Teams::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(pk_auto(People::Id))
                    .col(string_len_null(People::StaffId, 32).unique_key())
                    .col(string_len(People::Name, 200))
                    .col(string_len_uniq(People::Email, 254))
                    .col(string_len(People::StaffGroup, 80))
                    .col(string_len(People::JobRole, 120))
                    .col(string_len(People::Band, 20))
                    .col(double(People::ContractedHours))
                    .col(integer_null(People::DepartmentId))
                    .col(integer_null(People::TeamId))
                    .col(integer_null(People::LineManagerId))
                    .col(date(People::StartDate))
                    .col(date_null(People::EndDate))
                    .col(string_len_null(People::LeavingReason, 60))
                    .col(timestamp_with_time_zone(People::CreatedAt))
                    .col(timestamp_with_time_zone(People::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(People::Table, People::DepartmentId)
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(People::Table, People::TeamId)
                            .to(Teams::Table, Teams::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(People::Table, People::LineManagerId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_people_line_manager", People::LineManagerId),
            ("ix_people_department", People::DepartmentId),
            ("ix_people_team", People::TeamId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(People::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(People::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Teams::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Departments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Departments {
    Table,
    Id,
    Name,
    CostCentre,
}

#[derive(DeriveIden)]
pub enum Teams {
    Table,
    Id,
    DepartmentId,
    Name,
}

#[derive(DeriveIden)]
pub enum People {
    Table,
    Id,
    StaffId,
    Name,
    Email,
    StaffGroup,
    JobRole,
    Band,
    ContractedHours,
    DepartmentId,
    TeamId,
    LineManagerId,
    StartDate,
    EndDate,
    LeavingReason,
    CreatedAt,
    UpdatedAt,
}
