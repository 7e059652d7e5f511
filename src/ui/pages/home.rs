use crate::api::AppError;
use crate::api::approvals::awaiting_counts;
use crate::api::auth::UserSummary;
use crate::api::people::{PersonDetail, my_record};
use crate::api::progress::{Progress, my_progress};
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
    // Made here rather than inside `<Authorised>`: leptos builds what is in
    // a `<Suspense>` more than once while it renders on the server, and
    // each build's resources went into the page again (three times).
    let record = Resource::new(|| (), |_| own_record());
    let progress = Resource::new(|| (), |_| own_year());
    view! {
        <Title text="Home - MPCE Workforce Portal"/>
        <Authorised children=move |user| view! { <Home user record progress/> }/>
    }
}

/// What a page's resources ask when nobody may have the answer: nothing.
/// On the server, a refused server function would set the page's status.
type Asked<T> = Option<Result<T, AppError>>;

/// The signed-in person's staff record; on the server, not asked for a
/// signed-out visitor (who is sent to sign in).
async fn own_record() -> Asked<PersonDetail> {
    #[cfg(feature = "ssr")]
    crate::api::guard::current_user()?;
    Some(my_record().await)
}

/// This year's figures; on the server, asked only for staff.
async fn own_year() -> Asked<Progress> {
    #[cfg(feature = "ssr")]
    if !crate::api::guard::current_user().is_some_and(|user| user.has(Role::Staff)) {
        return None;
    }
    Some(my_progress().await)
}

#[component]
fn Home(
    user: UserSummary,
    record: Resource<Asked<PersonDetail>>,
    progress: Resource<Asked<Progress>>,
) -> impl IntoView {
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
