//! Progress bars and status tags. The figures are always in the text too:
//! the bar and the colour only repeat them.

use crate::domain::registrations::Rag;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A labelled bar: `label` names it for screen readers, `summary` says the
/// figures in words.
#[component]
pub fn ProgressBar(label: String, percent: u8, #[prop(into)] summary: String) -> impl IntoView {
    let class = if percent >= 100 {
        "progress progress--complete"
    } else {
        "progress"
    };
    view! {
        <progress class=class max="100" value=percent.to_string() aria-label=label>
            {format!("{percent}%")}
        </progress>
        <p class="body">{summary}</p>
    }
}

#[component]
pub fn RagTag(rag: Rag) -> impl IntoView {
    view! { <strong class=rag.css()>{rag.label()}</strong> }
}

/// The numeric route parameter `key` (0 when missing or malformed, which
/// the server answers as "not found").
pub fn id_param(key: &'static str) -> impl Fn() -> i32 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get(key)
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    }
}
