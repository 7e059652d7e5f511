//! Benchmark data on top of the demo organisation: `people` more staff,
//! `in_head_department` of them in the demo head of service's department
//! reporting to the head, the rest spread over extra departments of about
//! 250. Each has this year's CPD (12 activities over four types), two
//! protected-learning-time sessions, two registrations, a job plan (most
//! signed off) and, for one in five, a funding request. Written in batches
//! inside one transaction; the same on SQLite and PostgreSQL.

use super::services::ServiceError;
use crate::domain::financial_year::FinancialYear;
use crate::domain::funding::{RequestStatus, Source};
use crate::domain::job_plans::status::PlanStatus;
use crate::server::db::begin_write;
use crate::server::db::entities::{
    cpd_activity, cpd_category, department, funding_request, job_plan, person, plt_session,
    registration,
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};

/// Rows per INSERT: well under SQLite's and PostgreSQL's parameter limits.
const BATCH: usize = 200;

async fn insert_all<A>(
    txn: &impl sea_orm::ConnectionTrait,
    rows: Vec<A>,
) -> Result<(), ServiceError>
where
    A: sea_orm::ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(BATCH).collect();
        <A::Entity as EntityTrait>::insert_many(batch)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

pub async fn load(
    db: &DatabaseConnection,
    people: usize,
    in_head_department: usize,
) -> Result<usize, ServiceError> {
    let txn = begin_write(db).await?;
    let head = person::Entity::find()
        .filter(person::Column::Email.eq("head@demo.test"))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound(
            "the demo organisation (run seed-demo first)",
        ))?;
    let already: u64 = sea_orm::PaginatorTrait::count(
        person::Entity::find().filter(person::Column::StaffId.like("SCALE%")),
        &txn,
    )
    .await?;
    if already > 0 {
        return Ok(0);
    }
    let now = Utc::now();
    let today = now.date_naive();
    let year = FinancialYear::containing(today);
    let others = people.saturating_sub(in_head_department);
    let mut departments = Vec::new();
    for d in 0..others.div_ceil(250) {
        let created = department::Entity::insert(department::ActiveModel {
            name: Set(format!("Scale department {:03}", d + 1)),
            cost_centre: Set(Some(format!("SC{:04}", d + 1))),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        departments.push(created.last_insert_id);
    }
    let persons = (0..people)
        .map(|n| {
            let department = if n < in_head_department {
                head.department_id
            } else {
                departments.get((n - in_head_department) / 250).copied()
            };
            person::ActiveModel {
                staff_id: Set(Some(format!("SCALE{n:06}"))),
                name: Set(format!("Scale Person {n:06}")),
                email: Set(format!("scale{n}@scale.test")),
                staff_group: Set("Healthcare Scientists".into()),
                job_role: Set("Clinical Scientist".into()),
                band: Set(["6", "7", "8a"][n % 3].into()),
                contracted_hours: Set(if n % 5 == 0 { 30.0 } else { 37.5 }),
                department_id: Set(department),
                team_id: Set(None),
                line_manager_id: Set((n < in_head_department).then_some(head.id)),
                start_date: Set(NaiveDate::from_ymd_opt(2015, 4, 1).unwrap_or(today)),
                end_date: Set(None),
                leaving_reason: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    insert_all(&txn, persons).await?;
    crate::server::services::person_history::fill_missing(&txn).await?;
    let ids: Vec<i32> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::StaffId.like("SCALE%"))
        .into_tuple()
        .all(&txn)
        .await?;
    let categories: Vec<i32> = cpd_category::Entity::find()
        .select_only()
        .column(cpd_category::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    let days_gone = (today - year.first_day()).num_days().max(1);
    let mut cpd = Vec::new();
    let mut plt = Vec::new();
    let mut registrations = Vec::new();
    let mut plans = Vec::new();
    let mut funding = Vec::new();
    for (n, id) in ids.iter().copied().enumerate() {
        for a in 0..12_i64 {
            let date = year.first_day() + Duration::days((a * 29 + n as i64) % days_gone);
            cpd.push(cpd_activity::ActiveModel {
                person_id: Set(id),
                start_date: Set(date),
                end_date: Set(None),
                title: Set(format!("Activity {a}")),
                category_id: Set(categories[(a as usize) % categories.len().clamp(1, 4)]),
                quarter_hours: Set(4 + (a as i32 % 8)),
                in_protected_time: Set(a % 3 == 0),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
        for (s, offset) in [(0, -20_i64), (1, 15)] {
            plt.push(plt_session::ActiveModel {
                person_id: Set(id),
                session_date: Set(today + Duration::days(offset - (n % 7) as i64)),
                quarter_hours: Set(14 + s),
                purpose: Set("Reading and journal club".into()),
                pdp_objective_id: Set(None),
                status: Set(if s == 0 { "approved" } else { "requested" }.into()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
        for (body, days) in [
            ("hcpc", 30 + (n % 700) as i64),
            ("ipem_cpd", (n % 400) as i64 - 20),
        ] {
            registrations.push(registration::ActiveModel {
                person_id: Set(id),
                body: Set(body.into()),
                number: Set(None),
                registered_on: Set(None),
                expires_on: Set(today + Duration::days(days)),
                modalities: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
        let signed = n % 10 != 0;
        plans.push(job_plan::ActiveModel {
            person_id: Set(id),
            year_start: Set(year.0),
            version: Set(1),
            status: Set(if signed {
                PlanStatus::SignedOff
            } else {
                PlanStatus::Submitted
            }
            .as_str()
            .into()),
            contract_kind: Set("afc".into()),
            contract_amount: Set(37.5),
            leave_days: Set(27.0),
            public_holidays: Set(8.0),
            study_leave_days: Set(0.0),
            lock_version: Set(1),
            submitted_at: Set(Some(now)),
            signed_off_by_person_id: Set(signed.then_some(head.id)),
            signed_off_at: Set(signed.then(|| now - Duration::days((n % 420) as i64))),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        if n % 5 == 0 {
            funding.push(funding_request::ActiveModel {
                person_id: Set(id),
                budget_id: Set(None),
                source: Set(Source::TrustStudyBudget.as_str().into()),
                activity: Set("Conference".into()),
                provider: Set("IPEM".into()),
                start_date: Set(today),
                end_date: Set(today),
                fee_pence: Set(25_000),
                travel_pence: Set(4_000),
                subsistence_pence: Set(0),
                backfill_pence: Set(0),
                justification: Set("Keeping up to date".into()),
                status: Set(RequestStatus::Submitted.as_str().into()),
                lock_version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    insert_all(&txn, cpd).await?;
    insert_all(&txn, plt).await?;
    insert_all(&txn, registrations).await?;
    insert_all(&txn, plans).await?;
    insert_all(&txn, funding).await?;
    txn.commit().await?;
    Ok(ids.len())
}
