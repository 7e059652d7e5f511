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
    // A readiness marker: the page is interactive from here on. Browser
    // tests wait for it instead of guessing with timeouts.
    let _ = leptos::web_sys::js_sys::Reflect::set(
        &leptos::prelude::window(),
        &"__mpceHydrated".into(),
        &true.into(),
    );
}
