//! What an import changes for a person already in the portal: the fields
//! that differ, and the history rows that make a changed placement hold
//! from the as-of date, as `person_history::record` would write them.

use super::{PersonValues, Planner};
use crate::domain::staff_import::{Change, FieldChange, StaffRow};
use crate::server::db::entities::person;
use crate::server::services::person_history::Placement;
use chrono::NaiveDate;

/// A history row as it will be: `id` is `None` for a row to insert, and
/// `touched` marks a stored row to replace.
struct Slot {
    id: Option<i32>,
    date: NaiveDate,
    placement: Placement,
    touched: bool,
}

impl Planner<'_> {
    /// An existing person: the fields that change, and the history rows
    /// to write so that a changed placement holds from `as_of` (or their
    /// start day, if later), as `person_history::record` would.
    pub(super) fn update(
        &mut self,
        row: &StaffRow,
        person: &person::Model,
        mut values: PersonValues,
    ) {
        let start = values.start_date;
        let effective = self.as_of.max(start);
        let mut slots: Vec<Slot> = self
            .known
            .history
            .get(&person.id)
            .map(|rows| {
                rows.iter()
                    .map(|h| Slot {
                        id: Some(h.id),
                        date: h.effective_date,
                        placement: Placement::of_row(h),
                        touched: false,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut fields = Vec::new();
        if slots.is_empty() {
            // A record without history gets it, from its start day.
            slots.push(Slot {
                id: None,
                date: person.start_date,
                placement: Placement::of_person(person),
                touched: true,
            });
            fields.push(change("history", "none", "recorded from the start date"));
        }
        if let Some(first) = slots.first_mut()
            && first.date > start
        {
            first.date = start;
            first.touched = true;
        }
        let holding_at = slots.iter().rposition(|s| s.date <= effective).unwrap_or(0);
        let holding = slots
            .get(holding_at)
            .map(|s| s.placement.clone())
            .unwrap_or_else(|| Placement::of_person(person));
        if holding != values.placement {
            match slots.iter_mut().find(|s| s.date == effective) {
                Some(same_day) => {
                    same_day.placement = values.placement.clone();
                    same_day.touched = true;
                }
                None => {
                    slots.push(Slot {
                        id: None,
                        date: effective,
                        placement: values.placement.clone(),
                        touched: true,
                    });
                    slots.sort_by_key(|s| s.date);
                }
            }
        }
        let manager = row.line_manager.as_deref().unwrap_or_default();
        self.note_fields(&mut fields, person, &holding, &values, manager);
        let touched = slots.iter().any(|s| s.touched);
        if fields.is_empty() && !touched {
            self.plan.checked.unchanged += 1;
            return;
        }
        for slot in slots.iter().filter(|s| s.touched) {
            if let Some(id) = slot.id {
                self.plan.history_deletes.push(id);
            }
            self.plan
                .history_inserts
                .push((person.id, slot.date, slot.placement.clone()));
        }
        if let Some(latest) = slots.last() {
            values.placement = latest.placement.clone();
        }
        self.plan.checked.to_update += 1;
        self.plan.checked.changes.push(Change {
            row: row.row,
            staff_id: row.staff_id.clone(),
            name: row.name.clone(),
            fields,
        });
        self.plan.updates.push((person.id, values));
    }

    /// The fields whose values differ, in column order; the group fields
    /// against the values in effect on the day the change would take
    /// effect.
    fn note_fields(
        &self,
        fields: &mut Vec<FieldChange>,
        person: &person::Model,
        holding: &Placement,
        values: &PersonValues,
        manager_staff_id: &str,
    ) {
        let mut note = |field: &str, from: String, to: String| {
            if from != to {
                fields.push(change(field, &from, &to));
            }
        };
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let imported = &values.placement;
        note(
            "staff_id",
            person.staff_id.clone().unwrap_or_default(),
            values.staff_id.clone(),
        );
        note("name", person.name.clone(), values.name.clone());
        note("email", person.email.to_lowercase(), values.email.clone());
        note(
            "staff_group",
            holding.staff_group.clone(),
            imported.staff_group.clone(),
        );
        note(
            "job_role",
            holding.job_role.clone(),
            imported.job_role.clone(),
        );
        note("band", holding.band.clone(), imported.band.clone());
        let department = |id: Option<i32>| id.map(|d| self.department_name(d)).unwrap_or_default();
        let team = |id: Option<i32>| id.map(|t| self.team_name(t)).unwrap_or_default();
        if holding.department_id != imported.department_id {
            note(
                "department",
                department(holding.department_id),
                department(imported.department_id),
            );
        }
        if holding.team_id != imported.team_id {
            note("team", team(holding.team_id), team(imported.team_id));
        }
        if holding.contracted_hours != imported.contracted_hours {
            note(
                "contracted_hours",
                holding.contracted_hours.to_string(),
                imported.contracted_hours.to_string(),
            );
        }
        note(
            "start_date",
            person.start_date.to_string(),
            values.start_date.to_string(),
        );
        note("end_date", date(person.end_date), date(values.end_date));
        note(
            "leaving_reason",
            person.leaving_reason.clone().unwrap_or_default(),
            values.leaving_reason.clone().unwrap_or_default(),
        );
        if person.line_manager_id != values.line_manager {
            // Shown by staff number (a record without one by name).
            let from = person
                .line_manager_id
                .and_then(|id| self.known.by_id.get(&id))
                .map(|i| &self.known.people[*i])
                .map(|p| p.staff_id.clone().unwrap_or_else(|| p.name.clone()))
                .unwrap_or_default();
            fields.push(change("line_manager_staff_id", &from, manager_staff_id));
        }
    }
}

fn change(field: &str, from: &str, to: &str) -> FieldChange {
    FieldChange {
        field: field.to_string(),
        from: from.to_string(),
        to: to.to_string(),
    }
}
