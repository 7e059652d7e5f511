//! sea-orm entities: one file per table, nothing but the mapping. Queries
//! and behaviour live in `server::services`.

pub mod audit_log;
pub mod cover_requirement;
pub mod cpd_activity;
pub mod cpd_category;
pub mod cpd_evidence;
pub mod cpd_profile;
pub mod cpd_profile_activity;
pub mod data_version;
pub mod department;
pub mod funding_budget;
pub mod funding_request;
pub mod funding_source;
pub mod job_plan;
pub mod job_plan_activity;
pub mod job_plan_annualised;
pub mod job_plan_category_label;
pub mod job_plan_event;
pub mod login_throttle;
pub mod mpe_modality;
pub mod notification;
pub mod pdp_objective;
pub mod person;
pub mod person_history;
pub mod person_version;
pub mod plt_allowance;
pub mod plt_session;
pub mod registration;
pub mod session;
pub mod staff_group_target;
pub mod team;
pub mod user;
pub mod user_role;
