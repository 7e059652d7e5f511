//! Property tests (proptest) of everything that reads what people type or
//! upload: money, CPD hours, clock times, dates, contracted hours, word
//! counts and the staff-import CSV reader. Each parser is fed arbitrary
//! text (it must answer, never panic, and keep its bounds) and values it
//! wrote itself (they must read back unchanged).
//!
//! A normal `cargo test` runs a short bounded pass (`CASES` per property);
//! `PROPTEST_CASES=100000 cargo test --features ssr --lib properties` runs
//! a long one.

use super::cpd::{CpdHours, MAX_HOURS_PER_ACTIVITY};
use super::funding::{MAX_AMOUNT, Pence};
use super::job_plans::{format_time, parse_time};
use super::profile::word_count;
use super::staff::{parse_contracted_hours, parse_date};
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

/// Cases per property in a normal run, unless `PROPTEST_CASES` says more.
const CASES: u32 = 2_000;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CASES);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text that looks like what people type into a number field, mistakes
/// included, and arbitrary Unicode besides.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9£,.: +eE-]{0,12}",
        "[0-9]{0,25}(\\.[0-9]{0,4})?",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn money_is_read_or_refused_never_out_of_bounds(raw in typed()) {
        if let Ok(Pence(p)) = Pence::parse(&raw) {
            prop_assert!((0..=MAX_AMOUNT.0).contains(&p), "{raw:?} read as {p}");
        }
    }

    #[test]
    fn money_as_written_reads_back(p in 0..=MAX_AMOUNT.0) {
        let pence = Pence(p);
        prop_assert_eq!(Pence::parse(&pence.plain()), Ok(pence));
        prop_assert_eq!(Pence::parse(&pence.to_string()), Ok(pence));
    }

    #[test]
    fn hours_are_read_or_refused_never_out_of_bounds(raw in typed()) {
        if let Ok(hours) = CpdHours::parse(&raw) {
            let quarters = hours.quarters();
            prop_assert!((1..=MAX_HOURS_PER_ACTIVITY * 4).contains(&quarters), "{raw:?}");
        }
    }

    #[test]
    fn hours_as_written_read_back(quarters in 1..=MAX_HOURS_PER_ACTIVITY * 4) {
        let hours = CpdHours::from_quarters(quarters);
        prop_assert_eq!(CpdHours::parse(&hours.to_string()), Ok(hours));
        let clock = format!("{}:{:02}", quarters / 4, (quarters % 4) * 15);
        prop_assert_eq!(CpdHours::parse(&clock), Ok(hours));
    }

    #[test]
    fn times_are_read_or_refused_within_the_day(raw in prop_oneof!["[0-9:]{0,6}", any::<String>()]) {
        if let Ok(minutes) = parse_time(&raw) {
            prop_assert!(minutes <= 24 * 60, "{raw:?}");
        }
    }

    #[test]
    fn times_as_written_read_back(minutes in 0..=24 * 60_u32) {
        prop_assert_eq!(parse_time(&format_time(minutes)), Ok(minutes));
    }

    #[test]
    fn dates_are_read_or_refused(raw in prop_oneof!["[0-9/-]{0,12}", any::<String>()]) {
        let _ = parse_date(&raw, "Date");
    }

    #[test]
    fn dates_in_both_forms_read_back(days in 364_878..3_649_000_i32) {
        // Years 1000 to 9990: four digits, as both forms write them.
        let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
        prop_assert_eq!(parse_date(&date.to_string(), "Date"), Ok(date));
        let british = format!("{:02}/{:02}/{}", date.day(), date.month(), date.year());
        prop_assert_eq!(parse_date(&british, "Date"), Ok(date));
    }

    #[test]
    fn contracted_hours_are_read_or_refused_within_limits(raw in typed()) {
        if let Ok(hours) = parse_contracted_hours(&raw) {
            prop_assert!(hours > 0.0 && hours <= 48.0 && (hours * 4.0).fract() == 0.0, "{raw:?}");
        }
    }

    #[test]
    fn words_are_counted_however_they_are_spaced(
        words in prop::collection::vec("[^\\s]{1,12}", 0..60),
        gaps in prop::collection::vec("[ \t\n\r\u{a0}\u{2003}]{1,3}", 61),
        lead in "[ \n]{0,2}",
    ) {
        let mut text = lead;
        for (word, gap) in words.iter().zip(&gaps) {
            text.push_str(word);
            text.push_str(gap);
        }
        prop_assert_eq!(word_count(&text), words.len());
    }
}

/// The staff import's CSV reader: arbitrary text never panics, and a file
/// written with every awkward value (commas, quotes, line breaks inside
/// values, blank lines between rows, CRLF) reads back row for row, with the
/// row numbers a spreadsheet shows.
#[cfg(feature = "ssr")]
mod csv_import {
    use super::config;
    use crate::domain::staff_import::COLUMNS;
    use crate::domain::staff_import::file::read;
    use proptest::prelude::*;

    /// A value as a spreadsheet quotes it.
    fn quoted(value: &str) -> String {
        if value.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value.to_string()
        }
    }

    /// A valid row's values in `COLUMNS` order, with an awkward name.
    fn row(n: usize, name: &str) -> Vec<String> {
        vec![
            format!("P{n}"),
            name.to_string(),
            format!("p{n}@trust.nhs.uk"),
            "Healthcare Scientists".into(),
            "Clinical Scientist, MRI".into(),
            "7".into(),
            "Medical Physics".into(),
            String::new(),
            "37.5".into(),
            "2020-04-01".into(),
            String::new(),
            String::new(),
            String::new(),
        ]
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn any_text_is_read_without_panicking(text in prop_oneof![
            any::<String>(),
            "[a-z_,\"\n\r ]{0,200}",
            "staff_id,name,email[a-z0-9_,\"\n\r @.-]{0,200}",
        ]) {
            let file = read(&text, &mut |_| {});
            prop_assert!(file.rows.len() <= file.rows_read);
        }

        #[test]
        fn awkward_values_read_back_with_spreadsheet_row_numbers(
            names in prop::collection::vec("[A-Za-z][A-Za-z ,'\"\n-]{0,20}[a-z]", 1..12),
            blanks in prop::collection::vec(0..3_usize, 12),
            crlf in any::<bool>(),
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = COLUMNS.join(",") + end;
            let mut expected = Vec::new();
            // The header is row 1; each record and each blank line is one row.
            let mut spreadsheet_row = 1;
            for (n, name) in names.iter().enumerate() {
                for _ in 0..blanks[n] {
                    text.push_str(end);
                    spreadsheet_row += 1;
                }
                let values: Vec<String> = row(n, name).iter().map(|v| quoted(v)).collect();
                text.push_str(&values.join(","));
                text.push_str(end);
                spreadsheet_row += 1;
                expected.push((spreadsheet_row, name.trim().to_string()));
            }
            let file = read(&text, &mut |_| {});
            prop_assert_eq!(&file.problems, &vec![]);
            let got: Vec<(usize, String)> =
                file.rows.iter().map(|r| (r.row, r.name.clone())).collect();
            prop_assert_eq!(got, expected);
        }
    }
}
