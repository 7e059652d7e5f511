//! Retention statistics: choose a period and a breakdown, then the figures
//! by group, leavers by reason, the trend, and retention against
//! development, each chart beside the table of its numbers. The form is a
//! plain GET, so every view has its own address, and the export links
//! repeat that address's query.

mod tables;

use crate::api::retention::{RetentionQuery, RetentionReport, retention_figures};
use crate::domain::retention::{Breakdown, DEFINITIONS};
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use tables::{DevelopmentTable, GroupTable, ReasonsTable, TrendTable};

/// Who sees retention statistics.
const VIEWERS: &[Role] = &[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin];

#[component]
pub fn RetentionPage() -> impl IntoView {
    let query = use_query_map();
    let asked = move || {
        query.with(|q| RetentionQuery {
            period: q.get("period").unwrap_or_default(),
            year: q.get("year").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
            by: q.get("by").unwrap_or_default(),
            years: q.get("years").unwrap_or_default(),
        })
    };
    let data = Resource::new(asked, |q| ask_for(VIEWERS, retention_figures(q)));
    view! {
        <Title text="Retention statistics - MPCE Workforce Portal"/>
        <Authorised roles=VIEWERS children=move |_| view! { <Retention data asked/> }/>
    }
}

#[component]
fn Retention(
    data: Resource<Asked<RetentionReport>>,
    asked: impl Fn() -> RetentionQuery + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <h1>"Retention statistics"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let asked = asked();
                match data.await {
                    None => ().into_any(),
                    Some(Ok(report)) => view! { <Report report/> }.into_any(),
                    Some(Err(error)) => view! {
                        <LoadError error/>
                        <PeriodForm q=asked years=Vec::new()/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Report(report: RetentionReport) -> impl IntoView {
    let q = report.query.clone();
    let query = q.to_query_string();
    let reasons = report.total.leavers_by_reason.clone();
    let total_leavers = report.total.leavers;
    view! {
        <p class="caption">{format!("{} - {} ({} to {})", report.scope, report.period_label, report.from, report.to)}</p>
        <PeriodForm q=q.clone() years=report.year_choices.clone()/>
        <p class="body exports-links">
            "Download what is on this page: "
            <a href=format!("/retention/export.csv?{query}") download="">"CSV"</a>
            " or "
            <a href=format!("/retention/export.xlsx?{query}") download="">"Excel (XLSX)"</a>
        </p>
        <section class="panel" aria-labelledby="groups-heading">
            <h2 id="groups-heading">{format!("By {}", report.breakdown_label.to_lowercase())}</h2>
            <figure class="chart-figure">
                <div inner_html=report.groups_chart.clone()></div>
                <figcaption class="hint">"Leaver rate by group; the table below gives every figure."</figcaption>
            </figure>
            <GroupTable groups=report.groups.clone() total=report.total.clone() breakdown=report.breakdown_label.clone()/>
        </section>
        <section class="panel" aria-labelledby="reasons-heading">
            <h2 id="reasons-heading">"Leavers by reason"</h2>
            <ReasonsTable reasons total=total_leavers/>
        </section>
        <section class="panel" aria-labelledby="trend-heading">
            <h2 id="trend-heading">{format!("Trend over {} years", report.trend.len())}</h2>
            <figure class="chart-figure">
                <div inner_html=report.trend_chart.clone()></div>
                <figcaption class="hint">"Leaver and joiner rates by year; the table below gives every figure."</figcaption>
            </figure>
            <TrendTable trend=report.trend.clone()/>
        </section>
        <section class="panel" aria-labelledby="development-heading">
            <h2 id="development-heading">"Retention against development"</h2>
            <p class="body">{format!(
                "People in post on {}, by what they had by then. Learning time and funded CPD count the year before; the median learning time was {} hours.",
                report.from, report.plt_median_hours
            )}</p>
            <DevelopmentTable splits=report.development.clone()/>
        </section>
        <Definitions/>
    }
}

/// The period and breakdown form (a GET, so the result has an address).
#[component]
fn PeriodForm(q: RetentionQuery, years: Vec<i32>) -> impl IntoView {
    let kind = if q.period.is_empty() {
        "financial".to_string()
    } else {
        q.period.clone()
    };
    let year = q.year.clone();
    let by = q.by.clone();
    view! {
        <form method="get" action="/retention" class="filters">
            <div class="form-group">
                <label class="label" for="period">"Period"</label>
                <select class="select" id="period" name="period">
                    {[("financial", "Financial year"), ("calendar", "Calendar year"), ("custom", "Between two dates")]
                        .into_iter()
                        .map(|(value, label)| view! { <option value=value selected=kind == value>{label}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label class="label" for="year">"Year"</label>
                <div class="hint" id="year-hint">"A financial year starts on 1 April"</div>
                {if years.is_empty() {
                    view! { <input class="input input--short" id="year" name="year" inputmode="numeric" value=year aria-describedby="year-hint"/> }.into_any()
                } else {
                    view! {
                        <select class="select" id="year" name="year" aria-describedby="year-hint">
                            {years.into_iter().map(|y| {
                                let value = y.to_string();
                                let selected = value == year;
                                view! { <option value=value selected=selected>{format!("{y}/{:02} or {y}", (y + 1) % 100)}</option> }
                            }).collect_view()}
                        </select>
                    }.into_any()
                }}
            </div>
            <div class="form-group">
                <label class="label" for="from">"First day (between two dates)"</label>
                <input class="input" type="date" id="from" name="from" value=q.from.clone()/>
            </div>
            <div class="form-group">
                <label class="label" for="to">"Last day (between two dates)"</label>
                <input class="input" type="date" id="to" name="to" value=q.to.clone()/>
            </div>
            <div class="form-group">
                <label class="label" for="by">"Breakdown"</label>
                <select class="select" id="by" name="by">
                    {Breakdown::ALL.into_iter().map(|b| {
                        let selected = b.key() == by;
                        view! { <option value=b.key() selected=selected>{b.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label class="label" for="years">"Years of trend"</label>
                <input class="input input--short" type="number" min="1" max="20" id="years" name="years" value=q.years.clone()/>
            </div>
            <button type="submit" class="button button--secondary">"Show statistics"</button>
        </form>
    }
}

#[component]
fn Definitions() -> impl IntoView {
    view! {
        <details class="panel">
            <summary class="details__summary">"How these figures are counted"</summary>
            <ul class="plain-list">
                {DEFINITIONS.iter().map(|d| view! { <li>{*d}</li> }).collect_view()}
                <li>"A financial year is measured between 31 March before it and 31 March at its end, as the NHS counts staff in post; someone whose last day is 31 March leaves in the next year."</li>
                <li>"A group of fewer than 10 people is marked: its rates are too small to read."</li>
            </ul>
        </details>
    }
}
