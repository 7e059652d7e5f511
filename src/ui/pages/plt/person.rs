//! A team member's protected learning time for their line manager or head
//! of service (read-only sessions; the allowance can be adjusted with a
//! reason, which is audited).

use super::summary::{PltFigures, SessionsTable};
use crate::api::plt::{SetPltAllowance, person_plt};
use crate::ui::components::errors::successes;
use crate::ui::components::errors::{
    ErrorSummary, LoadError, SuccessPanel, action_error, action_succeeded,
};
use crate::ui::components::fields::{TextArea, TextField};
use crate::ui::components::guard::Authorised;
use crate::ui::components::progress::id_param;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PersonPltPage() -> impl IntoView {
    view! {
        <Title text="Protected learning time - MPCE Workforce Portal"/>
        <Authorised children=|_| view! { <PersonPlt/> }/>
    }
}

#[component]
fn PersonPlt() -> impl IntoView {
    let id = id_param("id");
    let adjust = ServerAction::<SetPltAllowance>::new();
    let error = action_error(adjust);
    let saved = action_succeeded(adjust);
    let adjusted = successes(adjust);
    let overview = Resource::new(
        move || (id(), adjusted.get()),
        |(id, _)| person_plt(id, String::new()),
    );
    view! {
        <p class="body"><a href=move || format!("/people/{}", id())>"Back to the staff record"</a></p>
        <ErrorSummary error/>
        <SuccessPanel show=saved message="The allowance was changed."/>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <h1>{format!("Protected learning time: {}", o.person_name)}</h1>
                        <PltFigures overview=o.clone()/>
                        {o.can_adjust.then(|| view! {
                            <details class="panel">
                                <summary class="details__summary">"Adjust the allowance"</summary>
                                <ActionForm action=adjust attr:novalidate=true>
                                    <input type="hidden" name="person_id" value=o.person_id/>
                                    <input type="hidden" name="year" value=o.year/>
                                    <TextField name="hours" label="Allowance for the year, in hours" value=o.allowance.clone() width="input--width-5" error/>
                                    <TextArea name="reason" label="Reason for the change" hint="Recorded in the audit log" rows=2 error/>
                                    <button type="submit" class="button">"Save allowance"</button>
                                </ActionForm>
                            </details>
                        })}
                        <SessionsTable sessions=o.sessions cancel=None/>
                    }.into_any(),
                    Err(error) => view! { <h1>"Protected learning time"</h1><LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
