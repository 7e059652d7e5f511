//! Pure rules and types of the portal: no web framework, no database.
//! Everything here compiles for both the server and the browser.

pub mod compliance;
pub mod cpd;
pub mod development;
pub mod email;
pub mod evidence;
pub mod financial_year;
pub mod funding;
pub mod job_plans;
pub mod notifications;
pub mod password_policy;
pub mod plt;
pub mod profile;
#[cfg(test)]
mod properties;
pub mod registrations;
pub mod retention;
pub mod roles;
pub mod service_risk;
pub mod staff;
pub mod staff_import;
pub mod targets;
