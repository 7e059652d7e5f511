//! The evidence of one activity: the files (each a download link) and, for
//! the owner, delete buttons and the upload form.

use crate::api::evidence::{DeleteEvidence, EvidenceFile, list_evidence};
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::upload::{EvidenceUpload, refusal_message};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn EvidenceSection(activity_id: i32) -> impl IntoView {
    let query = use_query_map();
    let outcome = query.read_untracked().get("evidence").unwrap_or_default();
    let refresh = RwSignal::new(0u32);
    let delete = ServerAction::<DeleteEvidence>::new();
    let delete_error = action_error(delete);
    let files = Resource::new(
        move || (refresh.get(), delete.version().get()),
        move |_| list_evidence(activity_id),
    );
    view! {
        <section id="evidence" aria-labelledby="evidence-heading">
            <h2 id="evidence-heading">"Evidence"</h2>
            <ErrorSummary error=delete_error/>
            {(outcome == "uploaded").then(|| view! {
                <div class="success-panel" role="status"><p>"The file was uploaded."</p></div>
            })}
            <Transition fallback=|| view! { <p class="body">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match files.await {
                        Ok(files) => view! { <EvidenceTable files delete=Some(delete)/> }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}
            </Transition>
            <EvidenceUpload
                activity_id
                initial_error=refusal_message(&outcome)
                on_uploaded=Callback::new(move |_| refresh.update(|n| *n += 1))
            />
        </section>
    }
}

/// The files as a table; with `delete`, each row has a delete button.
#[component]
pub fn EvidenceTable(
    files: Vec<EvidenceFile>,
    delete: Option<ServerAction<DeleteEvidence>>,
) -> impl IntoView {
    if files.is_empty() {
        return view! { <p class="body">"No evidence files yet."</p> }.into_any();
    }
    view! {
        <table class="table">
            <caption class="table__caption">"Evidence files"</caption>
            <thead>
                <tr>
                    <th scope="col">"File"</th>
                    <th scope="col">"Size"</th>
                    <th scope="col">"Uploaded"</th>
                    {delete.is_some().then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                </tr>
            </thead>
            <tbody>
                {files.into_iter().map(|f| {
                    let label = format!("Delete {}", f.file_name);
                    view! {
                        <tr>
                            <td><a href=format!("/evidence/{}", f.id) download=f.file_name.clone()>{f.file_name.clone()}</a></td>
                            <td>{f.size}</td>
                            <td>{f.uploaded_on}</td>
                            {delete.map(|action| view! {
                                <td>
                                    <ActionForm action>
                                        <input type="hidden" name="id" value=f.id/>
                                        <button type="submit" class="button button--warning button--small" aria-label=label>"Delete"</button>
                                    </ActionForm>
                                </td>
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
