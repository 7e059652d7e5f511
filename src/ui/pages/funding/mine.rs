//! A staff member's funding requests, newest first, and the way to a new
//! one.

use crate::api::funding::{FundingRequestRow, my_funding_requests};
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyFundingPage() -> impl IntoView {
    let requests = Resource::new(|| (), |_| ask_for(&[Role::Staff], my_funding_requests()));
    view! {
        <Title text="Funding requests - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=move |_| view! { <MyFunding requests/> }/>
    }
}

#[component]
fn MyFunding(requests: Resource<Asked<Vec<FundingRequestRow>>>) -> impl IntoView {
    view! {
        <h1>"Funding requests"</h1>
        <p class="body">"Ask for funding for a course, conference or other CPD. Your line manager approves it against your department's budget."</p>
        <a class="button" href="/funding/new">"Request funding"</a>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match requests.await {
                    None => ().into_any(),
                    Some(Ok(rows)) if rows.is_empty() => view! { <p class="body">"You have not asked for funding yet."</p> }.into_any(),
                    Some(Ok(rows)) => view! { <RequestsTable rows caption="Your requests" show_person=false/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Requests as a table, each linking to its page.
#[component]
pub fn RequestsTable(
    rows: Vec<FundingRequestRow>,
    caption: &'static str,
    show_person: bool,
) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="table__caption">{caption}</caption>
            <thead>
                <tr>
                    {show_person.then(|| view! { <th scope="col">"Person"</th> })}
                    <th scope="col">"Course or activity"</th>
                    <th scope="col">"Dates"</th>
                    <th scope="col">"Source"</th>
                    <th scope="col" class="numeric">"Estimated cost"</th>
                    <th scope="col" class="numeric">"Actual cost"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let dates = if r.start_date == r.end_date { r.start_date.clone() } else { format!("{} to {}", r.start_date, r.end_date) };
                    view! {
                        <tr>
                            {show_person.then(|| view! { <td>{r.person_name.clone()}</td> })}
                            <td><a href=format!("/funding/{}", r.id)>{r.activity.clone()}</a></td>
                            <td>{dates}</td>
                            <td>{r.source.clone()}</td>
                            <td class="numeric">{r.estimated.clone()}</td>
                            <td class="numeric">{r.actual.clone().unwrap_or_else(|| "-".into())}</td>
                            <td><strong class=format!("tag tag--{}", r.status.as_str())>{r.status.label()}</strong></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
