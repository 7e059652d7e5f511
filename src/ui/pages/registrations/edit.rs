use crate::api::AppError;
use crate::api::registrations::{
    DeleteRegistration, RegistrationInput, UpdateRegistration, get_registration,
};
use crate::api::service_risk::mpe_modalities;
use crate::domain::registrations::Body;
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::fields::{SelectField, TextField};
use crate::ui::components::guard::Authorised;
use crate::ui::components::progress::id_param;
use leptos::prelude::*;
use leptos_meta::Title;

/// The fields of a registration; names are `input[...]`, modalities one
/// checkbox each (`input[modalities][<i>]`) from `modalities`, the list
/// administrators keep ([`mpe_modalities`]).
#[component]
pub fn RegistrationFields(
    initial: RegistrationInput,
    modalities: Vec<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i = initial;
    let bodies: Vec<(String, String)> = Body::ALL
        .into_iter()
        .map(|b| (b.as_str().to_string(), b.label().to_string()))
        .collect();
    let message = Signal::derive(move || error.get().and_then(|e| e.field_message("modalities")));
    let ticked: Vec<String> = i.modalities.values().cloned().collect();
    view! {
        <SelectField name="input[body]" field="body" label="Register or certificate" options=bodies selected=i.body error/>
        <TextField name="input[number]" field="number" label="Registration or certificate number (optional)" value=i.number width="input--width-10" error/>
        <TextField name="input[registered_on]" field="registered_on" label="Start of the current registration or certificate (optional)" kind="date" width="input--width-10" value=i.registered_on error/>
        <TextField name="input[expires_on]" field="expires_on" label="Renewal or expiry date" hint="The last day it is valid" kind="date" width="input--width-10" value=i.expires_on error/>
        <div class="form-group" class:form-group--error=move || message.get().is_some()>
            <fieldset class="fieldset" id="modalities" aria-describedby="modalities-hint">
                <legend class="fieldset__legend">"Modalities (MPE certificates only)"</legend>
                <div class="hint" id="modalities-hint">"Tick each modality the MPE certificate covers"</div>
                {move || message.get().map(|m| view! {
                    <span class="error-message" id="modalities-error"><span class="visually-hidden">"Error: "</span>{m}</span>
                })}
                <div class="checkboxes">
                    {modalities.into_iter().enumerate().map(|(n, m)| {
                        let id = format!("modality-{n}");
                        let checked = ticked.iter().any(|t| t.eq_ignore_ascii_case(&m));
                        view! {
                            <div class="checkboxes__item">
                                <input class="checkboxes__input" type="checkbox" id=id.clone() name=format!("input[modalities][{n}]") value=m.clone() checked=checked/>
                                <label class="checkboxes__label" for=id>{m}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[component]
pub fn RegistrationPage() -> impl IntoView {
    view! {
        <Title text="Edit a registration - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=|_| view! { <Registration/> }/>
    }
}

#[component]
fn Registration() -> impl IntoView {
    let id = id_param("id");
    let update = ServerAction::<UpdateRegistration>::new();
    let delete = ServerAction::<DeleteRegistration>::new();
    let error = action_error(update);
    let delete_error = action_error(delete);
    let record = Resource::new(id, get_registration);
    let modalities = Resource::new(|| (), |_| mpe_modalities());
    view! {
        <p class="body"><a href="/registrations">"Back to registrations and certificates"</a></p>
        <ErrorSummary error/>
        <ErrorSummary error=delete_error/>
        <h1>"Edit a registration or certificate"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match (record.await, modalities.await) {
                    (Ok(initial), Ok(modalities)) => view! {
                        <ActionForm action=update attr:novalidate=true>
                            <input type="hidden" name="id" value=id()/>
                            <RegistrationFields initial modalities error/>
                            <button type="submit" class="button">"Save changes"</button>
                        </ActionForm>
                        <details class="panel">
                            <summary class="details__summary">"Delete this record"</summary>
                            <ActionForm action=delete>
                                <input type="hidden" name="id" value=id()/>
                                <button type="submit" class="button button--warning">"Yes, delete it"</button>
                            </ActionForm>
                        </details>
                    }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
