//! The CPD record: the list with filters and totals, the activity form,
//! and the administrators' activity types.

pub mod categories;
pub mod edit;
pub mod form;
pub mod list;
