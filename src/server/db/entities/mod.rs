//! sea-orm entities: one file per table, nothing but the mapping. Queries
//! and behaviour live in `server::services`.

pub mod audit_log;
pub mod cpd_activity;
pub mod cpd_category;
pub mod department;
pub mod login_throttle;
pub mod person;
pub mod session;
pub mod team;
pub mod user;
pub mod user_role;
