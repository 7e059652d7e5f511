//! The print-ready job plan: the week, every activity, the totals and the
//! names and dates of agreement and sign-off, laid out for paper by the
//! print stylesheet.

use super::display::{ActivityTable, AnnualisedTable, PlanTotals, WeekGrid, plan_of};
use super::view::status_line;
use crate::api::job_plans::{JobPlanView, job_plan};
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::Authorised;
use crate::ui::components::progress::id_param;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn JobPlanPrintPage() -> impl IntoView {
    view! {
        <Title text="Job plan (print) - MPCE Workforce Portal"/>
        <Authorised children=|_| view! { <Print/> }/>
    }
}

#[component]
fn Print() -> impl IntoView {
    let id = id_param("id");
    let plan = Resource::new(id, job_plan);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(p) => view! { <Printed plan=p/> }.into_any(),
                    Err(error) => view! { <h1>"Job plan"</h1><LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Printed(plan: JobPlanView) -> impl IntoView {
    let p = plan;
    let Some(form) = p.form.clone() else {
        return view! {
            <h1>"Job plan"</h1>
            <p class="body">"Only the person and their managers can print this plan."</p>
        }
        .into_any();
    };
    let content = plan_of(&form);
    let signal = Signal::derive({
        let content = content.clone();
        move || content.clone()
    });
    let labels = p.labels.clone();
    let sign = |role: &str, by: &Option<String>, on: &Option<String>| match (by, on) {
        (Some(by), Some(on)) => format!("{role}: {by}, {on}"),
        _ => format!("{role}: not yet"),
    };
    view! {
        <div class="actions no-print">
            <a href=format!("/job-plans/{}", p.id)>"Back to the plan"</a>
        </div>
        <h1>{format!("Job plan {}: {}", p.year_label, p.person_name)}</h1>
        <p class="body">{format!("{}. Version {}.", p.job_role, p.version)}</p>
        <p class="body">{status_line(&p)}</p>
        <WeekGrid plan=signal labels=labels.clone()/>
        <ActivityTable plan=content.clone() labels=labels.clone()/>
        <AnnualisedTable plan=content.clone() labels=labels.clone()/>
        <h2>"Totals"</h2>
        <PlanTotals plan=signal labels=labels/>
        <section class="sign-off" aria-labelledby="sign-off-heading">
            <h2 id="sign-off-heading">"Agreement and sign-off"</h2>
            <ul class="body">
                <li>{format!("Submitted by {}: {}", p.person_name, p.submitted_on.clone().unwrap_or_else(|| "not yet".into()))}</li>
                <li>{sign("Agreed by the line manager", &p.agreed_by, &p.agreed_on)}</li>
                <li>{sign("Signed off by the head of service", &p.signed_off_by, &p.signed_off_on)}</li>
                <li>{format!("Review due: {}", p.review_due.clone().unwrap_or_else(|| "12 months after sign-off".into()))}</li>
            </ul>
        </section>
    }
    .into_any()
}
