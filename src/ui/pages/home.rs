use crate::api::approvals::{ApprovalCounts, awaiting_counts};
use crate::api::auth::UserSummary;
use crate::api::people::{PersonDetail, my_record};
use crate::api::progress::{Progress, my_progress};
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::components::summary::SummaryRow;
use crate::ui::layout::sections_for;
use crate::ui::pages::progress::ProgressPanels;
use leptos::prelude::*;
use leptos_meta::Title;

/// Who is told what awaits their decision.
const APPROVERS: &[Role] = &[Role::Manager, Role::HeadOfService];

#[component]
pub fn HomePage() -> impl IntoView {
    let record = Resource::new(|| (), |_| ask_for(&[], my_record()));
    let progress = Resource::new(|| (), |_| ask_for(&[Role::Staff], my_progress()));
    let waiting = Resource::new(|| (), |_| ask_for(APPROVERS, awaiting_counts()));
    view! {
        <Title text="Home - MPCE Workforce Portal"/>
        <Authorised children=move |user| view! { <Home user record progress waiting/> }/>
    }
}

#[component]
fn Home(
    user: UserSummary,
    record: Resource<Asked<PersonDetail>>,
    progress: Resource<Asked<Progress>>,
    waiting: Resource<Asked<ApprovalCounts>>,
) -> impl IntoView {
    let roles = user
        .roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ");
    let sections: Vec<_> = sections_for(&user).filter(|s| s.href != "/").collect();
    let is_staff = user.has(Role::Staff);
    let approves = user.has_any(APPROVERS);
    view! {
        <h1>{format!("Welcome, {}", user.name)}</h1>
        <p class="lede">{format!("You are signed in as {roles}.")}</p>
        {approves.then(|| view! { <Waiting counts=waiting/> })}
        {is_staff.then(|| view! { <MyYear progress/> })}
        {(!sections.is_empty()).then(|| view! {
            <h2>"Your areas"</h2>
            <ul class="card-list">
                {sections.into_iter().map(|s| view! {
                    <li class="card"><a class="card__link" href=s.href>{s.label}</a></li>
                }).collect_view()}
            </ul>
        })}
        <h2>"Your staff record"</h2>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    None => ().into_any(),
                    Some(Ok(p)) => view! {
                        <dl class="summary-list">
                            <SummaryRow key="Name" value=p.name/>
                            <SummaryRow key="Email" value=p.email/>
                            <SummaryRow key="Job role" value=p.job_role/>
                            <SummaryRow key="Band or grade" value=p.band/>
                            <SummaryRow key="Staff group" value=p.staff_group/>
                            <SummaryRow key="Department" value=p.department.unwrap_or_default()/>
                            <SummaryRow key="Team" value=p.team.unwrap_or_default()/>
                            <SummaryRow key="Line manager" value=p.line_manager.unwrap_or_default()/>
                            <SummaryRow key="Contracted hours" value=format!("{} a week ({:.2} FTE)", p.contracted_hours, p.fte)/>
                            <SummaryRow key="Start date" value=p.start_date/>
                        </dl>
                    }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// This year's CPD, PLT and registrations for a staff member.
#[component]
fn MyYear(progress: Resource<Asked<Progress>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match progress.await {
                    None => ().into_any(),
                    Some(Ok(p)) => view! { <ProgressPanels progress=p own=true/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// How much awaits the signed-in approver, by kind.
#[component]
fn Waiting(counts: Resource<Asked<ApprovalCounts>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match counts.await {
                    None => ().into_any(),
                    Some(Ok(c)) if c.total() == 0 => view! { <p class="body">"Nothing awaits your approval."</p> }.into_any(),
                    Some(Ok(c)) => view! {
                        <div class="warning-callout">
                            <p class="body"><a href="/approvals">{format!("Awaiting your decision: {}", c.describe())}</a></p>
                        </div>
                    }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
