//! One row of an extract, checked on its own: every value parsed with the
//! staff-record rules, every problem reported against its column.

use super::{COLUMNS, Problem, col};
use crate::domain::email::Email;
use crate::domain::staff::{self, BANDS, LEAVING_REASONS, STAFF_GROUPS};
use chrono::NaiveDate;

/// The reason recorded for a leaver whose extract row gives none.
pub const UNKNOWN_REASON: &str = "Other/unknown";

/// A row that passed every check of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffRow {
    /// Spreadsheet row number (the header is row 1).
    pub row: usize,
    pub staff_id: String,
    pub name: String,
    /// Normalised (lower case).
    pub email: String,
    pub staff_group: String,
    pub job_role: String,
    pub band: String,
    pub department: Option<String>,
    pub team: Option<String>,
    pub contracted_hours: f64,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub leaving_reason: Option<String>,
    /// The line manager's staff number.
    pub line_manager: Option<String>,
}

/// Collects a row's problems, each against its column.
struct Checker {
    row: usize,
    problems: Vec<Problem>,
}

impl Checker {
    fn check<T>(&mut self, column: usize, parsed: Result<T, String>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(column, message);
                None
            }
        }
    }

    fn add(&mut self, column: usize, message: impl Into<String>) {
        let name = COLUMNS.get(column).copied().unwrap_or_default();
        self.problems.push(Problem::new(self.row, name, message));
    }
}

fn optional(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|v| !v.is_empty())
}

/// One of `allowed` (any case), or "Use one of: ..." listing them.
fn one_of(raw: &str, allowed: &[&str], what: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(format!("Enter {what}"));
    }
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(value))
        .map(|a| a.to_string())
        .ok_or_else(|| format!("Use one of: {}", allowed.join(", ")))
}

fn required_date(raw: &str, what: &str) -> Result<NaiveDate, String> {
    if raw.trim().is_empty() {
        return Err(format!("Enter a {}", what.to_lowercase()));
    }
    staff::parse_date(raw, what)
}

/// Checks one data row; `values` are in [`COLUMNS`] order.
pub fn check(row: usize, values: &[&str; 13]) -> Result<StaffRow, Vec<Problem>> {
    let mut c = Checker {
        row,
        problems: Vec::new(),
    };
    let staff_id = c.check(
        col::STAFF_ID,
        staff::parse_text(values[col::STAFF_ID], "a staff number", 32),
    );
    let name = c.check(
        col::NAME,
        staff::parse_text(values[col::NAME], "a full name", 200),
    );
    let email = c.check(col::EMAIL, Email::parse(values[col::EMAIL]));
    let staff_group = c.check(
        col::STAFF_GROUP,
        one_of(values[col::STAFF_GROUP], STAFF_GROUPS, "a staff group"),
    );
    let job_role = c.check(
        col::JOB_ROLE,
        staff::parse_text(values[col::JOB_ROLE], "a job role", 120),
    );
    let band = c.check(col::BAND, one_of(values[col::BAND], BANDS, "a band"));
    let department = optional(values[col::DEPARTMENT])
        .and_then(|v| c.check(col::DEPARTMENT, staff::parse_text(v, "a department", 120)));
    let team = optional(values[col::TEAM])
        .and_then(|v| c.check(col::TEAM, staff::parse_text(v, "a team", 120)));
    if team.is_some() && optional(values[col::DEPARTMENT]).is_none() {
        c.add(
            col::TEAM,
            "A team needs a department: enter its department too",
        );
    }
    let hours = c.check(
        col::CONTRACTED_HOURS,
        staff::parse_contracted_hours(values[col::CONTRACTED_HOURS]),
    );
    let start_date = c.check(
        col::START_DATE,
        required_date(values[col::START_DATE], "Start date"),
    );
    let end_date = c
        .check(
            col::END_DATE,
            staff::parse_optional_date(values[col::END_DATE], "End date"),
        )
        .flatten();
    let reason = optional(values[col::LEAVING_REASON]);
    let leaving_reason = match reason {
        Some(v) => c.check(
            col::LEAVING_REASON,
            one_of(v, LEAVING_REASONS, "a reason for leaving"),
        ),
        None => end_date.map(|_| UNKNOWN_REASON.to_string()),
    };
    // A reason already refused is not reported again as missing.
    let spell_reason = leaving_reason.as_deref().or(reason.map(|_| UNKNOWN_REASON));
    if let Some(start) = start_date
        && let Err((field, message)) = staff::check_spell(start, end_date, spell_reason)
    {
        let column = COLUMNS
            .iter()
            .position(|c| *c == field)
            .unwrap_or(col::END_DATE);
        c.add(column, message);
    }
    let line_manager = optional(values[col::LINE_MANAGER]).and_then(|v| {
        if v.chars().count() > 32 {
            c.add(
                col::LINE_MANAGER,
                "A staff number must be 32 characters or fewer",
            );
            None
        } else {
            Some(v.to_string())
        }
    });
    if line_manager.is_some() && line_manager == staff_id {
        c.add(
            col::LINE_MANAGER,
            "A person cannot be their own line manager",
        );
    }
    match (
        c.problems.is_empty(),
        staff_id,
        name,
        email,
        staff_group,
        job_role,
        band,
        hours,
        start_date,
    ) {
        (
            true,
            Some(staff_id),
            Some(name),
            Some(email),
            Some(staff_group),
            Some(job_role),
            Some(band),
            Some(contracted_hours),
            Some(start_date),
        ) => Ok(StaffRow {
            row,
            staff_id,
            name,
            email: email.as_str().to_string(),
            staff_group,
            job_role,
            band,
            department,
            team,
            contracted_hours,
            start_date,
            end_date,
            leaving_reason,
            line_manager,
        }),
        _ => Err(c.problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: [&str; 13] = [
        "E100",
        "Ada Lovelace",
        "Ada@Trust.nhs.uk",
        "healthcare scientists",
        "Clinical Scientist",
        "8A",
        "Radiotherapy Physics",
        "Dosimetry",
        "37.5",
        "01/04/2020",
        "",
        "",
        "E001",
    ];

    fn with(column: usize, value: &'static str) -> [&'static str; 13] {
        let mut values = GOOD;
        values[column] = value;
        values
    }

    fn problems(values: [&str; 13]) -> Vec<(String, String)> {
        check(5, &values)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                assert_eq!(p.row, 5);
                (p.column, p.message)
            })
            .collect()
    }

    #[test]
    fn a_good_row_is_normalised() {
        let row = check(2, &GOOD).unwrap();
        assert_eq!(row.email, "ada@trust.nhs.uk");
        assert_eq!(row.staff_group, "Healthcare Scientists");
        assert_eq!(row.band, "8a");
        assert_eq!(row.start_date, NaiveDate::from_ymd_opt(2020, 4, 1).unwrap());
        assert_eq!(row.line_manager.as_deref(), Some("E001"));
        assert_eq!(row.end_date, None);
        assert_eq!(row.leaving_reason, None);
    }

    #[test]
    fn a_leaver_without_a_reason_left_for_an_unknown_reason() {
        let mut values = GOOD;
        values[col::END_DATE] = "2025-03-31";
        let row = check(2, &values).unwrap();
        assert_eq!(row.leaving_reason.as_deref(), Some(UNKNOWN_REASON));
        values[col::LEAVING_REASON] = "retirement";
        assert_eq!(
            check(2, &values).unwrap().leaving_reason.as_deref(),
            Some("Retirement")
        );
    }

    #[test]
    fn each_problem_names_its_column() {
        let first = |values| problems(values).into_iter().next().unwrap();
        assert_eq!(first(with(col::STAFF_ID, " ")).0, "staff_id");
        assert_eq!(first(with(col::NAME, "")).1, "Enter a full name");
        assert_eq!(first(with(col::EMAIL, "not-an-email")).0, "email");
        assert!(
            first(with(col::STAFF_GROUP, "Nurses"))
                .1
                .starts_with("Use one of: Healthcare Scientists")
        );
        assert_eq!(first(with(col::BAND, "10")).0, "band");
        assert_eq!(first(with(col::BAND, "")).1, "Enter a band");
        assert_eq!(
            first(with(col::CONTRACTED_HOURS, "50")).0,
            "contracted_hours"
        );
        assert_eq!(
            first(with(col::CONTRACTED_HOURS, "0")).0,
            "contracted_hours"
        );
        assert_eq!(first(with(col::START_DATE, "31/02/2020")).0, "start_date");
        assert_eq!(first(with(col::START_DATE, "")).1, "Enter a start date");
        assert_eq!(first(with(col::END_DATE, "2020-13-01")).0, "end_date");
        assert_eq!(
            first(with(col::LINE_MANAGER, "E100")).0,
            "line_manager_staff_id"
        );
        assert_eq!(first(with(col::DEPARTMENT, "")).0, "team");
    }

    #[test]
    fn an_unknown_reason_lists_the_reasons() {
        let mut values = with(col::END_DATE, "2025-01-01");
        values[col::LEAVING_REASON] = "Bored";
        assert_eq!(
            problems(values),
            vec![(
                "leaving_reason".to_string(),
                format!("Use one of: {}", LEAVING_REASONS.join(", "))
            )]
        );
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        assert_eq!(
            problems(with(col::END_DATE, "31/03/2020")),
            vec![(
                "end_date".to_string(),
                "End date must be the same as or after the start date".to_string()
            )]
        );
        // A reason without an end date.
        assert_eq!(
            problems(with(col::LEAVING_REASON, "Retirement"))[0].0,
            "end_date"
        );
    }

    #[test]
    fn every_problem_of_a_row_is_reported() {
        let mut values = with(col::BAND, "99");
        values[col::EMAIL] = "x";
        values[col::START_DATE] = "yesterday";
        let columns: Vec<String> = problems(values).into_iter().map(|p| p.0).collect();
        assert_eq!(columns, ["email", "band", "start_date"]);
    }
}
