//! The national data set (`seed-demo --scale national`): the demo
//! organisation, then 20,000 people in 200 departments over 10 years (the
//! retention workforce, with joiners, leavers and transfers), line
//! management, about 4 million CPD activities, 200,000 PLT sessions,
//! 100,000 funding requests against yearly budgets and 60,000 job plans
//! with their versions. Each person's records fall inside their time in
//! post, in proportion to it. Deterministic, written in batches, one
//! transaction per batch group, on SQLite and PostgreSQL.
//!
//! The benchmark signs in as three of the first department's people
//! (password [`DEMO_PASSWORD`]): `head@national.test` (head of service of
//! 300 people), `manager@national.test` (50 direct reports) and
//! `staff@national.test` (500 CPD activities); HR is `hr@demo.test`.

mod cpd_and_plt;
mod funding;
mod job_plans;

use super::seed::{self, DEMO_PASSWORD};
use super::seed_workforce::{self, Sequence, Shape};
use super::services::{ServiceError, accounts};
use super::state::AppState;
use crate::domain::roles::Role;
use crate::server::db::begin_write;
use crate::server::db::entities::person;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// How much of everything.
pub struct Scale {
    pub people: usize,
    pub departments: usize,
    pub years: u32,
    pub cpd: usize,
    pub plt: usize,
    pub funding: usize,
    pub job_plans: usize,
}

pub const NATIONAL: Scale = Scale {
    people: 20_000,
    departments: 200,
    years: 10,
    cpd: 4_000_000,
    plt: 200_000,
    funding: 100_000,
    job_plans: 60_000,
};

/// The benchmark's people: the first of the first department.
pub const HEAD: &str = "head@national.test";
pub const MANAGER: &str = "manager@national.test";
pub const STAFF: &str = "staff@national.test";
/// The head of service's department and the manager's team.
const HEAD_DEPARTMENT: usize = 300;
const MANAGER_REPORTS: usize = 50;
/// The staff member's CPD record.
pub const STAFF_ACTIVITIES: usize = 500;
/// People per team elsewhere (a manager and eleven reports).
const TEAM: usize = 12;

/// Rows per INSERT (under both databases' parameter limits) and INSERTs
/// per transaction.
pub(super) const BATCH: usize = 1000;
pub(super) const BATCHES_PER_TRANSACTION: usize = 50;

/// What was written.
#[derive(Debug, Default)]
pub struct Loaded {
    pub people: usize,
    pub cpd: usize,
    pub plt: usize,
    pub funding: usize,
    pub job_plans: usize,
}

/// One person of the workforce, as the record generators need them.
pub(super) struct Employee {
    pub id: i32,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub department: Option<i32>,
    pub manager: Option<i32>,
    pub hours: f64,
}

impl Employee {
    /// Their days in post inside the window, as (first, last).
    pub fn span(&self, opens: NaiveDate, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.start.max(opens);
        let last = self.end.unwrap_or(today).min(today);
        (first <= last).then_some((first, last))
    }

    pub fn days_in_post(&self, opens: NaiveDate, today: NaiveDate) -> i64 {
        self.span(opens, today)
            .map_or(0, |(a, b)| (b - a).num_days() + 1)
    }
}

/// Shares `total` out over people in proportion to `weight`, whole
/// numbers adding up to `total` (the remainder carried from one to the next).
fn shares(weights: &[i64], total: usize) -> Vec<usize> {
    let sum: i64 = weights.iter().sum::<i64>().max(1);
    let mut carried = 0i128;
    weights
        .iter()
        .map(|w| {
            carried += i128::from(*w) * total as i128;
            let share = carried / i128::from(sum);
            carried -= share * i128::from(sum);
            usize::try_from(share).unwrap_or(0)
        })
        .collect()
}

/// Everyone's share of `total` in proportion to their days in post.
pub(super) fn shares_by_days(
    staff: &[Employee],
    total: usize,
    (opens, today): (NaiveDate, NaiveDate),
) -> Vec<usize> {
    let weights: Vec<i64> = staff.iter().map(|e| e.days_in_post(opens, today)).collect();
    shares(&weights, total)
}

/// A day in `(first, last)`, at random.
pub(super) fn day_in(seq: &mut Sequence, (first, last): (NaiveDate, NaiveDate)) -> NaiveDate {
    first + chrono::Duration::days(seq.below(((last - first).num_days() + 1) as u64) as i64)
}

/// Inserts rows in batches, committing every [`BATCHES_PER_TRANSACTION`].
pub(super) async fn insert_batched<A, I>(
    db: &DatabaseConnection,
    rows: I,
) -> Result<usize, ServiceError>
where
    A: sea_orm::ActiveModelTrait + Send,
    I: IntoIterator<Item = A>,
{
    let mut rows = rows.into_iter().peekable();
    let mut written = 0;
    while rows.peek().is_some() {
        let txn = begin_write(db).await?;
        for _ in 0..BATCHES_PER_TRANSACTION {
            let batch: Vec<A> = rows.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                break;
            }
            written += batch.len();
            <A::Entity as EntityTrait>::insert_many(batch)
                .exec_without_returning(&txn)
                .await?;
        }
        txn.commit().await?;
    }
    Ok(written)
}

/// Loads everything unless the national benchmark's head is there
/// already (`None`). `progress` hears each stage as it finishes.
pub async fn load(
    state: &AppState,
    scale: &Scale,
    progress: &mut dyn FnMut(&str),
) -> Result<Option<Loaded>, ServiceError> {
    let db = &state.db;
    if person::Entity::find()
        .filter(person::Column::Email.eq(HEAD))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    seed::seed_demo(state).await?;
    let shape = Shape {
        people: scale.people,
        departments: scale.departments,
        years: scale.years,
        anchored: HEAD_DEPARTMENT + 1,
    };
    seed_workforce::load(db, &shape).await?;
    let mut staff = employees(db).await?;
    manage(db, &mut staff).await?;
    accounts_for_benchmark(state, &staff).await?;
    progress(&format!("{} people, with line managers", staff.len()));

    let today = Utc::now().date_naive();
    let opens = seed_workforce::window_opens(today, scale.years);
    let window = (opens, today);
    let mut seq = Sequence(0x2545_F491_4F6C_DD1D);
    let mut loaded = Loaded {
        people: staff.len(),
        ..Loaded::default()
    };
    loaded.cpd = cpd_and_plt::cpd(db, &staff, scale.cpd, window, &mut seq).await?;
    progress(&format!("{} CPD activities", loaded.cpd));
    loaded.plt = cpd_and_plt::plt(db, &staff, scale.plt, window, &mut seq).await?;
    progress(&format!("{} PLT sessions", loaded.plt));
    loaded.funding = funding::load(db, &staff, scale.funding, window, &mut seq).await?;
    progress(&format!("{} funding requests", loaded.funding));
    loaded.job_plans = job_plans::load(db, &staff, scale.job_plans, window, &mut seq).await?;
    progress(&format!("{} job plans", loaded.job_plans));
    analyse(db).await?;
    Ok(Some(loaded))
}

/// The workforce in staff-number order (the generator's order).
async fn employees(db: &DatabaseConnection) -> Result<Vec<Employee>, ServiceError> {
    type Row = (i32, NaiveDate, Option<NaiveDate>, Option<i32>, f64);
    let rows: Vec<Row> = person::Entity::find()
        .select_only()
        .columns([
            person::Column::Id,
            person::Column::StartDate,
            person::Column::EndDate,
            person::Column::DepartmentId,
            person::Column::ContractedHours,
        ])
        .filter(person::Column::StaffId.like("WF%"))
        .order_by_asc(person::Column::StaffId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, start, end, department, hours)| Employee {
            id,
            start,
            end,
            department,
            manager: None,
            hours,
        })
        .collect())
}

/// Line management for everyone in post: in the first department the head
/// (the first person) over the benchmark manager, whose 50 reports are
/// the next 50, and teams of twelve for the rest; elsewhere the first
/// person in post leads teams of twelve.
async fn manage(db: &DatabaseConnection, staff: &mut [Employee]) -> Result<(), ServiceError> {
    let mut by_department: std::collections::BTreeMap<i32, Vec<usize>> = Default::default();
    for (i, e) in staff.iter().enumerate() {
        if let (None, Some(d)) = (e.end, e.department) {
            by_department.entry(d).or_default().push(i);
        }
    }
    let first_department = staff.first().and_then(|e| e.department);
    for (department, members) in &by_department {
        let Some((&lead, rest)) = members.split_first() else {
            continue;
        };
        let rest: Vec<usize> = if Some(*department) == first_department {
            // The benchmark manager (index 1) and their 50 reports.
            for &i in &rest[..MANAGER_REPORTS + 1] {
                staff[i].manager = Some(staff[if i == 1 { lead } else { 1 }].id);
            }
            rest[MANAGER_REPORTS + 1..].to_vec()
        } else {
            rest.to_vec()
        };
        for team in rest.chunks(TEAM) {
            let (&manager, reports) = team.split_first().unwrap_or((&lead, &[]));
            staff[manager].manager = Some(staff[lead].id);
            for &i in reports {
                staff[i].manager = Some(staff[manager].id);
            }
        }
    }
    // One UPDATE per manager.
    let mut teams: std::collections::BTreeMap<i32, Vec<i32>> = Default::default();
    for e in staff.iter() {
        if let Some(m) = e.manager {
            teams.entry(m).or_default().push(e.id);
        }
    }
    let txn = begin_write(db).await?;
    for (manager, reports) in teams {
        person::Entity::update_many()
            .col_expr(person::Column::LineManagerId, Expr::value(manager))
            .filter(person::Column::Id.is_in(reports))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Sign-in accounts for the benchmark's head, manager and staff member.
async fn accounts_for_benchmark(state: &AppState, staff: &[Employee]) -> Result<(), ServiceError> {
    let hash = state.passwords.hash(DEMO_PASSWORD.to_string()).await?;
    let txn = begin_write(&state.db).await?;
    let logins: [(usize, &str, &[Role]); 3] = [
        (0, HEAD, &[Role::Staff, Role::Manager, Role::HeadOfService]),
        (1, MANAGER, &[Role::Staff, Role::Manager]),
        (2, STAFF, &[Role::Staff]),
    ];
    for (index, email, roles) in logins {
        let id = staff[index].id;
        person::Entity::update_many()
            .col_expr(person::Column::Email, Expr::value(email))
            .filter(person::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        accounts::insert_account(&txn, None, id, hash.clone(), roles).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Fresh planner statistics after a bulk load (PostgreSQL's ANALYZE,
/// SQLite's ANALYZE), as an operator would run after an import.
///
/// On SQLite only the per-index row counts (`sqlite_stat1`) are kept. The
/// bundled SQLite is built with STAT4, and with its value samples every
/// statement whose plan could depend on a bound value is compiled again
/// each time it runs with new values: the session lookup on every request
/// was re-parsed and re-planned, a tenth of the home page's instructions.
async fn analyse(db: &DatabaseConnection) -> Result<(), ServiceError> {
    db.execute_unprepared("ANALYZE").await?;
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        db.execute_unprepared("DELETE FROM sqlite_stat4; ANALYZE sqlite_schema")
            .await?;
    }
    Ok(())
}
