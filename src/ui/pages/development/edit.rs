use crate::api::AppError;
use crate::api::development::{DeleteObjective, ObjectiveInput, UpdateObjective, get_objective};
use crate::domain::development::ObjectiveStatus;
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::fields::{SelectField, TextArea, TextField};
use crate::ui::components::guard::Authorised;
use crate::ui::components::progress::id_param;
use leptos::prelude::*;
use leptos_meta::Title;

/// The fields of an objective; names are `input[...]`.
#[component]
pub fn ObjectiveFields(
    initial: ObjectiveInput,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i = initial;
    let statuses: Vec<(String, String)> = ObjectiveStatus::ALL
        .into_iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect();
    let status = if i.status.is_empty() {
        ObjectiveStatus::NotStarted.as_str().to_string()
    } else {
        i.status
    };
    view! {
        <TextField name="input[title]" field="title" label="Objective" hint="For example, gain MPE recognition in nuclear medicine" value=i.title error/>
        <TextArea name="input[description]" field="description" label="How you will get there (optional)" value=i.description rows=3 error/>
        <TextField name="input[target_date]" field="target_date" label="Target date (optional)" kind="date" width="input--width-10" value=i.target_date error/>
        <SelectField name="input[status]" field="status" label="Status" options=statuses selected=status placeholder="Select a status" error/>
    }
}

#[component]
pub fn ObjectivePage() -> impl IntoView {
    view! {
        <Title text="Development plan objective - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=|_| view! { <Objective/> }/>
    }
}

#[component]
fn Objective() -> impl IntoView {
    let id = id_param("id");
    let update = ServerAction::<UpdateObjective>::new();
    let delete = ServerAction::<DeleteObjective>::new();
    let error = action_error(update);
    let delete_error = action_error(delete);
    let detail = Resource::new(id, get_objective);
    view! {
        <p class="body"><a href="/development">"Back to my development plan"</a></p>
        <ErrorSummary error/>
        <ErrorSummary error=delete_error/>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let o = d.objective;
                        let initial = ObjectiveInput {
                            title: o.title.clone(),
                            description: o.description.clone().unwrap_or_default(),
                            target_date: o.target_date.clone().unwrap_or_default(),
                            status: o.status.clone(),
                        };
                        view! {
                            <h1>{o.title.clone()}</h1>
                            <h2>"Linked CPD activities"</h2>
                            {if d.activities.is_empty() {
                                view! { <p class="body">"No activities linked yet: choose this objective when you record one."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="body">
                                        {d.activities.into_iter().map(|a| view! {
                                            <li><a href=format!("/cpd/{}/edit", a.id)>{a.title}</a>{format!(" ({}, {} hours)", a.start_date, a.hours)}</li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <h2>"Edit the objective"</h2>
                            <ActionForm action=update attr:novalidate=true>
                                <input type="hidden" name="id" value=id()/>
                                <ObjectiveFields initial error/>
                                <button type="submit" class="button">"Save changes"</button>
                            </ActionForm>
                            <details class="panel">
                                <summary class="details__summary">"Delete this objective"</summary>
                                <p class="body">"Linked activities and sessions stay in your record without the link."</p>
                                <ActionForm action=delete>
                                    <input type="hidden" name="id" value=id()/>
                                    <button type="submit" class="button button--warning">"Yes, delete this objective"</button>
                                </ActionForm>
                            </details>
                        }.into_any()
                    }
                    Err(error) => view! { <h1>"Objective"</h1><LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
