//! What changed between two versions of a plan.

use crate::api::job_plans::{PlanComparison, compare_job_plans};
use crate::domain::job_plans::diff::Change;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::Authorised;
use crate::ui::components::progress::id_param;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CompareJobPlansPage() -> impl IntoView {
    view! {
        <Title text="Compare job plan versions - MPCE Workforce Portal"/>
        <Authorised children=|_| view! { <Compare/> }/>
    }
}

#[component]
fn Compare() -> impl IntoView {
    let id = id_param("id");
    let query = use_query_map();
    let with = move || {
        query
            .read()
            .get("with")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let comparison = Resource::new(
        move || (with(), id()),
        |(from, to)| compare_job_plans(from, to),
    );
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match comparison.await {
                    Ok(c) => view! { <Changes comparison=c/> }.into_any(),
                    Err(error) => view! { <h1>"Compare versions"</h1><LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Changes(comparison: PlanComparison) -> impl IntoView {
    let c = comparison;
    let heading = format!(
        "{}: version {} compared with version {}",
        c.person_name, c.to.version, c.from.version
    );
    view! {
        <h1>{heading}</h1>
        <p class="body">
            <a href=format!("/job-plans/{}", c.to.id)>{format!("Version {} ({})", c.to.version, c.to.status.label())}</a>
            " and "
            <a href=format!("/job-plans/{}", c.from.id)>{format!("version {} ({})", c.from.version, c.from.status.label())}</a>
        </p>
        {if c.changes.is_empty() {
            view! { <p class="body">"The two versions are the same."</p> }.into_any()
        } else {
            view! {
                <ul class="changes">
                    {c.changes.into_iter().map(|change| match change {
                        Change::Figure(what, before, after) => view! {
                            <li>{format!("{what}: ")}<del>{before}</del>" → "<ins>{after}</ins></li>
                        }.into_any(),
                        Change::Added(line) => view! { <li><ins>{format!("Added: {line}")}</ins></li> }.into_any(),
                        Change::Removed(line) => view! { <li><del>{format!("Removed: {line}")}</del></li> }.into_any(),
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
