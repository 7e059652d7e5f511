//! What an import reports: the preview, the result of applying it, and the
//! progress events the import route streams (one JSON object per line).

use serde::{Deserialize, Serialize};

/// One problem with the file: its spreadsheet row (the header is row 1),
/// its column (empty when it concerns the whole row) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl Problem {
    pub fn new(row: usize, column: &str, message: impl Into<String>) -> Problem {
        Problem {
            row,
            column: column.to_string(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "row {}: {}", self.row, self.message)
        } else {
            write!(
                f,
                "row {}, column {}: {}",
                self.row, self.column, self.message
            )
        }
    }
}

/// One field of an existing person that the import changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The column name.
    pub field: String,
    pub from: String,
    pub to: String,
}

/// An existing person the import updates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub row: usize,
    pub staff_id: String,
    pub name: String,
    pub fields: Vec<FieldChange>,
}

/// What importing the file would do. `problems` and `changes` list at most
/// [`super::LIST_LIMIT`] entries; `problem_count` and `change_count` are
/// the full numbers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Preview {
    pub file_name: String,
    /// ISO date the extract describes.
    pub as_of: String,
    /// Data rows read (blank rows not counted).
    pub rows: usize,
    pub to_add: usize,
    pub to_update: usize,
    pub unchanged: usize,
    pub new_departments: Vec<String>,
    /// "Department: Team".
    pub new_teams: Vec<String>,
    /// Columns in the header that the import does not use.
    pub ignored_columns: Vec<String>,
    pub problems: Vec<Problem>,
    pub problem_count: usize,
    pub changes: Vec<Change>,
    pub change_count: usize,
}

impl Preview {
    /// Applying is allowed only when no row has a problem.
    pub fn can_apply(&self) -> bool {
        self.problem_count == 0
    }

    /// Something would be written.
    pub fn has_work(&self) -> bool {
        self.to_add + self.to_update > 0
    }
}

/// What an applied import did.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Applied {
    pub file_name: String,
    pub as_of: String,
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub new_departments: usize,
    pub new_teams: usize,
    /// History rows written (each a change taking effect on a day).
    pub history_rows: usize,
    pub seconds: f64,
}

impl Applied {
    /// "Imported: 3 added, 2 updated, 40 unchanged".
    pub fn summary(&self) -> String {
        format!(
            "Imported: {} added, {} updated, {} unchanged",
            self.added, self.updated, self.unchanged
        )
    }
}

/// One line of the import route's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Event {
    /// Rows read so far.
    Reading { rows: usize },
    /// Checking the rows against the database.
    Checking,
    /// People and history rows written so far, of `total`.
    Applying { done: usize, total: usize },
    /// The end: a preview (also when applying was refused because of
    /// problems) or what was applied.
    Done {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        preview: Option<Box<Preview>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        applied: Option<Box<Applied>>,
    },
    /// The import could not run (nothing was applied).
    Failed { message: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_tagged_by_phase() {
        let line = |e: &Event| serde_json::to_string(e).unwrap();
        assert_eq!(
            line(&Event::Reading { rows: 10 }),
            r#"{"phase":"reading","rows":10}"#
        );
        assert_eq!(line(&Event::Checking), r#"{"phase":"checking"}"#);
        let done = Event::Done {
            preview: None,
            applied: Some(Box::default()),
        };
        let text = line(&done);
        assert!(text.starts_with(r#"{"phase":"done","applied":{"#), "{text}");
        assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), done);
    }

    #[test]
    fn problems_read_as_row_and_column() {
        assert_eq!(
            Problem::new(7, "band", "Use one of: 2, 3").to_string(),
            "row 7, column band: Use one of: 2, 3"
        );
        assert_eq!(
            Problem::new(9, "", "Too many values").to_string(),
            "row 9: Too many values"
        );
    }
}
