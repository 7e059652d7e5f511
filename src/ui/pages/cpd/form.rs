//! The fields of a CPD activity, shared by "record" and "edit". Names are
//! `input[...]` because the server functions take a `CpdInput`.

use crate::api::AppError;
use crate::api::cpd::{CpdCategoryView, CpdInput};
use crate::api::development::ObjectiveChoice;
use crate::ui::components::fields::{Checkbox, SelectField, TextArea, TextField};
use leptos::prelude::*;

#[component]
pub fn CpdFields(
    initial: CpdInput,
    categories: Vec<CpdCategoryView>,
    objectives: Vec<ObjectiveChoice>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i = initial;
    // Retired types are offered only to a record that already has one.
    let options: Vec<(String, String)> = categories
        .into_iter()
        .filter(|c| !c.retired || c.id.to_string() == i.category_id)
        .map(|c| (c.id.to_string(), c.name))
        .collect();
    let objective_options: Vec<(String, String)> = objectives
        .into_iter()
        .map(|o| (o.id.to_string(), o.title))
        .collect();
    view! {
        <TextField name="input[title]" field="title" label="Title" hint="For example, IPEM radiotherapy physics meeting" value=i.title error/>
        <SelectField name="input[category_id]" field="category_id" label="Type of activity" options selected=i.category_id error/>
        <TextField name="input[start_date]" field="start_date" label="Date" hint="The day of the activity, or the first day" kind="date" width="input--width-10" value=i.start_date error/>
        <TextField name="input[end_date]" field="end_date" label="End date (optional)" hint="Only for activities over several days" kind="date" width="input--width-10" value=i.end_date error/>
        <TextField name="input[hours]" field="hours" label="Hours" hint="In quarter hours, for example 1.5" width="input--width-5" value=i.hours error/>
        <TextField name="input[provider]" field="provider" label="Provider (optional)" value=i.provider error/>
        <Checkbox name="input[in_protected_time]" label="Done in protected learning time" checked=i.in_protected_time.is_some()/>
        <TextArea name="input[learning_objective]" field="learning_objective" label="Learning objective (optional)" value=i.learning_objective error/>
        <SelectField name="input[pdp_objective_id]" field="pdp_objective_id" label="Development plan objective (optional)" hint="The objective in your personal development plan this activity served" options=objective_options selected=i.pdp_objective_id placeholder="None" error/>
        <h2>"Reflection"</h2>
        <TextArea name="input[what_i_learnt]" field="what_i_learnt" label="What I learnt" value=i.what_i_learnt error/>
        <TextArea name="input[change_to_practice]" field="change_to_practice" label="How it changed my practice" value=i.change_to_practice error/>
        <TextArea name="input[benefit_to_service_users]" field="benefit_to_service_users" label="How it benefits service users" value=i.benefit_to_service_users error/>
        <TextArea name="input[follow_up]" field="follow_up" label="Follow-up" value=i.follow_up error/>
    }
}
