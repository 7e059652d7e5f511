//! Pure rules and types of the portal: no web framework, no database.
//! Everything here compiles for both the server and the browser.

pub mod cpd;
pub mod email;
pub mod password_policy;
pub mod roles;
pub mod staff;
