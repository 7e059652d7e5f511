//! Form fields in the NHS.UK pattern: label, optional hint, the error
//! message next to the field, and the ARIA that ties them together.

use crate::api::AppError;
use leptos::prelude::*;

fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
fn FieldError(id: String, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <span class="error-message" id=format!("{id}-error")>
                    <span class="visually-hidden">"Error: "</span>
                    {m}
                </span>
            }
        })
    }
}

/// A text-like input. `name` is the form key (e.g. `input[email]`); `field`
/// is the key server errors use (e.g. `email`) and the element id.
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] field: Option<&'static str>,
    #[prop(optional)] id: Option<String>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] width: Option<&'static str>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let key = field.unwrap_or(name);
    let id = id.unwrap_or_else(|| key.to_string());
    let message = Signal::derive(move || error.get().and_then(|e| e.field_message(key)));
    let has_hint = hint.is_some();
    let input_class = format!("input {}", width.unwrap_or(""));
    view! {
        <div class="form-group" class:form-group--error=move || message.get().is_some()>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=format!("{id}-hint")>{h}</div> })}
            <FieldError id=id.clone() message/>
            <input
                class=input_class
                class:input--error=move || message.get().is_some()
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby={
                    let id = id.clone();
                    move || described_by(&id, has_hint, message.get().is_some())
                }
            />
        </div>
    }
}

/// A select box; `options` are (value, label) pairs and the first, empty
/// choice reads `placeholder`.
#[component]
pub fn SelectField(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] field: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: Option<String>,
    #[prop(default = "Select")] placeholder: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let key = field.unwrap_or(name);
    let id = key.to_string();
    let message = Signal::derive(move || error.get().and_then(|e| e.field_message(key)));
    let has_hint = hint.is_some();
    let selected = selected.unwrap_or_default();
    view! {
        <div class="form-group" class:form-group--error=move || message.get().is_some()>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=format!("{id}-hint")>{h}</div> })}
            <FieldError id=id.clone() message/>
            <select
                class="select"
                class:select--error=move || message.get().is_some()
                id=id.clone()
                name=name
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby={
                    let id = id.clone();
                    move || described_by(&id, has_hint, message.get().is_some())
                }
            >
                <option value="">{placeholder}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A group of checkboxes, one per (form key, label, ticked), in a fieldset
/// whose legend names the group.
#[component]
pub fn CheckboxGroup(
    legend: &'static str,
    field: &'static str,
    id_prefix: String,
    boxes: Vec<(String, &'static str, bool)>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let message = Signal::derive(move || error.get().and_then(|e| e.field_message(field)));
    let group_id = format!("{id_prefix}{field}");
    view! {
        <div class="form-group" class:form-group--error=move || message.get().is_some()>
            <fieldset class="fieldset" id=group_id.clone()>
                <legend class="fieldset__legend">{legend}</legend>
                <FieldError id=group_id.clone() message/>
                <div class="checkboxes">
                    {boxes
                        .into_iter()
                        .enumerate()
                        .map(|(i, (name, label, ticked))| {
                            let id = format!("{group_id}-{i}");
                            view! {
                                <div class="checkboxes__item">
                                    <input class="checkboxes__input" type="checkbox" id=id.clone() name=name checked=ticked/>
                                    <label class="checkboxes__label" for=id>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A multi-line text box. leptos does NOT escape the children of
/// `<textarea>` when rendering on the server, so the text goes in escaped
/// by [`escape_text`] (a `</textarea>` typed by a user cannot close the
/// element), which keeps the form right before hydration; in the browser
/// `prop:value` owns the value.
#[component]
pub fn TextArea(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] field: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(default = 4)] rows: u32,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let key = field.unwrap_or(name);
    let id = key.to_string();
    let message = Signal::derive(move || error.get().and_then(|e| e.field_message(key)));
    let has_hint = hint.is_some();
    let value = value.unwrap_or_default();
    let text = escape_text(&value);
    view! {
        <div class="form-group" class:form-group--error=move || message.get().is_some()>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=format!("{id}-hint")>{h}</div> })}
            <FieldError id=id.clone() message/>
            <textarea
                class="textarea"
                class:input--error=move || message.get().is_some()
                id=id.clone()
                name=name
                rows=rows
                prop:value=value
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby={
                    let id = id.clone();
                    move || described_by(&id, has_hint, message.get().is_some())
                }
            >
                {text}
            </textarea>
        </div>
    }
}

/// One checkbox on its own, with its label beside it.
#[component]
pub fn Checkbox(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] checked: bool,
) -> impl IntoView {
    view! {
        <div class="form-group checkboxes__item">
            <input class="checkboxes__input" type="checkbox" id=name name=name checked=checked/>
            <label class="checkboxes__label" for=name>{label}</label>
        </div>
    }
}

/// Escapes text for a place where leptos writes it unescaped.
pub fn escape_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_text;

    #[test]
    fn escapes_markup_and_ampersands() {
        assert_eq!(
            escape_text("</textarea><b>&"),
            "&lt;/textarea&gt;&lt;b&gt;&amp;"
        );
        assert_eq!(escape_text("plain text"), "plain text");
    }
}
