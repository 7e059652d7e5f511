//! The history of each person's group (staff group, department, team, band,
//! job role) and contracted hours: each row holds from its effective date
//! until the next row (DOMAIN.md: Retention statistics). `people` keeps the
//! latest values for everyday pages; statistics for past periods read this.
//! Every existing person gets one row from their start date.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PersonHistory::Table)
                    .col(pk_auto(PersonHistory::Id))
                    .col(integer(PersonHistory::PersonId))
                    .col(date(PersonHistory::EffectiveDate))
                    .col(string_len(PersonHistory::StaffGroup, 80))
                    .col(integer_null(PersonHistory::DepartmentId))
                    .col(integer_null(PersonHistory::TeamId))
                    .col(string_len(PersonHistory::Band, 20))
                    .col(string_len(PersonHistory::JobRole, 120))
                    .col(double(PersonHistory::ContractedHours))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PersonHistory::Table, PersonHistory::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PersonHistory::Table, PersonHistory::DepartmentId)
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PersonHistory::Table, PersonHistory::TeamId)
                            .to(Teams::Table, Teams::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_person_history_person_date")
                    .table(PersonHistory::Table)
                    .col(PersonHistory::PersonId)
                    .col(PersonHistory::EffectiveDate)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO person_history \
                 (person_id, effective_date, staff_group, department_id, team_id, band, job_role, contracted_hours) \
                 SELECT id, start_date, staff_group, department_id, team_id, band, job_role, contracted_hours \
                 FROM people",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PersonHistory::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PersonHistory {
    Table,
    Id,
    PersonId,
    EffectiveDate,
    StaffGroup,
    DepartmentId,
    TeamId,
    Band,
    JobRole,
    ContractedHours,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    Id,
}
