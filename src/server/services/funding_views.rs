//! Funded CPD as people read it: budgets with the requests behind each
//! figure, one request in full with the steps its viewer may take, an
//! approver's queue, the sources' eligibility rules, and a completed request
//! recorded as a CPD activity.

use super::access::{self, Access};
use super::funding::{self, DrawnRequest};
use super::{ServiceError, cpd};
use crate::api::cpd::CpdInput;
use crate::api::funding::{
    BudgetLine, BudgetRow, FundingRequestDetail, FundingRequestInput, FundingRequestRow,
    FundingSourceView,
};
use crate::domain::financial_year::FinancialYear;
use crate::domain::funding::{BudgetFigures, Pence, RequestStatus, Source};
use crate::domain::roles::Role;
use crate::domain::staff;
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::begin_write;
use crate::server::db::entities::{
    cpd_activity, funding_budget, funding_request, funding_source, pdp_objective, person,
};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Whose requests a viewer may read as lines under a budget figure.
#[derive(Clone, Copy)]
enum LineScope {
    /// HR, administrators, the department's heads of service.
    Everyone,
    /// A line manager: their direct reports'.
    ReportsOf(i32),
    /// The person who asked: figures only.
    Nobody,
}

/// Budget rows with their figures and the lines the viewer may read, from
/// a fixed number of queries.
async fn budget_rows(
    db: &impl ConnectionTrait,
    budgets: Vec<funding_budget::Model>,
    scope: impl Fn(&funding_budget::Model) -> LineScope,
) -> Result<Vec<BudgetRow>, ServiceError> {
    let ids: Vec<i32> = budgets.iter().map(|b| b.id).collect();
    let drawn = funding::drawn(db, &ids).await?;
    let people: Vec<i32> = drawn.values().flatten().map(|r| r.person_id).collect();
    let people: HashMap<i32, (String, Option<i32>)> = if people.is_empty() {
        HashMap::new()
    } else {
        person::Entity::find()
            .select_only()
            .columns([
                person::Column::Id,
                person::Column::Name,
                person::Column::LineManagerId,
            ])
            .filter(person::Column::Id.is_in(people))
            .into_tuple::<(i32, String, Option<i32>)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, name, manager)| (id, (name, manager)))
            .collect()
    };
    let departments = super::organisation::department_names(db).await?;
    Ok(budgets
        .into_iter()
        .map(|b| {
            let requests = drawn.get(&b.id).cloned().unwrap_or_default();
            let figures =
                BudgetFigures::of(Pence(b.amount_pence), requests.iter().map(|r| r.drawn));
            let ids_with = |status: RequestStatus| {
                requests
                    .iter()
                    .filter(|r| r.drawn.status == status)
                    .map(|r| r.id)
                    .collect()
            };
            let scope = scope(&b);
            let readable = |r: &DrawnRequest| match scope {
                LineScope::Everyone => true,
                LineScope::ReportsOf(manager) => people
                    .get(&r.person_id)
                    .is_some_and(|(_, m)| *m == Some(manager)),
                LineScope::Nobody => false,
            };
            let lines_with = |status: RequestStatus| -> Vec<BudgetLine> {
                requests
                    .iter()
                    .filter(|r| r.drawn.status == status && readable(r))
                    .map(|r| BudgetLine {
                        request_id: r.id,
                        person_name: people
                            .get(&r.person_id)
                            .map(|(n, _)| n.clone())
                            .unwrap_or_default(),
                        activity: r.activity.clone(),
                        amount: r.drawn.actual.unwrap_or(r.drawn.estimated).to_string(),
                    })
                    .collect()
            };
            let other_lines = requests.iter().filter(|r| !readable(r)).count() as u32;
            BudgetRow {
                id: b.id,
                department: departments
                    .get(&b.department_id)
                    .cloned()
                    .unwrap_or_default(),
                year_label: FinancialYear(b.year_start).to_string(),
                source: Source::parse(&b.source)
                    .map(|s| s.label().to_string())
                    .unwrap_or(b.source.clone()),
                budget: figures.budget.to_string(),
                committed: figures.committed.to_string(),
                spent: figures.spent.to_string(),
                remaining: figures.remaining().to_string(),
                overspent: figures.remaining().is_negative(),
                percent_used: figures.percent_used(),
                committed_requests: ids_with(RequestStatus::Approved),
                spent_requests: ids_with(RequestStatus::Completed),
                committed_lines: lines_with(RequestStatus::Approved),
                spent_lines: lines_with(RequestStatus::Completed),
                other_lines,
            }
        })
        .collect())
}

/// Budgets of a year (default the current one) the viewer may see:
/// administrators and HR all, with every request; heads of service and
/// managers their department's, with the requests they approve.
pub async fn budgets(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    year: &str,
) -> Result<Vec<BudgetRow>, ServiceError> {
    let year = funding::parse_year(year)?;
    let mut query = funding_budget::Entity::find()
        .filter(funding_budget::Column::YearStart.eq(year.0))
        .order_by_asc(funding_budget::Column::DepartmentId)
        .order_by_asc(funding_budget::Column::Source);
    let everything = viewer.has_any(&[Role::Admin, Role::Hr]);
    if !everything {
        let me = person::Entity::find_by_id(viewer.person_id).one(db).await?;
        let Some(department) = me.and_then(|m| m.department_id) else {
            return Ok(Vec::new());
        };
        query = query.filter(funding_budget::Column::DepartmentId.eq(department));
    }
    let head = viewer.has(Role::HeadOfService);
    let me = viewer.person_id;
    let budgets = query.all(db).await?;
    budget_rows(db, budgets, |_| {
        if everything || head {
            LineScope::Everyone
        } else {
            LineScope::ReportsOf(me)
        }
    })
    .await
}

/// One request in full: to its owner and their approvers; HR and
/// administrators see the money and the status but not the justification
/// or the decision's comment.
pub async fn detail(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    id: i32,
) -> Result<FundingRequestDetail, ServiceError> {
    let request = funding_request::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Funding request"))?;
    let (access, person) =
        access::record_access(db, viewer, request.person_id, "Funding request").await?;
    let owner = access == Access::Owner;
    let approver = access == Access::Reviewer && access::decides_for(db, viewer, &person).await?;
    let status = RequestStatus::parse(&request.status).unwrap_or(RequestStatus::Draft);
    let mut may: Vec<String> = RequestStatus::ALL
        .into_iter()
        .filter(|to| status.may_become(*to, owner, approver))
        .map(|to| to.action().to_string())
        .collect();
    if owner && matches!(status, RequestStatus::Draft | RequestStatus::Returned) {
        may.insert(0, "edit".into());
    }
    let recorded = match request.cpd_activity_id {
        Some(activity) => {
            cpd_activity::Entity::find_by_id(activity)
                .select_only()
                .column(cpd_activity::Column::Id)
                .into_tuple::<i32>()
                .one(db)
                .await?
        }
        None => None,
    };
    if owner && status == RequestStatus::Completed && recorded.is_none() {
        may.push("record_cpd".into());
    }
    let budget = match (request.budget_id, access) {
        (Some(budget_id), Access::Owner | Access::Reviewer) => {
            let found = funding_budget::Entity::find_by_id(budget_id)
                .all(db)
                .await?;
            let scope = if approver {
                LineScope::Everyone
            } else {
                LineScope::Nobody
            };
            budget_rows(db, found, |_| scope).await?.into_iter().next()
        }
        _ => None,
    };
    let objective = match request.pdp_objective_id {
        Some(objective) => pdp_objective::Entity::find_by_id(objective)
            .one(db)
            .await?
            .map(|o| o.title),
        None => None,
    };
    let full = access != Access::CountsOnly;
    let money = |p: i64| Pence(p).to_string();
    let plain = |p: i64| Pence(p).plain();
    let input = FundingRequestInput {
        activity: request.activity.clone(),
        provider: request.provider.clone(),
        start_date: request.start_date.to_string(),
        end_date: request.end_date.to_string(),
        fee: plain(request.fee_pence),
        travel: plain(request.travel_pence),
        subsistence: plain(request.subsistence_pence),
        backfill: plain(request.backfill_pence),
        source: request.source.clone(),
        justification: if owner {
            request.justification.clone()
        } else {
            String::new()
        },
        pdp_objective_id: request
            .pdp_objective_id
            .map(|o| o.to_string())
            .unwrap_or_default(),
    };
    let fee = money(request.fee_pence);
    let travel = money(request.travel_pence);
    let subsistence = money(request.subsistence_pence);
    let backfill = money(request.backfill_pence);
    let justification = full.then(|| request.justification.clone());
    let decided_at = request
        .decided_at
        .map(|t| t.date_naive().format("%-d %B %Y").to_string());
    let cpd_activity_id = if owner || approver { recorded } else { None };
    let mut row = funding::rows(db, vec![request]).await?.remove(0);
    if !full {
        row.decision_comment = None;
    }
    Ok(FundingRequestDetail {
        row,
        input,
        fee,
        travel,
        subsistence,
        backfill,
        justification,
        objective: if full { objective } else { None },
        decided_at,
        budget,
        cpd_activity_id,
        may,
        mine: owner,
    })
}

/// Submitted requests awaiting the viewer: their direct reports', and for
/// a head of service those of people in their department with no line
/// manager (the same people whose learning time they decide).
pub async fn queue(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<Vec<FundingRequestRow>, ServiceError> {
    let requests = funding_request::Entity::find()
        .filter(
            funding_request::Column::PersonId.in_subquery(access::decided_by(db, viewer).await?),
        )
        .filter(funding_request::Column::Status.eq(RequestStatus::Submitted.as_str()))
        .order_by_asc(funding_request::Column::UpdatedAt)
        .all(db)
        .await?;
    funding::rows(db, requests).await
}

/// How many submitted requests await the viewer (one counting query).
pub async fn awaiting_count(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<u64, ServiceError> {
    Ok(funding_request::Entity::find()
        .filter(
            funding_request::Column::PersonId.in_subquery(access::decided_by(db, viewer).await?),
        )
        .filter(funding_request::Column::Status.eq(RequestStatus::Submitted.as_str()))
        .count(db)
        .await?)
}

pub async fn sources(db: &impl ConnectionTrait) -> Result<Vec<FundingSourceView>, ServiceError> {
    let stored: HashMap<String, funding_source::Model> = funding_source::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.source.clone(), s))
        .collect();
    Ok(Source::ALL
        .into_iter()
        .map(|source| {
            let rules = stored.get(source.as_str());
            FundingSourceView {
                source: source.as_str().to_string(),
                label: source.label().to_string(),
                excludes_backfill: rules.is_some_and(|r| r.excludes_backfill),
                excluded_staff_groups: rules
                    .map(|r| r.excluded_staff_groups.clone())
                    .unwrap_or_default(),
            }
        })
        .collect())
}

/// Sets a source's eligibility: whether it pays for backfill, and the
/// staff groups it does not fund (one per line; each must be a known
/// group). Checked when a request is submitted.
pub async fn set_source(
    db: &DatabaseConnection,
    user: &CurrentUser,
    source: &str,
    excludes_backfill: bool,
    excluded_staff_groups: &str,
) -> Result<(), ServiceError> {
    let source = Source::parse(source)
        .ok_or_else(|| ServiceError::invalid("source", "Choose a funding source"))?;
    let mut groups: Vec<String> = Vec::new();
    for line in excluded_staff_groups.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(group) = staff::STAFF_GROUPS
            .iter()
            .find(|g| g.eq_ignore_ascii_case(line))
        else {
            return Err(ServiceError::invalid(
                "excluded_staff_groups",
                format!(
                    "\"{line}\" is not a staff group: use one of {}",
                    staff::STAFF_GROUPS.join(", ")
                ),
            ));
        };
        if !groups.iter().any(|g| g == group) {
            groups.push(group.to_string());
        }
    }
    let txn = begin_write(db).await?;
    funding_source::Entity::insert(funding_source::ActiveModel {
        source: Set(source.as_str().to_string()),
        excludes_backfill: Set(excludes_backfill),
        excluded_staff_groups: Set(groups.join("\n")),
    })
    .on_conflict(
        OnConflict::column(funding_source::Column::Source)
            .update_columns([
                funding_source::Column::ExcludesBackfill,
                funding_source::Column::ExcludedStaffGroups,
            ])
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "funding.source",
            "funding_source",
            source.as_str().to_string(),
        )
        .after_json(serde_json::json!({
            "excludes_backfill": excludes_backfill,
            "excluded_staff_groups": groups,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records the owner's completed request as a CPD activity (its title,
/// provider, dates and development-plan objective, with the hours and type
/// given), once: the link is set by a conditional UPDATE in the same
/// transaction, so a second click changes nothing.
pub async fn record_cpd(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    hours: &str,
    category_id: &str,
) -> Result<i32, ServiceError> {
    let txn = begin_write(db).await?;
    let request = funding_request::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|r| r.person_id == user.person_id)
        .ok_or(ServiceError::NotFound("Funding request"))?;
    if request.status != RequestStatus::Completed.as_str() {
        return Err(ServiceError::Conflict(
            "Only a completed request can be recorded as a CPD activity".into(),
        ));
    }
    let input = CpdInput {
        start_date: request.start_date.to_string(),
        end_date: if request.end_date != request.start_date {
            request.end_date.to_string()
        } else {
            String::new()
        },
        title: request.activity.clone(),
        category_id: category_id.to_string(),
        hours: hours.to_string(),
        provider: request.provider.clone(),
        pdp_objective_id: request
            .pdp_objective_id
            .map(|o| o.to_string())
            .unwrap_or_default(),
        ..Default::default()
    };
    let already = match request.cpd_activity_id {
        Some(linked) => cpd_activity::Entity::find_by_id(linked)
            .select_only()
            .column(cpd_activity::Column::Id)
            .into_tuple::<i32>()
            .one(&txn)
            .await?
            .is_some(),
        None => false,
    };
    if already {
        return Err(ServiceError::Conflict(
            "This request is already recorded in your CPD record".into(),
        ));
    }
    let activity = cpd::insert(&txn, user, &input).await?;
    // Conditional on the link read above: of two clicks at once, one links.
    let unchanged = match request.cpd_activity_id {
        Some(old) => funding_request::Column::CpdActivityId.eq(old),
        None => funding_request::Column::CpdActivityId.is_null(),
    };
    let linked = funding_request::Entity::update_many()
        .col_expr(
            funding_request::Column::CpdActivityId,
            Expr::value(activity),
        )
        .filter(funding_request::Column::Id.eq(id))
        .filter(unchanged)
        .exec(&txn)
        .await?;
    if linked.rows_affected != 1 {
        return Err(ServiceError::Conflict(
            "This request is already recorded in your CPD record".into(),
        ));
    }
    txn.commit().await?;
    Ok(activity)
}
