pub mod errors;
pub mod fields;
pub mod guard;
pub mod summary;
