//! What awaits the signed-in manager: their team's protected-learning-time
//! requests, each approved or declined with a comment, funding requests,
//! and the job plans awaiting their agreement or sign-off.

use crate::api::funding::{FundingRequestRow, funding_queue};
use crate::api::job_plans::{PlanQueueRow, job_plan_queue};
use crate::api::plt::{DecidePlt, PltQueueRow, plt_queue};
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error, successes};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use leptos::prelude::*;
use leptos_meta::Title;

/// Who decides requests.
const APPROVERS: &[Role] = &[Role::Manager, Role::HeadOfService];

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let decide = ServerAction::<DecidePlt>::new();
    let decided = successes(decide);
    let queue = Resource::new(move || decided.get(), |_| ask_for(APPROVERS, plt_queue()));
    let plans = Resource::new(|| (), |_| ask_for(APPROVERS, job_plan_queue()));
    let funding = Resource::new(|| (), |_| ask_for(APPROVERS, funding_queue()));
    view! {
        <Title text="Approvals - MPCE Workforce Portal"/>
        <Authorised roles=APPROVERS children=move |_| view! { <Approvals queue decide plans funding/> }/>
    }
}

#[component]
fn Approvals(
    queue: Resource<Asked<Vec<PltQueueRow>>>,
    decide: ServerAction<DecidePlt>,
    plans: Resource<Asked<Vec<PlanQueueRow>>>,
    funding: Resource<Asked<Vec<FundingRequestRow>>>,
) -> impl IntoView {
    let error = action_error(decide);
    // Which request was acted on last, so its errors show beside its fields.
    let acted_on = RwSignal::new(None::<i32>);
    view! {
        <ErrorSummary error/>
        <h1>"Approvals"</h1>
        <FundingQueue queue=funding/>
        <JobPlanQueue queue=plans/>
        <h2>"Protected learning time requests"</h2>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    None => ().into_any(),
                    Some(Ok(rows)) if rows.is_empty() => view! { <p class="body">"Nothing is waiting for you."</p> }.into_any(),
                    Some(Ok(rows)) => rows.into_iter().map(|r| view! { <Request row=r decide acted_on error/> }).collect_view().into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Request(
    row: PltQueueRow,
    decide: ServerAction<DecidePlt>,
    acted_on: RwSignal<Option<i32>>,
    error: Signal<Option<crate::api::AppError>>,
) -> impl IntoView {
    let r = row;
    let id = r.id;
    let message = Signal::derive(move || {
        (acted_on.get() == Some(id))
            .then(|| error.get().and_then(|e| e.field_message("comment")))
            .flatten()
    });
    let error_id = format!("comment-{id}-error");
    let heading = format!("{}: {} hours on {}", r.person_name, r.hours, r.date);
    let comment_id = format!("comment-{}", r.id);
    view! {
        <section class="panel" aria-label=heading.clone()>
            <h3>{heading.clone()}</h3>
            <p class="body prewrap">{r.purpose.clone()}</p>
            {r.objective.clone().map(|o| view! { <p class="hint">{format!("Development plan objective: {o}")}</p> })}
            <p class="hint">{format!("Requested on {}. {} hours of the year's allowance left before this request.", r.requested_on, r.remaining)}</p>
            <p class="body"><a href=format!("/people/{}/plt", r.person_id)>{format!("{}'s protected learning time", r.person_name)}</a></p>
            <ActionForm action=decide>
                <input type="hidden" name="id" value=r.id/>
                <div class="form-group" class:form-group--error=move || message.get().is_some()>
                    <label class="label" for=comment_id.clone()>"Comment (needed to decline)"</label>
                    {
                        let error_id = error_id.clone();
                        move || message.get().map(|m| view! {
                            <span class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</span>
                        })
                    }
                    <textarea
                        class="textarea"
                        id=comment_id
                        name="comment"
                        rows="2"
                        aria-invalid=move || message.get().is_some().then_some("true")
                        aria-describedby=move || message.get().is_some().then(|| error_id.clone())
                    ></textarea>
                </div>
                <div class="actions">
                    <button type="submit" class="button" name="decision" value="approve" on:click=move |_| acted_on.set(Some(id))>"Approve"</button>
                    <button type="submit" class="button button--secondary" name="decision" value="decline" on:click=move |_| acted_on.set(Some(id))>"Decline"</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Job plans awaiting the approver, each linking to the plan where the
/// step is taken.
#[component]
fn JobPlanQueue(queue: Resource<Asked<Vec<PlanQueueRow>>>) -> impl IntoView {
    view! {
        <h2>"Job plans"</h2>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    None => ().into_any(),
                    Some(Ok(rows)) if rows.is_empty() => view! { <p class="body">"No job plans are waiting for you."</p> }.into_any(),
                    Some(Ok(rows)) => view! {
                        <ul class="plain-list">
                            {rows.into_iter().map(|q| view! {
                                <li>
                                    <a href=format!("/job-plans/{}", q.plan_id)>{format!("{}: {} job plan, version {}", q.person_name, q.year_label, q.version)}</a>
                                    {format!(" - to {} (since {})", q.awaiting.to_lowercase(), q.since)}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Funding requests awaiting the approver, each linking to the request
/// where it is decided (with the budget it would draw on).
#[component]
fn FundingQueue(queue: Resource<Asked<Vec<FundingRequestRow>>>) -> impl IntoView {
    view! {
        <h2>"Funding requests"</h2>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    None => ().into_any(),
                    Some(Ok(rows)) if rows.is_empty() => view! { <p class="body">"No funding requests are waiting for you."</p> }.into_any(),
                    Some(Ok(rows)) => view! {
                        <ul class="plain-list">
                            {rows.into_iter().map(|r| view! {
                                <li>
                                    <a href=format!("/funding/{}", r.id)>{format!("{}: {}", r.person_name, r.activity)}</a>
                                    {format!(" - {} from {}, starting {}", r.estimated, r.source.to_lowercase(), r.start_date)}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
