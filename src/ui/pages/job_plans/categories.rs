//! Administrators name the four job-plan categories for their services
//! (for example "Direct clinical and technical work" for healthcare
//! science); the arithmetic keeps using the national categories.

use crate::api::job_plans::{RenameJobPlanCategory, job_plan_categories};
use crate::domain::job_plans::Category;
use crate::domain::roles::Role;
use crate::ui::components::errors::{
    ErrorSummary, LoadError, SuccessPanel, action_error, action_succeeded, successes,
};
use crate::ui::components::guard::Authorised;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn JobPlanCategoriesPage() -> impl IntoView {
    view! {
        <Title text="Job plan categories - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Admin] children=|_| view! { <Categories/> }/>
    }
}

#[component]
fn Categories() -> impl IntoView {
    let rename = ServerAction::<RenameJobPlanCategory>::new();
    let error = action_error(rename);
    let done = action_succeeded(rename);
    let renamed = successes(rename);
    let labels = Resource::new(move || renamed.get(), |_| job_plan_categories());
    view! {
        <ErrorSummary error/>
        <SuccessPanel show=done message="The category name was saved."/>
        <h1>"Job plan categories"</h1>
        <p class="body">"Give each category the name your services use. Totals and warnings do not change; leave a name empty to go back to the national one."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match labels.await {
                    Ok(labels) => Category::ALL.into_iter().map(|c| {
                        let id = format!("label-{}", c.as_str());
                        let current = labels[c.index()].clone();
                        view! {
                            <ActionForm action=rename>
                                <input type="hidden" name="category" value=c.as_str()/>
                                <div class="form-group">
                                    <label class="label" for=id.clone()>{format!("Name for {}", c.default_label())}</label>
                                    <input class="input input--width-20" id=id name="label" type="text" value=current/>
                                </div>
                                <button type="submit" class="button button--secondary">{format!("Save the name for {}", c.default_label())}</button>
                            </ActionForm>
                        }
                    }).collect_view().into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
