use crate::api::plt::{CancelPlt, PltOverview, PltSessionRow};
use crate::domain::plt::SessionState;
use crate::ui::components::progress::ProgressBar;
use leptos::prelude::*;

/// Allowance, requested, approved, taken and remaining, with a bar.
#[component]
pub fn PltFigures(overview: PltOverview) -> impl IntoView {
    let o = overview;
    let summary = format!(
        "{} of {} hours taken or approved; {} hours remaining.",
        add(&o.taken, &o.approved),
        o.allowance,
        o.remaining
    );
    view! {
        <section class="panel" aria-labelledby="plt-figures">
            <h2 id="plt-figures">{format!("Protected learning time {}", o.year_label)}</h2>
            <ProgressBar label=format!("Protected learning time used in {}", o.year_label) percent=o.percent_used summary/>
            <dl class="summary-list">
                <div class="summary-list__row"><dt class="summary-list__key">"Allowance"</dt><dd class="summary-list__value">{format!("{} hours", o.allowance)}
                    {o.adjustment_reason.clone().map(|r| view! { <br/><span class="hint">{format!("Adjusted from {} hours: {r}", o.default_allowance)}</span> })}
                </dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Awaiting a decision"</dt><dd class="summary-list__value">{format!("{} hours", o.requested)}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Approved, still to come"</dt><dd class="summary-list__value">{format!("{} hours", o.approved)}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Taken"</dt><dd class="summary-list__value">{format!("{} hours", o.taken)}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Remaining"</dt><dd class="summary-list__value">{format!("{} hours", o.remaining)}</dd></div>
            </dl>
        </section>
    }
}

/// Sum of two hour figures as shown ("1.5" + "2" = "3.5").
fn add(a: &str, b: &str) -> String {
    use crate::domain::cpd::CpdHours;
    let q = |s: &str| CpdHours::parse(s).map(|h| h.quarters()).unwrap_or(0);
    CpdHours::from_quarters(q(a) + q(b)).to_string()
}

fn state_class(state: SessionState) -> &'static str {
    match state {
        SessionState::AwaitingDecision => "tag tag--amber",
        SessionState::Approved | SessionState::Taken => "tag tag--green",
        SessionState::Declined => "tag tag--red",
        SessionState::Cancelled | SessionState::Lapsed => "tag tag--grey",
    }
}

/// The year's sessions; with `cancel`, future ones have a cancel button.
#[component]
pub fn SessionsTable(
    sessions: Vec<PltSessionRow>,
    cancel: Option<ServerAction<CancelPlt>>,
) -> impl IntoView {
    if sessions.is_empty() {
        return view! { <p class="body">"No sessions booked this year."</p> }.into_any();
    }
    view! {
        <table class="table">
            <caption class="table__caption">"Sessions"</caption>
            <thead>
                <tr>
                    <th scope="col">"Date"</th>
                    <th scope="col">"Hours"</th>
                    <th scope="col">"Purpose"</th>
                    <th scope="col">"Status"</th>
                    {cancel.is_some().then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                </tr>
            </thead>
            <tbody>
                {sessions.into_iter().map(|s| {
                    let decision = match (&s.decided_by, &s.decision_comment) {
                        (Some(by), Some(c)) => Some(format!("{by}: {c}")),
                        (Some(by), None) => Some(by.clone()),
                        _ => None,
                    };
                    let label = format!("Cancel the session on {}", s.date);
                    view! {
                        <tr>
                            <td>{s.date.clone()}</td>
                            <td>{s.hours.clone()}</td>
                            <td>
                                {s.purpose.clone().unwrap_or_else(|| "Not shown".into())}
                                {s.objective.clone().map(|o| view! { <br/><span class="hint">{format!("Objective: {o}")}</span> })}
                            </td>
                            <td>
                                <strong class=state_class(s.state)>{s.state.label()}</strong>
                                {decision.map(|d| view! { <br/><span class="hint">{d}</span> })}
                            </td>
                            {cancel.map(|action| view! {
                                <td>
                                    {s.can_cancel.then(|| view! {
                                        <ActionForm action>
                                            <input type="hidden" name="id" value=s.id/>
                                            <button type="submit" class="button button--secondary button--small" aria-label=label.clone()>"Cancel"</button>
                                        </ActionForm>
                                    })}
                                </td>
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
