use crate::api::development::{CreateObjective, ObjectiveInput, ObjectiveRow, my_objectives};
use crate::domain::development::ObjectiveStatus;
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use leptos::prelude::*;
use leptos_meta::Title;

use super::edit::ObjectiveFields;

#[component]
pub fn DevelopmentPage() -> impl IntoView {
    let create = ServerAction::<CreateObjective>::new();
    let objectives = Resource::new(
        move || create.version().get(),
        |_| ask_for(&[Role::Staff], my_objectives()),
    );
    view! {
        <Title text="Development plan - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=move |_| view! { <Development objectives create/> }/>
    }
}

#[component]
fn Development(
    objectives: Resource<Asked<Vec<ObjectiveRow>>>,
    create: ServerAction<CreateObjective>,
) -> impl IntoView {
    let error = action_error(create);
    view! {
        <ErrorSummary error/>
        <h1>"My personal development plan"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match objectives.await {
                    None => ().into_any(),
                    Some(Ok(rows)) => view! { <ObjectivesTable rows/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>"Add an objective"</h2>
        <ActionForm action=create attr:novalidate=true>
            <ObjectiveFields initial=ObjectiveInput::default() error/>
            <button type="submit" class="button">"Add objective"</button>
        </ActionForm>
    }
}

#[component]
fn ObjectivesTable(rows: Vec<ObjectiveRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="body">"No objectives yet. Add what you want to learn or achieve this year."</p> }.into_any();
    }
    view! {
        <table class="table">
            <caption class="table__caption">"Objectives"</caption>
            <thead>
                <tr>
                    <th scope="col">"Objective"</th>
                    <th scope="col">"Target date"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Linked CPD"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|o| {
                    let open = ObjectiveStatus::parse(&o.status).is_some_and(|s| s.is_open());
                    let tag = match (o.overdue, open) {
                        (true, _) => "tag tag--red",
                        (false, true) => "tag tag--amber",
                        (false, false) => "tag tag--green",
                    };
                    let status = if o.overdue { format!("{} (overdue)", o.status_label) } else { o.status_label.clone() };
                    view! {
                        <tr>
                            <td><a href=format!("/development/{}", o.id)>{o.title}</a></td>
                            <td>{o.target_date.unwrap_or_default()}</td>
                            <td><strong class=tag>{status}</strong></td>
                            <td>{format!("{} activities, {} hours", o.activity_count, o.activity_hours)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
