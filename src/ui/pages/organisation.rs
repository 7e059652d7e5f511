use crate::api::organisation::{
    CreateDepartment, CreateTeam, DepartmentView, RenameTeam, list_departments,
};
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::fields::TextField;
use crate::ui::components::guard::Authorised;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OrganisationPage() -> impl IntoView {
    view! {
        <Title text="Departments and teams - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Admin] children=|_| view! { <Organisation/> }/>
    }
}

#[component]
fn Organisation() -> impl IntoView {
    let create_department = ServerAction::<CreateDepartment>::new();
    let create_team = ServerAction::<CreateTeam>::new();
    let rename_team = ServerAction::<RenameTeam>::new();
    let departments = Resource::new(
        move || {
            (
                create_department.version().get(),
                create_team.version().get(),
                rename_team.version().get(),
            )
        },
        |_| list_departments(),
    );
    let department_error = action_error(create_department);
    let team_error = action_error(create_team);
    let rename_error = action_error(rename_team);
    view! {
        <h1>"Departments and teams"</h1>
        <ErrorSummary error=team_error/>
        <ErrorSummary error=rename_error/>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match departments.await {
                    Ok(list) => list
                        .into_iter()
                        .map(|d| view! { <Department department=d create_team rename_team/> })
                        .collect_view()
                        .into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
        <section class="panel" aria-labelledby="add-department">
            <h2 id="add-department">"Add a department"</h2>
            <ErrorSummary error=department_error/>
            <ActionForm action=create_department>
                <TextField name="name" id="department-name".to_string() label="Department name" error=department_error/>
                <TextField name="cost_centre" label="Cost centre (optional)" width="input--width-10" error=department_error/>
                <button type="submit" class="button">"Add department"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Department(
    department: DepartmentView,
    create_team: ServerAction<CreateTeam>,
    rename_team: ServerAction<RenameTeam>,
) -> impl IntoView {
    let d = department;
    let heading_id = format!("department-{}", d.id);
    let labelled_by = heading_id.clone();
    let no_error = Signal::derive(|| None);
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=heading_id>{d.name.clone()}</h2>
            <p class="body">
                {format!("{} people in post", d.people)}
                {d.cost_centre.clone().map(|c| format!(" · cost centre {c}"))}
            </p>
            <table class="table">
                <caption class="table__caption">{format!("Teams in {}", d.name)}</caption>
                <thead>
                    <tr><th scope="col">"Team"</th><th scope="col">"People in post"</th><th scope="col">"Rename"</th></tr>
                </thead>
                <tbody>
                    {d.teams.into_iter().map(|t| {
                        let input_id = format!("rename-team-{}", t.id);
                        view! {
                            <tr>
                                <td>{t.name.clone()}</td>
                                <td>{t.people}</td>
                                <td>
                                    <ActionForm action=rename_team attr:class="inline-form">
                                        <input type="hidden" name="team_id" value=t.id/>
                                        <label class="visually-hidden" for=input_id.clone()>{format!("New name for {}", t.name)}</label>
                                        <input class="input input--width-20" id=input_id name="name" value=t.name.clone()/>
                                        <button type="submit" class="button button--secondary button--small">"Rename"</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <ActionForm action=create_team>
                <input type="hidden" name="department_id" value=d.id/>
                <TextField name="name" id=format!("new-team-{}", d.id) label="New team name" error=no_error/>
                <button type="submit" class="button button--secondary">{format!("Add team to {}", d.name)}</button>
            </ActionForm>
        </section>
    }
}
