//! The NHS financial year (1 April - 31 March): the year CPD targets,
//! protected-learning-time allowances and budgets run over.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A financial year, named by the calendar year it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FinancialYear(pub i32);

impl FinancialYear {
    pub fn containing(date: NaiveDate) -> FinancialYear {
        if date.month() >= 4 {
            FinancialYear(date.year())
        } else {
            FinancialYear(date.year() - 1)
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 4, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0 + 1, 3, 31).unwrap_or(NaiveDate::MAX)
    }

    /// 365 or 366.
    pub fn days(self) -> i64 {
        (self.last_day() - self.first_day()).num_days() + 1
    }

    /// Accepts "2026" or "2026/27".
    pub fn parse(raw: &str) -> Option<FinancialYear> {
        let (start, end) = match raw.trim().split_once('/') {
            Some((start, end)) => (start.trim(), Some(end.trim())),
            None => (raw.trim(), None),
        };
        let year = start
            .parse::<i32>()
            .ok()
            .filter(|y| (1970..=9998).contains(y))
            .map(FinancialYear)?;
        match end {
            Some(end) if end != format!("{:02}", (year.0 + 1).rem_euclid(100)) => None,
            _ => Some(year),
        }
    }
}

impl fmt::Display for FinancialYear {
    /// "2026/27".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }
}

/// Days of `[from, to]` (inclusive, `to` open-ended when `None`) that fall
/// inside the year.
pub fn days_within(year: FinancialYear, from: NaiveDate, to: Option<NaiveDate>) -> i64 {
    let start = from.max(year.first_day());
    let end = to.unwrap_or(NaiveDate::MAX).min(year.last_day());
    if end < start {
        0
    } else {
        (end - start).num_days() + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_year_turns_on_the_first_of_april() {
        assert_eq!(
            FinancialYear::containing(d("2026-03-31")),
            FinancialYear(2025)
        );
        assert_eq!(
            FinancialYear::containing(d("2026-04-01")),
            FinancialYear(2026)
        );
        assert_eq!(FinancialYear(2026).to_string(), "2026/27");
        assert_eq!(FinancialYear(1999).to_string(), "1999/00");
        assert_eq!(FinancialYear(2027).days(), 366, "includes 29 February 2028");
        assert_eq!(FinancialYear::parse("2025/26"), Some(FinancialYear(2025)));
        assert_eq!(FinancialYear::parse("last"), None);
        assert_eq!(FinancialYear::parse("2026/99"), None);
    }

    #[test]
    fn days_within_counts_both_ends() {
        let year = FinancialYear(2026);
        assert_eq!(days_within(year, d("2020-01-01"), None), 365);
        assert_eq!(days_within(year, d("2026-10-01"), None), 182);
        assert_eq!(
            days_within(year, d("2026-04-01"), Some(d("2026-04-30"))),
            30
        );
        assert_eq!(days_within(year, d("2027-04-01"), None), 0);
        assert_eq!(days_within(year, d("2020-01-01"), Some(d("2026-03-31"))), 0);
    }
}
