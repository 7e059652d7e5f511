//! A team member's CPD record, read-only, for their line manager or head of
//! service.

use crate::api::cpd::person_cpd;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::Authorised;
use crate::ui::components::progress::id_param;
use crate::ui::pages::cpd::list::Overview;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PersonCpdPage() -> impl IntoView {
    view! {
        <Title text="CPD record - MPCE Workforce Portal"/>
        <Authorised children=|_| view! { <PersonCpd/> }/>
    }
}

#[component]
fn PersonCpd() -> impl IntoView {
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
        |(id, year, category, search, page)| person_cpd(id, year, category, search, page),
    );
    view! {
        <p class="body"><a href=move || format!("/people/{}", id())>"Back to the staff record"</a></p>
        <h1>"CPD record"</h1>
        <p class="body">"Read-only: only the person can change their record."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <Overview overview=o year=param("year") category=param("category") search=param("q") owner=false/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
