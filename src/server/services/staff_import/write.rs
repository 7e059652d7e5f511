//! Writing a plan inside the import's transaction, in batches of a few
//! hundred rows: multi-row `INSERT .. RETURNING` for new people (managers
//! before the people they manage, so every line manager is set as the row
//! is written) and history rows, and `UPDATE .. FROM (VALUES ..)` for
//! existing people. Tens of thousands of rows take a few hundred
//! statements, the same on SQLite (3.35 or later) and PostgreSQL.

use super::Progress;
use super::plan::{HistoryRow, PersonValues, Plan};
use crate::domain::staff_import::Event;
use crate::server::db::entities::{department, person_history, team};
use crate::server::services::ServiceError;
use crate::server::services::person_history::Placement;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement,
    Value,
};
use std::collections::HashMap;

/// Rows per statement: well under SQLite's and PostgreSQL's limits on
/// bound values (15 columns x 200 rows = 3,000).
const BATCH: usize = 200;

type DateTime = chrono::DateTime<chrono::Utc>;

/// Ids the database gave to the plan's keys (negative numbers).
#[derive(Default)]
struct Ids {
    departments: HashMap<i32, i32>,
    teams: HashMap<i32, i32>,
    people: HashMap<i32, i32>,
}

impl Ids {
    fn department(&self, key: Option<i32>) -> Option<i32> {
        key.map(|k| real(&self.departments, k))
    }

    fn team(&self, key: Option<i32>) -> Option<i32> {
        key.map(|k| real(&self.teams, k))
    }

    fn person(&self, key: Option<i32>) -> Option<i32> {
        key.map(|k| real(&self.people, k))
    }
}

/// An id stays; a key becomes the id it was given.
fn real(map: &HashMap<i32, i32>, key: i32) -> i32 {
    if key < 0 {
        map.get(&key).copied().unwrap_or(key)
    } else {
        key
    }
}

/// Counts what has been written, for the progress events.
struct Tally<'a> {
    done: usize,
    total: usize,
    progress: Progress<'a>,
}

impl Tally<'_> {
    fn add(&mut self, rows: usize) {
        self.done += rows;
        (self.progress)(Event::Applying {
            done: self.done,
            total: self.total,
        });
    }
}

/// Writes the plan; returns the number of history rows written.
pub async fn apply(
    txn: &impl ConnectionTrait,
    plan: &Plan,
    progress: Progress<'_>,
) -> Result<usize, ServiceError> {
    let mut tally = Tally {
        done: 0,
        total: plan.people.len() + plan.updates.len() + plan.history_inserts.len(),
        progress,
    };
    tally.add(0);
    let now = chrono::Utc::now();
    let mut ids = Ids::default();
    for new in &plan.departments {
        let created = department::Entity::insert(department::ActiveModel {
            name: Set(new.name.clone()),
            cost_centre: Set(None),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        ids.departments.insert(new.key, created.last_insert_id);
    }
    for new in &plan.teams {
        let created = team::Entity::insert(team::ActiveModel {
            department_id: Set(real(&ids.departments, new.department)),
            name: Set(new.name.clone()),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        ids.teams.insert(new.key, created.last_insert_id);
    }
    insert_people(txn, plan, &mut ids, now, &mut tally).await?;
    let backend = txn.get_database_backend();
    for batch in plan.updates.chunks(BATCH) {
        let rows: Vec<Vec<Value>> = batch
            .iter()
            .map(|(id, v)| {
                let mut row = vec![Value::from(*id)];
                row.extend(person_values(v, &ids, now));
                row
            })
            .collect();
        txn.execute_raw(update_from_values(backend, "people", &UPDATED, &rows))
            .await?;
        tally.add(batch.len());
    }
    for batch in plan.history_deletes.chunks(BATCH * 2) {
        person_history::Entity::delete_many()
            .filter(person_history::Column::Id.is_in(batch.iter().copied()))
            .exec(txn)
            .await?;
    }
    for batch in plan.history_inserts.chunks(BATCH) {
        let rows: Vec<Vec<Value>> = batch.iter().map(|row| history_values(row, &ids)).collect();
        txn.execute_raw(insert_values(
            backend,
            "person_history",
            &HISTORY,
            &rows,
            "",
        ))
        .await?;
        tally.add(batch.len());
    }
    Ok(plan.history_inserts.len())
}

/// The columns of `people` an import writes.
const PERSON: [&str; 15] = [
    "staff_id",
    "name",
    "email",
    "staff_group",
    "job_role",
    "band",
    "contracted_hours",
    "department_id",
    "team_id",
    "line_manager_id",
    "start_date",
    "end_date",
    "leaving_reason",
    "updated_at",
    "created_at",
];

/// Those an update writes, after the key.
const UPDATED: [&str; 15] = [
    "id",
    "staff_id",
    "name",
    "email",
    "staff_group",
    "job_role",
    "band",
    "contracted_hours",
    "department_id",
    "team_id",
    "line_manager_id",
    "start_date",
    "end_date",
    "leaving_reason",
    "updated_at",
];

const HISTORY: [&str; 8] = [
    "person_id",
    "effective_date",
    "staff_group",
    "department_id",
    "team_id",
    "band",
    "job_role",
    "contracted_hours",
];

/// The values of [`PERSON`] without `created_at` (so also [`UPDATED`]
/// after the key).
fn person_values(v: &PersonValues, ids: &Ids, now: DateTime) -> Vec<Value> {
    vec![
        Some(v.staff_id.clone()).into(),
        v.name.clone().into(),
        v.email.clone().into(),
        v.placement.staff_group.clone().into(),
        v.placement.job_role.clone().into(),
        v.placement.band.clone().into(),
        v.placement.contracted_hours.into(),
        ids.department(v.placement.department_id).into(),
        ids.team(v.placement.team_id).into(),
        ids.person(v.line_manager).into(),
        v.start_date.into(),
        v.end_date.into(),
        v.leaving_reason.clone().into(),
        now.into(),
    ]
}

fn history_values((person, date, placement): &HistoryRow, ids: &Ids) -> Vec<Value> {
    let Placement {
        staff_group,
        department_id,
        team_id,
        band,
        job_role,
        contracted_hours,
    } = placement;
    vec![
        real(&ids.people, *person).into(),
        (*date).into(),
        staff_group.clone().into(),
        ids.department(*department_id).into(),
        ids.team(*team_id).into(),
        band.clone().into(),
        job_role.clone().into(),
        (*contracted_hours).into(),
    ]
}

/// How far down a chain of new people each new person is: 0 when their
/// line manager is not new, else one more than their manager. The plan
/// has refused loops; a chain longer than the file is cut off.
fn levels(plan: &Plan) -> HashMap<i32, usize> {
    let manager: HashMap<i32, i32> = plan
        .people
        .iter()
        .filter_map(|(key, v)| v.line_manager.filter(|m| *m < 0).map(|m| (*key, m)))
        .collect();
    let mut levels: HashMap<i32, usize> = HashMap::new();
    for (key, _) in &plan.people {
        // Up the chain to someone already placed, or to someone whose
        // manager is not new.
        let mut chain = Vec::new();
        let mut above = None;
        let mut current = *key;
        loop {
            if let Some(level) = levels.get(&current) {
                above = Some(*level);
                break;
            }
            chain.push(current);
            match manager.get(&current) {
                Some(next) if chain.len() <= plan.people.len() => current = *next,
                _ => break,
            }
        }
        let first = above.map_or(0, |l| l + 1);
        for (level, key) in (first..).zip(chain.iter().rev()) {
            levels.insert(*key, level);
        }
    }
    levels
}

/// New people, level by level so that each one's line manager already has
/// an id; the ids come back with `RETURNING`.
async fn insert_people(
    txn: &impl ConnectionTrait,
    plan: &Plan,
    ids: &mut Ids,
    now: DateTime,
    tally: &mut Tally<'_>,
) -> Result<(), ServiceError> {
    let backend = txn.get_database_backend();
    let levels = levels(plan);
    let deepest = levels.values().copied().max().unwrap_or(0);
    for level in 0..=deepest {
        let people: Vec<&(i32, PersonValues)> = plan
            .people
            .iter()
            .filter(|(key, _)| levels.get(key).copied().unwrap_or(0) == level)
            .collect();
        for batch in people.chunks(BATCH) {
            let rows: Vec<Vec<Value>> = batch
                .iter()
                .map(|(_, v)| {
                    let mut row = person_values(v, ids, now);
                    row.push(now.into());
                    row
                })
                .collect();
            let returned = txn
                .query_all_raw(insert_values(
                    backend,
                    "people",
                    &PERSON,
                    &rows,
                    " RETURNING id, staff_id",
                ))
                .await?;
            let mut by_staff_id = HashMap::new();
            for row in returned {
                let id: i32 = row.try_get("", "id")?;
                let staff_id: String = row.try_get("", "staff_id")?;
                by_staff_id.insert(staff_id, id);
            }
            for (key, v) in batch {
                if let Some(id) = by_staff_id.get(&v.staff_id) {
                    ids.people.insert(*key, *id);
                }
            }
            tally.add(batch.len());
        }
    }
    Ok(())
}

/// `$1, $2, ..` on PostgreSQL, `?` on SQLite, for `rows` of values.
fn tuples(backend: DbBackend, rows: &[Vec<Value>]) -> String {
    let mut number = 0;
    rows.iter()
        .map(|row| {
            let marks: Vec<String> = row
                .iter()
                .map(|_| {
                    number += 1;
                    match backend {
                        DbBackend::Postgres => format!("${number}"),
                        _ => "?".to_string(),
                    }
                })
                .collect();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `INSERT INTO table (columns) VALUES (..), (..)` and `tail`.
fn insert_values(
    backend: DbBackend,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Value>],
    tail: &str,
) -> Statement {
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES {}{tail}",
        columns.join(", "),
        tuples(backend, rows)
    );
    Statement::from_sql_and_values(backend, sql, rows.iter().flatten().cloned())
}

/// `UPDATE table SET c2 = v.column2, .. FROM (VALUES (..), ..) AS v WHERE
/// table.c1 = v.column1`: one statement updates many rows, each with its
/// own values (SQLite and PostgreSQL both name the columns of a VALUES
/// list column1, column2, ..). `columns[0]` is the key.
fn update_from_values(
    backend: DbBackend,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Value>],
) -> Statement {
    let sets: Vec<String> = columns
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, c)| format!("{c} = v.column{}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE {table} SET {} FROM (VALUES {}) AS v WHERE {table}.{} = v.column1",
        sets.join(", "),
        tuples(backend, rows),
        columns.first().copied().unwrap_or("id"),
    );
    Statement::from_sql_and_values(backend, sql, rows.iter().flatten().cloned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::services::staff_import::plan::PersonValues;

    fn person(manager: Option<i32>) -> PersonValues {
        PersonValues {
            staff_id: String::new(),
            name: String::new(),
            email: String::new(),
            start_date: chrono::NaiveDate::MIN,
            end_date: None,
            leaving_reason: None,
            line_manager: manager,
            placement: Placement {
                staff_group: String::new(),
                department_id: None,
                team_id: None,
                band: String::new(),
                job_role: String::new(),
                contracted_hours: 37.5,
            },
        }
    }

    #[test]
    fn managers_are_written_before_the_people_they_manage() {
        let plan = Plan {
            people: vec![
                (-3, person(Some(-2))),
                (-1, person(None)),
                (-2, person(Some(-1))),
                (-4, person(Some(7))),
                (-5, person(Some(-3))),
            ],
            ..Default::default()
        };
        let levels = levels(&plan);
        let of = |key| levels.get(&key).copied();
        assert_eq!(
            [of(-1), of(-2), of(-3), of(-4), of(-5)],
            [Some(0), Some(1), Some(2), Some(0), Some(3)]
        );
    }

    #[test]
    fn statements_number_their_placeholders_per_backend() {
        let rows = vec![
            vec![Value::from(1), Value::from(2)],
            vec![Value::from(3), Value::from(4)],
        ];
        let update = update_from_values(DbBackend::Postgres, "people", &["id", "band"], &rows);
        assert_eq!(
            update.sql,
            "UPDATE people SET band = v.column2 FROM (VALUES ($1, $2), ($3, $4)) AS v WHERE people.id = v.column1"
        );
        let insert = insert_values(DbBackend::Sqlite, "t", &["a", "b"], &rows, " RETURNING a");
        assert_eq!(
            insert.sql,
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?) RETURNING a"
        );
    }
}
