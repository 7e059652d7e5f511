use leptos::prelude::*;

/// One row of an NHS summary list: a key and its value.
#[component]
pub fn SummaryRow(key: &'static str, #[prop(into)] value: String) -> impl IntoView {
    let value = if value.is_empty() {
        "Not recorded".to_string()
    } else {
        value
    };
    view! {
        <div class="summary-list__row">
            <dt class="summary-list__key">{key}</dt>
            <dd class="summary-list__value">{value}</dd>
        </div>
    }
}
