//! Worked examples: every expected figure is counted by hand in the
//! comments, from the definitions in DOMAIN.md.

use super::*;

fn d(raw: &str) -> NaiveDate {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_default()
}

fn stint(from: &str, staff_group: &str, hours: f64) -> Stint {
    Stint {
        from: d(from),
        staff_group: staff_group.into(),
        department: "Radiotherapy Physics".into(),
        band: "7".into(),
        job_role: "Clinical Scientist".into(),
        contracted_hours: hours,
        in_scope: true,
    }
}

fn person(id: i32, start: &str, end: Option<&str>, stints: Vec<Stint>) -> Employment {
    Employment {
        person_id: id,
        start: d(start),
        end: end.map(d),
        leaving_reason: end.map(|_| "Retirement".to_string()),
        stints,
    }
}

/// Period 2025-04-01 to 2026-03-31, staff groups HS and AC:
/// A in HS throughout; B joins and leaves inside; C leaves on the first
/// day; D (half time) leaves on the last day; E moves HS -> AC on 1 October;
/// F (22.5 hours) starts on the first day; G starts on the last day; H left
/// years before, in a group nobody else is in.
fn fixture() -> Vec<Employment> {
    vec![
        person(1, "2020-01-01", None, vec![stint("2020-01-01", "HS", 37.5)]),
        person(
            2,
            "2025-06-01",
            Some("2025-12-31"),
            vec![stint("2025-06-01", "HS", 37.5)],
        ),
        person(
            3,
            "2019-01-01",
            Some("2025-04-01"),
            vec![stint("2019-01-01", "HS", 37.5)],
        ),
        person(
            4,
            "2019-01-01",
            Some("2026-03-31"),
            vec![stint("2019-01-01", "HS", 18.75)],
        ),
        person(
            5,
            "2018-01-01",
            None,
            vec![
                stint("2018-01-01", "HS", 37.5),
                stint("2025-10-01", "AC", 37.5),
            ],
        ),
        person(6, "2025-04-01", None, vec![stint("2025-04-01", "AC", 22.5)]),
        person(7, "2026-03-31", None, vec![stint("2026-03-31", "AC", 37.5)]),
        person(
            8,
            "2010-01-01",
            Some("2020-01-01"),
            vec![stint("2010-01-01", "AD", 37.5)],
        ),
    ]
}

fn period() -> Period {
    Period::new(d("2025-04-01"), d("2026-03-31")).unwrap_or(Period::financial_year(2025))
}

fn group<'a>(rows: &'a [GroupFigures], name: &str) -> &'a GroupFigures {
    let found = rows.iter().find(|g| g.group == name);
    assert!(found.is_some(), "no group {name}");
    found.unwrap_or(&rows[0])
}

fn close(actual: Option<f64>, expected: f64) {
    assert!(
        actual.is_some_and(|a| (a - expected).abs() < 1e-9),
        "{actual:?} != {expected}"
    );
}

#[test]
fn staff_group_figures_follow_the_definitions_person_by_person() {
    let rows = figures(&fixture(), period(), Breakdown::StaffGroup);
    assert_eq!(
        rows.iter().map(|g| g.group.as_str()).collect::<Vec<_>>(),
        ["AC", "AD", "HS"]
    );
    // HS: in post on 1 April 2025: A, C (last day that day), D, E = 4.
    // On 31 March 2026: A, D (last day that day) = 2; E is in AC by then.
    let hs = group(&rows, "HS");
    assert_eq!((hs.in_post_start, hs.in_post_end), (4, 2));
    // FTE: A 1 + C 1 + D 0.5 + E 1 = 3.5 at the start; A 1 + D 0.5 at the end.
    assert_eq!((hs.fte_start, hs.fte_end), (3.5, 1.5));
    // Joiners: B. Leavers: B (inside) and C (first day); D's last day is
    // the last day, so D is still in post and not a leaver.
    assert_eq!((hs.joiners, hs.leavers), (1, 2));
    assert_eq!((hs.transfers_in, hs.transfers_out), (0, 1));
    assert_eq!(hs.leavers_by_reason.get("Retirement"), Some(&2));
    // 4 + 1 - 2 + 0 - 1 = 2.
    assert_eq!(
        hs.in_post_start + hs.joiners + hs.transfers_in - hs.leavers - hs.transfers_out,
        hs.in_post_end
    );
    close(hs.leaver_rate(), 2.0 / 3.0);
    close(hs.joiner_rate(), 1.0 / 3.0);
    // A and D were in HS on both days: 2 of 4.
    close(hs.stability_index(), 0.5);

    // AC: F starts on the first day, so is in post then and no joiner; G
    // starts on the last day and is a joiner; E transfers in.
    let ac = group(&rows, "AC");
    assert_eq!((ac.in_post_start, ac.in_post_end), (1, 3));
    assert!((ac.fte_start - 0.6).abs() < 1e-9 && (ac.fte_end - 2.6).abs() < 1e-9);
    assert_eq!(
        (ac.joiners, ac.leavers, ac.transfers_in, ac.transfers_out),
        (1, 0, 1, 0)
    );
    close(ac.leaver_rate(), 0.0);
    close(ac.joiner_rate(), 0.5);
    close(ac.stability_index(), 1.0);
}

#[test]
fn an_empty_group_has_zeros_and_no_rates() {
    let rows = figures(&fixture(), period(), Breakdown::StaffGroup);
    let ad = group(&rows, "AD");
    assert_eq!(
        (ad.in_post_start, ad.in_post_end, ad.joiners, ad.leavers),
        (0, 0, 0, 0)
    );
    assert_eq!(
        (ad.leaver_rate(), ad.joiner_rate(), ad.stability_index()),
        (None, None, None)
    );
    assert_eq!(percent(ad.leaver_rate()), "-");
    assert_eq!(fraction(ad.leaver_rate()), "");
}

#[test]
fn a_transfer_is_never_a_leaver_and_vanishes_for_the_whole_organisation() {
    let all = total(&fixture(), period());
    // Start: A C D E F = 5. End: A D E F G = 5. Joiners B G, leavers B C.
    assert_eq!((all.in_post_start, all.in_post_end), (5, 5));
    assert_eq!((all.joiners, all.leavers), (2, 2));
    assert_eq!((all.transfers_in, all.transfers_out), (0, 0));
    // A D E F stayed: 4 of 5.
    close(all.stability_index(), 0.8);
    close(all.leaver_rate(), 0.4);
    assert_eq!(fraction(all.leaver_rate()), "0.4000");
}

#[test]
fn financial_years_share_their_census_day_so_nobody_is_lost_between_them() {
    assert_eq!(
        Period::financial_year(2025),
        Period {
            from: d("2025-03-31"),
            to: d("2026-03-31")
        }
    );
    let people = vec![
        // Last day 31 March 2026: in post at the end of 2025/26, a leaver
        // in 2026/27.
        person(
            1,
            "2020-01-01",
            Some("2026-03-31"),
            vec![stint("2020-01-01", "HS", 37.5)],
        ),
        // Starts 1 April 2026: a joiner in 2026/27 only.
        person(2, "2026-04-01", None, vec![stint("2026-04-01", "HS", 37.5)]),
    ];
    let year_25 = total(&people, Period::financial_year(2025));
    let year_26 = total(&people, Period::financial_year(2026));
    assert_eq!(
        (year_25.leavers, year_25.joiners, year_25.in_post_end),
        (0, 0, 1)
    );
    assert_eq!(
        (year_26.leavers, year_26.joiners, year_26.in_post_start),
        (1, 1, 1)
    );
    assert_eq!(year_25.in_post_end, year_26.in_post_start);
}

#[test]
fn a_change_before_the_start_day_is_no_transfer_and_sets_the_joining_group() {
    let people = vec![person(
        1,
        "2025-06-01",
        None,
        vec![
            stint("2025-05-01", "HS", 37.5),
            stint("2025-06-01", "AC", 30.0),
        ],
    )];
    let rows = figures(&people, period(), Breakdown::StaffGroup);
    let ac = group(&rows, "AC");
    assert_eq!((ac.joiners, ac.transfers_in), (1, 0));
    assert_eq!(group(&rows, "HS").transfers_out, 0);
}

#[test]
fn a_change_after_the_last_day_employed_is_no_transfer() {
    let people = vec![person(
        1,
        "2020-01-01",
        Some("2025-09-30"),
        vec![
            stint("2020-01-01", "HS", 37.5),
            stint("2025-10-01", "AC", 37.5),
        ],
    )];
    let rows = figures(&people, period(), Breakdown::StaffGroup);
    assert_eq!(group(&rows, "HS").leavers, 1);
    assert_eq!(group(&rows, "HS").transfers_out, 0);
    assert_eq!(group(&rows, "AC").transfers_in, 0);
}

#[test]
fn a_change_that_keeps_the_group_is_no_transfer() {
    // Hours change only: no staff-group transfer, but FTE follows the day.
    let people = vec![person(
        1,
        "2020-01-01",
        None,
        vec![
            stint("2020-01-01", "HS", 37.5),
            stint("2025-10-01", "HS", 30.0),
        ],
    )];
    let rows = figures(&people, period(), Breakdown::StaffGroup);
    let hs = group(&rows, "HS");
    assert_eq!((hs.transfers_in, hs.transfers_out), (0, 0));
    assert_eq!((hs.fte_start, hs.fte_end), (1.0, 0.8));
}

#[test]
fn out_of_scope_days_count_as_moving_in_and_out_of_the_scope() {
    // A head of service sees their department: the person arrives from
    // another department on 1 October (transfer in), nobody leaves.
    let mut elsewhere = stint("2020-01-01", "HS", 37.5);
    elsewhere.in_scope = false;
    let people = vec![person(
        1,
        "2020-01-01",
        None,
        vec![elsewhere, stint("2025-10-01", "HS", 37.5)],
    )];
    let all = total(&people, period());
    assert_eq!((all.in_post_start, all.in_post_end), (0, 1));
    assert_eq!((all.transfers_in, all.joiners), (1, 0));
    assert_eq!(all.stability_index(), None);
}

#[test]
fn development_splits_count_the_cohort_in_post_at_the_start() {
    // Cohort on 1 April 2025: A C D E F (5). C leaves on the first day.
    let development = vec![
        Development {
            person_id: 1,
            current_job_plan: true,
            plt_hours_previous_year: 30.0,
            funded_cpd: true,
        },
        Development {
            person_id: 3,
            current_job_plan: false,
            plt_hours_previous_year: 0.0,
            funded_cpd: false,
        },
        Development {
            person_id: 4,
            current_job_plan: true,
            plt_hours_previous_year: 10.0,
            funded_cpd: false,
        },
        Development {
            person_id: 5,
            current_job_plan: false,
            plt_hours_previous_year: 12.0,
            funded_cpd: false,
        },
    ];
    let (splits, median) = development_splits(&fixture(), &development, period());
    // Hours of the cohort: A 30, C 0, D 10, E 12, F none (0): median 10.
    assert_eq!(median, 10.0);
    let [with_plan, without_plan] = &splits[0].1;
    assert_eq!(
        (
            with_plan.in_post_start,
            with_plan.leavers,
            with_plan.in_post_end
        ),
        (2, 0, 2)
    );
    // Without: C E F; C left.
    assert_eq!(
        (
            without_plan.in_post_start,
            without_plan.leavers,
            without_plan.in_post_end
        ),
        (3, 1, 2)
    );
    close(without_plan.leaver_rate(), 1.0 / 2.5);
    close(without_plan.stability_index(), 2.0 / 3.0);
    assert!(without_plan.too_small());
    let [above, at_or_below] = &splits[1].1;
    // Above 10 hours: A and E.
    assert_eq!((above.in_post_start, at_or_below.in_post_start), (2, 3));
    let [funded, unfunded] = &splits[2].1;
    assert_eq!((funded.in_post_start, unfunded.in_post_start), (1, 4));
}

#[test]
fn median_of_even_and_odd_counts() {
    assert_eq!(median(&mut []), 0.0);
    assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
    assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
}

#[test]
fn periods_and_breakdowns_parse() {
    assert!(Period::new(d("2026-01-02"), d("2026-01-01")).is_err());
    assert!(Period::new(d("2026-01-01"), d("2026-01-01")).is_ok());
    assert_eq!(
        Period::calendar_year(2025),
        Period {
            from: d("2024-12-31"),
            to: d("2025-12-31")
        }
    );
    assert_eq!(shift_years(d("2024-02-29"), -1), d("2023-02-28"));
    assert_eq!(Breakdown::parse("STAFF_GROUP"), Ok(Breakdown::StaffGroup));
    assert!(Breakdown::parse("grade").is_err());
}
