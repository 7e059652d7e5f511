use crate::api::people::list_people;
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::Authorised;
use crate::ui::pages::people_table::PeopleTable;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DirectoryPage() -> impl IntoView {
    view! {
        <Title text="Staff directory - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Hr, Role::Admin] children=|user| view! { <Directory can_add=user.has(Role::Admin)/> }/>
    }
}

#[component]
fn Directory(can_add: bool) -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let people = Resource::new(search, list_people);
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
                    Ok(rows) => {
                        let caption = format!("{} staff records", rows.len());
                        view! { <PeopleTable people=rows caption/> }.into_any()
                    }
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
