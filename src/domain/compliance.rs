//! The compliance dashboard's rules: whether a person's CPD is on track
//! for the point reached in the year, and the orders its table sorts by.

use super::financial_year::FinancialYear;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Rows shown on one page of the dashboard.
pub const PAGE_SIZE: usize = 100;

/// The quarter hours of a year's `target` that should be done by `today`:
/// the target in proportion to the days of the financial year gone
/// (all of it once the year is over, none before it starts).
pub fn expected_by(target: u32, year: FinancialYear, today: NaiveDate) -> u32 {
    if today < year.first_day() {
        return 0;
    }
    if today >= year.last_day() {
        return target;
    }
    let gone = (today - year.first_day()).num_days() + 1;
    (u64::from(target) * gone as u64 / year.days() as u64) as u32
}

/// On track: at least what the point in the year calls for.
pub fn on_track(done: u32, target: u32, year: FinancialYear, today: NaiveDate) -> bool {
    done >= expected_by(target, year, today)
}

/// What the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    Name,
    Department,
    Cpd,
    Plt,
    JobPlan,
    Registrations,
    Pending,
}

impl SortKey {
    pub const ALL: [SortKey; 7] = [
        SortKey::Name,
        SortKey::Department,
        SortKey::Cpd,
        SortKey::Plt,
        SortKey::JobPlan,
        SortKey::Registrations,
        SortKey::Pending,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Department => "department",
            SortKey::Cpd => "cpd",
            SortKey::Plt => "plt",
            SortKey::JobPlan => "job_plan",
            SortKey::Registrations => "registrations",
            SortKey::Pending => "pending",
        }
    }

    /// Unknown or empty: by name.
    pub fn parse(raw: &str) -> SortKey {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.trim())
            .unwrap_or(SortKey::Name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn half_way_through_the_year_half_the_target_is_expected() {
        let year = FinancialYear(2026);
        // 1 April to 30 September 2026: 183 of 365 days.
        assert_eq!(expected_by(120, year, day(2026, 9, 30)), 120 * 183 / 365);
        assert!(on_track(61, 120, year, day(2026, 9, 30)));
        assert!(!on_track(59, 120, year, day(2026, 9, 30)));
    }

    #[test]
    fn before_the_year_nothing_and_after_it_everything_is_expected() {
        let year = FinancialYear(2026);
        assert_eq!(expected_by(120, year, day(2026, 3, 31)), 0);
        assert_eq!(expected_by(120, year, day(2026, 4, 1)), 0);
        assert_eq!(expected_by(120, year, day(2027, 3, 31)), 120);
        assert_eq!(expected_by(120, year, day(2028, 1, 1)), 120);
        assert!(on_track(0, 0, year, day(2026, 10, 1)));
    }

    #[test]
    fn unknown_sort_keys_sort_by_name() {
        assert_eq!(SortKey::parse("cpd"), SortKey::Cpd);
        assert_eq!(SortKey::parse("drop table"), SortKey::Name);
        assert_eq!(SortKey::parse(""), SortKey::Name);
    }
}
