//! Everything that runs only on the server (`ssr` feature).
//!
//! Error types by layer: `services` return [`ServiceError`](services::ServiceError)
//! (domain refusals plus database failures); `api` maps those to the
//! client-safe [`AppError`](crate::api::AppError), logging database text under
//! a reference id instead of sending it; start-up and the CLI use
//! [`StartupError`](config::StartupError) one-liners.

pub mod audit;
pub mod auth;
pub mod charts;
pub mod cli;
pub mod config;
pub mod db;
pub mod mailer;
pub mod passwords;
pub mod reminders;
pub mod routes;
pub mod security;
pub mod seed;
pub mod seed_funding;
pub mod seed_job_plans;
pub mod seed_national;
pub mod seed_scale;
pub mod seed_workforce;
pub mod services;
pub mod stalled_pages;
pub mod startup;
pub mod state;
pub mod versioned_cache;
