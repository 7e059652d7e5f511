//! The CPD record: the list with filters and totals, the activity form,
//! and the administrators' activity types.

pub mod categories;
pub mod edit;
pub mod evidence;
pub mod form;
pub mod list;
pub mod profile;
pub mod profile_print;
pub mod view;
