//! Versions for a person's own records, so that each instance can keep the
//! staff home page's figures (the year's CPD against target, learning time,
//! registrations, the staff record and the unread count) and still never show an answer older
//! than the last committed change.
//!
//! - `person_versions`: a counter per person, bumped in the same transaction
//!   as any insert, update or delete of the person's row, CPD activities,
//!   learning time sessions and allowances, registrations and notifications.
//! - The "organisation" area in `data_versions`: bumped by any change to
//!   people (a line manager's name), departments, teams, staff group targets
//!   and CPD categories, the names and targets those figures are read with.
//!
//! On PostgreSQL a person's counter is bumped by a statement trigger, once
//! per person a statement touches, in person order; the organisation area
//! uses migration 16's deferred trigger. On SQLite both are row triggers.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

/// Tables whose rows belong to one person, and the column naming them.
const PERSONAL: &[(&str, &str)] = &[
    ("people", "id"),
    ("cpd_activities", "person_id"),
    ("plt_sessions", "person_id"),
    ("plt_allowances", "person_id"),
    ("registrations", "person_id"),
    ("notifications", "person_id"),
];

const ORGANISATION: &str = "organisation";

/// Tables the organisation area covers.
const ORGANISATION_TABLES: &[&str] = &[
    "people",
    "departments",
    "teams",
    "staff_group_targets",
    "cpd_categories",
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PersonVersions::Table)
                    .col(integer(PersonVersions::PersonId).primary_key())
                    .col(big_integer(PersonVersions::Version).default(0))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "INSERT INTO data_versions (area, version) VALUES ('{ORGANISATION}', 0)"
        ))
        .await?;
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for (table, column) in PERSONAL {
                    // An update bumps the old owner too, if it moved the row.
                    // (`INSERT .. SELECT` needs a WHERE before `ON CONFLICT`.)
                    let moved = format!("WHERE OLD.{column} IS NOT NEW.{column}");
                    for (op, rows) in [
                        ("INSERT", vec![("NEW", "WHERE true")]),
                        (
                            "UPDATE",
                            vec![("NEW", "WHERE true"), ("OLD", moved.as_str())],
                        ),
                        ("DELETE", vec![("OLD", "WHERE true")]),
                    ] {
                        let bumps: String = rows
                            .iter()
                            .map(|(row, only)| {
                                format!(
                                    "INSERT INTO person_versions (person_id, version) \
                                     SELECT {row}.{column}, 1 {only} ON CONFLICT (person_id) \
                                     DO UPDATE SET version = version + 1; "
                                )
                            })
                            .collect();
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER person_version_{table}_{op} AFTER {op} ON {table} \
                             BEGIN {bumps}END"
                        ))
                        .await?;
                    }
                }
                for table in ORGANISATION_TABLES {
                    for op in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER organisation_version_{table}_{op} \
                             AFTER {op} ON {table} BEGIN UPDATE data_versions \
                             SET version = version + 1 WHERE area = '{ORGANISATION}'; END"
                        ))
                        .await?;
                    }
                }
            }
            DatabaseBackend::Postgres => {
                // The changed rows are the statement's transition tables;
                // TG_ARGV[0] names the person column.
                db.execute_unprepared(
                    "CREATE FUNCTION bump_person_versions() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN \
                       EXECUTE format( \
                         'INSERT INTO person_versions (person_id, version) \
                          SELECT DISTINCT %1$I, 1 FROM %2$s WHERE %1$I IS NOT NULL ORDER BY 1 \
                          ON CONFLICT (person_id) \
                          DO UPDATE SET version = person_versions.version + 1', \
                         TG_ARGV[0], \
                         CASE TG_OP \
                           WHEN 'INSERT' THEN 'new_rows' \
                           WHEN 'DELETE' THEN 'old_rows' \
                           ELSE '(SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) AS changed' \
                         END); \
                       RETURN NULL; \
                     END $$",
                )
                .await?;
                for (table, column) in PERSONAL {
                    for (op, referencing) in [
                        ("INSERT", "NEW TABLE AS new_rows"),
                        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                        ("DELETE", "OLD TABLE AS old_rows"),
                    ] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER person_version_{table}_{op} AFTER {op} ON {table} \
                             REFERENCING {referencing} FOR EACH STATEMENT \
                             EXECUTE FUNCTION bump_person_versions('{column}')"
                        ))
                        .await?;
                    }
                }
                for table in ORGANISATION_TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE CONSTRAINT TRIGGER organisation_version_{table} \
                         AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW \
                         EXECUTE FUNCTION bump_data_version('{ORGANISATION}')"
                    ))
                    .await?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for (table, _) in PERSONAL {
                    for op in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS person_version_{table}_{op}"
                        ))
                        .await?;
                    }
                }
                for table in ORGANISATION_TABLES {
                    for op in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS organisation_version_{table}_{op}"
                        ))
                        .await?;
                    }
                }
            }
            DatabaseBackend::Postgres => {
                db.execute_unprepared("DROP FUNCTION IF EXISTS bump_person_versions() CASCADE")
                    .await?;
                for table in ORGANISATION_TABLES {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS organisation_version_{table} ON {table}"
                    ))
                    .await?;
                }
            }
            _ => {}
        }
        db.execute_unprepared(&format!(
            "DELETE FROM data_versions WHERE area = '{ORGANISATION}'"
        ))
        .await?;
        manager
            .drop_table(Table::drop().table(PersonVersions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PersonVersions {
    Table,
    PersonId,
    Version,
}
