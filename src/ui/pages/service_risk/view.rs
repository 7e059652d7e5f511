//! `/service-risk`: per requirement, its status in words and colour, the
//! minimum, how many are certified now, and who holds a certificate and
//! until when.

use super::{DepartmentChooser, department_param};
use crate::api::service_risk::{CoverRow, HolderRow, ServiceRiskView, service_risk};
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use leptos::prelude::*;
use leptos_meta::Title;

/// Who sees service risk.
const VIEWERS: &[Role] = &[Role::HeadOfService, Role::Hr, Role::Admin];

#[component]
pub fn ServiceRiskPage() -> impl IntoView {
    let department = department_param();
    let data = Resource::new(department, |d| ask_for(VIEWERS, service_risk(d)));
    view! {
        <Title text="Service risk - MPCE Workforce Portal"/>
        <Authorised
            roles=VIEWERS
            children=move |user| view! { <ServiceRisk can_edit=user.has(Role::Admin) data/> }
        />
    }
}

#[component]
fn ServiceRisk(can_edit: bool, data: Resource<Asked<ServiceRiskView>>) -> impl IntoView {
    view! {
        <h1>"Service risk: MPE and RPA cover"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    None => ().into_any(),
                    Some(Ok(data)) => view! { <CoverReport data can_edit/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CoverReport(data: ServiceRiskView, can_edit: bool) -> impl IntoView {
    let d = data;
    let intro = format!(
        "{}, as of {}. Red: fewer certified people than the minimum today. Amber: it falls below the minimum within 90 days (a certificate expires or someone leaves). Green: covered for at least the next 90 days.",
        d.department, d.today
    );
    let empty = d.requirements.is_empty();
    view! {
        <DepartmentChooser action="/service-risk" departments=d.departments selected=d.department_id/>
        <p class="body">{intro}</p>
        {empty.then(|| view! {
            <p class="body">{format!("No cover requirements are set for {}.", d.department)}</p>
        })}
        {can_edit.then(|| view! {
            <p class="body">
                <a href=format!("/admin/service-cover?department={}", d.department_id)>"Change the cover requirements"</a>
            </p>
        })}
        {(!empty).then(|| view! { <Summary rows=d.requirements.clone()/> })}
        {d.requirements.into_iter().map(|r| view! { <Requirement r/> }).collect_view()}
    }
}

/// Every requirement at a glance, each linking to its section.
#[component]
fn Summary(rows: Vec<CoverRow>) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="table__caption">"Summary"</caption>
            <thead>
                <tr>
                    <th scope="col">"Cover"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Minimum"</th>
                    <th scope="col">"Certified now"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <td><a href=format!("#cover-{}", r.id)>{r.label}</a></td>
                        <td><strong class=r.status.css()>{r.status_label}</strong></td>
                        <td>{r.minimum}</td>
                        <td>{r.current}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Requirement(r: CoverRow) -> impl IntoView {
    let heading = format!("cover-{}", r.id);
    let labelled_by = heading.clone();
    let caption = format!("Who holds it: {}", r.label);
    view! {
        <section class="panel cover" aria-labelledby=labelled_by>
            <h2 id=heading>{r.label.clone()}</h2>
            <p class="body"><strong class=r.status.css()>{r.status_label.clone()}</strong></p>
            <dl class="summary-list">
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Minimum certified people"</dt>
                    <dd class="summary-list__value">{r.minimum}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Certified now"</dt>
                    <dd class="summary-list__value">{r.current}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Still certified after 90 days"</dt>
                    <dd class="summary-list__value">{r.after_window}</dd>
                </div>
            </dl>
            {if r.holders.is_empty() {
                view! { <p class="body">"Nobody in post holds this certificate."</p> }.into_any()
            } else {
                view! { <HoldersTable caption holders=r.holders/> }.into_any()
            }}
        </section>
    }
}

#[component]
fn HoldersTable(caption: String, holders: Vec<HolderRow>) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="table__caption">{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Certificate expires"</th>
                    <th scope="col">"Last day employed"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {holders.into_iter().map(|h| {
                    let expires = match h.days_left {
                        n if n < 0 => format!("{} ({} days ago)", h.expires_on, -n),
                        0 => format!("{} (today)", h.expires_on),
                        n => format!("{} (in {n} days)", h.expires_on),
                    };
                    view! {
                        <tr>
                            <td><a href=format!("/people/{}", h.person_id)>{h.name}</a></td>
                            <td>{expires}</td>
                            <td>{h.leaves_on.unwrap_or_else(|| "Not leaving".to_string())}</td>
                            <td><strong class=h.rag.css()>{h.status}</strong></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
