//! The fields of a funding request, shared by "request" and "edit". Names
//! are `input[...]` because the server functions take a
//! `FundingRequestInput`.

use crate::api::AppError;
use crate::api::development::ObjectiveChoice;
use crate::api::funding::FundingRequestInput;
use crate::domain::funding::Source;
use crate::ui::components::fields::{SelectField, TextArea, TextField};
use leptos::prelude::*;

#[component]
pub fn FundingFields(
    initial: FundingRequestInput,
    objectives: Vec<ObjectiveChoice>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i = initial;
    let sources: Vec<(String, String)> = Source::ALL
        .into_iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect();
    let objective_options: Vec<(String, String)> = objectives
        .into_iter()
        .map(|o| (o.id.to_string(), o.title))
        .collect();
    view! {
        <TextField name="input[activity]" field="activity" label="Course or activity" hint="For example, IPEM MRI safety course" value=i.activity error/>
        <TextField name="input[provider]" field="provider" label="Provider" value=i.provider error/>
        <TextField name="input[start_date]" field="start_date" label="Start date" kind="date" width="input--width-10" value=i.start_date error/>
        <TextField name="input[end_date]" field="end_date" label="End date" hint="The same as the start date for a one-day activity" kind="date" width="input--width-10" value=i.end_date error/>
        <fieldset class="fieldset">
            <legend class="fieldset__legend">"Cost in pounds"</legend>
            <div class="hint">"Leave a part empty if there is no cost for it"</div>
            <TextField name="input[fee]" field="fee" label="Course fee" width="input--width-10" value=i.fee error/>
            <TextField name="input[travel]" field="travel" label="Travel" width="input--width-10" value=i.travel error/>
            <TextField name="input[subsistence]" field="subsistence" label="Subsistence" hint="Meals and accommodation" width="input--width-10" value=i.subsistence error/>
            <TextField name="input[backfill]" field="backfill" label="Backfill" hint="Cover for your work while you are away" width="input--width-10" value=i.backfill error/>
        </fieldset>
        <SelectField name="input[source]" field="source" label="Funding source" options=sources selected=i.source error/>
        <TextArea name="input[justification]" field="justification" label="Why you need it" hint="How it helps you, your service and its patients" value=i.justification error/>
        <SelectField name="input[pdp_objective_id]" field="pdp_objective_id" label="Development plan objective (optional)" options=objective_options selected=i.pdp_objective_id placeholder="None" error/>
    }
}
