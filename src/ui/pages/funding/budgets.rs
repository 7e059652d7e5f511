//! CPD budgets of a financial year: per department and source, the budget,
//! what approved requests commit, what completed ones spent, and what is
//! left, each figure with the requests behind it. Administrators set
//! budgets here.

use crate::api::AppError;
use crate::api::funding::{
    BudgetLine, BudgetRow, SetFundingBudget, funding_budgets, funding_years,
};
use crate::api::organisation::list_departments;
use crate::domain::funding::Source;
use crate::domain::roles::Role;
use crate::ui::components::errors::{
    ErrorSummary, LoadError, SuccessPanel, action_error, action_succeeded, successes,
};
use crate::ui::components::fields::{SelectField, TextField};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::components::progress::ProgressBar;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Who sees budgets.
const READERS: &[Role] = &[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin];

#[component]
pub fn BudgetsPage() -> impl IntoView {
    let query = use_query_map();
    let year = move || query.with(|q| q.get("year").unwrap_or_default());
    let set = ServerAction::<SetFundingBudget>::new();
    let changed = successes(set);
    let budgets = Resource::new(
        move || (year(), changed.get()),
        |(year, _)| ask_for(READERS, funding_budgets(year)),
    );
    // The server's clock decides what "this year" is.
    let years = Resource::new(|| (), |_| ask_for(READERS, funding_years()));
    view! {
        <Title text="CPD budgets - MPCE Workforce Portal"/>
        <Authorised
            roles=READERS
            children=move |user| {
                let admin = user.has(Role::Admin);
                view! { <Budgets admin budgets years year set/> }
            }
        />
    }
}

#[component]
fn Budgets(
    admin: bool,
    budgets: Resource<Asked<Vec<BudgetRow>>>,
    years: Resource<Asked<Vec<(String, String)>>>,
    year: impl Fn() -> String + Copy + Send + Sync + 'static,
    set: ServerAction<SetFundingBudget>,
) -> impl IntoView {
    let error = action_error(set);
    let saved = action_succeeded(set);
    view! {
        <ErrorSummary error/>
        <SuccessPanel show=saved message="The budget was saved."/>
        <h1>"CPD budgets"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match (years.await, budgets.await) {
                    (Some(Ok(years)), Some(Ok(rows))) => {
                        let list = if rows.is_empty() {
                            view! { <p class="body">"No budgets are set for this year."</p> }.into_any()
                        } else {
                            rows.into_iter().map(|b| view! { <Budget b/> }).collect_view().into_any()
                        };
                        view! {
                            <form method="get" action="/funding/budgets" class="filters">
                                <div class="form-group">
                                    <label class="label" for="show-year">"Financial year"</label>
                                    <select class="select" id="show-year" name="year">
                                        <option value="">"This year"</option>
                                        {years.iter().map(|(value, label)| {
                                            let selected = *value == year();
                                            view! { <option value=value.clone() selected=selected>{label.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button button--secondary">"Show"</button>
                            </form>
                            {list}
                            {admin.then(|| view! { <SetBudget years set error/> })}
                        }.into_any()
                    }
                    (Some(Err(error)), _) | (_, Some(Err(error))) => view! { <LoadError error/> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Budget(b: BudgetRow) -> impl IntoView {
    let heading = format!("{}: {}, {}", b.department, b.source, b.year_label);
    let summary = format!(
        "{}% used: {} remaining of {}",
        b.percent_used, b.remaining, b.budget
    );
    let others = (b.other_lines > 0).then(|| {
        format!(
            "{} more from people outside your team are counted in these figures.",
            b.other_lines
        )
    });
    view! {
        <section class="panel budget" aria-label=heading.clone()>
            <h2>{heading.clone()}</h2>
            <ProgressBar label=format!("{heading}: share used") percent=b.percent_used summary/>
            {b.overspent.then(|| view! { <p class="body"><strong class="tag tag--red">"Overspent"</strong></p> })}
            <dl class="summary-list budget__figures">
                <div class="summary-list__row"><dt class="summary-list__key">"Budget"</dt><dd class="summary-list__value">{b.budget.clone()}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Committed"</dt><dd class="summary-list__value">{b.committed.clone()}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Spent"</dt><dd class="summary-list__value">{b.spent.clone()}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Remaining"</dt><dd class="summary-list__value">{b.remaining.clone()}</dd></div>
            </dl>
            <Lines title="Committed: approved requests" lines=b.committed_lines/>
            <Lines title="Spent: completed requests" lines=b.spent_lines/>
            {others.map(|o| view! { <p class="hint">{o}</p> })}
        </section>
    }
}

#[component]
fn Lines(title: &'static str, lines: Vec<BudgetLine>) -> impl IntoView {
    let count = lines.len();
    view! {
        <details class="details">
            <summary class="details__summary">{format!("{title} ({count})")}</summary>
            {if lines.is_empty() {
                view! { <p class="body">"None."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {lines.into_iter().map(|l| view! {
                            <li><a href=format!("/funding/{}", l.request_id)>{format!("{}: {}", l.person_name, l.activity)}</a>{format!(" - {}", l.amount)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </details>
    }
}

#[component]
fn SetBudget(
    years: Vec<(String, String)>,
    set: ServerAction<SetFundingBudget>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let departments = Resource::new(|| (), |_| list_departments());
    let sources: Vec<(String, String)> = Source::ALL
        .into_iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect();
    view! {
        <h2>"Set a budget"</h2>
        <p class="body">"Setting a budget that already exists replaces its amount."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                let (sources, years) = (sources.clone(), years.clone());
                Suspend::new(async move {
                    match departments.await {
                        Ok(list) => {
                            let options: Vec<(String, String)> = list.into_iter().map(|d| (d.id.to_string(), d.name)).collect();
                            view! {
                                <ActionForm action=set attr:novalidate=true>
                                    <SelectField name="department_id" label="Department" options error/>
                                    <SelectField name="year" field="year" label="Financial year for the budget" options=years error/>
                                    <SelectField name="source" label="Funding source" options=sources error/>
                                    <TextField name="amount" label="Amount in pounds" width="input--width-10" error/>
                                    <button type="submit" class="button">"Save budget"</button>
                                </ActionForm>
                            }.into_any()
                        }
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
