use crate::api::people::team_people;
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::Authorised;
use crate::ui::pages::people_table::PeopleTable;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TeamPage() -> impl IntoView {
    view! {
        <Title text="My team - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Manager, Role::HeadOfService] children=|_| view! { <Team/> }/>
    }
}

#[component]
fn Team() -> impl IntoView {
    let people = Resource::new(|| (), |_| team_people());
    view! {
        <h1>"My team"</h1>
        <p class="body">"The people who report to you, and for a head of service everyone in your department."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(rows) => {
                        let caption = format!("{} people", rows.len());
                        view! { <PeopleTable people=rows caption/> }.into_any()
                    }
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
