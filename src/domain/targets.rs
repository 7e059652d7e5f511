//! Annual CPD targets and protected-learning-time allowances: set per staff
//! group for a full-time person employed all year, pro-rated by FTE and by
//! the part of the year the person is employed (DOMAIN.md: CPD, PLT).

use super::financial_year::{FinancialYear, days_within};
use super::staff;
use chrono::NaiveDate;

/// A trust's usual local CPD target when an administrator has set none.
pub const DEFAULT_CPD_TARGET_HOURS: u32 = 30;
/// Protected learning time when none is set: five 7.5-hour days a year.
pub const DEFAULT_PLT_QUARTERS: u32 = 150;
/// Largest target or allowance an administrator may set, in hours a year.
pub const MAX_ANNUAL_HOURS: u32 = 400;

/// `annual_quarters` scaled by FTE (at most 1) and by the share of the year employed,
/// rounded to the nearest quarter hour.
pub fn pro_rata(
    annual_quarters: u32,
    contracted_hours: f64,
    employed_from: NaiveDate,
    employed_to: Option<NaiveDate>,
    year: FinancialYear,
) -> u32 {
    let share = days_within(year, employed_from, employed_to) as f64 / year.days() as f64;
    // Hours beyond full time do not raise the target above a full-timer's.
    let fte = staff::fte(contracted_hours).min(1.0);
    let value = f64::from(annual_quarters) * fte * share;
    value.round().max(0.0) as u32
}

/// Parses an administrator's hours a year (quarter hours allowed, zero
/// allowed: "no target").
pub fn parse_annual_hours(raw: &str) -> Result<u32, String> {
    let value: f64 = raw
        .trim()
        .parse()
        .map_err(|_| "Enter the hours a year as a number, like 30".to_string())?;
    if !value.is_finite() || value < 0.0 {
        return Err("The hours must be 0 or more".into());
    }
    if value > f64::from(MAX_ANNUAL_HOURS) {
        return Err(format!("The hours must be {MAX_ANNUAL_HOURS} or fewer"));
    }
    let quarters = value * 4.0;
    if quarters.fract() != 0.0 {
        return Err("Use quarter hours, like 37.5".into());
    }
    Ok(quarters as u32)
}

/// Fewest different activity types a record should show: HCPC asks for two,
/// the Science Council for three.
pub fn min_activity_types(science_council_registrant: bool) -> usize {
    if science_council_registrant { 3 } else { 2 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn full_time_all_year_gets_the_whole_target() {
        assert_eq!(
            pro_rata(120, 37.5, d("2010-01-01"), None, FinancialYear(2026)),
            120
        );
    }

    #[test]
    fn part_time_and_part_year_are_pro_rated() {
        let year = FinancialYear(2026);
        // 0.6 FTE: 30 h -> 18 h.
        assert_eq!(pro_rata(120, 22.5, d("2010-01-01"), None, year), 72);
        // Joined 1 October: 182 of 365 days -> 14.96 h, nearest quarter 15 h.
        assert_eq!(pro_rata(120, 37.5, d("2026-10-01"), None, year), 60);
        // Left on 30 April: 30 days.
        assert_eq!(
            pro_rata(120, 37.5, d("2010-01-01"), Some(d("2026-04-30")), year),
            10
        );
        // Over full time counts as full time.
        assert_eq!(pro_rata(120, 45.0, d("2010-01-01"), None, year), 120);
        // Not employed in the year at all.
        assert_eq!(pro_rata(120, 37.5, d("2027-06-01"), None, year), 0);
    }

    #[test]
    fn annual_hours_are_checked() {
        assert_eq!(parse_annual_hours("30"), Ok(120));
        assert_eq!(parse_annual_hours("37.5"), Ok(150));
        assert_eq!(parse_annual_hours("0"), Ok(0));
        for bad in ["", "-1", "x", "30.1", "401", "inf"] {
            assert!(parse_annual_hours(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn science_council_registrants_need_three_types() {
        assert_eq!(min_activity_types(false), 2);
        assert_eq!(min_activity_types(true), 3);
    }
}
