//! Administrators set the annual CPD target and protected-learning-time
//! allowance of each staff group (for a full-time person employed all
//! year; each person's figures are pro-rated).

use crate::api::targets::{SetTarget, TargetRow, list_targets};
use crate::domain::roles::Role;
use crate::ui::components::errors::successes;
use crate::ui::components::errors::{
    ErrorSummary, LoadError, SuccessPanel, action_error, action_succeeded,
};
use crate::ui::components::fields::{SelectField, TextField};
use crate::ui::components::guard::Authorised;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TargetsPage() -> impl IntoView {
    view! {
        <Title text="CPD targets - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Admin] children=|_| view! { <Targets/> }/>
    }
}

#[component]
fn Targets() -> impl IntoView {
    let set = ServerAction::<SetTarget>::new();
    let error = action_error(set);
    let saved = action_succeeded(set);
    let saved_count = successes(set);
    let rows = Resource::new(move || saved_count.get(), |_| list_targets());
    view! {
        <ErrorSummary error/>
        <SuccessPanel show=saved message="The targets were saved."/>
        <h1>"CPD targets and protected learning time"</h1>
        <p class="body">"Hours a year for a full-time person employed all year. Each person's figures are pro-rated by FTE and by the part of the year (April to March) they are employed."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) => view! { <TargetsTable rows=rows.clone()/><TargetForm rows set error/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TargetsTable(rows: Vec<TargetRow>) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="table__caption">"Current targets"</caption>
            <thead>
                <tr>
                    <th scope="col">"Staff group"</th>
                    <th scope="col">"CPD target (hours a year)"</th>
                    <th scope="col">"Protected learning time (hours a year)"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr><td>{r.staff_group}</td><td>{r.cpd_hours}</td><td>{r.plt_hours}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn TargetForm(
    rows: Vec<TargetRow>,
    set: ServerAction<SetTarget>,
    error: Signal<Option<crate::api::AppError>>,
) -> impl IntoView {
    let groups: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.staff_group.clone(), r.staff_group.clone()))
        .collect();
    view! {
        <h2>"Change a staff group's targets"</h2>
        <ActionForm action=set attr:novalidate=true>
            <SelectField name="input[staff_group]" field="staff_group" label="Staff group" options=groups error/>
            <TextField name="input[cpd_hours]" field="cpd_hours" label="CPD target, hours a year" hint="For example 30" width="input--width-5" error/>
            <TextField name="input[plt_hours]" field="plt_hours" label="Protected learning time, hours a year" hint="For example 37.5 (five days)" width="input--width-5" error/>
            <button type="submit" class="button">"Save targets"</button>
        </ActionForm>
    }
}
