//! Funded CPD. A request draws on the budget of the person's department for
//! the financial year it starts in and its source. Approval commits the
//! estimate, completion replaces it with the actual cost, cancellation
//! releases it. An approval is decided with the budget's row locked (on
//! PostgreSQL; SQLite write transactions run one at a time), so two
//! approvals at once cannot both spend the last of a budget; one that
//! would take the budget below zero needs an override reason (audited).

use super::access::{self, Access};
use super::{Problems, ServiceError, development};
use crate::api::funding::{FundingRequestInput, FundingRequestRow};
use crate::domain::financial_year::FinancialYear;
use crate::domain::funding::{
    BudgetFigures, Cost, Drawn, Eligibility, Pence, RequestStatus, Source,
};
use crate::domain::staff;
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::begin_write;
use crate::server::db::entities::{
    department, funding_budget, funding_request, funding_source, person,
};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

const MAX_TEXT: usize = 200;
const MAX_JUSTIFICATION: usize = 2000;

pub(super) fn parse_year(raw: &str) -> Result<FinancialYear, ServiceError> {
    match raw.trim() {
        "" => Ok(FinancialYear::containing(Utc::now().date_naive())),
        y => FinancialYear::parse(y)
            .ok_or_else(|| ServiceError::invalid("year", "Choose a financial year")),
    }
}

fn parse_source(raw: &str) -> Result<Source, ServiceError> {
    Source::parse(raw).ok_or_else(|| ServiceError::invalid("source", "Choose a funding source"))
}

/// Sets (or replaces) a department's budget for a year and source.
pub async fn set_budget(
    db: &DatabaseConnection,
    user: &CurrentUser,
    department_id: i32,
    year: &str,
    source: &str,
    amount: &str,
) -> Result<(), ServiceError> {
    let year = parse_year(year)?;
    let source = parse_source(source)?;
    let amount = Pence::parse(amount).map_err(|m| ServiceError::invalid("amount", m))?;
    let txn = begin_write(db).await?;
    department::Entity::find_by_id(department_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::invalid("department_id", "Choose a department"))?;
    funding_budget::Entity::insert(funding_budget::ActiveModel {
        department_id: Set(department_id),
        year_start: Set(year.0),
        source: Set(source.as_str().to_string()),
        amount_pence: Set(amount.0),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            funding_budget::Column::DepartmentId,
            funding_budget::Column::YearStart,
            funding_budget::Column::Source,
        ])
        .update_columns([
            funding_budget::Column::AmountPence,
            funding_budget::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "funding.budget",
            "funding_budget",
            format!("{department_id}/{}/{}", year.0, source.as_str()),
        )
        .after_json(serde_json::json!({ "amount_pence": amount.0 })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A request as a budget reads it.
#[derive(Debug, Clone, FromQueryResult)]
struct DrawnRecord {
    id: i32,
    person_id: i32,
    budget_id: Option<i32>,
    activity: String,
    status: String,
    fee_pence: i64,
    travel_pence: i64,
    subsistence_pence: i64,
    backfill_pence: i64,
    actual_pence: Option<i64>,
}

/// One approved or completed request drawing on a budget.
#[derive(Debug, Clone)]
pub(super) struct DrawnRequest {
    pub id: i32,
    pub person_id: i32,
    pub activity: String,
    pub drawn: Drawn,
}

/// What each budget's approved and completed requests draw: one query for
/// all of them.
pub(super) async fn drawn(
    db: &impl ConnectionTrait,
    budget_ids: &[i32],
) -> Result<HashMap<i32, Vec<DrawnRequest>>, ServiceError> {
    let mut by_budget: HashMap<i32, Vec<DrawnRequest>> = HashMap::new();
    if budget_ids.is_empty() {
        return Ok(by_budget);
    }
    let rows: Vec<DrawnRecord> = funding_request::Entity::find()
        .select_only()
        .columns([
            funding_request::Column::Id,
            funding_request::Column::PersonId,
            funding_request::Column::BudgetId,
            funding_request::Column::Activity,
            funding_request::Column::Status,
            funding_request::Column::FeePence,
            funding_request::Column::TravelPence,
            funding_request::Column::SubsistencePence,
            funding_request::Column::BackfillPence,
            funding_request::Column::ActualPence,
        ])
        .filter(funding_request::Column::BudgetId.is_in(budget_ids.iter().copied()))
        .filter(funding_request::Column::Status.is_in([
            RequestStatus::Approved.as_str(),
            RequestStatus::Completed.as_str(),
        ]))
        .order_by_asc(funding_request::Column::StartDate)
        .order_by_asc(funding_request::Column::Id)
        .into_model()
        .all(db)
        .await?;
    for r in rows {
        let (Some(budget), Some(status)) = (r.budget_id, RequestStatus::parse(&r.status)) else {
            continue;
        };
        by_budget.entry(budget).or_default().push(DrawnRequest {
            id: r.id,
            person_id: r.person_id,
            activity: r.activity,
            drawn: Drawn {
                status,
                estimated: Pence(r.fee_pence)
                    + Pence(r.travel_pence)
                    + Pence(r.subsistence_pence)
                    + Pence(r.backfill_pence),
                actual: r.actual_pence.map(Pence),
            },
        });
    }
    Ok(by_budget)
}

pub(super) fn cost_of(r: &funding_request::Model) -> Cost {
    Cost {
        fee: Pence(r.fee_pence),
        travel: Pence(r.travel_pence),
        subsistence: Pence(r.subsistence_pence),
        backfill: Pence(r.backfill_pence),
    }
}

/// A request's fields, checked.
struct ValidRequest {
    activity: String,
    provider: String,
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
    cost: Cost,
    source: Source,
    justification: String,
    objective: Option<i32>,
}

impl ValidRequest {
    fn apply(self, row: &mut funding_request::ActiveModel) {
        row.source = Set(self.source.as_str().to_string());
        row.activity = Set(self.activity);
        row.provider = Set(self.provider);
        row.start_date = Set(self.start);
        row.end_date = Set(self.end);
        row.fee_pence = Set(self.cost.fee.0);
        row.travel_pence = Set(self.cost.travel.0);
        row.subsistence_pence = Set(self.cost.subsistence.0);
        row.backfill_pence = Set(self.cost.backfill.0);
        row.justification = Set(self.justification);
        row.pdp_objective_id = Set(self.objective);
    }
}

/// Every problem with a request's fields at once.
async fn validate(
    db: &impl ConnectionTrait,
    person_id: i32,
    input: &FundingRequestInput,
) -> Result<ValidRequest, ServiceError> {
    let mut problems = Problems::default();
    let activity = problems.check(
        "activity",
        staff::parse_text(&input.activity, "the course or activity", MAX_TEXT),
    );
    let provider = problems.check(
        "provider",
        staff::parse_text(&input.provider, "the provider", MAX_TEXT),
    );
    let start = problems.check(
        "start_date",
        staff::parse_date(&input.start_date, "The start date"),
    );
    let end = problems.check(
        "end_date",
        staff::parse_date(&input.end_date, "The end date"),
    );
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        problems.add(
            "end_date",
            "The end date must be on or after the start date",
        );
    }
    let mut money = |field: &'static str, raw: &str| {
        let raw = if raw.trim().is_empty() { "0" } else { raw };
        problems.check(field, Pence::parse(raw))
    };
    let fee = money("fee", &input.fee);
    let travel = money("travel", &input.travel);
    let subsistence = money("subsistence", &input.subsistence);
    let backfill = money("backfill", &input.backfill);
    let source = problems.check(
        "source",
        Source::parse(&input.source).ok_or_else(|| "Choose a funding source".to_string()),
    );
    let justification = problems.check(
        "justification",
        staff::parse_text(&input.justification, "why you need it", MAX_JUSTIFICATION),
    );
    let link = development::parse_link(db, person_id, &input.pdp_objective_id).await?;
    let objective = problems.check("pdp_objective_id", link).flatten();
    let (
        true,
        Some(activity),
        Some(provider),
        Some(start),
        Some(end),
        Some(fee),
        Some(travel),
        Some(subsistence),
        Some(backfill),
        Some(source),
        Some(justification),
    ) = (
        problems.is_empty(),
        activity,
        provider,
        start,
        end,
        fee,
        travel,
        subsistence,
        backfill,
        source,
        justification,
    )
    else {
        return Err(problems.into_error());
    };
    let cost = Cost {
        fee,
        travel,
        subsistence,
        backfill,
    };
    if cost.total().0 == 0 {
        return Err(ServiceError::invalid("fee", "Enter what it will cost"));
    }
    Ok(ValidRequest {
        activity,
        provider,
        start,
        end,
        cost,
        source,
        justification,
        objective,
    })
}

/// A new draft request.
pub async fn create(
    db: &DatabaseConnection,
    user: &CurrentUser,
    input: &FundingRequestInput,
) -> Result<i32, ServiceError> {
    let now = Utc::now();
    let txn = begin_write(db).await?;
    let valid = validate(&txn, user.person_id, input).await?;
    let mut row = funding_request::ActiveModel {
        person_id: Set(user.person_id),
        budget_id: Set(None),
        actual_pence: Set(None),
        status: Set(RequestStatus::Draft.as_str().to_string()),
        lock_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    valid.apply(&mut row);
    let created = row.insert(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "funding.request",
            "funding_request",
            created.id.to_string(),
        )
        .after(&created),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Changes a draft or returned request: its owner only, and only while
/// nobody else has moved it on (the lock version it was opened at).
pub async fn update(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    lock_version: i32,
    input: &FundingRequestInput,
) -> Result<(), ServiceError> {
    let txn = begin_write(db).await?;
    let current = funding_request::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Funding request"))?;
    if current.person_id != user.person_id {
        // Someone else's request is refused like a missing one.
        return Err(ServiceError::NotFound("Funding request"));
    }
    let status = RequestStatus::parse(&current.status).unwrap_or(RequestStatus::Draft);
    if !matches!(status, RequestStatus::Draft | RequestStatus::Returned)
        || current.lock_version != lock_version
    {
        return Err(ServiceError::Conflict(format!(
            "This request is now {}: only a draft or a returned request can be changed. Reload the page to see the latest",
            status.label().to_lowercase()
        )));
    }
    let valid = validate(&txn, user.person_id, input).await?;
    let mut row: funding_request::ActiveModel = current.clone().into();
    valid.apply(&mut row);
    row.lock_version = Set(lock_version + 1);
    row.updated_at = Set(Utc::now());
    let updated = funding_request::Entity::update_many()
        .set(row)
        .filter(funding_request::Column::Id.eq(id))
        .filter(funding_request::Column::LockVersion.eq(lock_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Conflict(
            "This request changed since you opened it: reload the page to see the latest".into(),
        ));
    }
    let after = funding_request::Entity::find_by_id(id).one(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "funding.update",
            "funding_request",
            id.to_string(),
        )
        .before(&current)
        .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub(super) async fn rows(
    db: &impl ConnectionTrait,
    requests: Vec<funding_request::Model>,
) -> Result<Vec<FundingRequestRow>, ServiceError> {
    let ids: Vec<i32> = requests
        .iter()
        .flat_map(|r| [Some(r.person_id), r.decided_by_person_id])
        .flatten()
        .collect();
    let names = super::people::names(db, ids).await?;
    Ok(requests
        .into_iter()
        .map(|r| FundingRequestRow {
            id: r.id,
            person_id: r.person_id,
            person_name: names.get(&r.person_id).cloned().unwrap_or_default(),
            estimated: cost_of(&r).total().to_string(),
            actual: r.actual_pence.map(|p| Pence(p).to_string()),
            status: RequestStatus::parse(&r.status).unwrap_or(RequestStatus::Draft),
            source: Source::parse(&r.source)
                .map(|s| s.label().to_string())
                .unwrap_or_default(),
            decided_by: r
                .decided_by_person_id
                .and_then(|id| names.get(&id).cloned()),
            activity: r.activity,
            provider: r.provider,
            start_date: r.start_date.to_string(),
            end_date: r.end_date.to_string(),
            lock_version: r.lock_version,
            decision_comment: r.decision_comment,
            override_reason: r.override_reason,
        })
        .collect())
}

pub async fn mine(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> Result<Vec<FundingRequestRow>, ServiceError> {
    let requests = funding_request::Entity::find()
        .filter(funding_request::Column::PersonId.eq(user.person_id))
        .order_by_desc(funding_request::Column::StartDate)
        .order_by_desc(funding_request::Column::Id)
        .all(db)
        .await?;
    rows(db, requests).await
}

/// What the person asking wants done, with what it needs.
pub struct Step {
    pub action: String,
    pub comment: String,
    pub override_reason: String,
    pub actual: String,
}

/// The budget a submitted request draws on: the person's department's, for
/// the financial year it starts in and its source.
async fn budget_for(
    db: &impl ConnectionTrait,
    owner: &person::Model,
    request: &funding_request::Model,
) -> Result<funding_budget::Model, ServiceError> {
    let year = FinancialYear::containing(request.start_date);
    let source = Source::parse(&request.source).unwrap_or(Source::Other);
    let found = match owner.department_id {
        Some(department) => {
            funding_budget::Entity::find()
                .filter(funding_budget::Column::DepartmentId.eq(department))
                .filter(funding_budget::Column::YearStart.eq(year.0))
                .filter(funding_budget::Column::Source.eq(source.as_str()))
                .one(db)
                .await?
        }
        None => None,
    };
    found.ok_or_else(|| {
        ServiceError::invalid(
            "source",
            format!(
                "Your department has no {} budget for {year}: choose another source, or ask an administrator",
                source.label()
            ),
        )
    })
}

pub(super) async fn eligibility(
    db: &impl ConnectionTrait,
    source: Source,
) -> Result<Eligibility, ServiceError> {
    Ok(
        funding_source::Entity::find_by_id(source.as_str().to_string())
            .one(db)
            .await?
            .map(|s| Eligibility {
                excludes_backfill: s.excludes_backfill,
                excluded_staff_groups: s
                    .excluded_staff_groups
                    .lines()
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect(),
            })
            .unwrap_or_default(),
    )
}

pub async fn act(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    lock_version: i32,
    step: &Step,
) -> Result<(), ServiceError> {
    use RequestStatus::*;
    let Some(to) = RequestStatus::from_action(&step.action) else {
        return Err(ServiceError::invalid("action", "Choose what to do"));
    };
    let comment = step.comment.trim();
    if matches!(to, Declined | Returned) && comment.is_empty() {
        return Err(ServiceError::invalid(
            "comment",
            "Give a reason, so the person knows what to do next",
        ));
    }
    let txn = begin_write(db).await?;
    // On PostgreSQL the request's row is locked until commit, so that of
    // two steps at once the second reads the first's result (and is told
    // the request changed) rather than a stale copy; SQLite's write
    // transactions already run one at a time.
    let current = crate::server::db::for_update(funding_request::Entity::find_by_id(id), &txn)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Funding request"))?;
    let (access, owner) =
        access::record_access(&txn, user, current.person_id, "Funding request").await?;
    let from = RequestStatus::parse(&current.status).unwrap_or(Draft);
    let own = access == Access::Owner;
    // Decided like learning time: the line manager, or for someone with
    // none, a head of service of their department.
    let approver = access == Access::Reviewer && access::decides_for(&txn, user, &owner).await?;
    if !from.permits(to, own, approver) {
        return Err(ServiceError::Forbidden);
    }
    if !from.can_become(to) || current.lock_version != lock_version {
        return Err(ServiceError::Conflict(format!(
            "This request is now {}: reload the page to see the latest before you act on it",
            from.label().to_lowercase()
        )));
    }
    let now = Utc::now();
    let mut update = funding_request::Entity::update_many()
        .col_expr(funding_request::Column::Status, Expr::value(to.as_str()))
        .col_expr(
            funding_request::Column::LockVersion,
            Expr::col(funding_request::Column::LockVersion).add(1),
        )
        .col_expr(funding_request::Column::UpdatedAt, Expr::value(now));
    match to {
        Submitted => {
            let source = Source::parse(&current.source).unwrap_or(Source::Other);
            let problems = eligibility(&txn, source).await?.check(
                source,
                &cost_of(&current),
                &owner.staff_group,
            );
            if !problems.is_empty() {
                return Err(ServiceError::Invalid(problems));
            }
            let budget = budget_for(&txn, &owner, &current).await?;
            update = update.col_expr(funding_request::Column::BudgetId, Expr::value(budget.id));
        }
        Approved => {
            let budget_id = current
                .budget_id
                .ok_or_else(|| ServiceError::Conflict("This request has no budget".into()))?;
            // Lock the budget's row until commit (PostgreSQL), then read what
            // is drawn on it: the figure cannot move underneath.
            let budget =
                crate::server::db::for_update(funding_budget::Entity::find_by_id(budget_id), &txn)
                    .one(&txn)
                    .await?
                    .ok_or(ServiceError::NotFound("Budget"))?;
            let drawn = drawn(&txn, &[budget.id]).await?;
            let figures = BudgetFigures::of(
                Pence(budget.amount_pence),
                drawn.get(&budget.id).into_iter().flatten().map(|r| r.drawn),
            );
            let cost = cost_of(&current).total();
            let reason = step.override_reason.trim();
            if figures.would_overspend(cost) && reason.is_empty() {
                return Err(ServiceError::invalid(
                    "override_reason",
                    format!(
                        "Approving {cost} would leave this budget at {} ({} remaining now): give a reason to approve it anyway",
                        figures.remaining() - cost,
                        figures.remaining()
                    ),
                ));
            }
            update = update
                .col_expr(
                    funding_request::Column::DecidedByPersonId,
                    Expr::value(user.person_id),
                )
                .col_expr(funding_request::Column::DecidedAt, Expr::value(now));
            if figures.would_overspend(cost) {
                update = update.col_expr(
                    funding_request::Column::OverrideReason,
                    Expr::value(reason.to_string()),
                );
            }
        }
        Declined | Returned => {
            update = update
                .col_expr(
                    funding_request::Column::DecidedByPersonId,
                    Expr::value(user.person_id),
                )
                .col_expr(funding_request::Column::DecidedAt, Expr::value(now))
                .col_expr(
                    funding_request::Column::DecisionComment,
                    Expr::value(comment.to_string()),
                );
        }
        Completed => {
            let actual =
                Pence::parse(&step.actual).map_err(|m| ServiceError::invalid("actual", m))?;
            update = update.col_expr(funding_request::Column::ActualPence, Expr::value(actual.0));
        }
        Cancelled | Draft => {}
    }
    let updated = update
        .filter(funding_request::Column::Id.eq(id))
        .filter(funding_request::Column::LockVersion.eq(lock_version))
        .filter(funding_request::Column::Status.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Conflict(
            "This request changed since you opened it: reload the page to see the latest".into(),
        ));
    }
    let after = funding_request::Entity::find_by_id(id).one(&txn).await?;
    super::notifications::funding_step(&txn, user, &owner, &current, to).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "funding.act",
            "funding_request",
            id.to_string(),
        )
        .before(&current)
        .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
