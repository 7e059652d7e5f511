use crate::api::cpd::{CpdOverview, HoursTotal, my_cpd};
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CpdListPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |key: &str| query.read().get(key).unwrap_or_default();
    let overview = Resource::new(
        move || (param("year"), param("category"), param("q"), param("page")),
        |(year, category, search, page)| {
            ask_for(&[Role::Staff], my_cpd(year, category, search, page))
        },
    );
    view! {
        <Title text="My CPD - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=move |_| view! { <CpdList overview param/> }/>
    }
}

#[component]
fn CpdList(
    overview: Resource<Asked<CpdOverview>>,
    param: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <h1>"My CPD"</h1>
        <div class="actions">
            <a class="button" href="/cpd/new">"Record a CPD activity"</a>
            <a class="button button--secondary" href="/cpd/profile">"My CPD profile for audit"</a>
        </div>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    None => ().into_any(),
                    Some(Ok(o)) => view! { <Overview overview=o year=param("year") category=param("category") search=param("q") owner=true/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The filters, totals and activity table. `owner`: rows link to the edit
/// form; otherwise to the read-only view.
#[component]
pub fn Overview(
    overview: CpdOverview,
    year: String,
    category: String,
    search: String,
    owner: bool,
) -> impl IntoView {
    let count = overview.count;
    let pager = Pager {
        page: overview.page,
        pages: overview.pages,
        shown: overview.activities.len() as u32,
        count,
        year: year.clone(),
        category: category.clone(),
        search: search.clone(),
    };
    let filtered = !(year.is_empty() && category.is_empty() && search.is_empty());
    let years: Vec<String> = overview.by_year.iter().map(|y| y.label.clone()).collect();
    view! {
        <Form method="GET" action="">
            <div class="panel filters">
                <h2>"Filter"</h2>
                <div class="form-group">
                    <label class="label" for="year">"Year (April to March)"</label>
                    <select class="select" id="year" name="year">
                        <option value="">"All years"</option>
                        {years.into_iter().map(|y| {
                            let selected = y == year;
                            view! { <option value=y.clone() selected=selected>{y.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="category">"Type of activity"</label>
                    <select class="select" id="category" name="category">
                        <option value="">"All types"</option>
                        {overview.categories.iter().map(|c| {
                            let value = c.id.to_string();
                            let selected = value == category;
                            view! { <option value=value selected=selected>{c.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="q">"Search titles, providers and reflections"</label>
                    <input class="input input--width-20" id="q" name="q" type="search" value=search/>
                </div>
                <button type="submit" class="button button--secondary">"Apply filters"</button>
            </div>
        </Form>
        <div class="totals">
            <section class="panel" aria-labelledby="total-heading">
                <h2 id="total-heading">{if filtered { "Hours shown" } else { "Hours recorded" }}</h2>
                <p class="big-number">{overview.total_hours.clone()}</p>
                <p class="body">{format!("in {count} {}", if count == 1 { "activity" } else { "activities" })}</p>
            </section>
            <TotalsTable caption="Hours by type of activity" first="Type" totals=overview.by_category.clone()/>
            <TotalsTable caption="Hours by year, April to March (whole record)" first="Year" totals=overview.by_year.clone()/>
        </div>
        {if overview.activities.is_empty() {
            view! { <p class="body">"No CPD activities match."</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="table__caption">"CPD activities"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Date"</th>
                            <th scope="col">"Activity"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Hours"</th>
                            <th scope="col">"Protected learning time"</th>
                            <th scope="col">"Evidence files"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {overview.activities.into_iter().map(|a| {
                            let dates = match &a.end_date {
                                Some(end) if *end != a.start_date => format!("{} to {end}", a.start_date),
                                _ => a.start_date.clone(),
                            };
                            view! {
                                <tr>
                                    <td>{dates}</td>
                                    <td>
                                        <a href=if owner { format!("/cpd/{}/edit", a.id) } else { format!("/cpd/activity/{}", a.id) }>{a.title}</a>
                                        {a.provider.map(|p| view! { <br/><span class="hint">{p}</span> })}
                                    </td>
                                    <td>{a.category}</td>
                                    <td>{a.hours}</td>
                                    <td>{if a.in_protected_time { "Yes" } else { "No" }}</td>
                                    <td>{a.evidence_files}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <PagerLinks pager/>
            }.into_any()
        }}
    }
}

/// Where the list is, for the page links (which keep the filters).
struct Pager {
    page: u32,
    pages: u32,
    shown: u32,
    count: u32,
    year: String,
    category: String,
    search: String,
}

impl Pager {
    fn href(&self, page: u32) -> String {
        let mut query: Vec<String> = Vec::new();
        for (key, value) in [
            ("year", &self.year),
            ("category", &self.category),
            ("q", &self.search),
        ] {
            if !value.is_empty() {
                query.push(format!("{key}={}", encode(value)));
            }
        }
        query.push(format!("page={page}"));
        format!("?{}", query.join("&"))
    }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
fn PagerLinks(pager: Pager) -> impl IntoView {
    if pager.pages <= 1 {
        return ().into_any();
    }
    let first = (pager.page - 1) * crate::domain::cpd::LIST_PAGE_SIZE + 1;
    let last = first + pager.shown - 1;
    let previous = (pager.page > 1).then(|| pager.href(pager.page - 1));
    let next = (pager.page < pager.pages).then(|| pager.href(pager.page + 1));
    view! {
        <nav class="pagination" aria-label="Pages of activities">
            <p class="body">{format!("Activities {first} to {last} of {} (page {} of {})", pager.count, pager.page, pager.pages)}</p>
            <div class="actions">
                {previous.map(|href| view! { <a href=href rel="prev">"Previous page"</a> })}
                {next.map(|href| view! { <a href=href rel="next">"Next page"</a> })}
            </div>
        </nav>
    }
    .into_any()
}

#[component]
fn TotalsTable(
    caption: &'static str,
    first: &'static str,
    totals: Vec<HoursTotal>,
) -> impl IntoView {
    view! {
        <section class="panel">
            <table class="table">
                <caption class="table__caption">{caption}</caption>
                <thead>
                    <tr><th scope="col">{first}</th><th scope="col">"Hours"</th></tr>
                </thead>
                <tbody>
                    {totals.into_iter().map(|t| view! { <tr><td>{t.label}</td><td>{t.hours}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
