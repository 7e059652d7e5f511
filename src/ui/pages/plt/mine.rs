//! My protected learning time: the year's figures, the request form and
//! the sessions.

use super::summary::{PltFigures, SessionsTable};
use crate::api::development::{ObjectiveChoice, objective_choices};
use crate::api::plt::{CancelPlt, PltOverview, RequestPlt, my_plt};
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error, successes};
use crate::ui::components::fields::{SelectField, TextArea, TextField};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyPltPage() -> impl IntoView {
    let request = ServerAction::<RequestPlt>::new();
    let cancel = ServerAction::<CancelPlt>::new();
    let (requested, cancelled) = (successes(request), successes(cancel));
    let overview = Resource::new(
        move || (requested.get(), cancelled.get()),
        |_| ask_for(&[Role::Staff], my_plt(String::new())),
    );
    let objectives = Resource::new(|| (), |_| ask_for(&[Role::Staff], objective_choices()));
    view! {
        <Title text="Protected learning time - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=move |_| view! { <MyPlt overview objectives request cancel/> }/>
    }
}

#[component]
fn MyPlt(
    overview: Resource<Asked<PltOverview>>,
    objectives: Resource<Asked<Vec<ObjectiveChoice>>>,
    request: ServerAction<RequestPlt>,
    cancel: ServerAction<CancelPlt>,
) -> impl IntoView {
    let error = action_error(request);
    let cancel_error = action_error(cancel);
    view! {
        <ErrorSummary error/>
        <ErrorSummary error=cancel_error/>
        <h1>"Protected learning time"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match (overview.await, objectives.await) {
                    (Some(Ok(o)), Some(Ok(objectives))) => {
                        let options: Vec<(String, String)> = objectives.into_iter().map(|o| (o.id.to_string(), o.title)).collect();
                        let bookable = format!("You can book {} more hours this year. Your line manager approves each request.", o.bookable);
                        view! {
                            <PltFigures overview=o.clone()/>
                            <h2>"Request a session"</h2>
                            <p class="body">{bookable}</p>
                            <ActionForm action=request attr:novalidate=true>
                                <TextField name="input[session_date]" field="session_date" label="Date" kind="date" width="input--width-10" error/>
                                <TextField name="input[hours]" field="hours" label="Hours" hint="In quarter hours, for example 3.5" width="input--width-5" error/>
                                <TextArea name="input[purpose]" field="purpose" label="Purpose" hint="What you will learn or do" rows=3 error/>
                                <SelectField name="input[pdp_objective_id]" field="pdp_objective_id" label="Development plan objective (optional)" options placeholder="None" error/>
                                <button type="submit" class="button">"Send request"</button>
                            </ActionForm>
                            <SessionsTable sessions=o.sessions cancel=Some(cancel)/>
                        }.into_any()
                    }
                    (Some(Err(error)), _) | (_, Some(Err(error))) => view! { <LoadError error/> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}
