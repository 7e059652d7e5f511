//! Job plans: the person's own plans, one plan version, the editor, the
//! print-ready plan, comparing versions, the team view and the category
//! names.

pub mod categories;
pub mod compare;
pub mod display;
pub mod edit;
pub mod mine;
pub mod print;
pub mod team;
pub mod view;
