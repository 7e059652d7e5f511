use crate::api::cpd::{CreateCpdCategory, SetCpdCategoryRetired, list_cpd_categories};
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::fields::TextField;
use crate::ui::components::guard::Authorised;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CpdCategoriesPage() -> impl IntoView {
    view! {
        <Title text="CPD activity types - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Admin] children=|_| view! { <CpdCategories/> }/>
    }
}

#[component]
fn CpdCategories() -> impl IntoView {
    let create = ServerAction::<CreateCpdCategory>::new();
    let retire = ServerAction::<SetCpdCategoryRetired>::new();
    let categories = Resource::new(
        move || (create.version().get(), retire.version().get()),
        |_| list_cpd_categories(),
    );
    let create_error = action_error(create);
    view! {
        <h1>"CPD activity types"</h1>
        <p class="body">"Staff choose one of these for each CPD activity. The HCPC's five types come first. A retired type stays on the activities that use it but is not offered for new ones."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match categories.await {
                    Ok(list) => view! {
                        <table class="table">
                            <caption class="table__caption">"Types of activity"</caption>
                            <thead><tr><th scope="col">"Type"</th><th scope="col">"Status"</th><th scope="col">"Change"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|c| view! {
                                    <tr>
                                        <td>{c.name.clone()}</td>
                                        <td>{if c.retired { "Retired" } else { "In use" }}</td>
                                        <td>
                                            <ActionForm action=retire>
                                                <input type="hidden" name="category_id" value=c.id/>
                                                <input type="hidden" name="retired" value=(!c.retired).to_string()/>
                                                <button type="submit" class="button button--secondary button--small">
                                                    {format!("{} {}", if c.retired { "Restore" } else { "Retire" }, c.name)}
                                                </button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
        <section class="panel" aria-labelledby="add-type">
            <h2 id="add-type">"Add a type of activity"</h2>
            <ErrorSummary error=create_error/>
            <ActionForm action=create attr:novalidate=true>
                <TextField name="name" label="Name" error=create_error/>
                <button type="submit" class="button">"Add type"</button>
            </ActionForm>
        </section>
    }
}
