//! One staff record. Everyone allowed to see it gets the summary;
//! administrators also edit it and manage its sign-in account.

use crate::api::accounts::{CreateAccount, SetAccountActive, SetRoles};
use crate::api::auth::UserSummary;
use crate::api::organisation::person_form_options;
use crate::api::people::{AccountInfo, PersonDetail, UpdatePerson, get_person};
use crate::api::progress::person_progress;
use crate::domain::roles::Role;
use crate::ui::components::errors::{
    ErrorSummary, LoadError, SuccessPanel, action_error, action_succeeded,
};
use crate::ui::components::fields::{CheckboxGroup, TextField};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::components::summary::SummaryRow;
use crate::ui::pages::person_form::PersonFields;
use crate::ui::pages::progress::ProgressPanels;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let update = ServerAction::<UpdatePerson>::new();
    let create_account = ServerAction::<CreateAccount>::new();
    let set_roles = ServerAction::<SetRoles>::new();
    let set_active = ServerAction::<SetAccountActive>::new();
    let record = Resource::new(
        move || {
            (
                id(),
                update.version().get(),
                create_account.version().get(),
                set_roles.version().get(),
                set_active.version().get(),
            )
        },
        |(id, ..)| ask_for(&[], get_person(id)),
    );
    let actions = (update, create_account, set_roles, set_active);
    view! {
        <Title text="Staff record - MPCE Workforce Portal"/>
        <Authorised children=move |user| view! { <Person viewer=user record actions/> }/>
    }
}

#[component]
fn Person(
    viewer: UserSummary,
    record: Resource<Asked<PersonDetail>>,
    actions: (
        ServerAction<UpdatePerson>,
        ServerAction<CreateAccount>,
        ServerAction<SetRoles>,
        ServerAction<SetAccountActive>,
    ),
) -> impl IntoView {
    let (update, create_account, set_roles, set_active) = actions;
    let is_admin = viewer.has(Role::Admin);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    None => ().into_any(),
                    Some(Ok(p)) => view! {
                        <h1>{p.name.clone()}</h1>
                        <PersonSummary person=p.clone()/>
                        <Development person_id=p.id/>
                        {is_admin.then(|| view! {
                            <AccountPanel person=p.clone() create_account set_roles set_active/>
                            <EditPerson person=p update/>
                        })}
                    }.into_any(),
                    Some(Err(error)) => view! { <h1>"Staff record"</h1><LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PersonSummary(person: PersonDetail) -> impl IntoView {
    let p = person;
    let ending = match (&p.end_date, &p.leaving_reason) {
        (Some(end), Some(reason)) => format!("{end} ({reason})"),
        (Some(end), None) => end.clone(),
        _ => String::new(),
    };
    view! {
        <dl class="summary-list">
            <SummaryRow key="Staff number" value=p.staff_id.unwrap_or_default()/>
            <SummaryRow key="Email" value=p.email/>
            <SummaryRow key="Staff group" value=p.staff_group/>
            <SummaryRow key="Job role" value=p.job_role/>
            <SummaryRow key="Band or grade" value=p.band/>
            <SummaryRow key="Contracted hours" value=format!("{} a week ({:.2} FTE)", p.contracted_hours, p.fte)/>
            <SummaryRow key="Department" value=p.department.unwrap_or_default()/>
            <SummaryRow key="Team" value=p.team.unwrap_or_default()/>
            <SummaryRow key="Line manager" value=p.line_manager.unwrap_or_default()/>
            <SummaryRow key="Start date" value=p.start_date/>
            <SummaryRow key="Left" value=ending/>
        </dl>
    }
}

fn role_boxes(current: &[Role]) -> Vec<(String, &'static str, bool)> {
    Role::ALL
        .into_iter()
        .map(|r| {
            (
                format!("roles[{}]", r.as_str()),
                r.label(),
                current.contains(&r),
            )
        })
        .collect()
}

#[component]
fn AccountPanel(
    person: PersonDetail,
    create_account: ServerAction<CreateAccount>,
    set_roles: ServerAction<SetRoles>,
    set_active: ServerAction<SetAccountActive>,
) -> impl IntoView {
    match person.account {
        None => {
            let error = action_error(create_account);
            view! {
                <section class="panel" aria-labelledby="account-heading">
                    <h2 id="account-heading">"Sign-in account"</h2>
                    <p class="body">"This person has no account yet. Give them one with a first password to pass on securely, and the roles they need."</p>
                    <ErrorSummary error/>
                    <ActionForm action=create_account attr:novalidate=true>
                        <input type="hidden" name="person_id" value=person.id/>
                        <TextField name="password" label="First password" kind="password" autocomplete="new-password" hint="At least 12 characters; three random words work well" error/>
                        <CheckboxGroup legend="Roles" field="roles" id_prefix="new-".into() boxes=role_boxes(&[Role::Staff]) error/>
                        <button type="submit" class="button">"Create account"</button>
                    </ActionForm>
                </section>
            }
            .into_any()
        }
        Some(AccountInfo {
            user_id,
            active,
            roles,
        }) => {
            let roles_error = action_error(set_roles);
            let roles_saved = action_succeeded(set_roles);
            let active_error = action_error(set_active);
            view! {
                <section class="panel" aria-labelledby="account-heading">
                    <h2 id="account-heading">"Sign-in account"</h2>
                    <p class="body">{if active { "The account is active." } else { "The account is suspended: this person cannot sign in." }}</p>
                    <ErrorSummary error=roles_error/>
                    <SuccessPanel show=roles_saved message="Roles saved."/>
                    <ActionForm action=set_roles>
                        <input type="hidden" name="user_id" value=user_id/>
                        <CheckboxGroup legend="Roles" field="roles" id_prefix="account-".into() boxes=role_boxes(&roles) error=roles_error/>
                        <button type="submit" class="button button--secondary">"Save roles"</button>
                    </ActionForm>
                    <ErrorSummary error=active_error/>
                    <ActionForm action=set_active>
                        <input type="hidden" name="user_id" value=user_id/>
                        <input type="hidden" name="active" value=(!active).to_string()/>
                        <button type="submit" class="button button--warning">
                            {if active { "Suspend account" } else { "Restore account" }}
                        </button>
                    </ActionForm>
                </section>
            }
            .into_any()
        }
    }
}

#[component]
fn EditPerson(person: PersonDetail, update: ServerAction<UpdatePerson>) -> impl IntoView {
    let options = Resource::new(|| (), |_| person_form_options());
    let error = action_error(update);
    let saved = action_succeeded(update);
    let id = person.id;
    let person = StoredValue::new(person);
    view! {
        <section class="panel" aria-labelledby="edit-heading">
            <h2 id="edit-heading">"Edit staff record"</h2>
            <ErrorSummary error/>
            <SuccessPanel show=saved message="Staff record saved."/>
            <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match options.await {
                        Ok(options) => view! {
                            <ActionForm action=update attr:novalidate=true>
                                <input type="hidden" name="id" value=id/>
                                <PersonFields initial=Some(person.get_value()) options error/>
                                <button type="submit" class="button">"Save changes"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The person's year of CPD, PLT and registrations: in full for their
/// reviewers, hours and counts for HR and administrators.
#[component]
fn Development(person_id: i32) -> impl IntoView {
    let progress = Resource::new(move || person_id, person_progress);
    view! {
        <h2>"Development this year"</h2>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match progress.await {
                    Ok(p) => view! { <ProgressPanels progress=p own=false/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
