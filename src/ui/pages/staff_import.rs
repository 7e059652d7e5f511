//! Import staff (HR and administrators): choose an HR extract and the date
//! it describes, check it (a preview with every problem), then apply it.
//! The file goes to `POST /people/import` with XMLHttpRequest, whose
//! answer is read line by line as it arrives to follow the progress.

mod format;
mod preview;

#[cfg(feature = "hydrate")]
mod browser;

use crate::api::staff_import::import_today;
use crate::domain::roles::Role;
use crate::domain::staff::parse_date;
use crate::domain::staff_import::{Applied, Event, Preview};
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::Authorised;
use format::FileFormat;
use leptos::prelude::*;
use leptos_meta::Title;
use preview::PreviewView;

#[component]
pub fn StaffImportPage() -> impl IntoView {
    view! {
        <Title text="Import staff - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Hr, Role::Admin] children=|_| view! { <StaffImport/> }/>
    }
}

#[component]
fn StaffImport() -> impl IntoView {
    let today = Resource::new(|| (), |_| import_today());
    view! {
        <h1>"Import staff"</h1>
        <p class="lede">
            "Add and update staff records from your HR system's extract, a CSV file. "
            "You see what would change first: nothing is saved until you apply it."
        </p>
        <p class="body"><a href="#format">"What the file must contain"</a></p>
        <noscript>
            <p class="body">
                "Importing needs JavaScript. Without it, use the command line: mpce-portal import-staff FILE."
            </p>
        </noscript>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match today.await {
                    Ok(today) => view! { <ImportForm today/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
        <FileFormat/>
    }
}

/// The progress bar: waiting (no figure known) or a part of a whole.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bar {
    Waiting,
    Part(f64, f64),
}

/// Everything the form shows; each a signal, so the whole is `Copy` and
/// the request's callbacks update the page.
#[derive(Clone, Copy)]
struct Ui {
    file_error: RwSignal<Option<String>>,
    date_error: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    bar: RwSignal<Option<Bar>>,
    status: RwSignal<String>,
    preview: RwSignal<Option<Preview>>,
    applied: RwSignal<Option<Applied>>,
}

impl Ui {
    fn new() -> Ui {
        Ui {
            file_error: RwSignal::new(None),
            date_error: RwSignal::new(None),
            failure: RwSignal::new(None),
            busy: RwSignal::new(false),
            bar: RwSignal::new(None),
            status: RwSignal::new(String::new()),
            preview: RwSignal::new(None),
            applied: RwSignal::new(None),
        }
    }

    /// A new file or date: what was shown for the old one goes.
    fn reset(self) {
        self.preview.set(None);
        self.applied.set(None);
        self.failure.set(None);
        self.status.set(String::new());
    }

    /// Follows one event of the answer (in the browser).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn follow(self, event: Event, applying: bool) {
        match event {
            Event::Reading { rows } => {
                self.bar.set(Some(Bar::Waiting));
                self.status
                    .set(format!("Reading the file: {} so far", self::rows(rows)));
            }
            Event::Checking => {
                self.bar.set(Some(Bar::Waiting));
                self.status
                    .set("Checking the rows against the staff records".into());
            }
            Event::Applying { done, total } => {
                self.bar
                    .set(Some(Bar::Part(done as f64, total.max(1) as f64)));
                self.status.set(format!("Applying: {done} of {total}"));
            }
            Event::Done { preview, applied } => {
                self.finish();
                if let Some(applied) = applied {
                    self.status.set("The import is complete.".into());
                    self.preview.set(None);
                    self.applied.set(Some(*applied));
                } else if let Some(preview) = preview {
                    self.status.set(if applying {
                        "Nothing was imported: the file has problems.".into()
                    } else {
                        format!("Checked {}.", rows(preview.rows))
                    });
                    self.preview.set(Some(*preview));
                }
            }
            Event::Failed { message } => {
                self.finish();
                self.status.set(String::new());
                self.failure.set(Some(message));
            }
        }
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn finish(self) {
        self.busy.set(false);
        self.bar.set(None);
    }
}

/// "1 row", "2 rows".
fn rows(n: usize) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

/// The date field's own check (the server checks again).
fn date_problem(value: &str) -> Option<String> {
    if value.trim().is_empty() {
        return Some("Enter the date the extract describes, like 2026-04-01".into());
    }
    parse_date(value, "The date the extract describes").err()
}

#[component]
fn ImportForm(today: String) -> impl IntoView {
    let ui = Ui::new();
    let as_of = RwSignal::new(today);
    let file_ref = NodeRef::<leptos::html::Input>::new();
    let send = move |apply: bool| {
        if ui.busy.get_untracked() {
            return;
        }
        let day = as_of.get_untracked();
        ui.date_error.set(date_problem(&day));
        #[cfg(feature = "hydrate")]
        browser::start(file_ref, day, apply, ui);
        #[cfg(not(feature = "hydrate"))]
        let _ = (apply, file_ref);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(false);
    };
    view! {
        <form class="panel" on:submit=on_submit novalidate>
            <h2>"Check a file"</h2>
            {move || ui.failure.get().map(|m| view! {
                <div class="error-summary" role="alert">
                    <h2 class="error-summary__title">"The file could not be imported"</h2>
                    <p>{m}</p>
                </div>
            })}
            <div class="form-group" class:form-group--error=move || ui.file_error.get().is_some()>
                <label class="label" for="import-file">"CSV file"</label>
                <div class="hint" id="import-file-hint">"The HR system's extract, saved as CSV UTF-8, up to 64 MB"</div>
                {move || ui.file_error.get().map(|m| view! {
                    <span class="error-message" id="import-file-error">
                        <span class="visually-hidden">"Error: "</span>{m}
                    </span>
                })}
                <input
                    class="input"
                    type="file"
                    id="import-file"
                    name="file"
                    accept=".csv,text/csv"
                    node_ref=file_ref
                    aria-invalid=move || ui.file_error.get().is_some().then_some("true")
                    aria-describedby=move || if ui.file_error.get().is_some() {
                        "import-file-hint import-file-error"
                    } else {
                        "import-file-hint"
                    }
                    on:change=move |_| {
                        ui.file_error.set(None);
                        ui.reset();
                    }
                />
            </div>
            <div class="form-group" class:form-group--error=move || ui.date_error.get().is_some()>
                <label class="label" for="as-of">"Date the extract describes"</label>
                <div class="hint" id="as-of-hint">
                    "Changes of staff group, department, team, band, job role or hours take effect on this date"
                </div>
                {move || ui.date_error.get().map(|m| view! {
                    <span class="error-message" id="as-of-error">
                        <span class="visually-hidden">"Error: "</span>{m}
                    </span>
                })}
                <input
                    class="input input--width-10"
                    class:input--error=move || ui.date_error.get().is_some()
                    type="date"
                    id="as-of"
                    name="as_of"
                    prop:value=move || as_of.get()
                    aria-invalid=move || ui.date_error.get().is_some().then_some("true")
                    aria-describedby=move || if ui.date_error.get().is_some() {
                        "as-of-hint as-of-error"
                    } else {
                        "as-of-hint"
                    }
                    on:input:target=move |ev| {
                        as_of.set(ev.target().value());
                        ui.date_error.set(None);
                        ui.reset();
                    }
                />
            </div>
            <button type="submit" class="button" disabled=move || ui.busy.get()>"Check file"</button>
            <div class="upload__status">
                {move || ui.bar.get().map(|bar| match bar {
                    Bar::Waiting => view! {
                        <progress class="progress" aria-label="Import progress"></progress>
                    }.into_any(),
                    Bar::Part(done, total) => view! {
                        <progress class="progress" max=total.to_string() value=done.to_string() aria-label="Import progress"></progress>
                    }.into_any(),
                })}
                <p class="body" role="status" aria-live="polite">{move || ui.status.get()}</p>
            </div>
        </form>
        {move || ui.applied.get().map(|applied| view! {
            <div class="success-panel">
                <p>{applied.summary()}</p>
            </div>
            <p class="body">
                {format!(
                    "{} new departments, {} new teams, {} history rows written in {:.1} seconds. ",
                    applied.new_departments, applied.new_teams, applied.history_rows, applied.seconds
                )}
                <a href="/people">"Open the staff directory"</a>
            </p>
        })}
        {move || ui.preview.get().map(|preview| view! {
            <PreviewView preview busy=ui.busy on_apply=Callback::new(move |_| send(true))/>
        })}
    }
}
