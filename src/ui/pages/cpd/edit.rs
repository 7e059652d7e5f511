use super::evidence::EvidenceSection;
use super::form::CpdFields;
use crate::api::cpd::{
    CpdInput, CreateCpdActivity, DeleteCpdActivity, UpdateCpdActivity, get_cpd_activity,
    list_cpd_categories,
};
use crate::api::development::objective_choices;
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::guard::Authorised;
use crate::ui::components::progress::id_param;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewCpdPage() -> impl IntoView {
    view! {
        <Title text="Record a CPD activity - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=|_| view! { <NewCpd/> }/>
    }
}

#[component]
fn NewCpd() -> impl IntoView {
    let categories = Resource::new(|| (), |_| list_cpd_categories());
    let objectives = Resource::new(|| (), |_| objective_choices());
    let action = ServerAction::<CreateCpdActivity>::new();
    let error = action_error(action);
    view! {
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary error/>
                <h1>"Record a CPD activity"</h1>
                <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match (categories.await, objectives.await) {
                            (Ok(categories), Ok(objectives)) => view! {
                                <ActionForm action attr:novalidate=true>
                                    <CpdFields initial=CpdInput::default() categories objectives error/>
                                    <p class="body">"You can add evidence files once the activity is saved."</p>
                                    <button type="submit" class="button">"Save activity"</button>
                                </ActionForm>
                            }.into_any(),
                            (Err(error), _) | (_, Err(error)) => view! { <LoadError error/> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}

#[component]
pub fn EditCpdPage() -> impl IntoView {
    view! {
        <Title text="Edit a CPD activity - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=|_| view! { <EditCpd/> }/>
    }
}

#[component]
fn EditCpd() -> impl IntoView {
    let id = id_param("id");
    let activity = Resource::new(id, get_cpd_activity);
    let categories = Resource::new(|| (), |_| list_cpd_categories());
    let objectives = Resource::new(|| (), |_| objective_choices());
    let update = ServerAction::<UpdateCpdActivity>::new();
    let delete = ServerAction::<DeleteCpdActivity>::new();
    let error = action_error(update);
    let delete_error = action_error(delete);
    view! {
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary error/>
                <ErrorSummary error=delete_error/>
                <h1>"Edit a CPD activity"</h1>
                <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match (activity.await, categories.await, objectives.await) {
                            (Ok(initial), Ok(categories), Ok(objectives)) => view! {
                                <ActionForm action=update attr:novalidate=true>
                                    <input type="hidden" name="id" value=id()/>
                                    <CpdFields initial categories objectives error/>
                                    <button type="submit" class="button">"Save changes"</button>
                                </ActionForm>
                                <EvidenceSection activity_id=id()/>
                                <details class="panel">
                                    <summary class="details__summary">"Delete this activity"</summary>
                                    <p class="body">"Deleting removes the activity from your CPD record. This cannot be undone."</p>
                                    <ActionForm action=delete>
                                        <input type="hidden" name="id" value=id()/>
                                        <button type="submit" class="button button--warning">"Yes, delete this activity"</button>
                                    </ActionForm>
                                </details>
                            }.into_any(),
                            (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => view! { <LoadError error/> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}
