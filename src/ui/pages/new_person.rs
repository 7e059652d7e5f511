use crate::api::organisation::person_form_options;
use crate::api::people::CreatePerson;
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::guard::Authorised;
use crate::ui::pages::person_form::PersonFields;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewPersonPage() -> impl IntoView {
    view! {
        <Title text="Add a staff record - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Admin] children=|_| view! { <NewPerson/> }/>
    }
}

#[component]
fn NewPerson() -> impl IntoView {
    let options = Resource::new(|| (), |_| person_form_options());
    let action = ServerAction::<CreatePerson>::new();
    let error = action_error(action);
    view! {
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary error/>
                <h1>"Add a staff record"</h1>
                <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match options.await {
                            Ok(options) => view! {
                                <ActionForm action attr:novalidate=true>
                                    <PersonFields initial=None options error/>
                                    <button type="submit" class="button">"Save staff record"</button>
                                </ActionForm>
                            }.into_any(),
                            Err(error) => view! { <LoadError error/> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}
