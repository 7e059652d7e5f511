//! Indexes that hold every column the dashboards and the retention
//! statistics read, so that their queries read the index alone and never
//! the table rows: the year's CPD hours by category and learning time for a
//! set of people, funding requests by person and status, job plan versions;
//! approved learning time, approved funding and job plan sign-offs in a date
//! range for everyone. Each replaces the narrower index that began with the
//! same columns.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, old index and its columns, new index and its columns).
type Replacement = (
    &'static str,
    (&'static str, &'static [&'static str]),
    (&'static str, &'static [&'static str]),
);

const INDEXES: &[Replacement] = &[
    (
        "cpd_activities",
        (
            "ix_cpd_activities_person_date",
            &["person_id", "start_date"],
        ),
        (
            "ix_cpd_activities_person_date_hours",
            &["person_id", "start_date", "category_id", "quarter_hours"],
        ),
    ),
    (
        "plt_sessions",
        (
            "ix_plt_sessions_person_date",
            &["person_id", "session_date"],
        ),
        (
            "ix_plt_sessions_person_date_hours",
            &["person_id", "session_date", "status", "quarter_hours"],
        ),
    ),
    (
        "plt_sessions",
        ("ix_plt_sessions_status", &["status"]),
        (
            "ix_plt_sessions_status_date_hours",
            &["status", "session_date", "person_id", "quarter_hours"],
        ),
    ),
    (
        "funding_requests",
        ("ix_funding_requests_status", &["status"]),
        (
            "ix_funding_requests_status_start",
            &["status", "start_date", "person_id"],
        ),
    ),
    (
        "funding_requests",
        ("ix_funding_requests_person", &["person_id"]),
        (
            "ix_funding_requests_person_status",
            &["person_id", "status"],
        ),
    ),
];

/// New job plan indexes: versions by person (beside the unique (person,
/// year, version) index, which stays) and sign-offs by time.
const JOB_PLANS: &[(&str, &[&str])] = &[
    (
        "ix_job_plans_person_versions",
        &[
            "person_id",
            "year_start",
            "version",
            "status",
            "signed_off_at",
            "id",
        ],
    ),
    ("ix_job_plans_signed_off", &["signed_off_at", "person_id"]),
];

fn index(name: &str, table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(Alias::new(table));
    for column in columns {
        index.col(Alias::new(*column));
    }
    index.to_owned()
}

fn drop(name: &str, table: &str) -> IndexDropStatement {
    Index::drop().name(name).table(Alias::new(table)).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, (old, _), (new, columns)) in INDEXES {
            manager.create_index(index(new, table, columns)).await?;
            manager.drop_index(drop(old, table)).await?;
        }
        for (name, columns) in JOB_PLANS {
            manager
                .create_index(index(name, "job_plans", columns))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in JOB_PLANS {
            manager.drop_index(drop(name, "job_plans")).await?;
        }
        for (table, (old, columns), (new, _)) in INDEXES {
            manager.create_index(index(old, table, columns)).await?;
            manager.drop_index(drop(new, table)).await?;
        }
        Ok(())
    }
}
