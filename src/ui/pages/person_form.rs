//! The fields of a staff record, shared by "add" and "edit". Field names
//! are `input[...]` because the server functions take a `PersonInput`.

use crate::api::AppError;
use crate::api::organisation::PersonFormChoices;
use crate::api::people::PersonDetail;
use crate::domain::staff::{BANDS, LEAVING_REASONS, STAFF_GROUPS};
use crate::ui::components::fields::{SelectField, TextField};
use leptos::prelude::*;

fn choices(values: &[&str]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| (v.to_string(), v.to_string()))
        .collect()
}

#[component]
pub fn PersonFields(
    initial: Option<PersonDetail>,
    options: PersonFormChoices,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let p = initial.clone();
    let get = move |f: fn(&PersonDetail) -> String| p.as_ref().map(f).unwrap_or_default();
    let departments: Vec<(String, String)> = options
        .departments
        .iter()
        .map(|d| (d.id.to_string(), d.name.clone()))
        .collect();
    let teams: Vec<(String, String)> = options
        .departments
        .iter()
        .flat_map(|d| {
            d.teams
                .iter()
                .map(move |t| (t.id.to_string(), format!("{} ({})", t.name, d.name)))
        })
        .collect();
    let own_id = initial.as_ref().map(|p| p.id);
    let managers: Vec<(String, String)> = options
        .managers
        .iter()
        .filter(|m| Some(m.id) != own_id)
        .map(|m| (m.id.to_string(), m.name.clone()))
        .collect();
    let opt_id = |v: Option<i32>| v.map(|i| i.to_string()).unwrap_or_default();
    view! {
        <TextField name="input[name]" field="name" label="Full name" autocomplete="off" value=get(|p| p.name.clone()) error/>
        <TextField name="input[email]" field="email" label="Email address" kind="email" autocomplete="off" value=get(|p| p.email.clone()) error/>
        <TextField name="input[staff_id]" field="staff_id" label="Staff number (optional)" hint="The ESR assignment number, if known" width="input--width-10" value=get(|p| p.staff_id.clone().unwrap_or_default()) error/>
        <SelectField name="input[staff_group]" field="staff_group" label="Staff group" options=choices(STAFF_GROUPS) selected=get(|p| p.staff_group.clone()) error/>
        <TextField name="input[job_role]" field="job_role" label="Job role" hint="For example, Clinical Scientist or Clinical Engineer" value=get(|p| p.job_role.clone()) error/>
        <SelectField name="input[band]" field="band" label="Agenda for Change band or grade" options=choices(BANDS) selected=get(|p| p.band.clone()) error/>
        <TextField name="input[contracted_hours]" field="contracted_hours" label="Contracted hours a week" hint="37.5 is full time" width="input--width-5" value=get(|p| p.contracted_hours.to_string()) error/>
        <SelectField name="input[department_id]" field="department_id" label="Department" options=departments selected=opt_id(initial.as_ref().and_then(|p| p.department_id)) placeholder="None" error/>
        <SelectField name="input[team_id]" field="team_id" label="Team" options=teams selected=opt_id(initial.as_ref().and_then(|p| p.team_id)) placeholder="None" error/>
        <SelectField name="input[line_manager_id]" field="line_manager_id" label="Line manager" options=managers selected=opt_id(initial.as_ref().and_then(|p| p.line_manager_id)) placeholder="None" error/>
        <TextField name="input[start_date]" field="start_date" label="Start date" kind="date" width="input--width-10" value=get(|p| p.start_date.clone()) error/>
        <TextField name="input[end_date]" field="end_date" label="Last day of employment (leavers only)" kind="date" width="input--width-10" value=get(|p| p.end_date.clone().unwrap_or_default()) error/>
        <SelectField name="input[leaving_reason]" field="leaving_reason" label="Reason for leaving (leavers only)" options=choices(LEAVING_REASONS) selected=get(|p| p.leaving_reason.clone().unwrap_or_default()) placeholder="Not a leaver" error/>
    }
}
