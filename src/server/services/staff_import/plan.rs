//! Checking the rows against the database and deciding what to write. The
//! whole picture is read once (people, their history, departments and
//! teams) and everything is worked out in memory, so the cost does not grow
//! with queries per row.
//!
//! Things that do not exist yet (new departments, teams and people) get
//! negative keys here; [`super::write`] swaps them for the ids the
//! database gives them.

mod update;

use super::Checked;
use crate::domain::staff_import::file::ReadFile;
use crate::domain::staff_import::{Problem, StaffRow};
use crate::server::db::entities::{department, person, person_history, team};
use crate::server::services::ServiceError;
use crate::server::services::person_history::Placement;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use std::collections::{HashMap, HashSet};

/// A department, team or person that the import creates, by its key.
#[derive(Debug, Clone)]
pub struct NewDepartment {
    pub key: i32,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct NewTeam {
    pub key: i32,
    /// A department id, or a new department's key.
    pub department: i32,
    pub name: String,
}

/// The values written to a `people` row. Department, team and line
/// manager are ids or keys.
#[derive(Debug, Clone)]
pub struct PersonValues {
    pub staff_id: String,
    pub name: String,
    pub email: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub leaving_reason: Option<String>,
    pub line_manager: Option<i32>,
    /// The latest placement (what `people` shows).
    pub placement: Placement,
}

/// A history row to write: the person's id or key, the day, the values.
pub type HistoryRow = (i32, NaiveDate, Placement);

/// What applying writes, with the report of checking.
#[derive(Debug, Default)]
pub struct Plan {
    pub checked: Checked,
    pub departments: Vec<NewDepartment>,
    pub teams: Vec<NewTeam>,
    /// New people by key (their first history row is in `history_inserts`).
    pub people: Vec<(i32, PersonValues)>,
    /// Existing people by id.
    pub updates: Vec<(i32, PersonValues)>,
    pub history_deletes: Vec<i32>,
    pub history_inserts: Vec<HistoryRow>,
}

/// The database as the plan needs it.
struct Known {
    people: Vec<person::Model>,
    by_id: HashMap<i32, usize>,
    by_staff_id: HashMap<String, usize>,
    by_email: HashMap<String, usize>,
    history: HashMap<i32, Vec<person_history::Model>>,
    departments: HashMap<String, i32>,
    department_names: HashMap<i32, String>,
    teams: HashMap<(i32, String), i32>,
    team_names: HashMap<i32, String>,
}

async fn load(db: &impl ConnectionTrait) -> Result<Known, ServiceError> {
    let people = person::Entity::find().all(db).await?;
    let mut history: HashMap<i32, Vec<person_history::Model>> = HashMap::new();
    for row in person_history::Entity::find()
        .order_by_asc(person_history::Column::PersonId)
        .order_by_asc(person_history::Column::EffectiveDate)
        .all(db)
        .await?
    {
        history.entry(row.person_id).or_default().push(row);
    }
    let departments = department::Entity::find().all(db).await?;
    let teams = team::Entity::find().all(db).await?;
    let index = |key: fn(&person::Model) -> Option<String>| {
        people
            .iter()
            .enumerate()
            .filter_map(|(i, p)| key(p).map(|k| (k, i)))
            .collect::<HashMap<_, _>>()
    };
    Ok(Known {
        by_id: people.iter().enumerate().map(|(i, p)| (p.id, i)).collect(),
        by_staff_id: index(|p| p.staff_id.clone()),
        by_email: index(|p| Some(p.email.to_lowercase())),
        history,
        departments: departments
            .iter()
            .map(|d| (d.name.to_lowercase(), d.id))
            .collect(),
        department_names: departments.into_iter().map(|d| (d.id, d.name)).collect(),
        teams: teams
            .iter()
            .map(|t| ((t.department_id, t.name.to_lowercase()), t.id))
            .collect(),
        team_names: teams.into_iter().map(|t| (t.id, t.name)).collect(),
        people,
    })
}

/// Builds the plan: the problems that need the database, then for each
/// row without problems what changes.
pub async fn make(
    db: &impl ConnectionTrait,
    file: ReadFile,
    as_of: NaiveDate,
) -> Result<Plan, ServiceError> {
    let known = load(db).await?;
    let bad_rows = file.problems.iter().map(|p| p.row).collect();
    let mut planner = Planner {
        known: &known,
        plan: Plan::default(),
        problems: file.problems,
        bad_rows,
        new_departments: HashMap::new(),
        new_teams: HashMap::new(),
        as_of,
    };
    let matched = planner.match_people(&file.rows);
    let ids: HashMap<&str, i32> = file
        .rows
        .iter()
        .zip(&matched)
        .map(|(r, m)| (r.staff_id.as_str(), planner.id_of(*m)))
        .collect();
    let managers: Vec<Option<i32>> = file
        .rows
        .iter()
        .map(|r| planner.manager(r, &ids, &file.staff_ids))
        .collect();
    planner.check_reporting_loops(&file.rows, &matched, &managers);
    for ((row, found), manager) in file.rows.iter().zip(&matched).zip(&managers) {
        if planner.bad_rows.contains(&row.row) {
            continue;
        }
        let values = PersonValues {
            staff_id: row.staff_id.clone(),
            name: row.name.clone(),
            email: row.email.clone(),
            start_date: row.start_date,
            end_date: row.end_date,
            leaving_reason: row.leaving_reason.clone(),
            line_manager: *manager,
            placement: planner.placement(row),
        };
        match found {
            Match::New(key) => planner.add(*key, values),
            Match::Existing(index) => planner.update(row, &known.people[*index], values),
        }
    }
    // Stable: a row's own problems stay in column order.
    planner.problems.sort_by_key(|p| p.row);
    let new_teams = planner
        .plan
        .teams
        .iter()
        .map(|t| format!("{}: {}", planner.department_name(t.department), t.name))
        .collect();
    let mut plan = planner.plan;
    plan.checked.problems = planner.problems;
    plan.checked.rows_read = file.rows_read;
    plan.checked.ignored_columns = file.ignored_columns;
    plan.checked.new_departments = plan.departments.iter().map(|d| d.name.clone()).collect();
    plan.checked.new_teams = new_teams;
    Ok(plan)
}

/// Who a row is: an existing person (their index in `Known::people`) or a
/// new one (its key).
#[derive(Debug, Clone, Copy)]
enum Match {
    Existing(usize),
    New(i32),
}

struct Planner<'a> {
    known: &'a Known,
    plan: Plan,
    problems: Vec<Problem>,
    /// Rows with at least one problem: they are neither added nor updated.
    bad_rows: HashSet<usize>,
    /// Lower-case name to key.
    new_departments: HashMap<String, i32>,
    new_teams: HashMap<(i32, String), i32>,
    as_of: NaiveDate,
}
impl Planner<'_> {
    fn problem(&mut self, row: usize, column: &str, message: impl Into<String>) {
        self.bad_rows.insert(row);
        self.problems.push(Problem::new(row, column, message));
    }

    fn id_of(&self, found: Match) -> i32 {
        match found {
            Match::Existing(index) => self.known.people[index].id,
            Match::New(key) => key,
        }
    }

    /// Finds each row's person: by staff number, or else by email when
    /// that record has no staff number yet (people added in the portal
    /// before the first import). Refuses an email address another record
    /// holds.
    fn match_people(&mut self, rows: &[StaffRow]) -> Vec<Match> {
        let known = self.known;
        let mut next_key = 0;
        rows.iter()
            .map(|row| {
                let found = known.by_staff_id.get(&row.staff_id).copied().or_else(|| {
                    known
                        .by_email
                        .get(&row.email)
                        .copied()
                        .filter(|i| known.people[*i].staff_id.is_none())
                });
                if let Some(holder) = known.by_email.get(&row.email).copied()
                    && Some(holder) != found
                {
                    let message = match &known.people[holder].staff_id {
                        Some(other) => format!(
                            "Another staff record (staff number {other}) already has this email address"
                        ),
                        None => "Another staff record already has this email address".into(),
                    };
                    self.problem(row.row, "email", message);
                }
                match found {
                    Some(index) => Match::Existing(index),
                    None => {
                        next_key -= 1;
                        Match::New(next_key)
                    }
                }
            })
            .collect()
    }

    /// The id (or new person's key) of a row's line manager: someone in the
    /// file, or else someone in the portal. `None` without a problem when
    /// the manager's own row has one.
    fn manager(
        &mut self,
        row: &StaffRow,
        ids: &HashMap<&str, i32>,
        in_file: &HashSet<String>,
    ) -> Option<i32> {
        let staff_id = row.line_manager.as_deref()?;
        if let Some(id) = ids.get(staff_id) {
            return Some(*id);
        }
        if let Some(index) = self.known.by_staff_id.get(staff_id) {
            return Some(self.known.people[*index].id);
        }
        if !in_file.contains(staff_id) {
            self.problem(
                row.row,
                "line_manager_staff_id",
                format!("No one has staff number {staff_id}, in the file or in the portal"),
            );
        }
        None
    }

    /// Refuses line-manager chains that come back to where they started,
    /// over the portal's people as the file leaves them.
    fn check_reporting_loops(
        &mut self,
        rows: &[StaffRow],
        matched: &[Match],
        managers: &[Option<i32>],
    ) {
        let mut next: HashMap<i32, i32> = self
            .known
            .people
            .iter()
            .filter_map(|p| p.line_manager_id.map(|m| (p.id, m)))
            .collect();
        for (found, manager) in matched.iter().zip(managers) {
            let id = self.id_of(*found);
            match manager {
                Some(manager) => next.insert(id, *manager),
                None => next.remove(&id),
            };
        }
        let mut settled: HashSet<i32> = HashSet::new();
        let mut in_loop: HashSet<i32> = HashSet::new();
        for found in matched {
            let mut path = Vec::new();
            let mut current = Some(self.id_of(*found));
            while let Some(id) = current {
                if settled.contains(&id) {
                    break;
                }
                if let Some(at) = path.iter().position(|p| *p == id) {
                    in_loop.extend(path[at..].iter().copied());
                    break;
                }
                path.push(id);
                current = next.get(&id).copied();
            }
            settled.extend(path);
        }
        for (row, found) in rows.iter().zip(matched) {
            if in_loop.contains(&self.id_of(*found)) {
                self.problem(
                    row.row,
                    "line_manager_staff_id",
                    "This line manager reports, directly or further up, to this person",
                );
            }
        }
    }

    /// A row's placement; departments and teams not in the portal get a
    /// key and are created when the plan is applied.
    fn placement(&mut self, row: &StaffRow) -> Placement {
        let department_id = row.department.as_deref().map(|name| self.department(name));
        let team_id = match (department_id, row.team.as_deref()) {
            (Some(department), Some(name)) => Some(self.team(department, name)),
            _ => None,
        };
        Placement {
            staff_group: row.staff_group.clone(),
            department_id,
            team_id,
            band: row.band.clone(),
            job_role: row.job_role.clone(),
            contracted_hours: row.contracted_hours,
        }
    }

    /// Departments match by name, in any case.
    fn department(&mut self, name: &str) -> i32 {
        let lower = name.to_lowercase();
        if let Some(id) = self.known.departments.get(&lower) {
            return *id;
        }
        if let Some(key) = self.new_departments.get(&lower) {
            return *key;
        }
        let key = -(self.plan.departments.len() as i32) - 1;
        self.plan.departments.push(NewDepartment {
            key,
            name: name.to_string(),
        });
        self.new_departments.insert(lower, key);
        key
    }

    /// Teams match by name, in any case, within their department.
    fn team(&mut self, department: i32, name: &str) -> i32 {
        let lower = (department, name.to_lowercase());
        if let Some(id) = self.known.teams.get(&lower) {
            return *id;
        }
        if let Some(key) = self.new_teams.get(&lower) {
            return *key;
        }
        let key = -(self.plan.teams.len() as i32) - 1;
        self.plan.teams.push(NewTeam {
            key,
            department,
            name: name.to_string(),
        });
        self.new_teams.insert(lower, key);
        key
    }

    fn department_name(&self, id: i32) -> String {
        if id < 0 {
            self.plan
                .departments
                .iter()
                .find(|d| d.key == id)
                .map(|d| d.name.clone())
                .unwrap_or_default()
        } else {
            self.known
                .department_names
                .get(&id)
                .cloned()
                .unwrap_or_default()
        }
    }

    fn team_name(&self, id: i32) -> String {
        if id < 0 {
            self.plan
                .teams
                .iter()
                .find(|t| t.key == id)
                .map(|t| t.name.clone())
                .unwrap_or_default()
        } else {
            self.known.team_names.get(&id).cloned().unwrap_or_default()
        }
    }

    /// A new person: their imported values hold from their start day.
    fn add(&mut self, key: i32, values: PersonValues) {
        self.plan.checked.to_add += 1;
        self.plan
            .history_inserts
            .push((key, values.start_date, values.placement.clone()));
        self.plan.people.push((key, values));
    }
}
