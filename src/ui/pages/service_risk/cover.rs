//! `/admin/service-cover`: administrators choose a department, add,
//! change and remove its cover requirements, and add MPE modalities.

use super::{DepartmentChooser, department_param};
use crate::api::AppError;
use crate::api::service_risk::{
    AddMpeModality, DeleteCoverRequirement, ServiceRiskView, SetCoverRequirement, mpe_modalities,
    service_risk,
};
use crate::domain::roles::Role;
use crate::domain::service_risk::CoverKind;
use crate::ui::components::errors::{
    ErrorSummary, LoadError, SuccessPanel, action_error, action_succeeded, successes,
};
use crate::ui::components::fields::{SelectField, TextField};
use crate::ui::components::guard::Authorised;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ServiceCoverPage() -> impl IntoView {
    view! {
        <Title text="Service cover requirements - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Admin] children=|_| view! { <ServiceCover/> }/>
    }
}

#[component]
fn ServiceCover() -> impl IntoView {
    let department = department_param();
    let set = ServerAction::<SetCoverRequirement>::new();
    let delete = ServerAction::<DeleteCoverRequirement>::new();
    let add = ServerAction::<AddMpeModality>::new();
    let (set_done, delete_done, add_done) = (successes(set), successes(delete), successes(add));
    let data = Resource::new(
        move || (department(), set_done.get(), delete_done.get()),
        |(department, _, _)| service_risk(department),
    );
    let modalities = Resource::new(move || add_done.get(), |_| mpe_modalities());
    let set_error = action_error(set);
    let delete_error = action_error(delete);
    let add_error = action_error(add);
    view! {
        <ErrorSummary error=set_error/>
        <ErrorSummary error=delete_error/>
        <ErrorSummary error=add_error/>
        <h1>"Service cover requirements"</h1>
        <p class="body">"How many people in each department must hold a current Medical Physics Expert certificate for each modality it runs, and a current Radiation Protection Adviser certificate. Heads of service see the cover on the Service risk page."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match (data.await, modalities.await) {
                    (Ok(data), Ok(modalities)) => view! {
                        <Requirements data modalities=modalities.clone() set delete error=set_error/>
                        <AddModality modalities add error=add_error/>
                    }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The modalities in the list, and the form that adds one.
#[component]
fn AddModality(
    modalities: Vec<String>,
    add: ServerAction<AddMpeModality>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="add-modality">
            <h2 id="add-modality">"Add an MPE modality"</h2>
            <SuccessPanel show=action_succeeded(add) message="The modality was added to the list."/>
            <p class="body">{format!("In the list: {}.", modalities.join(", "))}</p>
            <ActionForm action=add attr:novalidate=true>
                <TextField name="name" label="New modality name" hint="It is offered on MPE certificates and for cover requirements. It cannot contain commas." error/>
                <button type="submit" class="button button--secondary">"Add modality"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Requirements(
    data: ServiceRiskView,
    modalities: Vec<String>,
    set: ServerAction<SetCoverRequirement>,
    delete: ServerAction<DeleteCoverRequirement>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let d = data;
    let kinds: Vec<(String, String)> = CoverKind::ALL
        .into_iter()
        .map(|k| (k.as_str().to_string(), k.label().to_string()))
        .collect();
    let modality_options: Vec<(String, String)> =
        modalities.into_iter().map(|m| (m.clone(), m)).collect();
    let caption = format!("Requirements for {}", d.department);
    view! {
        <DepartmentChooser action="/admin/service-cover" departments=d.departments selected=d.department_id/>
        <SuccessPanel show=action_succeeded(delete) message="The requirement was removed."/>
        {if d.requirements.is_empty() {
            view! { <p class="body">{format!("No cover requirements are set for {}.", d.department)}</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="table__caption">{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Cover"</th>
                            <th scope="col">"Minimum certified people"</th>
                            <th scope="col">"Status now"</th>
                            <th scope="col">"Change"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {d.requirements.into_iter().map(|r| view! {
                            <tr>
                                <td>{r.label.clone()}</td>
                                <td>{r.minimum}</td>
                                <td><strong class=r.status.css()>{r.status_label}</strong></td>
                                <td>
                                    <ActionForm action=delete>
                                        <input type="hidden" name="id" value=r.id/>
                                        <button type="submit" class="button button--warning button--small">
                                            "Remove"<span class="visually-hidden">{format!(" {}", r.label)}</span>
                                        </button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <section class="panel" aria-labelledby="set-requirement">
            <h2 id="set-requirement">"Add or change a requirement"</h2>
            <SuccessPanel show=action_succeeded(set) message="The requirement was saved."/>
            <p class="body">{format!("For {}. Saving cover that is already listed changes its minimum.", d.department)}</p>
            <ActionForm action=set attr:novalidate=true>
                <input type="hidden" name="department_id" value=d.department_id/>
                <SelectField name="kind" label="Certificate" options=kinds error/>
                <SelectField name="modality" label="MPE modality" hint="For MPE cover only: leave it empty for RPA cover" options=modality_options placeholder="None (RPA cover)" error/>
                <TextField name="minimum" label="Minimum number of certified people" hint="A whole number, at least 1" width="input--width-5" error/>
                <button type="submit" class="button">"Save requirement"</button>
            </ActionForm>
        </section>
    }
}
