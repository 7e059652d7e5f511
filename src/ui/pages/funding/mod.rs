//! Funded CPD: a staff member's requests and the request form, one request
//! with its workflow, the budgets, and the sources' eligibility rules.

pub mod budgets;
pub mod detail;
pub mod edit;
pub mod form;
pub mod mine;
pub mod sources;
