//! One CPD activity in full, read-only: what a line manager or head of
//! service sees of a team member's activity (and the owner, with a link to
//! edit it).

use super::evidence::EvidenceTable;
use crate::api::cpd::{CpdActivityView, view_cpd_activity};
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::components::progress::id_param;
use crate::ui::components::summary::SummaryRow;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CpdActivityPage() -> impl IntoView {
    let id = id_param("id");
    let activity = Resource::new(id, |id| ask_for(&[], view_cpd_activity(id)));
    view! {
        <Title text="CPD activity - MPCE Workforce Portal"/>
        <Authorised children=move |_| view! { <Activity activity/> }/>
    }
}

#[component]
fn Activity(activity: Resource<Asked<CpdActivityView>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match activity.await {
                    None => ().into_any(),
                    Some(Ok(a)) => view! { <ActivityDetail activity=a/> }.into_any(),
                    Some(Err(error)) => view! { <h1>"CPD activity"</h1><LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ActivityDetail(activity: CpdActivityView) -> impl IntoView {
    let a = activity;
    let dates = match &a.row.end_date {
        Some(end) if *end != a.row.start_date => format!("{} to {end}", a.row.start_date),
        _ => a.row.start_date.clone(),
    };
    let back = if a.is_owner {
        ("/cpd".to_string(), "Back to my CPD".to_string())
    } else {
        (
            format!("/people/{}/cpd", a.person_id),
            format!("Back to {}'s CPD record", a.person_name),
        )
    };
    let reflection = [
        ("Learning objective", a.learning_objective),
        ("What I learnt", a.what_i_learnt),
        ("How it changed my practice", a.change_to_practice),
        ("How it benefits service users", a.benefit_to_service_users),
        ("Follow-up", a.follow_up),
    ];
    view! {
        <p class="body"><a href=back.0>{back.1}</a></p>
        <span class="hint">{a.person_name.clone()}</span>
        <h1>{a.row.title.clone()}</h1>
        {a.is_owner.then(|| view! {
            <p class="body"><a class="button button--secondary" href=format!("/cpd/{}/edit", a.row.id)>"Edit this activity"</a></p>
        })}
        <dl class="summary-list">
            <SummaryRow key="Date" value=dates/>
            <SummaryRow key="Type of activity" value=a.row.category.clone()/>
            <SummaryRow key="Hours" value=a.row.hours.clone()/>
            <SummaryRow key="Provider" value=a.row.provider.clone().unwrap_or_default()/>
            <SummaryRow key="Protected learning time" value=if a.row.in_protected_time { "Yes" } else { "No" }/>
            <SummaryRow key="Development plan objective" value=a.objective.unwrap_or_default()/>
        </dl>
        <h2>"Reflection"</h2>
        {reflection.into_iter().map(|(label, text)| view! {
            <h3>{label}</h3>
            <p class="body prewrap">{text.unwrap_or_else(|| "Not recorded".into())}</p>
        }).collect_view()}
        <h2>"Evidence"</h2>
        <EvidenceTable files=a.evidence delete=None/>
    }
}
