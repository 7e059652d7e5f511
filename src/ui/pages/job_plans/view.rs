//! One version of a job plan: status and sign-off, the week, totals, the
//! history and other versions, and the steps the viewer may take (submit,
//! withdraw, agree, sign off, return with a comment, reopen, new version,
//! next year's copy).

use super::display::{ActivityTable, AnnualisedTable, PlanTotals, WeekGrid, plan_of};
use crate::api::AppError;
use crate::api::job_plans::{
    ActOnJobPlan, JobPlanView, NewJobPlanVersion, NextYearJobPlan, job_plan,
};
use crate::domain::job_plans::status::PlanStatus;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error, successes};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::components::progress::id_param;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn JobPlanPage() -> impl IntoView {
    let id = id_param("id");
    let act = ServerAction::<ActOnJobPlan>::new();
    let acted = successes(act);
    let plan = Resource::new(
        move || (id(), acted.get()),
        |(id, _)| ask_for(&[], job_plan(id)),
    );
    view! {
        <Title text="Job plan - MPCE Workforce Portal"/>
        <Authorised children=move |_| view! { <PlanLoader plan act/> }/>
    }
}

#[component]
fn PlanLoader(
    plan: Resource<Asked<JobPlanView>>,
    act: ServerAction<ActOnJobPlan>,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    None => ().into_any(),
                    Some(Ok(p)) => view! { <PlanDetail plan=p act/> }.into_any(),
                    Some(Err(error)) => view! { <h1>"Job plan"</h1><LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The status line: "Signed off by X on D; review due R".
pub fn status_line(p: &JobPlanView) -> String {
    let mut parts = vec![format!("Status: {}", p.status.label())];
    if let Some(on) = &p.submitted_on
        && p.status != PlanStatus::Draft
    {
        parts.push(format!("submitted {on}"));
    }
    if let (Some(by), Some(on)) = (&p.agreed_by, &p.agreed_on) {
        parts.push(format!("agreed by {by} on {on}"));
    }
    if let (Some(by), Some(on)) = (&p.signed_off_by, &p.signed_off_on) {
        parts.push(format!("signed off by {by} on {on}"));
    }
    if let Some(due) = &p.review_due {
        parts.push(format!("review due {due}"));
    }
    parts.join("; ")
}

#[component]
pub fn PlanDetail(
    plan: JobPlanView,
    act: ServerAction<ActOnJobPlan>,
    /// Shown under the page's own heading ("My job plan"): its title is a
    /// second-level heading.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let p = plan;
    let error = action_error(act);
    let new_version = ServerAction::<NewJobPlanVersion>::new();
    let next_year = ServerAction::<NextYearJobPlan>::new();
    let version_error = action_error(new_version);
    let next_error = action_error(next_year);
    let any_error = Signal::derive(move || {
        error
            .get()
            .or_else(|| version_error.get())
            .or_else(|| next_error.get())
    });
    let heading = format!("Job plan {} for {}", p.year_label, p.person_name);
    let labels = p.labels.clone();
    let content = p.form.as_ref().map(plan_of);
    let id = p.id;
    let previous = p
        .versions
        .iter()
        .find(|v| v.version < p.version)
        .map(|v| v.id);
    view! {
        <ErrorSummary error=any_error/>
        {if nested {
            view! { <h2>{heading}</h2> }.into_any()
        } else {
            view! { <h1>{heading}</h1> }.into_any()
        }}
        <p class="body">
            <strong class=format!("tag tag--{}", p.status.as_str())>{p.status.label()}</strong>
            {format!(" Version {}. {}", p.version, p.job_role)}
        </p>
        <p class="body">{status_line(&p)}</p>
        {p.is_current.then(|| view! { <p class="body">"This is a current plan: signed off within the last 12 months."</p> })}
        <div class="actions no-print">
            {p.can.edit.then(|| view! { <a class="button" href=format!("/job-plans/{id}/edit")>"Edit the plan"</a> })}
            {content.is_some().then(|| view! {
                <a href=format!("/job-plans/{id}/print")>"Print-ready plan"</a>
                <a href=format!("/job-plans/{id}/calendar.ics") download="">"Download the timetable (.ics)"</a>
            })}
            {previous.filter(|_| content.is_some()).map(|prev| view! {
                <a href=format!("/job-plans/{id}/compare?with={prev}")>"What changed since the previous version"</a>
            })}
        </div>
        <Steps plan=p.clone() act error/>
        <div class="actions no-print">
            {p.can.new_version.then(|| view! {
                <ActionForm action=new_version>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button button--secondary">"Start a new version"</button>
                </ActionForm>
            })}
            {p.can.next_year.then(|| view! {
                <ActionForm action=next_year>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button button--secondary">"Start next year's plan"</button>
                </ActionForm>
            })}
        </div>
        {match content {
            Some(plan) => {
                let signal = Signal::derive({
                    let plan = plan.clone();
                    move || plan.clone()
                });
                view! {
                    <WeekGrid plan=signal labels=labels.clone()/>
                    <ActivityTable plan=plan.clone() labels=labels.clone()/>
                    <AnnualisedTable plan=plan.clone() labels=labels.clone()/>
                    <h2>"Totals"</h2>
                    <PlanTotals plan=signal labels=labels.clone()/>
                }.into_any()
            }
            None => view! { <p class="body">"You can see this plan's status and dates; its content is for the person and their managers."</p> }.into_any(),
        }}
        <History plan=p/>
    }
}

/// The workflow steps this viewer may take, each one form.
#[component]
fn Steps(
    plan: JobPlanView,
    act: ServerAction<ActOnJobPlan>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let p = plan;
    let c = p.can.clone();
    let message = Signal::derive(move || error.get().and_then(|e| e.field_message("comment")));
    let needs_comment = c.return_to_draft || c.reopen;
    let any = c.submit || c.withdraw || c.agree || c.sign_off || needs_comment;
    any.then(|| {
        let comment_label = if c.reopen {
            "Reason for reopening"
        } else if c.return_to_draft {
            "Comment (needed to return it to draft)"
        } else {
            "Comment (optional)"
        };
        view! {
            <section class="panel no-print" aria-labelledby="steps-heading">
                <h2 id="steps-heading">"What happens next"</h2>
                <ActionForm action=act>
                    <input type="hidden" name="id" value=p.id/>
                    <input type="hidden" name="lock_version" value=p.lock_version/>
                    {needs_comment.then(|| view! {
                        <div class="form-group" class:form-group--error=move || message.get().is_some()>
                            <label class="label" for="comment">{comment_label}</label>
                            {move || message.get().map(|m| view! {
                                <span class="error-message" id="comment-error"><span class="visually-hidden">"Error: "</span>{m}</span>
                            })}
                            <textarea
                                class="textarea"
                                id="comment"
                                name="comment"
                                rows="3"
                                aria-invalid=move || message.get().is_some().then_some("true")
                                aria-describedby=move || message.get().is_some().then_some("comment-error")
                            ></textarea>
                        </div>
                    })}
                    <div class="actions">
                        {c.submit.then(|| view! { <button type="submit" class="button" name="action" value="submit">"Submit for agreement"</button> })}
                        {c.withdraw.then(|| view! { <button type="submit" class="button button--secondary" name="action" value="withdraw">"Withdraw to draft"</button> })}
                        {c.agree.then(|| view! { <button type="submit" class="button" name="action" value="agree">"Agree the plan"</button> })}
                        {c.sign_off.then(|| view! { <button type="submit" class="button" name="action" value="sign_off">"Sign off the plan"</button> })}
                        {c.return_to_draft.then(|| view! { <button type="submit" class="button button--secondary" name="action" value="return">"Return to draft"</button> })}
                        {c.reopen.then(|| view! { <button type="submit" class="button button--warning" name="action" value="reopen">"Reopen the plan"</button> })}
                    </div>
                </ActionForm>
            </section>
        }
    })
}

#[component]
fn History(plan: JobPlanView) -> impl IntoView {
    let p = plan;
    let this = p.id;
    view! {
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">"History"</h2>
            <ol class="history">
                {p.events.iter().map(|e| view! {
                    <li>
                        <strong>{e.label.clone()}</strong>
                        {format!(" by {} on {}", e.by, e.at)}
                        {e.comment.clone().map(|c| view! { <p class="body prewrap">{c}</p> })}
                    </li>
                }).collect_view()}
            </ol>
            {(p.versions.len() > 1).then(|| view! {
                <table class="table">
                    <caption class="table__caption">{format!("Versions of the {} plan", p.year_label)}</caption>
                    <thead><tr><th scope="col">"Version"</th><th scope="col">"Status"</th><th scope="col">"Signed off"</th><th scope="col">"Review due"</th></tr></thead>
                    <tbody>
                        {p.versions.iter().map(|v| view! {
                            <tr>
                                <td>{if v.id == this {
                                    view! { <span>{format!("Version {} (this one)", v.version)}</span> }.into_any()
                                } else {
                                    view! { <a href=format!("/job-plans/{}", v.id)>{format!("Version {}", v.version)}</a> }.into_any()
                                }}</td>
                                <td>{v.status.label()}</td>
                                <td>{v.signed_off_on.clone().unwrap_or_default()}</td>
                                <td>{v.review_due.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}
