pub mod errors;
pub mod fields;
pub mod guard;
pub mod progress;
pub mod summary;
pub mod upload;
