//! Database schema migrations. Every migration runs on SQLite and PostgreSQL;
//! where the two need different SQL (triggers), the migration branches on the
//! backend.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_organisation;
mod m20261126_000002_accounts;
mod m20261126_000003_audit_log;
mod m20261126_000004_cpd;
mod m20261126_000005_development;
mod m20261126_000006_registrations;
mod m20261126_000007_protected_learning_time;
mod m20261126_000008_evidence;
mod m20261126_000009_cpd_profile;
mod m20261126_000010_job_plans;
mod m20261126_000011_funded_cpd;
mod m20261126_000012_service_risk;
mod m20261126_000013_notifications;
mod m20261126_000014_funding_cpd_link;
mod m20261126_000015_person_history;
mod m20261127_000016_data_versions;
mod m20261127_000017_covering_indexes;
mod m20261127_000018_person_versions;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_organisation::Migration),
            Box::new(m20261126_000002_accounts::Migration),
            Box::new(m20261126_000003_audit_log::Migration),
            Box::new(m20261126_000004_cpd::Migration),
            Box::new(m20261126_000005_development::Migration),
            Box::new(m20261126_000006_registrations::Migration),
            Box::new(m20261126_000007_protected_learning_time::Migration),
            Box::new(m20261126_000008_evidence::Migration),
            Box::new(m20261126_000009_cpd_profile::Migration),
            Box::new(m20261126_000010_job_plans::Migration),
            Box::new(m20261126_000011_funded_cpd::Migration),
            Box::new(m20261126_000012_service_risk::Migration),
            Box::new(m20261126_000013_notifications::Migration),
            Box::new(m20261126_000014_funding_cpd_link::Migration),
            Box::new(m20261126_000015_person_history::Migration),
            Box::new(m20261127_000016_data_versions::Migration),
            Box::new(m20261127_000017_covering_indexes::Migration),
            Box::new(m20261127_000018_person_versions::Migration),
        ]
    }
}
