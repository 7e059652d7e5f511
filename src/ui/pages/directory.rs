use crate::api::people::{PersonRow, list_people};
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::pages::people_table::PeopleTable;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// Who sees the directory.
const VIEWERS: &[Role] = &[Role::Hr, Role::Admin];

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let people = Resource::new(search, |q| ask_for(VIEWERS, list_people(q)));
    view! {
        <Title text="Staff directory - MPCE Workforce Portal"/>
        <Authorised roles=VIEWERS children=move |user| view! { <Directory can_add=user.has(Role::Admin) people search/> }/>
    }
}

#[component]
fn Directory(
    can_add: bool,
    people: Resource<Asked<Vec<PersonRow>>>,
    search: impl Fn() -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <h1>"Staff directory"</h1>
        {can_add.then(|| view! {
            <p class="body"><a class="button button--secondary" href="/admin/people/new">"Add a staff record"</a></p>
        })}
        <Form method="GET" action="">
            <div class="form-group search">
                <label class="label" for="q">"Search by name, email or job role"</label>
                <input class="input input--width-20" id="q" name="q" type="search" value=search/>
                <button type="submit" class="button button--secondary search__button">"Search"</button>
            </div>
        </Form>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match people.await {
                    None => ().into_any(),
                    Some(Ok(rows)) => {
                        let caption = format!("{} staff records", rows.len());
                        view! { <PeopleTable people=rows caption/> }.into_any()
                    }
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
