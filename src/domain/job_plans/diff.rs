//! What changed between two versions of a plan, in words a manager reads:
//! the contract and leave figures side by side, and the activities added
//! and removed (an edited activity shows as one removed and one added).

use super::form::{Plan, time_range};
use super::{Category, format_number};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// A figure of the plan: what, before, after.
    Figure(String, String, String),
    Added(String),
    Removed(String),
}

/// The category's name as the organisation shows it.
pub type Labels = [String; 4];

fn label(labels: &Labels, category: Category) -> &str {
    &labels[category.index()]
}

/// "Monday 09:00-12:30, Direct Clinical Care: Clinic (Room 3), every week, 42 weeks a year".
pub fn describe_activities(plan: &Plan, labels: &Labels) -> Vec<String> {
    plan.activities
        .iter()
        .map(|a| {
            let place = if a.location.is_empty() {
                String::new()
            } else {
                format!(" ({})", a.location)
            };
            format!(
                "{} {}, {}: {}{}, {}, {} weeks a year",
                a.slot.day.label(),
                time_range(&a.slot),
                label(labels, a.slot.category),
                a.description,
                place,
                a.slot.recurrence.label(),
                format_number(a.slot.weeks_per_year)
            )
        })
        .collect()
}

fn describe_annualised(plan: &Plan, labels: &Labels) -> Vec<String> {
    plan.annualised
        .iter()
        .map(|a| {
            format!(
                "{}: {}, {} hours a year",
                label(labels, a.item.category),
                a.description,
                format_number(a.item.hours_per_year)
            )
        })
        .collect()
}

/// "1 in 6, category A, 3 hours of work a week on call" or "None".
pub fn describe_on_call(plan: &Plan) -> String {
    match plan.on_call {
        Some(o) => format!(
            "1 in {}, category {}, {} hours of work a week on call",
            o.frequency,
            if o.category_a { "A" } else { "B" },
            format_number(o.expected_hours_per_week_on_call)
        ),
        None => "None".into(),
    }
}

/// Lines only in `before` (removed) and only in `after` (added), counting
/// repeats.
fn lines(before: Vec<String>, after: Vec<String>, changes: &mut Vec<Change>) {
    let mut remaining = after.clone();
    for line in before {
        match remaining.iter().position(|l| *l == line) {
            Some(i) => {
                remaining.remove(i);
            }
            None => changes.push(Change::Removed(line)),
        }
    }
    changes.extend(remaining.into_iter().map(Change::Added));
}

pub fn diff(before: &Plan, after: &Plan, labels: &Labels) -> Vec<Change> {
    let mut changes = Vec::new();
    let figures = |p: &Plan| {
        [
            ("Contract", p.contract_label()),
            ("Annual leave days", format_number(p.leave_days)),
            ("Public holidays", format_number(p.public_holidays)),
            ("Study leave days", format_number(p.study_leave_days)),
            ("Working weeks a year", format_number(p.working_weeks())),
            ("On call", describe_on_call(p)),
        ]
    };
    for ((what, old), (_, new)) in figures(before).into_iter().zip(figures(after)) {
        if old != new {
            changes.push(Change::Figure(what.to_string(), old, new));
        }
    }
    lines(
        describe_activities(before, labels),
        describe_activities(after, labels),
        &mut changes,
    );
    lines(
        describe_annualised(before, labels),
        describe_annualised(after, labels),
        &mut changes,
    );
    changes
}

#[cfg(test)]
mod tests {
    use super::super::form::{ActivityForm, PlanForm};
    use super::*;

    fn labels() -> Labels {
        Category::ALL.map(|c| c.default_label().to_string())
    }

    #[test]
    fn a_moved_activity_and_a_new_contract_are_listed() {
        let mut form = PlanForm::starting(37.5);
        form.activities.push(ActivityForm {
            day: "monday".into(),
            start: "09:00".into(),
            end: "12:00".into(),
            category: "dcc".into(),
            description: "Clinic".into(),
            location: "Room 3".into(),
            recurrence: "every".into(),
            every_n_weeks: String::new(),
            weeks_per_year: "42".into(),
        });
        let before = form.parse().unwrap();
        form.activities[0].day = "tuesday".into();
        form.contract_amount = "30".into();
        let after = form.parse().unwrap();
        let changes = diff(&before, &after, &labels());
        assert_eq!(
            changes,
            vec![
                Change::Figure(
                    "Contract".into(),
                    "Agenda for Change, 37.5 hours a week (1 FTE)".into(),
                    "Agenda for Change, 30 hours a week (0.8 FTE)".into()
                ),
                Change::Removed(
                    "Monday 09:00-12:00, Direct Clinical Care: Clinic (Room 3), every week, 42 weeks a year".into()
                ),
                Change::Added(
                    "Tuesday 09:00-12:00, Direct Clinical Care: Clinic (Room 3), every week, 42 weeks a year".into()
                ),
            ]
        );
        assert!(diff(&after, &after, &labels()).is_empty());
    }
}
