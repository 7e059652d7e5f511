//! How a plan is drawn: the week as a grid (days across, morning,
//! afternoon and evening down, as NHS job plans lay it out), the totals by
//! category, and the warnings. The editor, the plan page and the print
//! page share them.

use crate::domain::job_plans::form::{Plan, PlanForm, time_range};
use crate::domain::job_plans::{Category, Contract, Day, Warning, format_number};
use leptos::prelude::*;

/// Morning (07:00-11:59 starts), afternoon (12:00-17:59) and evening or
/// night (the rest).
const SESSIONS: [(&str, u32, u32); 3] = [
    ("Morning", 7 * 60, 12 * 60),
    ("Afternoon", 12 * 60, 18 * 60),
    ("Evening and night", 18 * 60, 7 * 60),
];

fn in_session(start: u32, session: usize) -> bool {
    let (_, from, to) = SESSIONS[session];
    if from < to {
        (from..to).contains(&start)
    } else {
        start >= from || start < to
    }
}

fn category_class(category: Category) -> &'static str {
    match category {
        Category::DirectClinicalCare => "plan-slot plan-slot--dcc",
        Category::SupportingProfessionalActivities => "plan-slot plan-slot--spa",
        Category::AdditionalNhsResponsibilities => "plan-slot plan-slot--anr",
        Category::ExternalDuties => "plan-slot plan-slot--ed",
    }
}

/// The week as a table. Weekend columns appear only when something is
/// planned then.
#[component]
pub fn WeekGrid(#[prop(into)] plan: Signal<Plan>, labels: [String; 4]) -> impl IntoView {
    let labels = StoredValue::new(labels);
    move || {
        let plan = plan.get();
        let weekend = plan.activities.iter().any(|a| a.slot.day.is_weekend());
        let days: Vec<Day> = Day::ALL
            .into_iter()
            .filter(|d| weekend || !d.is_weekend())
            .collect();
        view! {
            <table class="table week-grid">
                <caption class="table__caption">"The week"</caption>
                <thead>
                    <tr>
                        <td></td>
                        {days.iter().map(|d| view! { <th scope="col">{d.label()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {(0..SESSIONS.len()).map(|session| {
                        let cells = days.iter().map(|day| {
                            let mut here: Vec<_> = plan.activities.iter()
                                .filter(|a| a.slot.day == *day && in_session(a.slot.start, session))
                                .collect();
                            here.sort_by_key(|a| a.slot.start);
                            let items = here.into_iter().map(|a| {
                                let label = labels.with_value(|l| l[a.slot.category.index()].clone());
                                let when = match a.slot.recurrence {
                                    crate::domain::job_plans::Recurrence::EveryWeek => String::new(),
                                    other => format!(", {}", other.label()),
                                };
                                view! {
                                    <li class=category_class(a.slot.category)>
                                        <span class="plan-slot__time">{time_range(&a.slot)}</span>
                                        " "{a.description.clone()}
                                        <span class="plan-slot__meta">{format!("{label}{when}")}</span>
                                    </li>
                                }
                            }).collect_view();
                            view! { <td><ul class="plan-slots">{items}</ul></td> }
                        }).collect_view();
                        view! { <tr><th scope="row">{SESSIONS[session].0}</th>{cells}</tr> }
                    }).collect_view()}
                </tbody>
            </table>
        }
    }
}

/// Totals by category and overall, against the contract, and the warnings.
#[component]
pub fn PlanTotals(#[prop(into)] plan: Signal<Plan>, labels: [String; 4]) -> impl IntoView {
    let labels = StoredValue::new(labels);
    move || {
        let plan = plan.get();
        let totals = plan.totals();
        // PAs a year: the average week's PAs over the working weeks.
        let weeks = plan.working_weeks().max(1.0);
        let contract = match plan.contract {
            Contract::AgendaForChange { hours_per_week } => {
                format!("{} hours a week", format_number(hours_per_week))
            }
            Contract::Consultant { pas_per_week } => {
                format!("{} PAs a week", format_number(pas_per_week))
            }
        };
        let difference = if totals.hours_over_contract.abs() < 0.005 {
            "Matches the contract".to_string()
        } else {
            let direction = if totals.hours_over_contract > 0.0 {
                "Over-planned"
            } else {
                "Under-planned"
            };
            format!(
                "{direction} by {} hours ({} PAs) a week",
                format_number(totals.hours_over_contract.abs()),
                format_number(totals.pas_over_contract.abs())
            )
        };
        let warnings: Vec<String> = totals
            .warnings
            .iter()
            .filter(|w| !matches!(w, Warning::Clash(..)))
            .map(|w| w.describe(plan.contract))
            .collect();
        view! {
            <table class="table plan-totals">
                <caption class="table__caption">"Totals"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Category"</th>
                        <th scope="col" class="numeric">"Hours a week"</th>
                        <th scope="col" class="numeric">"PAs a week"</th>
                        <th scope="col" class="numeric">"Hours a year"</th>
                        <th scope="col" class="numeric">"PAs a year"</th>
                    </tr>
                </thead>
                <tbody>
                    {Category::ALL.into_iter().map(|c| {
                        let i = c.index();
                        view! {
                            <tr>
                                <th scope="row">{labels.with_value(|l| l[i].clone())}</th>
                                <td class="numeric">{format_number(totals.weekly_hours[i])}</td>
                                <td class="numeric">{format_number(totals.weekly_pas[i])}</td>
                                <td class="numeric">{format_number(totals.annual_hours[i])}</td>
                                <td class="numeric">{format_number(totals.weekly_pas[i] * weeks)}</td>
                            </tr>
                        }
                    }).collect_view()}
                    <tr class="plan-totals__total">
                        <th scope="row">"Total"</th>
                        <td class="numeric">{format_number(totals.total_weekly_hours)}</td>
                        <td class="numeric">{format_number(totals.total_weekly_pas)}</td>
                        <td class="numeric">{format_number(totals.total_annual_hours)}</td>
                        <td class="numeric">{format_number(totals.total_weekly_pas * weeks)}</td>
                    </tr>
                </tbody>
            </table>
            <dl class="summary-list">
                <div class="summary-list__row"><dt class="summary-list__key">"Contract"</dt><dd class="summary-list__value">{plan.contract_label()}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Planned against contract"</dt><dd class="summary-list__value">{format!("{difference} (contract {contract})")}</dd></div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Working weeks a year"</dt>
                    <dd class="summary-list__value">{format!(
                        "{} (52 less {} days' leave, {} public holidays and {} days' study leave)",
                        format_number(plan.working_weeks()),
                        format_number(plan.leave_days),
                        format_number(plan.public_holidays),
                        format_number(plan.study_leave_days)
                    )}</dd>
                </div>
                <div class="summary-list__row"><dt class="summary-list__key">"On call"</dt><dd class="summary-list__value">{crate::domain::job_plans::diff::describe_on_call(&plan)}</dd></div>
            </dl>
            {(!warnings.is_empty()).then(|| view! {
                <div class="warning-callout">
                    <h3>"Check before submitting"</h3>
                    <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </div>
            })}
        }
    }
}

/// The annualised items as a table.
#[component]
pub fn AnnualisedTable(plan: Plan, labels: [String; 4]) -> impl IntoView {
    (!plan.annualised.is_empty()).then(|| {
        view! {
            <table class="table">
                <caption class="table__caption">"Annualised activities (not timetabled)"</caption>
                <thead><tr><th scope="col">"Activity"</th><th scope="col">"Category"</th><th scope="col" class="numeric">"Hours a year"</th></tr></thead>
                <tbody>
                    {plan.annualised.iter().map(|a| view! {
                        <tr>
                            <td>{a.description.clone()}</td>
                            <td>{labels[a.item.category.index()].clone()}</td>
                            <td class="numeric">{format_number(a.item.hours_per_year)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    })
}

/// The activities in order, with every detail, as a table.
#[component]
pub fn ActivityTable(plan: Plan, labels: [String; 4]) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="table__caption">"Timetabled activities"</caption>
            <thead>
                <tr>
                    <th scope="col">"#"</th><th scope="col">"Day"</th><th scope="col">"Time"</th>
                    <th scope="col">"Activity"</th><th scope="col">"Category"</th><th scope="col">"Location"</th>
                    <th scope="col">"Repeats"</th><th scope="col" class="numeric">"Weeks a year"</th>
                </tr>
            </thead>
            <tbody>
                {plan.activities.iter().enumerate().map(|(i, a)| view! {
                    <tr>
                        <td>{i + 1}</td>
                        <td>{a.slot.day.label()}</td>
                        <td>{time_range(&a.slot)}</td>
                        <td>{a.description.clone()}</td>
                        <td>{labels[a.slot.category.index()].clone()}</td>
                        <td>{a.location.clone()}</td>
                        <td>{a.slot.recurrence.label()}</td>
                        <td class="numeric">{format_number(a.slot.weeks_per_year)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The readable part of a stored form (stored plans always read whole).
pub fn plan_of(form: &PlanForm) -> Plan {
    form.read().0
}
