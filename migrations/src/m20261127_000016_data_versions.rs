//! Data versions: a counter per area of data that the database itself bumps,
//! in the same transaction, whenever a row the area is computed from is
//! inserted, changed or deleted, by the portal or by anything else. Each
//! instance keeps its costly answers (the retention statistics) keyed by the
//! version they were computed at, so no instance serves an answer older than
//! the last committed change, whichever instance made it.
//!
//! On PostgreSQL the bump is a deferred constraint trigger, so the version
//! row is the last lock a transaction takes (no deadlock with the row locks
//! taken before it), and it bumps once per transaction, however many rows.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

/// Each area and the tables its answers are computed from.
const AREAS: &[(&str, &[&str])] = &[(
    "workforce",
    &[
        "people",
        "person_history",
        "departments",
        "job_plans",
        "plt_sessions",
        "funding_requests",
    ],
)];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DataVersions::Table)
                    .col(string_len(DataVersions::Area, 32).primary_key())
                    .col(big_integer(DataVersions::Version).default(0))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for (area, _) in AREAS {
            db.execute_unprepared(&format!(
                "INSERT INTO data_versions (area, version) VALUES ('{area}', 0)"
            ))
            .await?;
        }
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for (area, tables) in AREAS {
                    for table in *tables {
                        for op in ["INSERT", "UPDATE", "DELETE"] {
                            db.execute_unprepared(&format!(
                                "CREATE TRIGGER data_version_{table}_{op} AFTER {op} ON {table} \
                                 BEGIN UPDATE data_versions SET version = version + 1 \
                                 WHERE area = '{area}'; END"
                            ))
                            .await?;
                        }
                    }
                }
            }
            DatabaseBackend::Postgres => {
                // `mpce.bumped_<area>` holds the transaction that bumped it,
                // and `set_config(.., true)` forgets it at the transaction's end.
                db.execute_unprepared(
                    "CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN \
                       IF current_setting('mpce.bumped_' || TG_ARGV[0], true) \
                          IS DISTINCT FROM txid_current()::text THEN \
                         UPDATE data_versions SET version = version + 1 WHERE area = TG_ARGV[0]; \
                         PERFORM set_config('mpce.bumped_' || TG_ARGV[0], txid_current()::text, true); \
                       END IF; \
                       RETURN NULL; \
                     END $$",
                )
                .await?;
                for (area, tables) in AREAS {
                    for table in *tables {
                        db.execute_unprepared(&format!(
                            "CREATE CONSTRAINT TRIGGER data_version_{table} \
                             AFTER INSERT OR UPDATE OR DELETE ON {table} \
                             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW \
                             EXECUTE FUNCTION bump_data_version('{area}')"
                        ))
                        .await?;
                    }
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
                for (_, tables) in AREAS {
                    for table in *tables {
                        for op in ["INSERT", "UPDATE", "DELETE"] {
                            db.execute_unprepared(&format!(
                                "DROP TRIGGER IF EXISTS data_version_{table}_{op}"
                            ))
                            .await?;
                        }
                    }
                }
            }
            DatabaseBackend::Postgres => {
                db.execute_unprepared("DROP FUNCTION IF EXISTS bump_data_version() CASCADE")
                    .await?;
            }
            _ => {}
        }
        manager
            .drop_table(Table::drop().table(DataVersions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DataVersions {
    Table,
    Area,
    Version,
}
