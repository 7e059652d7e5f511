//! The audit-ready CPD profile's limits (DOMAIN.md: CPD, the audit profile).

use chrono::{Months, NaiveDate};

pub const MAX_SUMMARY_WORDS: usize = 500;
pub const MAX_STATEMENT_WORDS: usize = 1_500;
pub const MIN_CHOSEN_ACTIVITIES: usize = 4;
pub const MAX_CHOSEN_ACTIVITIES: usize = 6;
/// The HCPC registration cycle.
pub const HCPC_CYCLE_MONTHS: u32 = 24;

/// Words as a reader counts them: runs of non-space characters.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// A text of at most `max` words; the message says how many there are.
pub fn check_words(text: &str, what: &str, max: usize) -> Result<(), String> {
    let words = word_count(text);
    if words > max {
        Err(format!(
            "{what} must be {max} words or fewer (it has {words})"
        ))
    } else {
        Ok(())
    }
}

/// The default period: from the start of the current HCPC cycle (the day
/// after the date two years before the registration's renewal date, or the
/// recorded start when that is later) to today; two years back without an
/// HCPC registration.
pub fn default_period(
    hcpc: Option<(Option<NaiveDate>, NaiveDate)>,
    today: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let two_years_back = |d: NaiveDate| {
        d.checked_sub_months(Months::new(HCPC_CYCLE_MONTHS))
            .and_then(|d| d.succ_opt())
            .unwrap_or(d)
    };
    let from = match hcpc {
        // A recorded start later than the cycle's start (a first
        // registration) wins; an older one is a previous cycle's.
        Some((Some(registered_on), renews_on)) => registered_on.max(two_years_back(renews_on)),
        Some((None, renews_on)) => two_years_back(renews_on),
        None => two_years_back(today),
    };
    (from.min(today), today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn words_are_counted_and_limited() {
        assert_eq!(word_count("  one two\nthree\tfour "), 4);
        assert_eq!(word_count(""), 0);
        assert!(check_words(&"word ".repeat(500), "The summary", 500).is_ok());
        let err = check_words(&"word ".repeat(501), "The summary", 500).unwrap_err();
        assert!(err.contains("501"), "{err}");
    }

    #[test]
    fn the_default_period_is_the_current_hcpc_cycle() {
        let today = d("2026-11-26");
        // Renews 30 September 2027: cycle began 1 October 2025.
        assert_eq!(
            default_period(Some((None, d("2027-09-30"))), today).0,
            d("2025-10-01")
        );
        assert_eq!(
            default_period(Some((Some(d("2026-01-15")), d("2027-09-30"))), today).0,
            d("2026-01-15"),
            "first registered within the cycle"
        );
        assert_eq!(
            default_period(Some((Some(d("2012-09-15")), d("2027-09-30"))), today).0,
            d("2025-10-01"),
            "registered long ago: the current cycle"
        );
        assert_eq!(default_period(None, today), (d("2024-11-27"), today));
    }
}
