#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! Integration tests: the real router on a real socket, over a fresh
//! database per test. SQLite by default; PostgreSQL (a fresh schema per
//! test) when `TEST_BACKEND=postgres` and `TEST_DATABASE_URL` are set.

mod harness;

mod accounts;
mod authorisation;
mod cli;
mod compliance;
mod cpd;
mod development;
mod evidence;
mod funding;
mod funding_views;
mod job_plans;
mod notifications;
mod people;
mod plt;
mod profile;
mod raw_exports;
mod registrations;
mod retention;
mod security;
mod service_risk;
mod sign_in;
mod smtp;
mod staff_import;
