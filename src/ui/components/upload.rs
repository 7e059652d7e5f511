//! The evidence upload form. Without scripts it is a plain multipart form
//! post; once hydrated it uploads with XMLHttpRequest so that a progress
//! bar can follow the bytes, and reports the outcome next to the field.

use crate::domain::evidence::{ACCEPT, MAX_FILE_BYTES, UploadRefusal, human_size};
use leptos::prelude::*;

#[component]
pub fn EvidenceUpload(
    activity_id: i32,
    /// A refusal reported by a plain form post (from the page address).
    initial_error: Option<String>,
    /// Called after a file is stored, to refresh the list.
    on_uploaded: Callback<()>,
) -> impl IntoView {
    let progress = RwSignal::new(None::<u8>);
    let error = RwSignal::new(initial_error);
    let status = RwSignal::new(String::new());
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            browser::start(form_ref, activity_id, progress, error, status, on_uploaded);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, form_ref, on_uploaded);
    };
    let hint = format!(
        "A PDF, an image or an office document, up to {} each",
        human_size(MAX_FILE_BYTES)
    );
    view! {
        <form
            node_ref=form_ref
            method="post"
            enctype="multipart/form-data"
            action=format!("/cpd/{activity_id}/evidence")
            on:submit=on_submit
        >
            <div class="form-group" class:form-group--error=move || error.get().is_some()>
                <label class="label" for="evidence-file">"Add an evidence file"</label>
                <div class="hint" id="evidence-file-hint">{hint}</div>
                {move || error.get().map(|m| view! {
                    <span class="error-message" id="evidence-file-error">
                        <span class="visually-hidden">"Error: "</span>{m}
                    </span>
                })}
                <input
                    class="input"
                    type="file"
                    id="evidence-file"
                    name="file"
                    accept=ACCEPT
                    aria-describedby=move || if error.get().is_some() {
                        "evidence-file-hint evidence-file-error"
                    } else {
                        "evidence-file-hint"
                    }
                />
            </div>
            <button type="submit" class="button button--secondary">"Upload file"</button>
            <div class="upload__status">
                {move || progress.get().map(|p| view! {
                    <progress class="progress" max="100" value=p.to_string() aria-label="Upload progress">
                        {format!("{p}%")}
                    </progress>
                })}
                <p class="body" role="status" aria-live="polite">{move || status.get()}</p>
            </div>
        </form>
    }
}

/// The message for a refusal code in the page address.
pub fn refusal_message(code: &str) -> Option<String> {
    UploadRefusal::from_code(code).map(UploadRefusal::message)
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{FormData, HtmlInputElement, ProgressEvent, XmlHttpRequest};

    pub fn start(
        form_ref: NodeRef<leptos::html::Form>,
        activity_id: i32,
        progress: RwSignal<Option<u8>>,
        error: RwSignal<Option<String>>,
        status: RwSignal<String>,
        on_uploaded: Callback<()>,
    ) {
        error.set(None);
        let Some(form) = form_ref.get() else { return };
        let file = form
            .query_selector("input[type=file]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            error.set(Some(UploadRefusal::NoFile.message()));
            return;
        };
        if file.size() > MAX_FILE_BYTES as f64 {
            error.set(Some(UploadRefusal::TooLarge.message()));
            return;
        }
        if send(
            &form,
            &file,
            activity_id,
            progress,
            error,
            status,
            on_uploaded,
        )
        .is_err()
        {
            error.set(Some("The upload could not start: try again".into()));
        }
    }

    fn send(
        form: &web_sys::HtmlFormElement,
        file: &web_sys::File,
        activity_id: i32,
        progress: RwSignal<Option<u8>>,
        error: RwSignal<Option<String>>,
        status: RwSignal<String>,
        on_uploaded: Callback<()>,
    ) -> Result<(), wasm_bindgen::JsValue> {
        let data = FormData::new()?;
        data.append_with_blob_and_filename("file", file, &file.name())?;
        let xhr = XmlHttpRequest::new()?;
        xhr.open_with_async("POST", &format!("/cpd/{activity_id}/evidence"), true)?;
        xhr.set_request_header("Accept", "application/json")?;
        progress.set(Some(0));
        status.set(format!("Uploading {}…", file.name()));
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress.set(Some(((e.loaded() / e.total()) * 100.0).round() as u8));
            }
        });
        xhr.upload()?
            .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        // The handler lives as long as the request; one per upload.
        on_progress.forget();
        let done = xhr.clone();
        let form = form.clone();
        let name = file.name();
        let on_load = Closure::once_into_js(move || {
            let code = done.status().unwrap_or(0);
            if code == 201 {
                progress.set(Some(100));
                status.set(format!("Uploaded {name}"));
                form.reset();
                on_uploaded.run(());
            } else {
                progress.set(None);
                status.set(String::new());
                let message = done
                    .response_text()
                    .ok()
                    .flatten()
                    .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                    .and_then(|v| v["message"].as_str().map(str::to_string))
                    .unwrap_or_else(|| format!("The upload failed (error {code}): try again"));
                error.set(Some(message));
            }
        });
        xhr.set_onload(Some(on_load.unchecked_ref()));
        let on_error = Closure::once_into_js(move || {
            progress.set(None);
            status.set(String::new());
            error.set(Some(
                "The upload failed: check your connection and try again".into(),
            ));
        });
        xhr.set_onerror(Some(on_error.unchecked_ref()));
        xhr.send_with_opt_form_data(Some(&data))
    }
}
