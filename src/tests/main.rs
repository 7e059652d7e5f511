#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! Integration tests: the real router on a real socket, over a fresh
//! database per test. SQLite by default; PostgreSQL (a fresh schema per
//! test) when `TEST_BACKEND=postgres` and `TEST_DATABASE_URL` are set.

mod harness;
mod serve_process;

mod accounts;
mod authorisation;
mod authorisation_matrix;
mod backup;
mod cli;
mod compliance;
mod cpd;
mod development;
mod evidence;
mod faults;
mod funding;
mod funding_views;
mod instances;
mod job_plans;
mod migrations;
mod national_seed;
mod notifications;
mod outage_proxy;
mod own_records;
mod page_queries;
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
