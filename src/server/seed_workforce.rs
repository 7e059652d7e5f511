//! A workforce with years of history, for the retention statistics
//! benchmark: `people` staff records in `departments` departments over the
//! last `years` years. Half are in post when the window opens; the rest
//! join through it. About 10% leave each year (reasons spread over the ESR
//! list), about 3% a year move department and 5% are promoted a band, each
//! a history row. Deterministic (a fixed pseudo-random sequence), written
//! in batches inside one transaction, on SQLite and PostgreSQL.

use super::services::ServiceError;
use crate::domain::retention::shift_years;
use crate::domain::staff::LEAVING_REASONS;
use crate::server::db::begin_write;
use crate::server::db::entities::{department, person, person_history};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

const BATCH: usize = 500;
const GROUPS: [&str; 3] = [
    "Healthcare Scientists",
    "Additional Professional Scientific and Technical",
    "Administrative and Clerical",
];
const ROLES: [&str; 4] = [
    "Clinical Scientist",
    "Clinical Engineer",
    "Clinical Technologist",
    "Medical Physics Expert",
];
const BANDS: [&str; 6] = ["5", "6", "7", "8a", "8b", "8c"];
const HOURS: [f64; 4] = [37.5, 30.0, 22.5, 18.75];

/// A small xorshift generator: the same data on every run.
pub(super) struct Sequence(pub(super) u64);

impl Sequence {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// True with probability `percent` / 100.
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// One generated person: their spell and their history.
struct Generated {
    start: NaiveDate,
    end: Option<NaiveDate>,
    reason: Option<&'static str>,
    /// (effective day, department index, band index, hours)
    history: Vec<(NaiveDate, usize, usize, f64)>,
    group: &'static str,
    role: &'static str,
}

fn generate(
    seq: &mut Sequence,
    n: usize,
    shape: &Shape,
    departments: usize,
    window: (NaiveDate, NaiveDate),
) -> Generated {
    let (opens, today) = window;
    if n < shape.anchored {
        return anchored(seq, opens);
    }
    let span = (today - opens).num_days().max(1) as u64;
    let start = if n < shape.people / 2 {
        opens - Duration::days(seq.below(20 * 365) as i64 + 1)
    } else {
        opens + Duration::days(seq.below(span) as i64)
    };
    // With an anchored block, the first department is theirs alone.
    let first = usize::from(shape.anchored > 0).min(departments.saturating_sub(1));
    let pool = departments - first;
    let mut department = first + seq.below(pool as u64) as usize;
    let mut band = seq.below(BANDS.len() as u64) as usize;
    let hours = HOURS[if seq.chance(80) {
        0
    } else {
        1 + seq.below(3) as usize
    }];
    let mut history = vec![(start, department, band, hours)];
    let mut end = None;
    // Year by year from when both employed and inside the window.
    let mut year_start = start.max(opens);
    while year_start < today && end.is_none() {
        let day = |seq: &mut Sequence| year_start + Duration::days(seq.below(364) as i64 + 1);
        if seq.chance(3) {
            department = first
                + (department - first + 1 + seq.below(pool.max(2) as u64 - 1) as usize) % pool;
            history.push((day(seq), department, band, hours));
        } else if seq.chance(5) && band + 1 < BANDS.len() {
            band += 1;
            history.push((day(seq), department, band, hours));
        }
        if seq.chance(10) {
            let last = history.last().map(|h| h.0).unwrap_or(start);
            end = Some(day(seq).max(last).min(today));
        }
        year_start = shift_years(year_start, 1);
    }
    history.retain(|h| h.0 <= today && end.is_none_or(|e| h.0 <= e));
    history.sort_by_key(|h| h.0);
    history.dedup_by_key(|h| h.0);
    Generated {
        start,
        end,
        reason: end.map(|_| LEAVING_REASONS[seq.below(LEAVING_REASONS.len() as u64) as usize]),
        history,
        group: GROUPS[if seq.chance(75) {
            0
        } else {
            1 + seq.below(2) as usize
        }],
        role: ROLES[seq.below(ROLES.len() as u64) as usize],
    }
}

/// One of the first department's people who stay put: in post before the
/// window opens and throughout it, never moving.
fn anchored(seq: &mut Sequence, opens: NaiveDate) -> Generated {
    let start = opens - Duration::days(seq.below(20 * 365) as i64 + 1);
    Generated {
        start,
        end: None,
        reason: None,
        history: vec![(start, 0, 2, 37.5)],
        group: GROUPS[0],
        role: ROLES[seq.below(ROLES.len() as u64) as usize],
    }
}

/// The workforce's size and span.
pub struct Shape {
    pub people: usize,
    pub departments: usize,
    pub years: u32,
    /// The first `anchored` people are in the first department from before
    /// the window to today (the national benchmark's head of service's 300
    /// people); the rest come and go at random.
    pub anchored: usize,
}

/// The first day of the window a workforce of `years` years covers.
pub fn window_opens(today: NaiveDate, years: u32) -> NaiveDate {
    shift_years(today, -(years as i32))
}

/// Loads the workforce unless it is there already; returns how many
/// people and history rows were written.
pub async fn load(db: &DatabaseConnection, shape: &Shape) -> Result<(usize, usize), ServiceError> {
    let (people, departments) = (shape.people, shape.departments);
    let txn = begin_write(db).await?;
    let already = person::Entity::find()
        .filter(person::Column::StaffId.like("WF%"))
        .count(&txn)
        .await?;
    if already > 0 {
        return Ok((0, 0));
    }
    let now = Utc::now();
    let today = now.date_naive();
    let opens = window_opens(today, shape.years);
    let mut department_ids = Vec::with_capacity(departments);
    for d in 0..departments.max(1) {
        let created = department::Entity::insert(department::ActiveModel {
            name: Set(format!("Workforce department {:03}", d + 1)),
            cost_centre: Set(Some(format!("WF{:04}", d + 1))),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        department_ids.push(created.last_insert_id);
    }
    let mut seq = Sequence(0x9E37_79B9_7F4A_7C15);
    let generated: Vec<Generated> = (0..people)
        .map(|n| generate(&mut seq, n, shape, department_ids.len(), (opens, today)))
        .collect();
    let rows: Vec<person::ActiveModel> = generated
        .iter()
        .enumerate()
        .map(|(n, g)| {
            let (_, department, band, hours) =
                g.history.last().copied().unwrap_or((g.start, 0, 0, 37.5));
            person::ActiveModel {
                staff_id: Set(Some(format!("WF{n:07}"))),
                name: Set(format!("Workforce Person {n:07}")),
                email: Set(format!("wf{n}@workforce.test")),
                staff_group: Set(g.group.into()),
                job_role: Set(g.role.into()),
                band: Set(BANDS[band].into()),
                contracted_hours: Set(hours),
                department_id: Set(department_ids.get(department).copied()),
                team_id: Set(None),
                line_manager_id: Set(None),
                start_date: Set(g.start),
                end_date: Set(g.end),
                leaving_reason: Set(g.reason.map(str::to_string)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    for batch in rows.chunks(BATCH) {
        person::Entity::insert_many(batch.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    let ids: Vec<i32> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::StaffId.like("WF%"))
        .order_by_asc(person::Column::StaffId)
        .into_tuple()
        .all(&txn)
        .await?;
    let history: Vec<person_history::ActiveModel> = ids
        .iter()
        .zip(&generated)
        .flat_map(|(id, g)| {
            g.history.iter().map(
                |(day, department, band, hours)| person_history::ActiveModel {
                    person_id: Set(*id),
                    effective_date: Set(*day),
                    staff_group: Set(g.group.into()),
                    department_id: Set(department_ids.get(*department).copied()),
                    team_id: Set(None),
                    band: Set(BANDS[*band].into()),
                    job_role: Set(g.role.into()),
                    contracted_hours: Set(*hours),
                    ..Default::default()
                },
            )
        })
        .collect();
    let written = history.len();
    for batch in history.chunks(BATCH) {
        person_history::Entity::insert_many(batch.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok((people, written))
}
