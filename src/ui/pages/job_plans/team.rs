//! The team view for line managers, heads of service, HR and
//! administrators: who has a current signed-off plan against the 90% the
//! NHS expects, each person's latest plan, filters by team and status, and
//! the plans awaiting the viewer.

use crate::api::job_plans::{TeamPlansView, team_job_plans};
use crate::domain::job_plans::status::{EXPECTED_SHARE_PERCENT, PlanStatus};
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::components::progress::ProgressBar;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Who sees other people's job plans.
const OVERSEERS: &[Role] = &[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin];

#[component]
pub fn TeamJobPlansPage() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        query.with(|q| {
            (
                q.get("team").unwrap_or_default(),
                q.get("status").unwrap_or_default(),
            )
        })
    };
    let plans = Resource::new(filters, |(team, status)| {
        ask_for(OVERSEERS, team_job_plans(team, status))
    });
    view! {
        <Title text="Job plans - MPCE Workforce Portal"/>
        <Authorised roles=OVERSEERS children=move |_| view! { <Team plans filters/> }/>
    }
}

#[component]
fn Team(
    plans: Resource<Asked<TeamPlansView>>,
    filters: impl Fn() -> (String, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <h1>"Job plans"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (team, status) = filters();
                match plans.await {
                    None => ().into_any(),
                    Some(Ok(v)) => view! { <TeamView data=v team status/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

const STATUS_FILTERS: &[(&str, &str)] = &[
    ("", "Everyone"),
    ("current", "Current signed-off plan"),
    ("not_current", "No current plan"),
    ("none", "No plan at all"),
    ("draft", "Draft"),
    ("submitted", "Submitted (awaiting agreement)"),
    ("agreed", "Agreed (awaiting sign-off)"),
    ("signed_off", "Signed off"),
];

#[component]
fn TeamView(data: TeamPlansView, team: String, status: String) -> impl IntoView {
    let d = data;
    let summary = format!(
        "{} of {} have a current signed-off job plan - {}% against the {}% the NHS expects{}",
        d.current,
        d.staff,
        d.percent,
        EXPECTED_SHARE_PERCENT,
        if d.meets_expectation {
            ""
        } else {
            " (below the expected level)"
        }
    );
    view! {
        <ProgressBar label="Staff with a current signed-off job plan".to_string() percent=d.percent summary/>
        {(!d.queue.is_empty()).then(|| view! {
            <table class="table">
                <caption class="table__caption">"Awaiting you"</caption>
                <thead><tr><th scope="col">"Person"</th><th scope="col">"Plan"</th><th scope="col">"Awaiting"</th><th scope="col">"Since"</th></tr></thead>
                <tbody>
                    {d.queue.iter().map(|q| view! {
                        <tr>
                            <td><a href=format!("/job-plans/{}", q.plan_id)>{q.person_name.clone()}</a></td>
                            <td>{format!("{}, version {}", q.year_label, q.version)}</td>
                            <td>{q.awaiting.clone()}</td>
                            <td>{q.since.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <form method="get" action="/team/job-plans" class="filters no-print">
            <div class="form-group">
                <label class="label" for="team">"Team"</label>
                <select class="select" id="team" name="team">
                    <option value="" selected=team.is_empty()>"All teams"</option>
                    {d.teams.iter().map(|(id, name)| {
                        let value = id.to_string();
                        let selected = value == team;
                        view! { <option value=value selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label class="label" for="status">"Plan status"</label>
                <select class="select" id="status" name="status">
                    {STATUS_FILTERS.iter().map(|(value, label)| view! {
                        <option value=*value selected=*value == status>{*label}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button button--secondary">"Show"</button>
        </form>
        <table class="table">
            <caption class="table__caption">{format!("People ({} shown)", d.rows.len())}</caption>
            <thead>
                <tr>
                    <th scope="col">"Person"</th><th scope="col">"Team"</th><th scope="col">"Latest plan"</th>
                    <th scope="col">"Status"</th><th scope="col">"Signed off"</th><th scope="col">"Review due"</th><th scope="col">"Current"</th>
                </tr>
            </thead>
            <tbody>
                {d.rows.iter().map(|r| view! {
                    <tr>
                        <td>{match r.plan_id {
                            Some(id) => view! { <a href=format!("/job-plans/{id}")>{r.person_name.clone()}</a> }.into_any(),
                            None => view! { <span>{r.person_name.clone()}</span> }.into_any(),
                        }}</td>
                        <td>{r.team.clone().unwrap_or_default()}</td>
                        <td>{match (&r.year_label, r.version) {
                            (Some(y), Some(v)) => format!("{y}, version {v}"),
                            _ => "None".to_string(),
                        }}</td>
                        <td>{r.status.map(PlanStatus::label).unwrap_or("No plan")}</td>
                        <td>{r.signed_off_on.clone().unwrap_or_default()}</td>
                        <td>{r.review_due.clone().unwrap_or_default()}</td>
                        <td>{if r.is_current { "Yes" } else { "No" }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
