//! The preview: the counts, every problem (the first 1,000 listed) and
//! the changes to existing records, with the button that applies it.

use crate::domain::staff_import::{Change, Preview, Problem};
use crate::ui::components::summary::SummaryRow;
use leptos::prelude::*;

#[component]
pub fn PreviewView(
    preview: Preview,
    busy: RwSignal<bool>,
    on_apply: Callback<()>,
) -> impl IntoView {
    let can_apply = preview.can_apply();
    let has_work = preview.has_work();
    let listed = |items: &[String]| {
        if items.is_empty() {
            "0".to_string()
        } else {
            format!("{}: {}", items.len(), items.join("; "))
        }
    };
    let ignored = preview.ignored_columns.join(", ");
    view! {
        <section aria-labelledby="preview-heading">
            <h2 id="preview-heading">{format!("Preview of {} (as of {})", preview.file_name, preview.as_of)}</h2>
            <dl class="summary-list">
                <SummaryRow key="Rows read" value=preview.rows.to_string()/>
                <SummaryRow key="To add" value=preview.to_add.to_string()/>
                <SummaryRow key="To update" value=preview.to_update.to_string()/>
                <SummaryRow key="Unchanged" value=preview.unchanged.to_string()/>
                <SummaryRow key="New departments" value=listed(&preview.new_departments)/>
                <SummaryRow key="New teams" value=listed(&preview.new_teams)/>
                {(!ignored.is_empty()).then(|| view! { <SummaryRow key="Columns not used" value=ignored/> })}
            </dl>
            {(!can_apply).then(|| view! {
                <ProblemTable problems=preview.problems.clone() total=preview.problem_count/>
            })}
            {(preview.change_count > 0).then(|| view! {
                <ChangeTable changes=preview.changes.clone() total=preview.change_count/>
            })}
            {match (can_apply, has_work) {
                (true, true) => view! {
                    <button type="button" class="button" disabled=move || busy.get() on:click=move |_| on_apply.run(())>
                        "Apply import"
                    </button>
                }.into_any(),
                (true, false) => view! {
                    <p class="body">"Nothing to import: every row matches the staff records."</p>
                }.into_any(),
                (false, _) => ().into_any(),
            }}
        </section>
    }
}

/// "Problems in the file: 1,200 (the first 1,000 are listed)".
fn caption(label: &str, shown: usize, total: usize) -> String {
    if shown < total {
        format!("{label}: {total} (the first {shown} are listed)")
    } else {
        format!("{label}: {total}")
    }
}

#[component]
fn ProblemTable(problems: Vec<Problem>, total: usize) -> impl IntoView {
    let caption = caption("Problems in the file", problems.len(), total);
    view! {
        <div class="error-summary" role="alert">
            <h3 class="error-summary__title">"The file has problems"</h3>
            <p>"Nothing can be imported until every problem is corrected. Correct the file and check it again. Rows are numbered as in a spreadsheet: the header is row 1."</p>
        </div>
        <table class="table">
            <caption class="table__caption">{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Row"</th>
                    <th scope="col">"Column"</th>
                    <th scope="col">"Problem"</th>
                </tr>
            </thead>
            <tbody>
                {problems
                    .into_iter()
                    .map(|p| view! {
                        <tr>
                            <td>{p.row}</td>
                            <td>{if p.column.is_empty() { "(whole row)".to_string() } else { p.column }}</td>
                            <td>{p.message}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn ChangeTable(changes: Vec<Change>, total: usize) -> impl IntoView {
    let caption = caption("Staff records that change", changes.len(), total);
    view! {
        <table class="table">
            <caption class="table__caption">{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Row"</th>
                    <th scope="col">"Staff number"</th>
                    <th scope="col">"Name"</th>
                    <th scope="col">"What changes"</th>
                </tr>
            </thead>
            <tbody>
                {changes
                    .into_iter()
                    .map(|c| view! {
                        <tr>
                            <td>{c.row}</td>
                            <td>{c.staff_id}</td>
                            <td>{c.name}</td>
                            <td>
                                <ul class="plain-list">
                                    {c.fields
                                        .into_iter()
                                        .map(|f| {
                                            let from = if f.from.is_empty() { "(blank)".to_string() } else { f.from };
                                            let to = if f.to.is_empty() { "(blank)".to_string() } else { f.to };
                                            view! { <li>{format!("{}: {from} → {to}", f.field)}</li> }
                                        })
                                        .collect_view()}
                                </ul>
                            </td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
