use crate::api::approvals::awaiting_counts;
use crate::api::auth::UserSummary;
use crate::api::people::get_person;
use crate::api::progress::my_progress;
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::Authorised;
use crate::ui::components::summary::SummaryRow;
use crate::ui::layout::sections_for;
use crate::ui::pages::progress::ProgressPanels;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Home - MPCE Workforce Portal"/>
        <Authorised children=|user| view! { <Home user/> }/>
    }
}

#[component]
fn Home(user: UserSummary) -> impl IntoView {
    let person_id = user.person_id;
    let record = Resource::new(move || person_id, get_person);
    let roles = user
        .roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ");
    let sections: Vec<_> = sections_for(&user).filter(|s| s.href != "/").collect();
    let is_staff = user.has(Role::Staff);
    let approves = user.has_any(&[Role::Manager, Role::HeadOfService]);
    view! {
        <h1>{format!("Welcome, {}", user.name)}</h1>
        <p class="lede">{format!("You are signed in as {roles}.")}</p>
        {approves.then(|| view! { <Waiting/> })}
        {is_staff.then(|| view! { <MyYear/> })}
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
                    Ok(p) => view! {
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
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// This year's CPD, PLT and registrations for a staff member.
#[component]
fn MyYear() -> impl IntoView {
    let progress = Resource::new(|| (), |_| my_progress());
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match progress.await {
                    Ok(p) => view! { <ProgressPanels progress=p own=true/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// How much awaits the signed-in approver, by kind.
#[component]
fn Waiting() -> impl IntoView {
    let counts = Resource::new(|| (), |_| awaiting_counts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match counts.await {
                    Ok(c) if c.total() == 0 => view! { <p class="body">"Nothing awaits your approval."</p> }.into_any(),
                    Ok(c) => view! {
                        <div class="warning-callout">
                            <p class="body"><a href="/approvals">{format!("Awaiting your decision: {}", c.describe())}</a></p>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
