//! The interface: the document shell and routes (`app`), the header and
//! navigation (`layout`), reusable pieces (`components`) and one module per
//! page (`pages`).

pub mod app;
pub mod components;
pub mod layout;
pub mod pages;
pub mod session;
