//! Administrators say who each funding source is for: whether it pays for
//! backfill, and which staff groups it does not fund. Requests are checked
//! against these rules when they are sent.

use crate::api::AppError;
use crate::api::funding::{FundingSourceView, SetFundingSource, funding_sources};
use crate::domain::roles::Role;
use crate::ui::components::errors::{
    LoadError, SuccessPanel, action_error, action_succeeded, successes,
};
use crate::ui::components::fields::escape_text;
use crate::ui::components::guard::Authorised;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FundingSourcesPage() -> impl IntoView {
    view! {
        <Title text="Funding sources - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Admin] children=|_| view! { <Sources/> }/>
    }
}

#[component]
fn Sources() -> impl IntoView {
    let set = ServerAction::<SetFundingSource>::new();
    let error = action_error(set);
    let saved = action_succeeded(set);
    let changed = successes(set);
    let sources = Resource::new(move || changed.get(), |_| funding_sources());
    // Which source was saved last, so its errors show beside its fields.
    let acted_on = RwSignal::new(None::<String>);
    view! {
        <SuccessPanel show=saved message="The rules were saved."/>
        <h1>"Funding sources"</h1>
        <p class="body">"Requests are checked against these rules when they are sent. For example, national CPD funding paid no backfill and did not fund healthcare scientists."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match sources.await {
                    Ok(list) => list.into_iter().map(|s| view! { <SourceForm s set error acted_on/> }).collect_view().into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SourceForm(
    s: FundingSourceView,
    set: ServerAction<SetFundingSource>,
    error: Signal<Option<AppError>>,
    acted_on: RwSignal<Option<String>>,
) -> impl IntoView {
    let key = s.source.clone();
    let mine = {
        let key = key.clone();
        Signal::derive(move || {
            acted_on
                .get()
                .filter(|k| *k == key)
                .and_then(|_| error.get())
        })
    };
    let backfill_id = format!("{}-excludes-backfill", s.source);
    // Each source's box has its own id; its error shows beside it.
    let groups_id = format!("{}-excluded-groups", s.source);
    let message = Signal::derive(move || {
        mine.get()
            .and_then(|e| e.field_message("excluded_staff_groups"))
    });
    let described_by = {
        let groups_id = groups_id.clone();
        move || match message.get() {
            Some(_) => format!("{groups_id}-hint {groups_id}-error"),
            None => format!("{groups_id}-hint"),
        }
    };
    let label = s.label.clone();
    let heading = s.label.clone();
    let save = format!("Save {}", s.label.to_lowercase());
    let backfill_label = format!("{} does not pay for backfill", s.label);
    view! {
        <section class="panel" aria-label=label>
            <h2>{heading}</h2>
            <ActionForm action=set attr:novalidate=true>
                <input type="hidden" name="source" value=s.source.clone()/>
                <div class="form-group checkboxes__item">
                    <input class="checkboxes__input" type="checkbox" id=backfill_id.clone() name="excludes_backfill" checked=s.excludes_backfill/>
                    <label class="checkboxes__label" for=backfill_id>{backfill_label}</label>
                </div>
                <div class="form-group" class:form-group--error=move || message.get().is_some()>
                    <label class="label" for=groups_id.clone()>"Staff groups it does not fund (one per line)"</label>
                    <div class="hint" id=format!("{groups_id}-hint")>"For example, Healthcare Scientists"</div>
                    {
                        let error_id = format!("{groups_id}-error");
                        move || message.get().map(|m| view! {
                            <span class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</span>
                        })
                    }
                    <textarea
                        class="textarea"
                        id=groups_id.clone()
                        name="excluded_staff_groups"
                        rows="3"
                        prop:value=s.excluded_staff_groups.clone()
                        aria-invalid=move || message.get().is_some().then_some("true")
                        aria-describedby=described_by
                    >
                        {escape_text(&s.excluded_staff_groups)}
                    </textarea>
                </div>
                <button type="submit" class="button" on:click=move |_| acted_on.set(Some(key.clone()))>{save}</button>
            </ActionForm>
        </section>
    }
}
