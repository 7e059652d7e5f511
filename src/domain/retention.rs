//! Retention statistics exactly as DOMAIN.md defines them: staff in post,
//! joiners, leavers and transfers for a period (both days inclusive), with
//! the leaver rate, joiner rate and stability index. Pure: the server loads
//! each person's spell and history and hands them here.

use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// How the figures are broken down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Breakdown {
    Organisation,
    StaffGroup,
    Department,
    Band,
    JobRole,
}

impl Breakdown {
    pub const ALL: [Breakdown; 5] = [
        Breakdown::Organisation,
        Breakdown::StaffGroup,
        Breakdown::Department,
        Breakdown::Band,
        Breakdown::JobRole,
    ];

    /// The name used in addresses, the command line and files.
    pub fn key(self) -> &'static str {
        match self {
            Breakdown::Organisation => "organisation",
            Breakdown::StaffGroup => "staff_group",
            Breakdown::Department => "department",
            Breakdown::Band => "band",
            Breakdown::JobRole => "job_role",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Breakdown::Organisation => "Whole organisation",
            Breakdown::StaffGroup => "Staff group",
            Breakdown::Department => "Department",
            Breakdown::Band => "Band",
            Breakdown::JobRole => "Job role",
        }
    }

    pub fn parse(raw: &str) -> Result<Breakdown, String> {
        let value = raw.trim();
        Breakdown::ALL
            .into_iter()
            .find(|b| b.key().eq_ignore_ascii_case(value))
            .ok_or_else(|| {
                "Choose organisation, staff_group, department, band or job_role".to_string()
            })
    }
}

/// A period, both days inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// A period whose end is not before its start.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, String> {
        if to < from {
            return Err("The end of the period must be on or after its start".into());
        }
        Ok(Period { from, to })
    }

    /// The financial year starting on 1 April of `year`, measured as the
    /// NHS does, between two staff-in-post days: 31 March before it and
    /// 31 March at its end. Consecutive years share that day, so everyone
    /// who joins or leaves is counted in exactly one year: joiners from
    /// 1 April, and someone whose last day is 31 March is in post on it and
    /// leaves in the next year (DOMAIN.md).
    pub fn financial_year(year: i32) -> Period {
        Period {
            from: ymd(year, 3, 31),
            to: ymd(year + 1, 3, 31),
        }
    }

    /// A calendar year, likewise between 31 December before it and 31
    /// December at its end.
    pub fn calendar_year(year: i32) -> Period {
        Period {
            from: ymd(year - 1, 12, 31),
            to: ymd(year, 12, 31),
        }
    }

    /// The same period `years` earlier (29 February falls back to the 28th).
    pub fn years_earlier(self, years: i32) -> Period {
        Period {
            from: shift_years(self.from, -years),
            to: shift_years(self.to, -years),
        }
    }
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

/// The same day `years` later; 29 February becomes 28 February.
pub fn shift_years(date: NaiveDate, years: i32) -> NaiveDate {
    let year = date.year() + years;
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .unwrap_or_else(|| ymd(year, date.month(), 28))
}

/// A person's values from `from` until their next stint.
#[derive(Clone, Debug, PartialEq)]
pub struct Stint {
    pub from: NaiveDate,
    pub staff_group: String,
    pub department: String,
    pub band: String,
    pub job_role: String,
    pub contracted_hours: f64,
    /// Whether these days count for the viewer at all (a head of service
    /// sees their department: a stint elsewhere is outside every group).
    pub in_scope: bool,
}

impl Stint {
    fn group(&self, by: Breakdown) -> Option<&str> {
        if !self.in_scope {
            return None;
        }
        Some(match by {
            Breakdown::Organisation => ORGANISATION,
            Breakdown::StaffGroup => &self.staff_group,
            Breakdown::Department => &self.department,
            Breakdown::Band => &self.band,
            Breakdown::JobRole => &self.job_role,
        })
    }
}

/// The one group of the whole-organisation breakdown.
pub const ORGANISATION: &str = "All staff";

/// One employment spell: `end` is the last day employed (inclusive).
#[derive(Clone, Debug, PartialEq)]
pub struct Employment {
    pub person_id: i32,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub leaving_reason: Option<String>,
    /// Oldest first; never empty for a real person.
    pub stints: Vec<Stint>,
}

impl Employment {
    fn employed_on(&self, day: NaiveDate) -> bool {
        self.start <= day && self.end.is_none_or(|end| end >= day)
    }

    /// The stint holding on `day` (the earliest one before any holds).
    fn stint_on(&self, day: NaiveDate) -> Option<&Stint> {
        self.stints
            .iter()
            .rev()
            .find(|s| s.from <= day)
            .or(self.stints.first())
    }

    /// The group the person is in post in on `day`, if any.
    pub fn in_post(&self, day: NaiveDate, by: Breakdown) -> Option<&str> {
        if !self.employed_on(day) {
            return None;
        }
        self.stint_on(day)?.group(by)
    }

    fn fte_on(&self, day: NaiveDate) -> f64 {
        self.stint_on(day)
            .map(|s| crate::domain::staff::fte(s.contracted_hours))
            .unwrap_or_default()
    }
}

/// The figures of one group for one period.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GroupFigures {
    pub group: String,
    pub in_post_start: u32,
    pub in_post_end: u32,
    pub fte_start: f64,
    pub fte_end: f64,
    pub joiners: u32,
    pub leavers: u32,
    pub transfers_in: u32,
    pub transfers_out: u32,
    /// In post in the group on both the first and the last day.
    pub stayed: u32,
    /// Leavers by their reason for leaving.
    pub leavers_by_reason: BTreeMap<String, u32>,
}

impl GroupFigures {
    fn average_in_post(&self) -> f64 {
        f64::from(self.in_post_start + self.in_post_end) / 2.0
    }

    /// Leavers over the average of staff in post at the start and the end;
    /// `None` when that average is 0.
    pub fn leaver_rate(&self) -> Option<f64> {
        ratio(f64::from(self.leavers), self.average_in_post())
    }

    pub fn joiner_rate(&self) -> Option<f64> {
        ratio(f64::from(self.joiners), self.average_in_post())
    }

    /// Share of those in post at the start still in post in the group at
    /// the end; `None` when nobody was in post at the start.
    pub fn stability_index(&self) -> Option<f64> {
        ratio(f64::from(self.stayed), f64::from(self.in_post_start))
    }

    /// Fewer than [`SMALL_GROUP`] people at both the start and the end.
    pub fn too_small(&self) -> bool {
        self.in_post_start.max(self.in_post_end) < SMALL_GROUP
    }
}

fn ratio(top: f64, bottom: f64) -> Option<f64> {
    (bottom > 0.0).then(|| top / bottom)
}

/// The figures for `period` by `by`: every group any stint in scope names
/// (so an empty group shows as zeros), in name order.
pub fn figures(people: &[Employment], period: Period, by: Breakdown) -> Vec<GroupFigures> {
    let mut groups: BTreeMap<&str, GroupFigures> = BTreeMap::new();
    for person in people {
        for stint in &person.stints {
            if let Some(group) = stint.group(by) {
                groups.entry(group).or_default();
            }
        }
    }
    for person in people {
        count(person, period, by, &mut groups);
    }
    groups
        .into_iter()
        .map(|(group, mut figures)| {
            figures.group = group.to_string();
            figures
        })
        .collect()
}

/// Adds one person's part of the figures.
fn count<'a>(
    person: &'a Employment,
    period: Period,
    by: Breakdown,
    groups: &mut BTreeMap<&'a str, GroupFigures>,
) {
    let at_start = person.in_post(period.from, by);
    let at_end = person.in_post(period.to, by);
    if let Some(g) = at_start.and_then(|g| groups.get_mut(g)) {
        g.in_post_start += 1;
        g.fte_start += person.fte_on(period.from);
    }
    if let Some(g) = at_end.and_then(|g| groups.get_mut(g)) {
        g.in_post_end += 1;
        g.fte_end += person.fte_on(period.to);
    }
    if let (Some(start), Some(end)) = (at_start, at_end)
        && start == end
        && let Some(g) = groups.get_mut(start)
    {
        g.stayed += 1;
    }
    if person.start > period.from
        && person.start <= period.to
        && let Some(g) = person
            .in_post(person.start, by)
            .and_then(|g| groups.get_mut(g))
    {
        g.joiners += 1;
    }
    if let Some(end) = person.end
        && end >= period.from
        && end < period.to
        && let Some(g) = person.in_post(end, by).and_then(|g| groups.get_mut(g))
    {
        g.leavers += 1;
        let reason = person.leaving_reason.as_deref().unwrap_or("Other/unknown");
        *g.leavers_by_reason.entry(reason.to_string()).or_default() += 1;
    }
    // A change taking effect on day d moves the person from the group of
    // day d-1 to that of day d; only while employed, and never on the
    // start day (they join in the new group).
    for pair in person.stints.windows(2) {
        let [before, after] = pair else { continue };
        let day = after.from;
        let counts = day > period.from
            && day <= period.to
            && day > person.start
            && person.end.is_none_or(|end| day <= end);
        if !counts {
            continue;
        }
        let (old, new) = (before.group(by), after.group(by));
        if old == new {
            continue;
        }
        if let Some(g) = old.and_then(|g| groups.get_mut(g)) {
            g.transfers_out += 1;
        }
        if let Some(g) = new.and_then(|g| groups.get_mut(g)) {
            g.transfers_in += 1;
        }
    }
}

/// The whole-organisation (or whole-scope) figures: one group.
pub fn total(people: &[Employment], period: Period) -> GroupFigures {
    figures(people, period, Breakdown::Organisation)
        .into_iter()
        .next()
        .unwrap_or_else(|| GroupFigures {
            group: ORGANISATION.to_string(),
            ..Default::default()
        })
}

/// Fewer people than this in a group is too few to read a rate from.
pub const SMALL_GROUP: u32 = 10;

/// What a person had by the start of a period, for retention against
/// development.
#[derive(Clone, Debug, PartialEq)]
pub struct Development {
    pub person_id: i32,
    /// A job plan signed off within the 12 months before the first day.
    pub current_job_plan: bool,
    /// Protected learning time taken in the year before the first day.
    pub plt_hours_previous_year: f64,
    /// Funded CPD (approved or completed) starting in that year.
    pub funded_cpd: bool,
}

/// One side of a split: the people in post at the start who had (or had
/// not) something, and how many of them left or stayed.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cohort {
    pub label: String,
    /// In post on the first day: the group's size.
    pub in_post_start: u32,
    pub in_post_end: u32,
    pub leavers: u32,
}

impl Cohort {
    pub fn leaver_rate(&self) -> Option<f64> {
        ratio(
            f64::from(self.leavers),
            f64::from(self.in_post_start + self.in_post_end) / 2.0,
        )
    }

    pub fn stability_index(&self) -> Option<f64> {
        ratio(f64::from(self.in_post_end), f64::from(self.in_post_start))
    }

    pub fn too_small(&self) -> bool {
        self.in_post_start < SMALL_GROUP
    }
}

/// Leaver rate and stability split by what people had by the start of the
/// period: `(question, [with, without])` for each of the three questions.
pub type Split = (String, [Cohort; 2]);

/// The three splits of DOMAIN/issue: job plan, PLT against the median, and
/// funded CPD. The cohort is everyone in post (in scope) on the first day;
/// someone who moves out of scope is neither a leaver nor still in post.
pub fn development_splits(
    people: &[Employment],
    development: &[Development],
    period: Period,
) -> (Vec<Split>, f64) {
    let by_person: BTreeMap<i32, &Development> =
        development.iter().map(|d| (d.person_id, d)).collect();
    let cohort: Vec<(&Employment, Option<&&Development>)> = people
        .iter()
        .filter(|p| p.in_post(period.from, Breakdown::Organisation).is_some())
        .map(|p| (p, by_person.get(&p.person_id)))
        .collect();
    let mut hours: Vec<f64> = cohort
        .iter()
        .map(|(_, d)| d.map(|d| d.plt_hours_previous_year).unwrap_or_default())
        .collect();
    let median = median(&mut hours);
    let split = |question: &str, labels: [&str; 2], has: &dyn Fn(Option<&&Development>) -> bool| {
        let mut sides = labels.map(|label| Cohort {
            label: label.to_string(),
            ..Default::default()
        });
        for (person, development) in &cohort {
            let side = &mut sides[usize::from(!has(*development))];
            side.in_post_start += 1;
            if person.in_post(period.to, Breakdown::Organisation).is_some() {
                side.in_post_end += 1;
            }
            if let Some(end) = person.end
                && end < period.to
                && person.in_post(end, Breakdown::Organisation).is_some()
            {
                side.leavers += 1;
            }
        }
        (question.to_string(), sides)
    };
    let splits = vec![
        split(
            "Current signed-off job plan at the start",
            ["With a current job plan", "Without"],
            &|d| d.is_some_and(|d| d.current_job_plan),
        ),
        split(
            "Protected learning time in the previous year",
            ["Above the median", "At or below the median"],
            &|d| d.is_some_and(|d| d.plt_hours_previous_year > median),
        ),
        split(
            "Funded CPD in the previous year",
            ["Received funded CPD", "None"],
            &|d| d.is_some_and(|d| d.funded_cpd),
        ),
    ];
    (splits, median)
}

/// The median of `values` (0 when empty); sorts them.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// A rate as a fraction with 4 decimals, empty when undefined (files).
pub fn fraction(rate: Option<f64>) -> String {
    rate.map(|r| format!("{r:.4}")).unwrap_or_default()
}

/// A rate as a percentage with 1 decimal, "-" when undefined (screen).
pub fn percent(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "-".to_string())
}

/// The definitions printed with every export.
pub const DEFINITIONS: &[&str] = &[
    "In post on a day: started on or before it, not yet left (the end date is the last day employed) and in the group on that day.",
    "In post at the start / end: on the first / last day of the period (both days inclusive). FTE: contracted hours / 37.5.",
    "Joiners: started after the first day and on or before the last day, in the group on their start day.",
    "Leavers: last day employed on or after the first day and before the last day, in the group on their last day.",
    "Transfers in / out: a change of group taking effect after the first day and on or before the last day, while employed. A transfer is never a leaver.",
    "Leaver rate: leavers / ((in post at the start + in post at the end) / 2); joiner rate likewise with joiners; empty when the denominator is 0.",
    "Stability index: people in post in the group on both the first and the last day / in post at the start.",
];

#[cfg(test)]
mod tests;
