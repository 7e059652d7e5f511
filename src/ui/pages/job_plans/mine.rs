//! My job plan: the latest version in full (grid, totals, status and
//! history), every version listed, and starting this year's plan.

use super::view::PlanDetail;
use crate::api::job_plans::{ActOnJobPlan, MyPlansView, StartJobPlan, my_job_plans};
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error, successes};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyJobPlanPage() -> impl IntoView {
    let act = ServerAction::<ActOnJobPlan>::new();
    let acted = successes(act);
    let plans = Resource::new(
        move || acted.get(),
        |_| ask_for(&[Role::Staff], my_job_plans()),
    );
    view! {
        <Title text="My job plan - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=move |_| view! { <Mine plans act/> }/>
    }
}

#[component]
fn Mine(plans: Resource<Asked<MyPlansView>>, act: ServerAction<ActOnJobPlan>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match plans.await {
                    None => ().into_any(),
                    Some(Ok(mine)) => view! { <MyPlans mine act/> }.into_any(),
                    Some(Err(error)) => view! { <h1>"My job plan"</h1><LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MyPlans(mine: MyPlansView, act: ServerAction<ActOnJobPlan>) -> impl IntoView {
    let start = ServerAction::<StartJobPlan>::new();
    let error = action_error(start);
    let year = mine.current_year_label.clone();
    view! {
        <ErrorSummary error/>
        <h1>"My job plan"</h1>
        {mine.can_start.then(|| view! {
            <section class="panel" aria-labelledby="start-heading">
                <h2 id="start-heading">{format!("Your {year} job plan")}</h2>
                <p class="body">"You have no job plan for this plan year yet. Start one: it opens in the editor as a draft."</p>
                <ActionForm action=start>
                    <input type="hidden" name="year" value=year.clone()/>
                    <button type="submit" class="button">{format!("Start my {year} job plan")}</button>
                </ActionForm>
            </section>
        })}
        {mine.latest.map(|plan| view! { <PlanDetail plan act nested=true/> })}
        {(!mine.plans.is_empty()).then(|| view! {
            <table class="table">
                <caption class="table__caption">"All my job plans"</caption>
                <thead><tr><th scope="col">"Plan year"</th><th scope="col">"Version"</th><th scope="col">"Status"</th><th scope="col">"Signed off"</th><th scope="col">"Review due"</th></tr></thead>
                <tbody>
                    {mine.plans.iter().map(|p| view! {
                        <tr>
                            <td><a href=format!("/job-plans/{}", p.id)>{p.year_label.clone()}</a></td>
                            <td>{p.version}</td>
                            <td>{p.status.label()}</td>
                            <td>{p.signed_off_on.clone().unwrap_or_default()}</td>
                            <td>{p.review_due.clone().unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}
