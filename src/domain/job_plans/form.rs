//! A job plan as the editor holds it (text, as typed) and as the arithmetic
//! needs it, and the checks between the two. The browser runs the same
//! checks to recalculate totals as the person types; the server runs them
//! again before storing anything.

use super::{
    AFC_FULL_TIME_HOURS, Annualised, Category, Contract, Day, FULL_TIME_PAS, MAX_PAS, OnCall,
    Recurrence, Slot, Totals, Warning, format_number, format_time, parse_time, totals,
    working_weeks,
};
use serde::{Deserialize, Serialize};

/// Most timetabled activities and annualised items a plan may hold.
pub const MAX_ACTIVITIES: usize = 100;
pub const MAX_ANNUALISED: usize = 30;
pub const MAX_DESCRIPTION: usize = 200;
pub const MAX_LOCATION: usize = 100;

/// One timetabled activity as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityForm {
    pub day: String,
    pub start: String,
    pub end: String,
    pub category: String,
    pub description: String,
    pub location: String,
    /// "every", "week1", "week2" or "every_n".
    pub recurrence: String,
    pub every_n_weeks: String,
    pub weeks_per_year: String,
}

/// One annualised item as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnualisedForm {
    pub category: String,
    pub description: String,
    pub hours_per_year: String,
}

/// The whole editable plan as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanForm {
    /// "afc" or "consultant".
    pub contract_kind: String,
    pub contract_amount: String,
    pub leave_days: String,
    pub public_holidays: String,
    pub study_leave_days: String,
    /// "1 in n": empty when the person is on no rota.
    pub on_call_frequency: String,
    /// "A" or "B".
    pub on_call_category: String,
    pub on_call_hours: String,
    pub activities: Vec<ActivityForm>,
    pub annualised: Vec<AnnualisedForm>,
}

/// A checked timetabled activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub slot: Slot,
    pub description: String,
    pub location: String,
}

/// A checked annualised item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualisedItem {
    pub item: Annualised,
    pub description: String,
}

/// A checked plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub contract: Contract,
    pub leave_days: f64,
    pub public_holidays: f64,
    pub study_leave_days: f64,
    pub on_call: Option<OnCall>,
    pub activities: Vec<Activity>,
    pub annualised: Vec<AnnualisedItem>,
}

/// (field id, message): the id is the input's id in the editor.
pub type Problem = (String, String);

fn number(raw: &str, what: &str, min: f64, max: f64, min_allowed: bool) -> Result<f64, String> {
    let message = || {
        let low = if min_allowed { "from" } else { "more than" };
        format!(
            "{what} must be a number {low} {} up to {}",
            format_number(min),
            format_number(max)
        )
    };
    let value: f64 = raw.trim().parse().map_err(|_| message())?;
    let above_min = if min_allowed {
        value >= min
    } else {
        value > min
    };
    if !value.is_finite() || !above_min || value > max {
        return Err(message());
    }
    Ok(value)
}

fn weeks(raw: &str, what: &str) -> Result<f64, String> {
    let value: f64 = raw
        .trim()
        .parse()
        .map_err(|_| format!("{what}: enter the weeks a year it runs, like 42"))?;
    if !value.is_finite() || value <= 0.0 {
        return Err(format!("{what}: weeks a year must be more than 0"));
    }
    if value > 52.0 {
        return Err(format!("{what}: weeks a year can be at most 52"));
    }
    Ok(value)
}

fn text(raw: &str, what: &str, max: usize, required: bool) -> Result<String, String> {
    let trimmed = raw.trim();
    if required && trimmed.is_empty() {
        return Err(format!("{what}: enter a description"));
    }
    if trimmed.chars().count() > max {
        return Err(format!("{what}: use at most {max} characters"));
    }
    Ok(trimmed.to_string())
}

impl ActivityForm {
    /// `position` counts from 0; messages name the activity from 1.
    fn parse(&self, position: usize, problems: &mut Vec<Problem>) -> Option<Activity> {
        let what = format!("Activity {}", position + 1);
        let field = |name: &str| format!("activity-{position}-{name}");
        let mut note = |name: &str, message: String| problems.push((field(name), message));
        let day = Day::parse(&self.day);
        if day.is_none() {
            note("day", format!("{what}: choose a day"));
        }
        let start = parse_time(&self.start)
            .map_err(|m| note("start", format!("{what}: start time: {m}")))
            .ok();
        let end = parse_time(&self.end)
            .map_err(|m| note("end", format!("{what}: end time: {m}")))
            .ok();
        let category = Category::parse(&self.category);
        if category.is_none() {
            note("category", format!("{what}: choose a category"));
        }
        let description = text(&self.description, &what, MAX_DESCRIPTION, true)
            .map_err(|m| note("description", m))
            .ok();
        let location = text(
            &self.location,
            &format!("{what} location"),
            MAX_LOCATION,
            false,
        )
        .map_err(|m| note("location", m))
        .ok();
        let n = if self.recurrence == "every_n" {
            match self.every_n_weeks.trim().parse::<u32>() {
                Ok(n) if (2..=52).contains(&n) => Some(n),
                _ => {
                    note(
                        "every_n_weeks",
                        format!("{what}: every how many weeks? Enter a whole number from 2 to 52"),
                    );
                    None
                }
            }
        } else {
            None
        };
        let recurrence = Recurrence::from_kind(self.recurrence.trim(), n);
        if recurrence.is_none() && self.recurrence != "every_n" {
            note("recurrence", format!("{what}: choose how often it happens"));
        }
        let weeks = weeks(&self.weeks_per_year, &what)
            .map_err(|m| note("weeks_per_year", m))
            .ok();
        let slot = Slot {
            day: day?,
            start: start?,
            end: end?,
            category: category?,
            recurrence: recurrence?,
            weeks_per_year: weeks?,
        };
        if let Err((name, message)) = slot.check() {
            let message = match name {
                "end" if slot.end == slot.start => {
                    format!("{what}: the end must be after the start (it lasts no time at all)")
                }
                _ => format!("{what}: {}", lower_first(&message)),
            };
            note(name, message);
            return None;
        }
        Some(Activity {
            slot,
            description: description?,
            location: location?,
        })
    }
}

fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl AnnualisedForm {
    fn parse(&self, position: usize, problems: &mut Vec<Problem>) -> Option<AnnualisedItem> {
        let what = format!("Annualised item {}", position + 1);
        let field = |name: &str| format!("annualised-{position}-{name}");
        let category = Category::parse(&self.category);
        if category.is_none() {
            problems.push((field("category"), format!("{what}: choose a category")));
        }
        let description = text(&self.description, &what, MAX_DESCRIPTION, true)
            .map_err(|m| problems.push((field("description"), m)))
            .ok();
        let hours = number(
            &self.hours_per_year,
            &format!("{what}: hours a year"),
            0.0,
            2000.0,
            false,
        )
        .map_err(|m| problems.push((field("hours_per_year"), m)))
        .ok();
        Some(AnnualisedItem {
            item: Annualised {
                category: category?,
                hours_per_year: hours?,
            },
            description: description?,
        })
    }
}

impl PlanForm {
    /// A new plan's starting point: the person's contracted hours on Agenda
    /// for Change, 27 days' leave and 8 public holidays, nothing planned.
    pub fn starting(contracted_hours: f64) -> PlanForm {
        PlanForm {
            contract_kind: "afc".into(),
            contract_amount: format_number(contracted_hours),
            leave_days: "27".into(),
            public_holidays: "8".into(),
            study_leave_days: "0".into(),
            ..Default::default()
        }
    }

    /// What can be read from the form and every problem with it. Rows with
    /// problems are left out of the plan (the editor's live totals show
    /// the rest).
    pub fn read(&self) -> (Plan, Vec<Problem>) {
        let mut problems: Vec<Problem> = Vec::new();
        let mut note = |field: &str, message: String| problems.push((field.to_string(), message));
        let contract = match self.contract_kind.as_str() {
            "afc" => number(
                &self.contract_amount,
                "Contracted hours a week",
                0.0,
                48.0,
                false,
            )
            .map(|hours_per_week| Contract::AgendaForChange { hours_per_week }),
            "consultant" => number(
                &self.contract_amount,
                "Contracted PAs a week",
                0.0,
                MAX_PAS,
                false,
            )
            .map(|pas_per_week| Contract::Consultant { pas_per_week }),
            _ => Err("Choose the contract: Agenda for Change or consultant".to_string()),
        };
        let contract = contract
            .map_err(|m| {
                let field = if matches!(self.contract_kind.as_str(), "afc" | "consultant") {
                    "contract_amount"
                } else {
                    "contract_kind"
                };
                note(field, m)
            })
            .unwrap_or(Contract::AgendaForChange {
                hours_per_week: AFC_FULL_TIME_HOURS,
            });
        let mut days = |field: &str, raw: &str, what: &str, max: f64| {
            number(raw, what, 0.0, max, true)
                .map_err(|m| note(field, m))
                .unwrap_or(0.0)
        };
        let leave_days = days("leave_days", &self.leave_days, "Annual leave days", 60.0);
        let public_holidays = days(
            "public_holidays",
            &self.public_holidays,
            "Public holidays",
            20.0,
        );
        let study_leave_days = days(
            "study_leave_days",
            &self.study_leave_days,
            "Study leave days",
            60.0,
        );
        let on_call = self.read_on_call(&mut problems);
        if self.activities.len() > MAX_ACTIVITIES {
            problems.push((
                "activities".into(),
                format!("A plan can hold at most {MAX_ACTIVITIES} timetabled activities"),
            ));
        }
        if self.annualised.len() > MAX_ANNUALISED {
            problems.push((
                "annualised".into(),
                format!("A plan can hold at most {MAX_ANNUALISED} annualised items"),
            ));
        }
        let activities = self
            .activities
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.parse(i, &mut problems))
            .collect();
        let annualised = self
            .annualised
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.parse(i, &mut problems))
            .collect();
        let plan = Plan {
            contract,
            leave_days,
            public_holidays,
            study_leave_days,
            on_call,
            activities,
            annualised,
        };
        // Clashes are refused too; only rows that parsed can be compared, so
        // a clash is reported by the activities' own numbers.
        if problems.is_empty() {
            for warning in plan.totals().warnings {
                if let Warning::Clash(a, b) = warning
                    && !problems
                        .iter()
                        .any(|(field, _)| *field == format!("activity-{b}-start"))
                {
                    problems.push((
                        format!("activity-{b}-start"),
                        format!(
                            "Activity {} overlaps activity {} on {} ({}): change the times, or make them alternate weeks",
                            b + 1,
                            a + 1,
                            plan.activities[b].slot.day.label(),
                            time_range(&plan.activities[a].slot)
                        ),
                    ));
                }
            }
        }
        (plan, problems)
    }

    fn read_on_call(&self, problems: &mut Vec<Problem>) -> Option<OnCall> {
        if self.on_call_frequency.trim().is_empty() {
            return None;
        }
        let frequency = match self.on_call_frequency.trim().parse::<u32>() {
            Ok(n) if (1..=52).contains(&n) => Some(n),
            _ => {
                problems.push((
                    "on_call_frequency".into(),
                    "On-call rota: enter n of \"1 in n\" as a whole number from 1 to 52, or leave it empty".into(),
                ));
                None
            }
        };
        let category_a = match self.on_call_category.trim() {
            "A" => Some(true),
            "B" => Some(false),
            _ => {
                problems.push((
                    "on_call_category".into(),
                    "On-call rota: choose category A or B".into(),
                ));
                None
            }
        };
        let hours = number(
            &self.on_call_hours,
            "On-call hours of work in a week on call",
            0.0,
            100.0,
            true,
        )
        .map_err(|m| problems.push(("on_call_hours".into(), m)))
        .ok();
        Some(OnCall {
            frequency: frequency?,
            category_a: category_a?,
            expected_hours_per_week_on_call: hours?,
        })
    }

    /// The checked plan, or every problem with the form.
    pub fn parse(&self) -> Result<Plan, Vec<Problem>> {
        match self.read() {
            (plan, problems) if problems.is_empty() => Ok(plan),
            (_, problems) => Err(problems),
        }
    }
}

/// "09:00-12:30".
pub fn time_range(slot: &Slot) -> String {
    format!("{}-{}", format_time(slot.start), format_time(slot.end))
}

impl Plan {
    pub fn working_weeks(&self) -> f64 {
        working_weeks(self.leave_days, self.public_holidays, self.study_leave_days)
    }

    pub fn slots(&self) -> Vec<Slot> {
        self.activities.iter().map(|a| a.slot).collect()
    }

    pub fn totals(&self) -> Totals {
        let annualised: Vec<Annualised> = self.annualised.iter().map(|a| a.item).collect();
        totals(
            self.contract,
            &self.slots(),
            &annualised,
            self.on_call,
            self.working_weeks(),
        )
    }

    /// The plan as the editor shows it.
    pub fn to_form(&self) -> PlanForm {
        let (contract_kind, contract_amount) = match self.contract {
            Contract::AgendaForChange { hours_per_week } => ("afc", hours_per_week),
            Contract::Consultant { pas_per_week } => ("consultant", pas_per_week),
        };
        PlanForm {
            contract_kind: contract_kind.into(),
            contract_amount: format_number(contract_amount),
            leave_days: format_number(self.leave_days),
            public_holidays: format_number(self.public_holidays),
            study_leave_days: format_number(self.study_leave_days),
            on_call_frequency: self
                .on_call
                .map(|o| o.frequency.to_string())
                .unwrap_or_default(),
            on_call_category: self
                .on_call
                .map(|o| if o.category_a { "A" } else { "B" }.to_string())
                .unwrap_or_default(),
            on_call_hours: self
                .on_call
                .map(|o| format_number(o.expected_hours_per_week_on_call))
                .unwrap_or_default(),
            activities: self
                .activities
                .iter()
                .map(|a| ActivityForm {
                    day: a.slot.day.as_str().into(),
                    start: format_time(a.slot.start),
                    end: format_time(a.slot.end),
                    category: a.slot.category.as_str().into(),
                    description: a.description.clone(),
                    location: a.location.clone(),
                    recurrence: a.slot.recurrence.kind().into(),
                    every_n_weeks: a
                        .slot
                        .recurrence
                        .every_n()
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    weeks_per_year: format_number(a.slot.weeks_per_year),
                })
                .collect(),
            annualised: self
                .annualised
                .iter()
                .map(|a| AnnualisedForm {
                    category: a.item.category.as_str().into(),
                    description: a.description.clone(),
                    hours_per_year: format_number(a.item.hours_per_year),
                })
                .collect(),
        }
    }

    /// "Agenda for Change, 37.5 hours a week" or "Consultant, 10 PAs a week".
    pub fn contract_label(&self) -> String {
        match self.contract {
            Contract::AgendaForChange { hours_per_week } => format!(
                "Agenda for Change, {} hours a week ({} FTE)",
                format_number(hours_per_week),
                format_number(hours_per_week / AFC_FULL_TIME_HOURS)
            ),
            Contract::Consultant { pas_per_week } => format!(
                "Consultant, {} PAs a week ({} FTE)",
                format_number(pas_per_week),
                format_number(pas_per_week / FULL_TIME_PAS)
            ),
        }
    }
}

impl Warning {
    /// The warning in words, with the plan's activities numbered from 1.
    pub fn describe(&self, contract: Contract) -> String {
        match self {
            Warning::Clash(a, b) => format!("Activities {} and {} clash", a + 1, b + 1),
            Warning::MoreThanTwelvePas => {
                "More than 12 PAs a week: not normally allowed".to_string()
            }
            Warning::NoSpa => "No Supporting Professional Activities (CPD) time at all".to_string(),
            Warning::OffContract(hours) => {
                let direction = if *hours > 0.0 { "over" } else { "under" };
                match contract {
                    Contract::AgendaForChange { .. } => format!(
                        "{} hours a week {direction}-planned against the contract",
                        format_number(hours.abs())
                    ),
                    Contract::Consultant { .. } => format!(
                        "{} hours ({} PAs) a week {direction}-planned against the contract",
                        format_number(hours.abs()),
                        format_number(hours.abs() / 4.0)
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity(day: &str, start: &str, end: &str) -> ActivityForm {
        ActivityForm {
            day: day.into(),
            start: start.into(),
            end: end.into(),
            category: "dcc".into(),
            description: "Clinic".into(),
            location: String::new(),
            recurrence: "every".into(),
            every_n_weeks: String::new(),
            weeks_per_year: "42".into(),
        }
    }

    fn fields(form: &PlanForm) -> Vec<String> {
        form.parse()
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect()
    }

    #[test]
    fn a_valid_form_reads_back_to_the_same_form() {
        let mut form = PlanForm::starting(37.5);
        form.activities.push(activity("monday", "09:00", "12:30"));
        form.activities.push(activity("monday", "13:00", "17:00"));
        form.annualised.push(AnnualisedForm {
            category: "spa".into(),
            description: "Audit".into(),
            hours_per_year: "40".into(),
        });
        form.on_call_frequency = "6".into();
        form.on_call_category = "A".into();
        form.on_call_hours = "3".into();
        let plan = form.parse().unwrap();
        assert_eq!(plan.working_weeks(), 45.0);
        assert_eq!(plan.to_form(), form);
    }

    #[test]
    fn end_before_start_25_00_zero_length_and_bad_weeks_name_their_fields() {
        let mut form = PlanForm::starting(37.5);
        form.activities.push(activity("monday", "12:00", "09:00"));
        form.activities.push(activity("tuesday", "25:00", "26:00"));
        form.activities
            .push(activity("wednesday", "09:00", "09:00"));
        let mut negative = activity("thursday", "09:00", "10:00");
        negative.weeks_per_year = "-1".into();
        form.activities.push(negative);
        let mut too_many = activity("friday", "09:00", "10:00");
        too_many.weeks_per_year = "53".into();
        form.activities.push(too_many);
        let problems = form.parse().unwrap_err();
        let names: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            names,
            [
                "activity-0-end",
                "activity-1-start",
                "activity-1-end",
                "activity-2-end",
                "activity-3-weeks_per_year",
                "activity-4-weeks_per_year"
            ]
        );
        assert_eq!(problems[0].1, "Activity 1: the end must be after the start");
        assert!(problems[3].1.contains("lasts no time"), "{}", problems[3].1);
        assert!(problems[4].1.contains("more than 0"));
        assert!(problems[5].1.contains("at most 52"));
    }

    #[test]
    fn overlapping_activities_are_refused_but_alternate_weeks_are_not() {
        let mut form = PlanForm::starting(37.5);
        form.activities.push(activity("monday", "09:00", "12:00"));
        form.activities.push(activity("monday", "11:00", "13:00"));
        assert_eq!(fields(&form), ["activity-1-start"]);
        form.activities[0].recurrence = "week1".into();
        form.activities[1].recurrence = "week2".into();
        assert!(form.parse().is_ok());
    }

    #[test]
    fn contract_leave_and_on_call_are_checked() {
        let mut form = PlanForm::starting(37.5);
        form.contract_kind = "consultant".into();
        form.contract_amount = "13".into();
        form.leave_days = "-2".into();
        form.on_call_frequency = "0".into();
        assert_eq!(
            fields(&form),
            [
                "contract_amount",
                "leave_days",
                "on_call_frequency",
                "on_call_category",
                "on_call_hours"
            ]
        );
    }
}
