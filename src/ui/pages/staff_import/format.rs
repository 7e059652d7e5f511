//! The description of the file on the page.

use crate::domain::staff_import::COLUMNS;
use leptos::prelude::*;

/// What a file must hold.
#[component]
pub fn FileFormat() -> impl IntoView {
    const DESCRIPTIONS: [&str; 13] = [
        "The HR system's staff number (required; people are matched by it)",
        "Full name (required)",
        "Email address (required; unique)",
        "ESR staff group, e.g. Healthcare Scientists (required)",
        "Job role, e.g. Clinical Scientist (required)",
        "Agenda for Change band 2 to 9, 8a to 8d, or Consultant (required)",
        "Department; a new name creates the department",
        "Team within the department; a new name creates the team",
        "Weekly contracted hours, in quarter hours, more than 0 and at most 48 (required)",
        "First day employed, YYYY-MM-DD or DD/MM/YYYY (required)",
        "Last day employed, for leavers",
        "Reason for leaving (Other/unknown when an end date has none)",
        "The line manager's staff number, in the file or already in the portal",
    ];
    view! {
        <section aria-labelledby="format">
            <h2 id="format">"What the file must contain"</h2>
            <p class="body">
                "A CSV file with a header row naming these 13 columns, in any order and any case. "
                "Other columns are listed and not used. Blank rows are skipped."
            </p>
            <table class="table">
                <caption class="table__caption">"Columns"</caption>
                <thead>
                    <tr><th scope="col">"Column"</th><th scope="col">"What it holds"</th></tr>
                </thead>
                <tbody>
                    {COLUMNS
                        .iter()
                        .zip(DESCRIPTIONS)
                        .map(|(column, description)| view! {
                            <tr><td><code>{*column}</code></td><td>{description}</td></tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="body">
                "Problems name their row as a spreadsheet does: the header is row 1 and the first person is on row 2. "
                "A person's staff group, department, team, band, job role and hours change from the date the extract describes, "
                "so earlier periods keep the old values; names, emails, dates, reasons for leaving and line managers are replaced. "
                "People not in the file are left as they are."
            </p>
        </section>
    }
}
