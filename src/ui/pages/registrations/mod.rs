//! Registrations and certificates with their red / amber / green status.

pub mod edit;
pub mod list;
