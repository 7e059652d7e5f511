//! Funded CPD: a trust study budget for every department and financial
//! year of the window, and requests in proportion to days in post. Past
//! requests are mostly completed (at their actual cost), some declined or
//! cancelled; recent ones are drafts, submitted or approved.

use super::{Employee, day_in, insert_batched, shares_by_days};
use crate::domain::financial_year::FinancialYear;
use crate::domain::funding::{RequestStatus, Source};
use crate::server::db::entities::{funding_budget, funding_request};
use crate::server::seed_workforce::Sequence;
use crate::server::services::ServiceError;
use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, QuerySelect};
use std::collections::{BTreeSet, HashMap};

/// Each department's trust study budget for a year (£6,000).
const BUDGET_PENCE: i64 = 600_000;

pub(super) async fn load(
    db: &DatabaseConnection,
    staff: &[Employee],
    total: usize,
    window: (NaiveDate, NaiveDate),
    seq: &mut Sequence,
) -> Result<usize, ServiceError> {
    let (opens, today) = window;
    let departments: BTreeSet<i32> = staff.iter().filter_map(|e| e.department).collect();
    let years = FinancialYear::containing(opens).0..=FinancialYear::containing(today).0;
    let source = Source::TrustStudyBudget.as_str();
    let budgets = departments.iter().flat_map(|d| {
        years.clone().map(move |year| funding_budget::ActiveModel {
            department_id: Set(*d),
            year_start: Set(year),
            source: Set(source.into()),
            amount_pence: Set(BUDGET_PENCE),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
    });
    insert_batched(db, budgets).await?;
    let budget_ids: HashMap<(i32, i32), i32> = funding_budget::Entity::find()
        .select_only()
        .columns([
            funding_budget::Column::DepartmentId,
            funding_budget::Column::YearStart,
            funding_budget::Column::Id,
        ])
        .into_tuple::<(i32, i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(d, y, id)| ((d, y), id))
        .collect();

    let mut rows = Vec::new();
    for (e, n) in staff.iter().zip(shares_by_days(staff, total, window)) {
        let (Some(span), Some(department)) = (e.span(opens, today), e.department) else {
            continue;
        };
        for _ in 0..n {
            let start = day_in(seq, span);
            let past = (today - start).num_days() > 60;
            let status = if past {
                match seq.below(10) {
                    0 => RequestStatus::Declined,
                    1 => RequestStatus::Cancelled,
                    2 => RequestStatus::Approved,
                    _ => RequestStatus::Completed,
                }
            } else {
                match seq.below(10) {
                    0..=1 => RequestStatus::Draft,
                    2..=5 => RequestStatus::Submitted,
                    _ => RequestStatus::Approved,
                }
            };
            let fee = 5_000 + seq.below(150_000) as i64;
            let travel = if seq.chance(50) {
                seq.below(20_000) as i64
            } else {
                0
            };
            let decided = matches!(
                status,
                RequestStatus::Approved | RequestStatus::Declined | RequestStatus::Completed
            );
            let asked = (start - Duration::days(30))
                .and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default())
                .and_utc();
            let year = FinancialYear::containing(start).0;
            rows.push(funding_request::ActiveModel {
                person_id: Set(e.id),
                budget_id: Set((status != RequestStatus::Draft)
                    .then(|| budget_ids.get(&(department, year)).copied())
                    .flatten()),
                source: Set(source.into()),
                activity: Set("Conference or course".into()),
                provider: Set("IPEM".into()),
                start_date: Set(start),
                end_date: Set(start + Duration::days(seq.below(3) as i64)),
                fee_pence: Set(fee),
                travel_pence: Set(travel),
                subsistence_pence: Set(0),
                backfill_pence: Set(0),
                actual_pence: Set((status == RequestStatus::Completed)
                    .then(|| fee + travel - seq.below(2_000) as i64)),
                justification: Set("Keeps my practice current".into()),
                pdp_objective_id: Set(None),
                status: Set(status.as_str().into()),
                lock_version: Set(if decided { 2 } else { 1 }),
                decided_by_person_id: Set(e.manager.filter(|_| decided)),
                decision_comment: Set((status == RequestStatus::Declined)
                    .then(|| "The budget is committed this year".to_string())),
                override_reason: Set(None),
                decided_at: Set(decided.then(|| asked + Duration::days(5))),
                created_at: Set(asked),
                updated_at: Set(asked),
                ..Default::default()
            });
        }
    }
    insert_batched(db, rows).await
}
