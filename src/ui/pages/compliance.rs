//! The compliance dashboard: a summary of the viewer's people, then one
//! row each with CPD against the pro-rated target, the activity types
//! used, protected learning time, job plan, registrations and what is
//! pending. Columns sort by links (so it works without scripts, and each
//! order has its own address); every cell links to what it summarises.

use crate::api::compliance::{ComplianceRow, ComplianceView, compliance_dashboard};
use crate::domain::job_plans::status::EXPECTED_SHARE_PERCENT;
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::components::progress::{ProgressBar, RagTag};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Who sees the dashboard.
const VIEWERS: &[Role] = &[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin];

#[component]
pub fn CompliancePage() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        query.with(|q| Filters {
            department: q.get("department").unwrap_or_default(),
            team: q.get("team").unwrap_or_default(),
            sort: q.get("sort").unwrap_or_default(),
            order: q.get("order").unwrap_or_default(),
            page: q.get("page").unwrap_or_default(),
        })
    };
    let data = Resource::new(filters, |f| {
        ask_for(
            VIEWERS,
            compliance_dashboard(f.department, f.team, f.sort, f.order, f.page),
        )
    });
    view! {
        <Title text="Compliance dashboard - MPCE Workforce Portal"/>
        <Authorised
            roles=VIEWERS
            children=move |user| {
                let approver = user.has_any(&[Role::Manager, Role::HeadOfService]);
                view! { <Compliance approver data filters/> }
            }
        />
    }
}

/// The page's query: department, team, sort, order, page.
#[derive(Clone, PartialEq)]
struct Filters {
    department: String,
    team: String,
    sort: String,
    order: String,
    page: String,
}

impl Filters {
    /// The address of this view with another order or page.
    fn href(&self, sort: &str, order: &str, page: u32) -> String {
        let mut parts = Vec::new();
        for (key, value) in [
            ("department", self.department.as_str()),
            ("team", self.team.as_str()),
            ("sort", sort),
            ("order", order),
        ] {
            if !value.is_empty() {
                parts.push(format!("{key}={value}"));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        format!("/compliance?{}", parts.join("&"))
    }
}

#[component]
fn Compliance(
    approver: bool,
    data: Resource<Asked<ComplianceView>>,
    filters: impl Fn() -> Filters + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <h1>"Compliance dashboard"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let f = filters();
                match data.await {
                    None => ().into_any(),
                    Some(Ok(v)) => view! { <Dashboard v f approver/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(v: ComplianceView, f: Filters, approver: bool) -> impl IntoView {
    let s = v.summary.clone();
    let plans = format!(
        "{} of {} have a current signed-off job plan - {}% against {}%{}",
        s.plans_current,
        s.people,
        s.plans_percent,
        EXPECTED_SHARE_PERCENT,
        if s.plans_meet_expectation {
            ""
        } else {
            " (below the expected level)"
        }
    );
    view! {
        <p class="caption">{format!("{} - {} ({} people)", v.scope, v.year_label, s.people)}</p>
        <section class="panel" aria-labelledby="summary-heading">
            <h2 id="summary-heading">"Summary"</h2>
            <ProgressBar label="Staff with a current signed-off job plan".to_string() percent=s.plans_percent summary=plans/>
            <ul class="plain-list">
                <li>{format!("{} of {} are on track for their CPD target this year", s.cpd_on_track, s.people)}</li>
                <li>{format!("{} have an expired registration or certificate; {} have one expiring within 90 days", s.registrations_red, s.registrations_amber)}</li>
                <li>{format!("{} requests and plans are awaiting a decision", s.pending)}</li>
            </ul>
        </section>
        <FilterForm v=v.clone() f=f.clone()/>
        <Table rows=v.rows.clone() f=f.clone() sort=v.sort.clone() descending=v.descending approver/>
        <Pages page=v.page pages=v.pages f/>
    }
}

#[component]
fn FilterForm(v: ComplianceView, f: Filters) -> impl IntoView {
    let show = !v.departments.is_empty() || !v.teams.is_empty();
    show.then(|| view! {
        <form method="get" action="/compliance" class="filters">
            {(!v.departments.is_empty()).then(|| view! {
                <div class="form-group">
                    <label class="label" for="department">"Department"</label>
                    <select class="select" id="department" name="department">
                        <option value="" selected=f.department.is_empty()>"All departments"</option>
                        {v.departments.iter().map(|(id, name)| {
                            let value = id.to_string();
                            let selected = value == f.department;
                            view! { <option value=value selected=selected>{name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            {(!v.teams.is_empty()).then(|| view! {
                <div class="form-group">
                    <label class="label" for="team">"Team"</label>
                    <select class="select" id="team" name="team">
                        <option value="" selected=f.team.is_empty()>"All teams"</option>
                        {v.teams.iter().map(|(id, name)| {
                            let value = id.to_string();
                            let selected = value == f.team;
                            view! { <option value=value selected=selected>{name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            <input type="hidden" name="sort" value=f.sort.clone()/>
            <input type="hidden" name="order" value=f.order.clone()/>
            <button type="submit" class="button button--secondary">"Show"</button>
        </form>
    })
}

/// The columns: (sort key, heading).
const COLUMNS: &[(&str, &str)] = &[
    ("name", "Person"),
    ("department", "Department and team"),
    ("cpd", "CPD this year"),
    ("", "Activity types"),
    ("plt", "Learning time"),
    ("job_plan", "Job plan"),
    ("registrations", "Registrations"),
    ("pending", "Pending"),
];

#[component]
fn Table(
    rows: Vec<ComplianceRow>,
    f: Filters,
    sort: String,
    descending: bool,
    approver: bool,
) -> impl IntoView {
    let shown = rows.len();
    view! {
        <table class="table compliance">
            <caption class="table__caption">{format!("People ({shown} on this page)")}</caption>
            <thead>
                <tr>
                    {COLUMNS.iter().map(|(key, heading)| {
                        if key.is_empty() {
                            return view! { <th scope="col">{*heading}</th> }.into_any();
                        }
                        let active = *key == sort;
                        let next = if active && !descending { "desc" } else { "" };
                        let aria = active.then_some(if descending { "descending" } else { "ascending" });
                        view! {
                            <th scope="col" aria-sort=aria>
                                <a href=f.href(key, next, 1)>
                                    {*heading}
                                    <span class="visually-hidden">{if active && !descending { ", sort descending" } else { ", sort ascending" }}</span>
                                </a>
                            </th>
                        }.into_any()
                    }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| view! { <Row r approver/> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Row(r: ComplianceRow, approver: bool) -> impl IntoView {
    let id = r.person_id;
    let place = match (&r.department, &r.team) {
        (Some(d), Some(t)) => format!("{d}, {t}"),
        (Some(d), None) => d.clone(),
        (None, Some(t)) => t.clone(),
        (None, None) => String::new(),
    };
    let types_short = (r.types_used.len() as u32) < r.min_types;
    let types = if r.types_used.is_empty() {
        "None yet".to_string()
    } else {
        r.types_used.join(", ")
    };
    let plan = match r.plan_status {
        None => "No plan".to_string(),
        Some(status) => status.label().to_string(),
    };
    let plan_href = r
        .plan_id
        .map(|p| format!("/job-plans/{p}"))
        .unwrap_or_else(|| "/team/job-plans?status=none".into());
    view! {
        <tr>
            <th scope="row"><a href=format!("/people/{id}")>{r.name.clone()}</a></th>
            <td>{place}</td>
            <td>
                <a href=format!("/people/{id}/cpd")>{format!("{} of {} hours", r.cpd_done, r.cpd_target)}</a>
                <progress class="progress progress--small" max="100" value=r.cpd_percent.to_string() aria-label=format!("{}: CPD, share of target", r.name)>
                    {format!("{}%", r.cpd_percent)}
                </progress>
                {if r.cpd_on_track {
                    view! { <strong class="tag tag--green">"On track"</strong> }.into_any()
                } else {
                    view! { <strong class="tag tag--amber">"Behind"</strong> }.into_any()
                }}
            </td>
            <td>
                <a href=format!("/people/{id}/cpd")>{types}</a>
                {types_short.then(|| view! { <span class="hint">{format!(" (fewer than {} types)", r.min_types)}</span> })}
            </td>
            <td><a href=format!("/people/{id}/plt")>{format!("{} taken, {} booked, of {} hours", r.plt_taken, r.plt_booked, r.plt_allowance)}</a></td>
            <td>
                <a href=plan_href>{plan}</a>
                {if r.plan_current {
                    view! { <strong class="tag tag--green">"Current"</strong> }.into_any()
                } else {
                    view! { <strong class="tag tag--red">"Not current"</strong> }.into_any()
                }}
                {r.review_due.clone().map(|d| view! { <span class="hint">{format!(" Review due {d}")}</span> })}
            </td>
            <td>
                {match r.registrations_rag {
                    Some(rag) => view! { <a href=format!("/people/{id}")><RagTag rag/></a> }.into_any(),
                    None => view! { <span>"None recorded"</span> }.into_any(),
                }}
                {r.next_expiry.clone().map(|d| view! { <span class="hint">{format!(" Next expiry {d}")}</span> })}
            </td>
            <td>
                {if approver && r.pending > 0 {
                    view! { <a href="/approvals">{r.pending.to_string()}</a> }.into_any()
                } else {
                    view! { <span>{r.pending.to_string()}</span> }.into_any()
                }}
            </td>
        </tr>
    }
}

#[component]
fn Pages(page: u32, pages: u32, f: Filters) -> impl IntoView {
    (pages > 1).then(|| {
        let (sort, order) = (f.sort.clone(), f.order.clone());
        view! {
            <nav class="pagination" aria-label="Pages">
                <ul class="plain-list pagination__list">
                    {(page > 1).then(|| view! { <li><a href=f.href(&sort, &order, page - 1)>"Previous page"</a></li> })}
                    <li>{format!("Page {page} of {pages}")}</li>
                    {(page < pages).then(|| view! { <li><a href=f.href(&sort, &order, page + 1)>"Next page"</a></li> })}
                </ul>
            </nav>
        }
    })
}
