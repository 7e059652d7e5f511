//! The print-ready CPD profile: the same content as the ZIP's HTML page,
//! laid out for paper by the print stylesheet.

use crate::api::profile::{CpdProfile, my_profile};
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::Authorised;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProfilePrintPage() -> impl IntoView {
    view! {
        <Title text="CPD profile (print) - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=|_| view! { <Print/> }/>
    }
}

#[component]
fn Print() -> impl IntoView {
    let profile = Resource::new(|| (), |_| my_profile());
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => view! { <PrintedProfile profile=p/> }.into_any(),
                    Err(error) => view! { <h1>"CPD profile"</h1><LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn paragraphs(text: &str) -> impl IntoView + use<> {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| view! { <p class="body prewrap">{p.trim().to_string()}</p> })
        .collect_view()
}

#[component]
fn PrintedProfile(profile: CpdProfile) -> impl IntoView {
    let p = profile;
    view! {
        <div class="actions no-print">
            <a href="/cpd/profile">"Back to the draft"</a>
        </div>
        {(!p.not_ready.is_empty()).then(|| view! {
            <div class="warning-callout no-print">
                <p class="body">"This profile is not ready to send yet:"</p>
                <ul>{p.not_ready.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            </div>
        })}
        <h1>"CPD profile"</h1>
        <p class="body"><strong>{p.person_name.clone()}</strong>{format!(", {}", p.job_role)}</p>
        <p class="body">{format!("Period: {} to {}", p.period_from, p.period_to)}</p>
        <ul class="body">{p.registrations.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
        <section class="profile-section" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{format!("Summary of practice history ({} words)", p.summary_words)}</h2>
            {paragraphs(&p.practice_summary)}
        </section>
        <section class="profile-section" aria-labelledby="activities-heading">
            <h2 id="activities-heading">{format!("CPD activities ({} hours)", p.total_hours)}</h2>
            <table class="table">
                <caption class="visually-hidden">"CPD activities in the period"</caption>
                <thead><tr><th scope="col">"Date"</th><th scope="col">"Activity"</th><th scope="col">"Type"</th><th scope="col">"Hours"</th></tr></thead>
                <tbody>
                    {p.activities.iter().map(|a| {
                        let dates = match &a.end_date {
                            Some(end) if *end != a.start_date => format!("{} to {end}", a.start_date),
                            _ => a.start_date.clone(),
                        };
                        view! { <tr><td>{dates}</td><td>{a.title.clone()}</td><td>{a.category.clone()}</td><td>{a.hours.clone()}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="profile-section" aria-labelledby="statement-heading">
            <h2 id="statement-heading">{format!("Personal statement ({} words)", p.statement_words)}</h2>
            {paragraphs(&p.personal_statement)}
            {p.chosen_details.iter().enumerate().map(|(i, c)| {
                let parts = [
                    ("Learning objective", c.learning_objective.clone()),
                    ("What I learnt", c.what_i_learnt.clone()),
                    ("How it changed my practice", c.change_to_practice.clone()),
                    ("How it benefits service users", c.benefit_to_service_users.clone()),
                    ("Follow-up", c.follow_up.clone()),
                ];
                view! {
                    <div class="profile-activity">
                        <h3>{format!("Activity {}: {} ({})", i + 1, c.row.title, c.row.start_date)}</h3>
                        {parts.into_iter().filter_map(|(label, text)| text.map(|t| view! {
                            <h4>{label}</h4>
                            {paragraphs(&t)}
                        })).collect_view()}
                    </div>
                }
            }).collect_view()}
        </section>
        <section class="profile-section" aria-labelledby="evidence-heading">
            <h2 id="evidence-heading">"Evidence"</h2>
            {if p.evidence.is_empty() {
                view! { <p class="body">"No evidence files in the period."</p> }.into_any()
            } else {
                view! {
                    <ul class="body">
                        {p.evidence.iter().map(|e| view! {
                            <li>{format!("{} ({}), for {} on {}", e.file_name, e.size, e.activity_title, e.activity_date)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <p class="no-print"><button type="button" class="button" on:click=move |_| { let _ = window().print(); }>"Print"</button></p>
    }
}
