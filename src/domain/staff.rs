//! Staff-record vocabulary: staff groups, pay bands, contracted hours, FTE
//! and leaving reasons (DOMAIN.md: Retention statistics, Job plans).

use chrono::NaiveDate;

/// Agenda for Change full-time weekly hours: FTE = contracted hours / 37.5.
pub const FULL_TIME_HOURS: f64 = 37.5;
/// Most weekly contracted hours a record may hold (Working Time Regulations cap).
pub const MAX_CONTRACTED_HOURS: f64 = 48.0;

/// ESR staff groups that MPCE staff belong to.
pub const STAFF_GROUPS: &[&str] = &[
    "Healthcare Scientists",
    "Additional Professional Scientific and Technical",
    "Additional Clinical Services",
    "Administrative and Clerical",
    "Medical and Dental",
];

/// Agenda for Change bands, plus the consultant grade used by consultant
/// clinical scientists on medical-style contracts.
pub const BANDS: &[&str] = &[
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8a",
    "8b",
    "8c",
    "8d",
    "9",
    "Consultant",
];

/// ESR-style reasons for leaving.
pub const LEAVING_REASONS: &[&str] = &[
    "Retirement",
    "Relocation",
    "Work-life balance",
    "Promotion",
    "Lack of opportunities",
    "End of fixed term",
    "Dismissal",
    "Other/unknown",
];

/// Job roles seen in MPCE services; the field stays free text.
pub const COMMON_JOB_ROLES: &[&str] = &[
    "Clinical Scientist",
    "Consultant Clinical Scientist",
    "Clinical Engineer",
    "Clinical Technologist",
    "Trainee Clinical Scientist",
    "Medical Physics Expert",
    "Radiation Protection Adviser",
    "Service Manager",
    "Workforce Analyst",
];

pub fn parse_staff_group(raw: &str) -> Result<String, String> {
    pick(raw, STAFF_GROUPS, "Select a staff group")
}

pub fn parse_band(raw: &str) -> Result<String, String> {
    pick(raw, BANDS, "Select a band or grade")
}

pub fn parse_leaving_reason(raw: &str) -> Result<String, String> {
    pick(raw, LEAVING_REASONS, "Select a reason for leaving")
}

fn pick(raw: &str, allowed: &[&str], message: &str) -> Result<String, String> {
    let value = raw.trim();
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(value))
        .map(|a| a.to_string())
        .ok_or_else(|| message.to_string())
}

/// Weekly contracted hours, in quarter hours, between 0.25 and 48.
pub fn parse_contracted_hours(raw: &str) -> Result<f64, String> {
    let hours: f64 = raw
        .trim()
        .parse()
        .map_err(|_| "Enter contracted hours as a number, like 37.5".to_string())?;
    if !hours.is_finite() || hours <= 0.0 || hours > MAX_CONTRACTED_HOURS {
        return Err(format!(
            "Contracted hours must be more than 0 and at most {MAX_CONTRACTED_HOURS}"
        ));
    }
    if (hours * 4.0).fract() != 0.0 {
        return Err("Contracted hours must be in quarter hours, like 22.5 or 30.25".into());
    }
    Ok(hours)
}

/// Full-time equivalent of weekly contracted hours.
pub fn fte(contracted_hours: f64) -> f64 {
    contracted_hours / FULL_TIME_HOURS
}

/// Dates as YYYY-MM-DD (what `<input type=date>` sends) or DD/MM/YYYY.
pub fn parse_date(raw: &str, what: &str) -> Result<NaiveDate, String> {
    let value = raw.trim();
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d/%m/%Y"))
        .map_err(|_| format!("{what} must be a real date, like 2026-04-01"))
}

/// An optional date: blank means none, otherwise as [`parse_date`].
pub fn parse_optional_date(raw: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    match raw.trim() {
        "" => Ok(None),
        value => parse_date(value, what).map(Some),
    }
}

/// A required, trimmed piece of text with an upper bound on its length.
pub fn parse_text(raw: &str, what: &str, max: usize) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(format!("Enter {what}"));
    }
    if value.chars().count() > max {
        return Err(format!(
            "{} must be {max} characters or fewer",
            capitalise(what)
        ));
    }
    Ok(value.to_string())
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The employment spell of a staff record: both days inclusive, `end` is the
/// last day employed, and a leaver must have a reason.
pub fn check_spell(
    start: NaiveDate,
    end: Option<NaiveDate>,
    leaving_reason: Option<&str>,
) -> Result<(), (&'static str, String)> {
    match (end, leaving_reason) {
        (Some(end), _) if end < start => Err((
            "end_date",
            "End date must be the same as or after the start date".into(),
        )),
        (Some(_), None) => Err(("leaving_reason", "Select a reason for leaving".into())),
        (None, Some(_)) => Err((
            "end_date",
            "Enter the last day of employment, or remove the reason for leaving".into(),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contracted_hours_take_quarter_hours_in_range() {
        assert_eq!(parse_contracted_hours("37.5"), Ok(37.5));
        assert_eq!(parse_contracted_hours(" 22.25 "), Ok(22.25));
        assert!(parse_contracted_hours("0").is_err());
        assert!(parse_contracted_hours("48.25").is_err());
        assert!(parse_contracted_hours("30.1").is_err());
        assert!(parse_contracted_hours("NaN").is_err());
        assert!(parse_contracted_hours("full").is_err());
    }

    #[test]
    fn fte_is_hours_over_thirty_seven_and_a_half() {
        assert_eq!(fte(37.5), 1.0);
        assert_eq!(fte(18.75), 0.5);
    }

    #[test]
    fn dates_accept_iso_and_uk_forms() {
        let expected = NaiveDate::from_ymd_opt(2026, 4, 1);
        assert_eq!(parse_date("2026-04-01", "Start date").ok(), expected);
        assert_eq!(parse_date("01/04/2026", "Start date").ok(), expected);
        assert!(parse_date("2026-02-30", "Start date").is_err());
    }

    #[test]
    fn choices_are_case_insensitive_and_canonical() {
        assert_eq!(parse_band("8A"), Ok("8a".to_string()));
        assert_eq!(
            parse_staff_group("healthcare scientists"),
            Ok("Healthcare Scientists".to_string())
        );
        assert!(parse_band("10").is_err());
    }

    #[test]
    fn spell_rules() {
        let d = |s| parse_date(s, "d").unwrap();
        assert!(check_spell(d("2020-01-01"), None, None).is_ok());
        assert!(check_spell(d("2020-01-01"), Some(d("2020-01-01")), Some("Retirement")).is_ok());
        assert_eq!(
            check_spell(d("2020-01-02"), Some(d("2020-01-01")), Some("Retirement"))
                .unwrap_err()
                .0,
            "end_date"
        );
        assert_eq!(
            check_spell(d("2020-01-01"), Some(d("2021-01-01")), None)
                .unwrap_err()
                .0,
            "leaving_reason"
        );
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(parse_text("  Jo  ", "a name", 5), Ok("Jo".into()));
        assert_eq!(parse_text(" ", "a name", 5), Err("Enter a name".into()));
        assert!(
            parse_text("abcdef", "a name", 5)
                .unwrap_err()
                .starts_with("A name")
        );
    }
}
