//! The audit-ready CPD profile: the draft form (period, summary and
//! statement with live word counts, the 4 to 6 chosen activities).

use crate::api::AppError;
use crate::api::profile::{CpdProfile, SaveProfile, my_profile};
use crate::domain::profile::{
    MAX_CHOSEN_ACTIVITIES, MAX_STATEMENT_WORDS, MAX_SUMMARY_WORDS, MIN_CHOSEN_ACTIVITIES,
    word_count,
};
use crate::domain::roles::Role;
use crate::ui::components::errors::successes;
use crate::ui::components::errors::{
    ErrorSummary, LoadError, SuccessPanel, action_error, action_succeeded,
};
use crate::ui::components::fields::{TextField, escape_text};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let save = ServerAction::<SaveProfile>::new();
    let saves = successes(save);
    let profile = Resource::new(
        move || saves.get(),
        |_| ask_for(&[Role::Staff], my_profile()),
    );
    view! {
        <Title text="CPD profile - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=move |_| view! { <Profile profile save/> }/>
    }
}

#[component]
fn Profile(profile: Resource<Asked<CpdProfile>>, save: ServerAction<SaveProfile>) -> impl IntoView {
    let error = action_error(save);
    let saved = action_succeeded(save);
    view! {
        <ErrorSummary error/>
        <SuccessPanel show=saved message="Your draft was saved."/>
        <h1>"My CPD profile for audit"</h1>
        <p class="body">"The profile HCPC asks for at audit: a summary of your practice, your activities in the period, a personal statement drawing on 4 to 6 of them, and your evidence."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    None => ().into_any(),
                    Some(Ok(p)) => view! { <ProfileForm profile=p save error/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProfileForm(
    profile: CpdProfile,
    save: ServerAction<SaveProfile>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let p = profile;
    let chosen_message =
        Signal::derive(move || error.get().and_then(|e| e.field_message("chosen")));
    view! {
        <div class="actions no-print">
            <a class="button button--secondary" href="/cpd/profile/print">"Print-ready profile"</a>
            <a class="button button--secondary" href="/cpd/profile/download" rel="external" download="">"Download with evidence (ZIP)"</a>
        </div>
        {p.saved_at.clone().map(|at| view! { <p class="hint">{format!("Draft last saved {at}.")}</p> })}
        {(!p.not_ready.is_empty()).then(|| view! {
            <div class="warning-callout">
                <h2>"Before you send it"</h2>
                <ul>{p.not_ready.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            </div>
        })}
        <ActionForm action=save attr:novalidate=true>
            <h2>"Period"</h2>
            <TextField name="input[period_from]" field="period_from" label="From" hint="By default the start of your current HCPC registration cycle" kind="date" width="input--width-10" value=p.period_from.clone() error/>
            <TextField name="input[period_to]" field="period_to" label="To" kind="date" width="input--width-10" value=p.period_to.clone() error/>
            <WordCountedArea name="input[practice_summary]" field="practice_summary" label="Summary of practice history" hint="Your role, the work you do and who you do it for" max=MAX_SUMMARY_WORDS value=p.practice_summary.clone() rows=8 error/>
            <WordCountedArea name="input[personal_statement]" field="personal_statement" label="Personal statement" hint="How your chosen activities improved your practice and benefited service users (HCPC standards 3 and 4)" max=MAX_STATEMENT_WORDS value=p.personal_statement.clone() rows=16 error/>
            <div class="form-group" class:form-group--error=move || chosen_message.get().is_some()>
                <fieldset class="fieldset" id="chosen" aria-describedby="chosen-hint">
                    <legend class="fieldset__legend">{format!("Activities for the personal statement ({} hours in the period)", p.total_hours)}</legend>
                    <div class="hint" id="chosen-hint">{format!("Choose {MIN_CHOSEN_ACTIVITIES} to {MAX_CHOSEN_ACTIVITIES}. Save after changing the period to see its activities.")}</div>
                    {move || chosen_message.get().map(|m| view! {
                        <span class="error-message" id="chosen-error"><span class="visually-hidden">"Error: "</span>{m}</span>
                    })}
                    <div class="checkboxes">
                        {p.activities.iter().map(|a| {
                            let id = format!("chosen-{}", a.id);
                            let checked = p.chosen.contains(&a.id);
                            let label = format!("{}: {} ({}, {} hours)", a.start_date, a.title, a.category, a.hours);
                            view! {
                                <div class="checkboxes__item">
                                    <input class="checkboxes__input" type="checkbox" id=id.clone() name=format!("input[chosen][{}]", a.id) checked=checked/>
                                    <label class="checkboxes__label" for=id>{label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                    {p.activities.is_empty().then(|| view! { <p class="body">"No activities in this period."</p> })}
                </fieldset>
            </div>
            <button type="submit" class="button">"Save draft"</button>
        </ActionForm>
    }
}

/// A text box that counts its words as the person types and says when the
/// limit is passed (the server enforces it on saving).
#[component]
fn WordCountedArea(
    name: &'static str,
    field: &'static str,
    label: &'static str,
    hint: &'static str,
    max: usize,
    value: String,
    rows: u32,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let words = RwSignal::new(word_count(&value));
    let message = Signal::derive(move || error.get().and_then(|e| e.field_message(field)));
    let text = escape_text(&value);
    let count_id = format!("{field}-count");
    let described = {
        let count_id = count_id.clone();
        move || {
            let mut ids = format!("{field}-hint {count_id}");
            if message.get().is_some() {
                ids.push_str(&format!(" {field}-error"));
            }
            ids
        }
    };
    view! {
        <div class="form-group" class:form-group--error=move || message.get().is_some()>
            <label class="label" for=field>{label}</label>
            <div class="hint" id={format!("{field}-hint")}>{hint}</div>
            {move || message.get().map(|m| view! {
                <span class="error-message" id={format!("{field}-error")}><span class="visually-hidden">"Error: "</span>{m}</span>
            })}
            <textarea
                class="textarea"
                id=field
                name=name
                rows=rows
                prop:value=value
                aria-describedby=described
                on:input=move |ev| words.set(word_count(&event_target_value(&ev)))
            >
                {text}
            </textarea>
            <p
                class="word-count"
                class:word-count--over={move || words.get() > max}
                id=count_id
                aria-live="polite"
            >
                {move || format!("{} of {max} words", words.get())}
            </p>
        </div>
    }
}
