//! One funding request: its details, the budget it draws on, and the steps
//! the viewer may take (send, change, withdraw; approve, decline, return;
//! complete with the actual cost; record it as a CPD activity).

use crate::api::AppError;
use crate::api::cpd::list_cpd_categories;
use crate::api::funding::{
    ActOnFundingRequest, BudgetRow, FundingRequestDetail, RecordFundedCpd, funding_request,
};
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error, successes};
use crate::ui::components::fields::{SelectField, TextArea, TextField};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::components::progress::{ProgressBar, id_param};
use crate::ui::components::summary::SummaryRow;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FundingRequestPage() -> impl IntoView {
    let id = id_param("id");
    let act = ServerAction::<ActOnFundingRequest>::new();
    let record = ServerAction::<RecordFundedCpd>::new();
    let acted = successes(act);
    let detail = Resource::new(
        move || (id(), acted.get()),
        |(id, _)| ask_for(&[], funding_request(id)),
    );
    view! {
        <Title text="Funding request - MPCE Workforce Portal"/>
        <Authorised children=move |_| view! { <FundingRequest detail act record/> }/>
    }
}

#[component]
fn FundingRequest(
    detail: Resource<Asked<FundingRequestDetail>>,
    act: ServerAction<ActOnFundingRequest>,
    record: ServerAction<RecordFundedCpd>,
) -> impl IntoView {
    let error = action_error(act);
    let record_error = action_error(record);
    view! {
        <ErrorSummary error/>
        <ErrorSummary error=record_error/>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    None => ().into_any(),
                    Some(Ok(d)) => view! { <Detail d act record error record_error/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(
    d: FundingRequestDetail,
    act: ServerAction<ActOnFundingRequest>,
    record: ServerAction<RecordFundedCpd>,
    error: Signal<Option<AppError>>,
    record_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let r = d.row.clone();
    let may = |step: &str| d.may.iter().any(|m| m == step);
    let dates = if r.start_date == r.end_date {
        r.start_date.clone()
    } else {
        format!("{} to {}", r.start_date, r.end_date)
    };
    let decided = r.decided_by.clone().map(|who| {
        format!(
            "{who}{}",
            d.decided_at
                .clone()
                .map(|at| format!(", {at}"))
                .unwrap_or_default()
        )
    });
    view! {
        <p class="body">
            {if d.mine {
                view! { <a href="/funding">"Your funding requests"</a> }.into_any()
            } else {
                view! { <a href="/approvals">"Approvals"</a> }.into_any()
            }}
        </p>
        <span class="caption">{format!("Funding request for {}", r.person_name)}</span>
        <h1>{r.activity.clone()}</h1>
        <p class="body">"Status: "<strong class=format!("tag tag--{}", r.status.as_str())>{r.status.label()}</strong></p>
        <dl class="summary-list">
            <SummaryRow key="Provider" value=r.provider.clone()/>
            <SummaryRow key="Dates" value=dates/>
            <SummaryRow key="Course fee" value=d.fee.clone()/>
            <SummaryRow key="Travel" value=d.travel.clone()/>
            <SummaryRow key="Subsistence" value=d.subsistence.clone()/>
            <SummaryRow key="Backfill" value=d.backfill.clone()/>
            <SummaryRow key="Estimated cost" value=r.estimated.clone()/>
            <SummaryRow key="Actual cost" value=r.actual.clone().unwrap_or_default()/>
            <SummaryRow key="Funding source" value=r.source.clone()/>
            {d.justification.clone().map(|j| view! { <SummaryRow key="Why it is needed" value=j/> })}
            {d.objective.clone().map(|o| view! { <SummaryRow key="Development plan objective" value=o/> })}
            {decided.map(|who| view! { <SummaryRow key="Decided by" value=who/> })}
            {r.decision_comment.clone().map(|c| view! { <SummaryRow key="Comment" value=c/> })}
            {r.override_reason.clone().map(|c| view! { <SummaryRow key="Approved over budget because" value=c/> })}
        </dl>
        {d.cpd_activity_id.map(|a| view! {
            <p class="body"><a href=format!("/cpd/{a}/edit")>"This is in your CPD record: add your reflection"</a></p>
        })}
        {d.budget.clone().map(|b| view! { <BudgetPanel b/> })}
        {may("edit").then(|| view! {
            <p class="body"><a class="button button--secondary" href=format!("/funding/{}/edit", r.id)>"Change this request"</a></p>
        })}
        {may("submit").then(|| view! {
            <ActionForm action=act>
                <Step id=r.id lock=r.lock_version/>
                <button type="submit" class="button" name="action" value="submit">"Send to my line manager"</button>
            </ActionForm>
        })}
        {may("approve").then(|| view! { <Decision id=r.id lock=r.lock_version act error/> })}
        {may("complete").then(|| view! {
            <h2>"Mark as completed"</h2>
            <ActionForm action=act attr:novalidate=true>
                <Step id=r.id lock=r.lock_version/>
                <TextField name="actual" label="Actual cost in pounds" hint="What it really cost, which replaces the estimate in the budget" width="input--width-10" value=r.estimated.clone() error/>
                <button type="submit" class="button" name="action" value="complete">"Mark as completed"</button>
            </ActionForm>
        })}
        {may("record_cpd").then(|| view! { <RecordAsCpd id=r.id record error=record_error/> })}
        {may("cancel").then(|| view! {
            <details class="panel">
                <summary class="details__summary">"Cancel this request"</summary>
                <p class="body">"Cancelling an approved request releases its money back to the budget."</p>
                <ActionForm action=act>
                    <Step id=r.id lock=r.lock_version/>
                    <button type="submit" class="button button--warning" name="action" value="cancel">"Yes, cancel it"</button>
                </ActionForm>
            </details>
        })}
    }
}

/// The hidden fields every workflow step sends.
#[component]
fn Step(id: i32, lock: i32) -> impl IntoView {
    view! {
        <input type="hidden" name="id" value=id/>
        <input type="hidden" name="lock_version" value=lock/>
    }
}

/// The budget a request draws on, as its owner and approvers see it.
#[component]
fn BudgetPanel(b: BudgetRow) -> impl IntoView {
    let heading = format!(
        "{} {} budget, {}",
        b.department,
        b.source.to_lowercase(),
        b.year_label
    );
    let summary = format!(
        "{} remaining of {} ({} committed, {} spent)",
        b.remaining, b.budget, b.committed, b.spent
    );
    view! {
        <section class="panel" aria-label="Budget">
            <h2>{heading.clone()}</h2>
            <ProgressBar label=format!("{heading}: share used") percent=b.percent_used summary/>
        </section>
    }
}

/// An approver's decision: approve (with a reason when it takes the budget
/// below zero), decline or return (with a comment).
#[component]
fn Decision(
    id: i32,
    lock: i32,
    act: ServerAction<ActOnFundingRequest>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <h2>"Your decision"</h2>
        <ActionForm action=act attr:novalidate=true>
            <Step id lock/>
            <TextArea name="comment" label="Comment (needed to decline or return)" rows=3 error/>
            <TextArea name="override_reason" label="Reason to approve over budget (only if it would take the budget below zero)" rows=2 error/>
            <div class="actions">
                <button type="submit" class="button" name="action" value="approve">"Approve"</button>
                <button type="submit" class="button button--secondary" name="action" value="return">"Return for changes"</button>
                <button type="submit" class="button button--secondary" name="action" value="decline">"Decline"</button>
            </div>
        </ActionForm>
    }
}

/// A completed request becomes a CPD activity in one step; its page then
/// opens to add the reflection.
#[component]
fn RecordAsCpd(
    id: i32,
    record: ServerAction<RecordFundedCpd>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let categories = Resource::new(|| (), |_| list_cpd_categories());
    view! {
        <h2>"Add it to your CPD record"</h2>
        <p class="body">"The title, provider, dates and development plan objective come from this request. You add your reflection next."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match categories.await {
                    Ok(categories) => {
                        let options: Vec<(String, String)> = categories.into_iter().filter(|c| !c.retired).map(|c| (c.id.to_string(), c.name)).collect();
                        view! {
                            <ActionForm action=record attr:novalidate=true>
                                <input type="hidden" name="id" value=id/>
                                <TextField name="hours" label="Hours of learning" hint="In quarter hours, for example 6.5" width="input--width-5" error/>
                                <SelectField name="category_id" label="Type of activity" options error/>
                                <button type="submit" class="button">"Add to my CPD record"</button>
                            </ActionForm>
                        }.into_any()
                    }
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
