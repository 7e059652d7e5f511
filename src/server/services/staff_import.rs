//! Staff import from an HR extract: the rows read by
//! [`crate::domain::staff_import::file`] are checked against the database
//! and planned ([`plan`]); applying writes the plan in one transaction
//! with batched statements ([`write`]) and one audit entry.
//!
//! The extract describes the day `as_of`: a change of staff group,
//! department, team, band, job role or contracted hours takes effect on
//! that day (or on the start day of someone who starts later), so earlier
//! days keep their values (DOMAIN.md: Retention statistics). Name, email,
//! dates, reason for leaving and line manager are simply overwritten.
//! People the file does not mention are left alone.

pub mod plan;
mod write;

use super::ServiceError;
use crate::domain::staff_import::file::ReadFile;
use crate::domain::staff_import::{Applied, Change, Event, LIST_LIMIT, Preview, Problem};
use crate::server::audit::{self, Entry};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};

/// Hears progress events; it must not block (the route drops events when
/// the client reads slowly).
pub type Progress<'a> = &'a (dyn Fn(Event) + Send + Sync);

/// How to run an import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The day the extract describes.
    pub as_of: NaiveDate,
    pub file_name: String,
    /// Write the changes (when there are no problems) or only check.
    pub apply: bool,
    /// Who imports (`None` from the command line).
    pub actor_user_id: Option<i32>,
    /// "browser" or "command line", for the audit entry.
    pub via: &'static str,
}

/// Everything checking found. The preview lists part of it; the command
/// line prints all of it.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub rows_read: usize,
    pub to_add: usize,
    pub to_update: usize,
    pub unchanged: usize,
    pub new_departments: Vec<String>,
    pub new_teams: Vec<String>,
    pub ignored_columns: Vec<String>,
    /// Every problem, by row.
    pub problems: Vec<Problem>,
    /// Every updated person, by row.
    pub changes: Vec<Change>,
}

impl Checked {
    /// The preview, listing at most [`LIST_LIMIT`] problems and changes.
    pub fn preview(&self, options: &Options) -> Preview {
        Preview {
            file_name: options.file_name.clone(),
            as_of: options.as_of.to_string(),
            rows: self.rows_read,
            to_add: self.to_add,
            to_update: self.to_update,
            unchanged: self.unchanged,
            new_departments: self.new_departments.clone(),
            new_teams: self.new_teams.clone(),
            ignored_columns: self.ignored_columns.clone(),
            problems: self.problems.iter().take(LIST_LIMIT).cloned().collect(),
            problem_count: self.problems.len(),
            changes: self.changes.iter().take(LIST_LIMIT).cloned().collect(),
            change_count: self.changes.len(),
        }
    }
}

/// The end of a run: what checking found (nothing written), or what was
/// applied.
#[derive(Debug, Clone)]
pub enum Outcome {
    Checked(Checked),
    Applied(Applied),
}

/// Checks the file against the database and, when `options.apply` is set
/// and no row has a problem, applies it: one transaction (on SQLite taken
/// with `BEGIN IMMEDIATE`; on PostgreSQL the people tables are locked
/// against other writers), so the plan cannot go stale before it is
/// written.
pub async fn run(
    db: &DatabaseConnection,
    file: ReadFile,
    options: &Options,
    progress: Progress<'_>,
) -> Result<Outcome, ServiceError> {
    progress(Event::Checking);
    if !options.apply {
        let plan = plan::make(db, file, options.as_of).await?;
        return Ok(Outcome::Checked(plan.checked));
    }
    let started = std::time::Instant::now();
    let txn = crate::server::db::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("LOCK TABLE people, person_history IN SHARE ROW EXCLUSIVE MODE")
            .await?;
    }
    let plan = plan::make(&txn, file, options.as_of).await?;
    if !plan.checked.problems.is_empty() {
        txn.rollback().await?;
        return Ok(Outcome::Checked(plan.checked));
    }
    let checked = &plan.checked;
    let mut applied = Applied {
        file_name: options.file_name.clone(),
        as_of: options.as_of.to_string(),
        rows: checked.rows_read,
        added: checked.to_add,
        updated: checked.to_update,
        unchanged: checked.unchanged,
        new_departments: checked.new_departments.len(),
        new_teams: checked.new_teams.len(),
        history_rows: plan.history_inserts.len(),
        seconds: 0.0,
    };
    if checked.to_add + checked.to_update == 0 {
        // The extract matches the portal: nothing is written, not even an
        // audit entry.
        txn.rollback().await?;
        applied.seconds = started.elapsed().as_secs_f64();
        return Ok(Outcome::Applied(applied));
    }
    let history_rows = write::apply(&txn, &plan, progress).await?;
    audit::record(
        &txn,
        Entry::new(
            options.actor_user_id,
            "person.import",
            "person",
            "import".into(),
        )
        .after_json(serde_json::json!({
            "file": options.file_name,
            "as_of": applied.as_of,
            "via": options.via,
            "rows": applied.rows,
            "added": applied.added,
            "updated": applied.updated,
            "unchanged": applied.unchanged,
            "new_departments": checked.new_departments,
            "new_teams": checked.new_teams,
            "history_rows": history_rows,
        })),
    )
    .await?;
    txn.commit().await?;
    applied.seconds = started.elapsed().as_secs_f64();
    Ok(Outcome::Applied(applied))
}
