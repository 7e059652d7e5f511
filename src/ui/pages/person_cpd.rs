//! A team member's CPD record, read-only, for their line manager or head of
//! service.

use crate::api::cpd::{CpdOverview, person_cpd};
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::components::progress::id_param;
use crate::ui::pages::cpd::list::Overview;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PersonCpdPage() -> impl IntoView {
    let id = id_param("id");
    let query = use_query_map();
    let param = move |key: &str| query.read().get(key).unwrap_or_default();
    let overview = Resource::new(
        move || {
            (
                id(),
                param("year"),
                param("category"),
                param("q"),
                param("page"),
            )
        },
        |(id, year, category, search, page)| {
            ask_for(&[], person_cpd(id, year, category, search, page))
        },
    );
    view! {
        <Title text="CPD record - MPCE Workforce Portal"/>
        <Authorised children=move |_| view! { <PersonCpd id overview param/> }/>
    }
}

#[component]
fn PersonCpd(
    id: impl Fn() -> i32 + Copy + Send + Sync + 'static,
    overview: Resource<Asked<CpdOverview>>,
    param: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <p class="body"><a href=move || format!("/people/{}", id())>"Back to the staff record"</a></p>
        <h1>"CPD record"</h1>
        <p class="body">"Read-only: only the person can change their record."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    None => ().into_any(),
                    Some(Ok(o)) => view! { <Overview overview=o year=param("year") category=param("category") search=param("q") owner=false/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
