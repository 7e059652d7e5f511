//! MPCE Workforce Portal: a leptos SSR + hydration app.
//!
//! Dependencies point one way: `ui` -> `api` -> `server` (services -> db),
//! and everything may use `domain`. The browser build compiles `domain`,
//! the `api` signatures and `ui` only.

#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(ui::app::App);
}
