//! The personal development plan: objectives, and the activities linked to
//! each.

pub mod edit;
pub mod list;
