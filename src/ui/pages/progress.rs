//! This year's CPD against target, protected learning time and
//! registrations, as panels: on the staff home page and on a staff record.

use crate::api::progress::Progress;
use crate::ui::components::progress::ProgressBar;
use crate::ui::pages::registrations::list::RegistrationsTable;
use leptos::prelude::*;

#[component]
pub fn ProgressPanels(progress: Progress, own: bool) -> impl IntoView {
    let full = progress.full_access;
    let cpd = progress.cpd;
    let plt = progress.plt;
    let types = cpd.types_used.len() as u32;
    let mix_ok = types >= cpd.min_types;
    let mix = if cpd.types_used.is_empty() {
        "No activities recorded yet this year.".to_string()
    } else {
        format!("Types of activity: {}.", cpd.types_used.join(", "))
    };
    let cpd_summary = format!(
        "{} of {} hours ({} activities); {} hours to go.",
        cpd.done_hours, cpd.target_hours, cpd.activities, cpd.left_hours
    );
    let plt_summary = format!(
        "{} hours taken and {} approved of {}; {} awaiting a decision; {} remaining.",
        plt.taken, plt.approved, plt.allowance, plt.requested, plt.remaining
    );
    let (cpd_link, plt_link) = if own {
        ("/cpd".to_string(), "/plt".to_string())
    } else {
        (
            format!("/people/{}/cpd", progress.person_id),
            format!("/people/{}/plt", progress.person_id),
        )
    };
    view! {
        <div class="dashboard">
            <section class="panel" aria-labelledby="cpd-progress-heading">
                <h2 id="cpd-progress-heading">{format!("CPD {}", cpd.year_label)}</h2>
                <ProgressBar label=format!("CPD hours against target, {}", cpd.year_label) percent=cpd.percent summary=cpd_summary/>
                <p class="body">{mix}</p>
                {(!mix_ok).then(|| view! {
                    <p class="body"><strong class="tag tag--amber">{format!("Fewer than {} types of activity", cpd.min_types)}</strong></p>
                    <p class="hint">"HCPC asks for a mixture of learning activities."</p>
                })}
                {full.then(|| view! { <p class="body"><a href=cpd_link.clone()>{if own { "My CPD record" } else { "CPD record" }}</a></p> })}
            </section>
            <section class="panel" aria-labelledby="plt-progress-heading">
                <h2 id="plt-progress-heading">"Protected learning time"</h2>
                <ProgressBar label="Protected learning time used this year".to_string() percent=plt.percent summary=plt_summary/>
                {full.then(|| view! { <p class="body"><a href=plt_link.clone()>{if own { "Book protected learning time" } else { "Protected learning time" }}</a></p> })}
            </section>
        </div>
        <RegistrationsTable rows=progress.registrations editable=false/>
        {own.then(|| view! { <p class="body"><a href="/registrations">"Update registrations and certificates"</a></p> })}
    }
}
