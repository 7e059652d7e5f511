//! The tables of the retention page: each gives the numbers of the chart
//! beside it, and marks groups too small to read.

use crate::api::retention::TrendPoint;
use crate::domain::retention::{GroupFigures, Split, percent};
use leptos::prelude::*;
use std::collections::BTreeMap;

const HEADINGS: [&str; 11] = [
    "In post at start",
    "In post at end",
    "FTE at start",
    "FTE at end",
    "Joiners",
    "Leavers",
    "Transfers in",
    "Transfers out",
    "Leaver rate",
    "Joiner rate",
    "Stability index",
];

fn cells(g: &GroupFigures) -> [String; 11] {
    [
        g.in_post_start.to_string(),
        g.in_post_end.to_string(),
        format!("{:.2}", g.fte_start),
        format!("{:.2}", g.fte_end),
        g.joiners.to_string(),
        g.leavers.to_string(),
        g.transfers_in.to_string(),
        g.transfers_out.to_string(),
        percent(g.leaver_rate()),
        percent(g.joiner_rate()),
        percent(g.stability_index()),
    ]
}

#[component]
fn SmallTag(small: bool) -> impl IntoView {
    small.then(|| view! { <strong class="tag tag--grey">"Too small to read"</strong> })
}

#[component]
pub fn GroupTable(
    groups: Vec<GroupFigures>,
    total: GroupFigures,
    breakdown: String,
) -> impl IntoView {
    let show_total = groups.len() > 1;
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Figures by group">
            <table class="table table--numbers">
                <caption class="table__caption">{format!("Figures by {}", breakdown.to_lowercase())}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Group"</th>
                        {HEADINGS.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {groups.into_iter().map(|g| view! { <FigureRow g/> }).collect_view()}
                </tbody>
                {show_total.then(|| {
                    let mut total = total;
                    total.group = "All groups".to_string();
                    view! { <tfoot><FigureRow g=total/></tfoot> }
                })}
            </table>
        </div>
    }
}

#[component]
fn FigureRow(g: GroupFigures) -> impl IntoView {
    let small = g.too_small();
    view! {
        <tr>
            <th scope="row">{g.group.clone()}" "<SmallTag small/></th>
            {cells(&g).into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
        </tr>
    }
}

#[component]
pub fn ReasonsTable(reasons: BTreeMap<String, u32>, total: u32) -> impl IntoView {
    if reasons.is_empty() {
        return view! { <p class="body">"Nobody left in this period."</p> }.into_any();
    }
    view! {
        <table class="table table--numbers">
            <caption class="table__caption">{format!("{total} leavers by reason")}</caption>
            <thead><tr><th scope="col">"Reason"</th><th scope="col">"Leavers"</th></tr></thead>
            <tbody>
                {reasons.into_iter().map(|(reason, n)| view! {
                    <tr><th scope="row">{reason}</th><td>{n.to_string()}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn TrendTable(trend: Vec<TrendPoint>) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Trend by year">
            <table class="table table--numbers">
                <caption class="table__caption">"Figures by year"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Year"</th>
                        {HEADINGS.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {trend.into_iter().map(|p| {
                        let small = p.figures.too_small();
                        view! {
                            <tr>
                                <th scope="row">{p.label.clone()}" "<SmallTag small/></th>
                                {cells(&p.figures).into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn DevelopmentTable(splits: Vec<Split>) -> impl IntoView {
    view! {
        <table class="table table--numbers">
            <caption class="table__caption">"Leaver rate and stability by what people had at the start"</caption>
            <thead>
                <tr>
                    <th scope="col">"Group"</th>
                    <th scope="col">"People at start"</th>
                    <th scope="col">"Leavers"</th>
                    <th scope="col">"Leaver rate"</th>
                    <th scope="col">"Stability index"</th>
                </tr>
            </thead>
            {splits.into_iter().map(|(question, sides)| view! {
                <tbody>
                    <tr><th scope="rowgroup" colspan="5" class="table__group">{question}</th></tr>
                    {sides.into_iter().map(|c| {
                        let small = c.too_small();
                        view! {
                            <tr>
                                <th scope="row">{c.label.clone()}" "<SmallTag small/></th>
                                <td>{c.in_post_start.to_string()}</td>
                                <td>{c.leavers.to_string()}</td>
                                <td>{percent(c.leaver_rate())}</td>
                                <td>{percent(c.stability_index())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            }).collect_view()}
        </table>
    }
}
