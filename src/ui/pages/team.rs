use crate::api::people::{PersonRow, team_people};
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::pages::people_table::PeopleTable;
use leptos::prelude::*;
use leptos_meta::Title;

/// Who has a team.
const MANAGERS: &[Role] = &[Role::Manager, Role::HeadOfService];

#[component]
pub fn TeamPage() -> impl IntoView {
    let people = Resource::new(|| (), |_| ask_for(MANAGERS, team_people()));
    view! {
        <Title text="My team - MPCE Workforce Portal"/>
        <Authorised roles=MANAGERS children=move |_| view! { <Team people/> }/>
    }
}

#[component]
fn Team(people: Resource<Asked<Vec<PersonRow>>>) -> impl IntoView {
    view! {
        <h1>"My team"</h1>
        <p class="body">"The people who report to you, and for a head of service everyone in your department."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match people.await {
                    None => ().into_any(),
                    Some(Ok(rows)) => {
                        let caption = format!("{} people", rows.len());
                        view! { <PeopleTable people=rows caption/> }.into_any()
                    }
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
