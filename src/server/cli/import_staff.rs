//! `mpce-portal import-staff FILE [--dry-run] [--as-of YYYY-MM-DD]`.

use super::CliError;
use crate::domain::staff;
use crate::domain::staff_import::{Event, MAX_FILE_BYTES, file};
use crate::server::config::Config;
use crate::server::db;
use crate::server::services::staff_import::{self, Checked, Options, Outcome};
use std::path::Path;

pub async fn run(
    config: &Config,
    path: &Path,
    dry_run: bool,
    as_of: Option<&str>,
) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let as_of = match as_of {
        Some(raw) => staff::parse_date(raw, "--as-of").map_err(CliError::Usage)?,
        None => chrono::Utc::now().date_naive(),
    };
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(CliError::Usage(format!(
            "{}: the file must be 64 MB or smaller",
            path.display()
        )));
    }
    let text =
        file::text(&bytes).map_err(|m| CliError::Usage(format!("{}: {m}", path.display())))?;
    let read = file::read(text, &mut |rows| eprintln!("Read {rows} rows"));
    let connection = db::connect(config).await?;
    db::migrate(&connection)
        .await
        .map_err(|e| CliError::Failed(format!("migration failed: {e}")))?;
    let options = Options {
        as_of,
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        apply: !dry_run,
        actor_user_id: None,
        via: "command line",
    };
    let progress = |event: Event| {
        if let Event::Checking = event {
            eprintln!("Checking against the database");
        }
    };
    let outcome = staff_import::run(&connection, read, &options, &progress)
        .await
        .map_err(|e| CliError::Failed(format!("the import failed, nothing was changed: {e}")))?;
    let seconds = started.elapsed().as_secs_f64();
    match outcome {
        Outcome::Checked(checked) => {
            print_preview(&checked, &options);
            if !checked.problems.is_empty() {
                return Err(CliError::Failed(format!(
                    "{} problem(s): nothing was imported",
                    checked.problems.len()
                )));
            }
            println!("Dry run: nothing was imported ({seconds:.1} s).");
        }
        Outcome::Applied(applied) => {
            println!(
                "{} ({} new departments, {} new teams, {} history rows) in {seconds:.1} s.",
                applied.summary(),
                applied.new_departments,
                applied.new_teams,
                applied.history_rows
            );
        }
    }
    Ok(())
}

fn print_preview(checked: &Checked, options: &Options) {
    println!(
        "{} (as of {}): {} rows",
        options.file_name, options.as_of, checked.rows_read
    );
    println!("To add: {}", checked.to_add);
    println!("To update: {}", checked.to_update);
    println!("Unchanged: {}", checked.unchanged);
    let listed = |items: &[String]| {
        if items.is_empty() {
            "0".to_string()
        } else {
            format!("{} ({})", items.len(), items.join("; "))
        }
    };
    println!("New departments: {}", listed(&checked.new_departments));
    println!("New teams: {}", listed(&checked.new_teams));
    if !checked.ignored_columns.is_empty() {
        println!("Ignored columns: {}", checked.ignored_columns.join(", "));
    }
    for problem in &checked.problems {
        println!("{problem}");
    }
}
