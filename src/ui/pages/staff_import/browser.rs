//! Sending the file with XMLHttpRequest and following the answer, one
//! JSON line at a time, as it arrives (hydrated pages only).

use super::{Bar, Ui};
use crate::domain::staff_import::{Event, MAX_FILE_BYTES};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{ProgressEvent, XmlHttpRequest};

/// Checks the form and sends the chosen file.
pub fn start(file_ref: NodeRef<leptos::html::Input>, as_of: String, apply: bool, ui: Ui) {
    let file = file_ref
        .get_untracked()
        .and_then(|input| input.files())
        .and_then(|files| files.get(0));
    let file_problem = match &file {
        None => Some("Select a CSV file".to_string()),
        Some(f) if f.size() > MAX_FILE_BYTES as f64 => {
            Some("The file must be 64 MB or smaller".to_string())
        }
        Some(_) => None,
    };
    ui.file_error.set(file_problem.clone());
    let (Some(file), None, None) = (file, file_problem, ui.date_error.get_untracked()) else {
        return;
    };
    ui.failure.set(None);
    ui.busy.set(true);
    ui.bar.set(Some(Bar::Waiting));
    if send(&file, &as_of, apply, ui).is_err() {
        ui.finish();
        ui.failure
            .set(Some("The file could not be sent: try again".into()));
    }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// How far the answer has been read, and whether its last event
/// (done or failed) has arrived.
#[derive(Default)]
struct Answer {
    handled: Cell<usize>,
    finished: Cell<bool>,
}

/// Handles the complete lines of `text` not handled yet.
fn follow_lines(text: &str, reading: &Answer, apply: bool, ui: Ui) {
    let start = reading.handled.get().min(text.len());
    let Some(rest) = text.get(start..) else {
        return;
    };
    let Some(end) = rest.rfind('\n') else {
        return;
    };
    for line in rest[..end].lines().filter(|l| !l.trim().is_empty()) {
        if let Ok(event) = serde_json::from_str::<Event>(line) {
            if matches!(event, Event::Done { .. } | Event::Failed { .. }) {
                reading.finished.set(true);
            }
            ui.follow(event, apply);
        }
    }
    reading.handled.set(start + end + 1);
}

fn send(
    file: &web_sys::File,
    as_of: &str,
    apply: bool,
    ui: Ui,
) -> Result<(), wasm_bindgen::JsValue> {
    let url = format!(
        "/people/import?as_of={}&apply={}&name={}",
        encode(as_of),
        if apply { 1 } else { 0 },
        encode(&file.name())
    );
    let xhr = XmlHttpRequest::new()?;
    xhr.open_with_async("POST", &url, true)?;
    xhr.set_request_header("Content-Type", "text/csv")?;
    xhr.set_request_header("Accept", "application/x-ndjson")?;
    ui.status.set(format!("Sending {}…", file.name()));
    let on_upload = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            ui.bar.set(Some(Bar::Part(e.loaded(), e.total())));
            let percent = (e.loaded() / e.total() * 100.0).round();
            ui.status.set(format!("Sending the file: {percent}%"));
        }
    });
    xhr.upload()?
        .set_onprogress(Some(on_upload.as_ref().unchecked_ref()));
    // The handlers live as long as the request; one set per request.
    on_upload.forget();
    let reading = Rc::new(Answer::default());
    let reader = xhr.clone();
    let seen = reading.clone();
    let on_progress = Closure::<dyn FnMut()>::new(move || {
        if reader.status().unwrap_or(0) == 200 {
            let text = reader.response_text().ok().flatten().unwrap_or_default();
            follow_lines(&text, &seen, apply, ui);
        }
    });
    xhr.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    let done = xhr.clone();
    let on_load = Closure::once_into_js(move || {
        let code = done.status().unwrap_or(0);
        let text = done.response_text().ok().flatten().unwrap_or_default();
        if code == 200 {
            follow_lines(&format!("{text}\n"), &reading, apply, ui);
            if !reading.finished.get() {
                ui.finish();
                ui.failure.set(Some(
                    "The import stopped before it finished: check the staff directory, then try again".into(),
                ));
            }
            return;
        }
        ui.finish();
        ui.status.set(String::new());
        let answer = serde_json::from_str::<serde_json::Value>(&text).unwrap_or_default();
        let message = answer["message"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| format!("The file could not be checked (error {code}): try again"));
        match answer["field"].as_str() {
            Some("file") => ui.file_error.set(Some(message)),
            Some("as_of") => ui.date_error.set(Some(message)),
            _ => ui.failure.set(Some(message)),
        }
    });
    xhr.set_onload(Some(on_load.unchecked_ref()));
    let on_error = Closure::once_into_js(move || {
        ui.finish();
        ui.status.set(String::new());
        ui.failure.set(Some(
            "The connection failed: check it, then check the staff directory before trying again"
                .into(),
        ));
    });
    xhr.set_onerror(Some(on_error.unchecked_ref()));
    xhr.send_with_opt_blob(Some(file))
}
