//! `/exports`: the raw-data CSV downloads, what each holds, and whose
//! records they cover for the viewer.

use crate::api::data_exports::{ExportScopeView, RAW_EXPORTS, RawExportInfo, export_scope};
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::components::guard::Authorised;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DataExportsPage() -> impl IntoView {
    view! {
        <Title text="Data exports - MPCE Workforce Portal"/>
        <Authorised
            roles=&[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin]
            children=|_| view! { <DataExports/> }
        />
    }
}

#[component]
fn DataExports() -> impl IntoView {
    let scope = Resource::new(|| (), |_| export_scope());
    view! {
        <h1>"Data exports"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match scope.await {
                    Ok(scope) => view! { <Downloads scope/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Downloads(scope: ExportScopeView) -> impl IntoView {
    view! {
        <p class="body">
            {format!("Raw data as CSV files (UTF-8, a header row, one row per record) for {}, leavers included. ", scope.scope)}
            "Each download is recorded in the audit log."
        </p>
        <p class="body">
            "Reflections, learning objectives, evidence files, learning-time purposes, funding justifications and the reasons or comments given with decisions are never included."
        </p>
        <ul class="body">
            {RAW_EXPORTS.into_iter().map(|e| view! { <Download e/> }).collect_view()}
        </ul>
    }
}

#[component]
fn Download(e: RawExportInfo) -> impl IntoView {
    let columns = e.columns.join(", ");
    view! {
        <li>
            <a href=e.href() rel="external" download="">{format!("{} (CSV)", e.title)}</a>
            <p class="body">{e.summary}</p>
            <p class="hint">{format!("Columns: {columns}.")}</p>
        </li>
    }
}
