use super::form::CpdFields;
use crate::api::cpd::{
    CpdInput, CreateCpdActivity, DeleteCpdActivity, UpdateCpdActivity, get_cpd_activity,
    list_cpd_categories,
};
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::guard::Authorised;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

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
    let action = ServerAction::<CreateCpdActivity>::new();
    let error = action_error(action);
    view! {
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary error/>
                <h1>"Record a CPD activity"</h1>
                <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match categories.await {
                            Ok(categories) => view! {
                                <ActionForm action attr:novalidate=true>
                                    <CpdFields initial=CpdInput::default() categories error/>
                                    <button type="submit" class="button">"Save activity"</button>
                                </ActionForm>
                            }.into_any(),
                            Err(error) => view! { <LoadError error/> }.into_any(),
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
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let activity = Resource::new(id, get_cpd_activity);
    let categories = Resource::new(|| (), |_| list_cpd_categories());
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
                        match (activity.await, categories.await) {
                            (Ok(initial), Ok(categories)) => view! {
                                <ActionForm action=update attr:novalidate=true>
                                    <input type="hidden" name="id" value=id()/>
                                    <CpdFields initial categories error/>
                                    <button type="submit" class="button">"Save changes"</button>
                                </ActionForm>
                                <details class="panel">
                                    <summary class="details__summary">"Delete this activity"</summary>
                                    <p class="body">"Deleting removes the activity from your CPD record. This cannot be undone."</p>
                                    <ActionForm action=delete>
                                        <input type="hidden" name="id" value=id()/>
                                        <button type="submit" class="button button--warning">"Yes, delete this activity"</button>
                                    </ActionForm>
                                </details>
                            }.into_any(),
                            (Err(error), _) | (_, Err(error)) => view! { <LoadError error/> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}
