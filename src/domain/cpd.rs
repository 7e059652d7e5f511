//! CPD activity rules (DOMAIN.md: CPD): hours in quarter hours, dates, and
//! the bounds on what one record may hold.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Most hours one activity may record; longer programmes are recorded as
/// several activities (one per module or block).
pub const MAX_HOURS_PER_ACTIVITY: u32 = 100;
/// Longest title and provider.
pub const MAX_TITLE: usize = 200;
/// Longest text for each part of a reflection.
pub const MAX_REFLECTION: usize = 5_000;
/// Activities per page of the CPD list.
pub const LIST_PAGE_SIZE: u32 = 50;
/// HCPC: a record should show at least two types of activity.
pub const MIN_ACTIVITY_TYPES: usize = 2;

/// CPD hours as a whole number of quarter hours (so sums are exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct CpdHours(u32);

impl CpdHours {
    pub fn from_quarters(quarters: u32) -> CpdHours {
        CpdHours(quarters)
    }

    pub fn quarters(self) -> u32 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 4.0
    }

    /// Accepts "1.5", "2", "0.25" or "1:45" (hours:minutes in quarters).
    pub fn parse(raw: &str) -> Result<CpdHours, String> {
        let value = raw.trim();
        if value.is_empty() {
            return Err("Enter the hours, like 1.5".into());
        }
        let hours: f64 = match value.split_once(':') {
            Some((h, m)) => {
                let h: u32 = h.trim().parse().map_err(|_| hours_format())?;
                let m: u32 = m.trim().parse().map_err(|_| hours_format())?;
                if m >= 60 {
                    return Err(hours_format());
                }
                f64::from(h) + f64::from(m) / 60.0
            }
            None => value.parse().map_err(|_| hours_format())?,
        };
        if !hours.is_finite() || hours <= 0.0 {
            return Err("Hours must be more than 0".into());
        }
        if hours > f64::from(MAX_HOURS_PER_ACTIVITY) {
            return Err(format!(
                "One activity can be at most {MAX_HOURS_PER_ACTIVITY} hours: record a longer programme as several activities"
            ));
        }
        let quarters = hours * 4.0;
        if quarters.fract() != 0.0 {
            return Err("Record hours in quarter hours, like 0.25, 1.5 or 2.75".into());
        }
        Ok(CpdHours(quarters as u32))
    }
}

fn hours_format() -> String {
    "Enter the hours as a number, like 1.5".into()
}

impl fmt::Display for CpdHours {
    /// "1.5", "2", "0.25": no trailing zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 4;
        match self.0 % 4 {
            0 => write!(f, "{whole}"),
            1 => write!(f, "{whole}.25"),
            2 => write!(f, "{whole}.5"),
            _ => write!(f, "{whole}.75"),
        }
    }
}

impl std::iter::Sum for CpdHours {
    fn sum<I: Iterator<Item = CpdHours>>(iter: I) -> CpdHours {
        CpdHours(iter.map(|h| h.0).sum())
    }
}

/// The dates of an activity: a single day, or a start and an end (both
/// inclusive); none may be after `today`.
pub fn check_dates(
    start: NaiveDate,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), (&'static str, String)> {
    if start > today {
        return Err(("start_date", "The date must be today or in the past".into()));
    }
    match end {
        Some(end) if end < start => Err((
            "end_date",
            "The end date must be the same as or after the start date".into(),
        )),
        Some(end) if end > today => Err((
            "end_date",
            "The end date must be today or in the past".into(),
        )),
        _ => Ok(()),
    }
}

/// Optional free text, trimmed, empty as `None`, bounded.
pub fn optional_text(raw: &str, what: &str, max: usize) -> Result<Option<String>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > max {
        return Err(format!("{what} must be {max} characters or fewer"));
    }
    Ok(Some(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_parse_in_quarters() {
        assert_eq!(CpdHours::parse("1.5").unwrap().quarters(), 6);
        assert_eq!(CpdHours::parse(" 2 ").unwrap().quarters(), 8);
        assert_eq!(CpdHours::parse("0.25").unwrap().quarters(), 1);
        assert_eq!(CpdHours::parse("1:45").unwrap().quarters(), 7);
        assert_eq!(CpdHours::parse("100").unwrap().quarters(), 400);
    }

    #[test]
    fn hours_refuse_nonsense() {
        for bad in ["", "0", "-1", "1.1", "100.25", "abc", "1:70", "NaN", "inf"] {
            assert!(CpdHours::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn hours_display_without_trailing_zeros() {
        let shown: Vec<String> = [1, 2, 3, 4, 10]
            .map(|q| CpdHours::from_quarters(q).to_string())
            .to_vec();
        assert_eq!(shown, ["0.25", "0.5", "0.75", "1", "2.5"]);
        let total: CpdHours = [CpdHours(3), CpdHours(5)].into_iter().sum();
        assert_eq!(total.to_string(), "2");
    }

    #[test]
    fn dates_are_not_in_the_future_and_end_after_start() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-11-26");
        assert!(check_dates(d("2026-11-26"), None, today).is_ok());
        assert!(check_dates(d("2026-11-01"), Some(d("2026-11-03")), today).is_ok());
        assert_eq!(
            check_dates(d("2026-11-27"), None, today).unwrap_err().0,
            "start_date"
        );
        assert_eq!(
            check_dates(d("2026-11-03"), Some(d("2026-11-01")), today)
                .unwrap_err()
                .0,
            "end_date"
        );
        assert_eq!(
            check_dates(d("2026-11-03"), Some(d("2026-12-01")), today)
                .unwrap_err()
                .0,
            "end_date"
        );
    }

    #[test]
    fn optional_text_is_trimmed_and_bounded() {
        assert_eq!(optional_text("  ", "Provider", 5), Ok(None));
        assert_eq!(
            optional_text(" IPEM ", "Provider", 5),
            Ok(Some("IPEM".into()))
        );
        assert!(optional_text("abcdef", "Provider", 5).is_err());
    }
}
