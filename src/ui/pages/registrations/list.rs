use super::edit::RegistrationFields;
use crate::api::registrations::{
    CreateRegistration, RegistrationInput, RegistrationRow, my_registrations,
};
use crate::api::service_risk::mpe_modalities;
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::components::progress::RagTag;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let create = ServerAction::<CreateRegistration>::new();
    let rows = Resource::new(
        move || create.version().get(),
        |_| ask_for(&[Role::Staff], my_registrations()),
    );
    let modalities = Resource::new(|| (), |_| ask_for(&[Role::Staff], mpe_modalities()));
    view! {
        <Title text="Registrations and certificates - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=move |_| view! { <Registrations rows modalities create/> }/>
    }
}

#[component]
fn Registrations(
    rows: Resource<Asked<Vec<RegistrationRow>>>,
    modalities: Resource<Asked<Vec<String>>>,
    create: ServerAction<CreateRegistration>,
) -> impl IntoView {
    let error = action_error(create);
    view! {
        <ErrorSummary error/>
        <h1>"Registrations and certificates"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    None => ().into_any(),
                    Some(Ok(rows)) => view! { <RegistrationsTable rows editable=true/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>"Add a registration or certificate"</h2>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match modalities.await {
                    None => ().into_any(),
                    Some(Ok(modalities)) => view! {
                        <ActionForm action=create attr:novalidate=true>
                            <RegistrationFields initial=RegistrationInput::default() modalities error/>
                            <button type="submit" class="button">"Add"</button>
                        </ActionForm>
                    }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Registrations with their status; `editable` links each to its form.
#[component]
pub fn RegistrationsTable(rows: Vec<RegistrationRow>, editable: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="body">"No registrations or certificates recorded."</p> }
            .into_any();
    }
    view! {
        <table class="table">
            <caption class="table__caption">"Registrations and certificates"</caption>
            <thead>
                <tr>
                    <th scope="col">"Register or certificate"</th>
                    <th scope="col">"Number"</th>
                    <th scope="col">"Renewal or expiry"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let when = if r.days_left < 0 {
                        format!("{} ({} days ago)", r.expires_on, -r.days_left)
                    } else {
                        format!("{} (in {} days)", r.expires_on, r.days_left)
                    };
                    let name = if r.modalities.is_empty() {
                        r.body_label.clone()
                    } else {
                        format!("{}: {}", r.body_label, r.modalities.join(", "))
                    };
                    view! {
                        <tr>
                            <td>{if editable {
                                view! { <a href=format!("/registrations/{}", r.id)>{name}</a> }.into_any()
                            } else {
                                view! { <span>{name}</span> }.into_any()
                            }}</td>
                            <td>{r.number.unwrap_or_default()}</td>
                            <td>{when}</td>
                            <td><RagTag rag=r.rag/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
