use crate::api::people::PersonRow;
use leptos::prelude::*;

/// A table of people, each linking to their record.
#[component]
pub fn PeopleTable(people: Vec<PersonRow>, caption: String) -> impl IntoView {
    if people.is_empty() {
        return view! { <p class="body">"No staff records match."</p> }.into_any();
    }
    view! {
        <table class="table">
            <caption class="table__caption">{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Job role"</th>
                    <th scope="col">"Band"</th>
                    <th scope="col">"Team"</th>
                    <th scope="col">"Line manager"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {people
                    .into_iter()
                    .map(|p| view! {
                        <tr>
                            <td><a href=format!("/people/{}", p.id)>{p.name}</a></td>
                            <td>{p.job_role}</td>
                            <td>{p.band}</td>
                            <td>{p.team.unwrap_or_default()}</td>
                            <td>{p.line_manager.unwrap_or_default()}</td>
                            <td>{if p.in_post { "In post" } else { "Left" }}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
