//! Requesting funding, and changing a draft or returned request.

use super::form::FundingFields;
use crate::api::development::objective_choices;
use crate::api::funding::{
    FundingRequestInput, RequestFunding, UpdateFundingRequest, funding_request,
};
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::guard::Authorised;
use crate::ui::components::progress::id_param;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewFundingPage() -> impl IntoView {
    view! {
        <Title text="Request funding - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=|_| view! { <NewFunding/> }/>
    }
}

#[component]
fn NewFunding() -> impl IntoView {
    let objectives = Resource::new(|| (), |_| objective_choices());
    let action = ServerAction::<RequestFunding>::new();
    let error = action_error(action);
    view! {
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary error/>
                <h1>"Request funding"</h1>
                <p class="body">"The request is saved as a draft: you send it to your line manager from its page."</p>
                <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match objectives.await {
                            Ok(objectives) => view! {
                                <ActionForm action attr:novalidate=true>
                                    <FundingFields initial=FundingRequestInput::default() objectives error/>
                                    <button type="submit" class="button">"Save draft"</button>
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
pub fn EditFundingPage() -> impl IntoView {
    view! {
        <Title text="Change a funding request - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=|_| view! { <EditFunding/> }/>
    }
}

#[component]
fn EditFunding() -> impl IntoView {
    let id = id_param("id");
    let request = Resource::new(id, funding_request);
    let objectives = Resource::new(|| (), |_| objective_choices());
    let action = ServerAction::<UpdateFundingRequest>::new();
    let error = action_error(action);
    view! {
        <div class="grid-row">
            <div class="column-two-thirds">
                <p class="body"><a href=move || format!("/funding/{}", id())>"Back to the request"</a></p>
                <ErrorSummary error/>
                <h1>"Change a funding request"</h1>
                <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match (request.await, objectives.await) {
                            (Ok(detail), Ok(objectives)) => view! {
                                <ActionForm action attr:novalidate=true>
                                    <input type="hidden" name="id" value=detail.row.id/>
                                    <input type="hidden" name="lock_version" value=detail.row.lock_version/>
                                    <FundingFields initial=detail.input objectives error/>
                                    <button type="submit" class="button">"Save changes"</button>
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
