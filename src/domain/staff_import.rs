//! Staff import from an HR system's CSV extract (ESR-style): the columns,
//! the checks each row passes on its own, and the report shapes shared by
//! the server and the browser. What needs the database (who exists, whose
//! email an address is, whether a line manager is known) is checked by the
//! import service.
//!
//! Rows are numbered as a spreadsheet shows them: the header is row 1 and
//! the first data row is row 2; a quoted value spanning lines is still one
//! row.

#[cfg(feature = "ssr")]
pub mod file;
pub mod report;
pub mod row;

pub use report::{Applied, Change, Event, FieldChange, Preview, Problem};
pub use row::StaffRow;

/// The columns an extract must have, in any order (names are matched
/// case-insensitively, surrounding spaces ignored).
pub const COLUMNS: [&str; 13] = [
    "staff_id",
    "name",
    "email",
    "staff_group",
    "job_role",
    "band",
    "department",
    "team",
    "contracted_hours",
    "start_date",
    "end_date",
    "leaving_reason",
    "line_manager_staff_id",
];

/// Column positions in [`COLUMNS`], for reading a row's values by name.
pub mod col {
    pub const STAFF_ID: usize = 0;
    pub const NAME: usize = 1;
    pub const EMAIL: usize = 2;
    pub const STAFF_GROUP: usize = 3;
    pub const JOB_ROLE: usize = 4;
    pub const BAND: usize = 5;
    pub const DEPARTMENT: usize = 6;
    pub const TEAM: usize = 7;
    pub const CONTRACTED_HOURS: usize = 8;
    pub const START_DATE: usize = 9;
    pub const END_DATE: usize = 10;
    pub const LEAVING_REASON: usize = 11;
    pub const LINE_MANAGER: usize = 12;
}

/// Most problems, and most changed rows, a preview lists; its counts are
/// always complete.
pub const LIST_LIMIT: usize = 1000;

/// Largest file accepted (bytes).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// How often (in rows) reading reports its progress.
pub const PROGRESS_EVERY: usize = 10_000;
