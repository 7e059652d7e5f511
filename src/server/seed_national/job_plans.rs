//! Job plans: for people in post on the first day of each of the last five
//! plan years, a share of them get that year's plan (a standard week for
//! their hours), one in five with a second version. Past years' plans are
//! signed off; this year's are at every step of the workflow.

use super::{Employee, insert_batched};
use crate::domain::financial_year::FinancialYear;
use crate::domain::job_plans::form::Plan;
use crate::domain::job_plans::status::PlanStatus;
use crate::server::db::entities::{job_plan, job_plan_event};
use crate::server::seed_job_plans::standard_week;
use crate::server::seed_workforce::Sequence;
use crate::server::services::ServiceError;
use crate::server::services::job_plans::content;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};
use std::collections::HashMap;

const YEARS: i32 = 5;
/// People whose plans are written together.
const PEOPLE_PER_ROUND: usize = 2_000;

/// One version to write.
struct Version {
    person: i32,
    year: i32,
    version: i32,
    status: PlanStatus,
    /// When it was submitted; agreed a week later, signed off a week after.
    submitted: DateTime<Utc>,
    manager: i32,
    hours: f64,
}

fn at_nine(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
        .and_utc()
}

/// This year's statuses: mostly signed off, some waiting at each step.
fn current_status(seq: &mut Sequence) -> PlanStatus {
    match seq.below(10) {
        0 => PlanStatus::Draft,
        1 => PlanStatus::Submitted,
        2 => PlanStatus::Agreed,
        _ => PlanStatus::SignedOff,
    }
}

pub(super) async fn load(
    db: &DatabaseConnection,
    staff: &[Employee],
    total: usize,
    window: (NaiveDate, NaiveDate),
    seq: &mut Sequence,
) -> Result<usize, ServiceError> {
    let today = window.1;
    let this_year = FinancialYear::containing(today);
    let years: Vec<FinancialYear> = (0..YEARS).map(|k| FinancialYear(this_year.0 - k)).collect();
    let pairs: usize = staff
        .iter()
        .map(|e| {
            years
                .iter()
                .filter(|y| employed_on(e, y.first_day()))
                .count()
        })
        .sum();
    // Chosen pairs times 1.2 versions each makes `total`.
    let per_million = (total as u64 * 1_000_000 * 5 / (6 * pairs.max(1) as u64)).min(1_000_000);
    let mut plans_by_hours: HashMap<u64, Plan> = HashMap::new();
    let mut written = 0;
    for round in staff.chunks(PEOPLE_PER_ROUND) {
        let mut versions = Vec::new();
        for e in round {
            for year in &years {
                if !employed_on(e, year.first_day()) || seq.below(1_000_000) >= per_million {
                    continue;
                }
                let current = *year == this_year;
                let submitted =
                    at_nine((year.first_day() + Duration::days(seq.below(60) as i64)).min(today));
                let second = seq.chance(20);
                let manager = e.manager.unwrap_or(e.id);
                let first_status = if current && !second {
                    current_status(seq)
                } else {
                    PlanStatus::SignedOff
                };
                versions.push(Version {
                    person: e.id,
                    year: year.0,
                    version: 1,
                    status: first_status,
                    submitted,
                    manager,
                    hours: e.hours,
                });
                if second {
                    let later = (submitted + Duration::days(90)).min(at_nine(today));
                    versions.push(Version {
                        person: e.id,
                        year: year.0,
                        version: 2,
                        status: if current {
                            current_status(seq)
                        } else {
                            PlanStatus::SignedOff
                        },
                        submitted: later,
                        manager,
                        hours: e.hours,
                    });
                }
            }
        }
        written += write(db, round, &versions, &mut plans_by_hours).await?;
    }
    Ok(written)
}

fn employed_on(e: &Employee, day: NaiveDate) -> bool {
    e.start <= day && e.end.is_none_or(|end| end >= day)
}

/// Writes one round's versions, then their activities, annualised items
/// and history.
async fn write(
    db: &DatabaseConnection,
    round: &[Employee],
    versions: &[Version],
    plans_by_hours: &mut HashMap<u64, Plan>,
) -> Result<usize, ServiceError> {
    let mut headers = Vec::with_capacity(versions.len());
    for v in versions {
        let plan = plan_for(plans_by_hours, v.hours)?;
        let agreed = matches!(v.status, PlanStatus::Agreed | PlanStatus::SignedOff);
        let signed = v.status == PlanStatus::SignedOff;
        let submitted = v.status != PlanStatus::Draft;
        let mut row = job_plan::ActiveModel {
            person_id: Set(v.person),
            year_start: Set(v.year),
            version: Set(v.version),
            status: Set(v.status.as_str().into()),
            lock_version: Set(match v.status {
                PlanStatus::SignedOff => 3,
                PlanStatus::Agreed => 2,
                _ => 1,
            }),
            submitted_at: Set(submitted.then_some(v.submitted)),
            agreed_by_person_id: Set(agreed.then_some(v.manager)),
            agreed_at: Set(agreed.then(|| v.submitted + Duration::days(7))),
            signed_off_by_person_id: Set(signed.then_some(v.manager)),
            signed_off_at: Set(signed.then(|| v.submitted + Duration::days(14))),
            created_at: Set(v.submitted - Duration::days(7)),
            updated_at: Set(v.submitted),
            ..Default::default()
        };
        content::header(plan, &mut row);
        headers.push(row);
    }
    let written = insert_batched(db, headers).await?;

    let people: Vec<i32> = round.iter().map(|e| e.id).collect();
    let ids: HashMap<(i32, i32, i32), i32> = job_plan::Entity::find()
        .select_only()
        .columns([
            job_plan::Column::PersonId,
            job_plan::Column::YearStart,
            job_plan::Column::Version,
            job_plan::Column::Id,
        ])
        .filter(job_plan::Column::PersonId.is_in(people))
        .into_tuple::<(i32, i32, i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(p, y, v, id)| ((p, y, v), id))
        .collect();
    let mut activities = Vec::with_capacity(versions.len() * 11);
    let mut annualised = Vec::with_capacity(versions.len());
    let mut events = Vec::with_capacity(versions.len() * 3);
    for v in versions {
        let Some(&id) = ids.get(&(v.person, v.year, v.version)) else {
            continue;
        };
        let (a, b) = content::rows(id, plan_for(plans_by_hours, v.hours)?);
        activities.extend(a);
        annualised.extend(b);
        let steps = [
            ("submitted", v.status != PlanStatus::Draft, v.person, 0),
            (
                "agreed",
                matches!(v.status, PlanStatus::Agreed | PlanStatus::SignedOff),
                v.manager,
                7,
            ),
            (
                "signed_off",
                v.status == PlanStatus::SignedOff,
                v.manager,
                14,
            ),
        ];
        for (action, happened, actor, days) in steps {
            if happened {
                events.push(job_plan_event::ActiveModel {
                    job_plan_id: Set(id),
                    action: Set(action.into()),
                    actor_person_id: Set(actor),
                    comment: Set(None),
                    at: Set(v.submitted + Duration::days(days)),
                    ..Default::default()
                });
            }
        }
    }
    insert_batched(db, activities).await?;
    insert_batched(db, annualised).await?;
    insert_batched(db, events).await?;
    Ok(written)
}

/// The standard week for these contracted hours (checked once per value).
fn plan_for(cache: &mut HashMap<u64, Plan>, hours: f64) -> Result<&Plan, ServiceError> {
    match cache.entry(hours.to_bits()) {
        std::collections::hash_map::Entry::Occupied(found) => Ok(found.into_mut()),
        std::collections::hash_map::Entry::Vacant(slot) => Ok(slot.insert(
            standard_week(hours)
                .parse()
                .map_err(ServiceError::InvalidAt)?,
        )),
    }
}
