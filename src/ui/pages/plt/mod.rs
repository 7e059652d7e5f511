//! Protected learning time: a person's year, the request form, the
//! approver's queue and a manager's view of a team member.

pub mod approvals;
pub mod mine;
pub mod person;
pub mod summary;
