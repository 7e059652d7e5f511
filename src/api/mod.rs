//! Server functions by area. Each is a public HTTP endpoint under `/api/`:
//! it authenticates and authorises on its own, calls a service, and maps
//! the result to client-safe types. The types here compile for the browser.

pub mod accounts;
pub mod approvals;
pub mod auth;
pub mod compliance;
pub mod cpd;
pub mod data_exports;
pub mod development;
pub mod error;
pub mod evidence;
pub mod funding;
pub mod job_plans;
pub mod notifications;
pub mod organisation;
pub mod people;
pub mod plt;
pub mod profile;
pub mod progress;
pub mod registrations;
pub mod retention;
pub mod service_risk;
pub mod staff_import;
pub mod targets;

#[cfg(feature = "ssr")]
pub mod guard;

pub use error::AppError;
