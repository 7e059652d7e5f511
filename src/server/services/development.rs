//! PDP objectives: only their owner reads or changes them here; linked
//! activity counts and hours are summed in SQL.

use super::{Problems, ServiceError};
use crate::api::development::{ObjectiveChoice, ObjectiveDetail, ObjectiveInput, ObjectiveRow};
use crate::domain::cpd::{CpdHours, optional_text};
use crate::domain::development::{self as rules, ObjectiveStatus};
use crate::domain::staff;
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{cpd_activity, pdp_objective};
use crate::server::services::cpd;
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

fn row(o: pdp_objective::Model, linked: Option<&(i64, i64)>, today: NaiveDate) -> ObjectiveRow {
    let status = ObjectiveStatus::parse(&o.status).unwrap_or(ObjectiveStatus::NotStarted);
    let (count, quarters) = linked.copied().unwrap_or((0, 0));
    ObjectiveRow {
        id: o.id,
        title: o.title,
        description: o.description,
        target_date: o.target_date.map(|d| d.to_string()),
        status: status.as_str().to_string(),
        status_label: status.label().to_string(),
        overdue: status.is_open() && o.target_date.is_some_and(|d| d < today),
        activity_count: u32::try_from(count).unwrap_or(0),
        activity_hours: CpdHours::from_quarters(u32::try_from(quarters).unwrap_or(0)).to_string(),
    }
}

/// (activities, quarter hours) linked to each objective of a person.
async fn linked_totals(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<HashMap<i32, (i64, i64)>, ServiceError> {
    let rows: Vec<(Option<i32>, i64, i64)> = cpd_activity::Entity::find()
        .select_only()
        .column(cpd_activity::Column::PdpObjectiveId)
        .column_as(
            Expr::col(cpd_activity::Column::Id)
                .count()
                .cast_as("BIGINT"),
            "n",
        )
        .column_as(
            Expr::col(cpd_activity::Column::QuarterHours)
                .sum()
                .cast_as("BIGINT"),
            "quarters",
        )
        .filter(cpd_activity::Column::PersonId.eq(person_id))
        .filter(cpd_activity::Column::PdpObjectiveId.is_not_null())
        .group_by(cpd_activity::Column::PdpObjectiveId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n, q)| id.map(|id| (id, (n, q))))
        .collect())
}

pub async fn list(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<ObjectiveRow>, ServiceError> {
    let linked = linked_totals(db, person_id).await?;
    let today = chrono::Utc::now().date_naive();
    Ok(pdp_objective::Entity::find()
        .filter(pdp_objective::Column::PersonId.eq(person_id))
        .order_by_asc(pdp_objective::Column::TargetDate)
        .order_by_asc(pdp_objective::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| {
            let totals = linked.get(&o.id);
            row(o, totals, today)
        })
        .collect())
}

pub async fn choices(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<ObjectiveChoice>, ServiceError> {
    Ok(pdp_objective::Entity::find()
        .filter(pdp_objective::Column::PersonId.eq(person_id))
        .order_by_asc(pdp_objective::Column::Title)
        .all(db)
        .await?
        .into_iter()
        .map(|o| ObjectiveChoice {
            id: o.id,
            title: o.title,
        })
        .collect())
}

/// An objective of `person_id`; anyone else's answers "not found".
pub async fn find_own(
    db: &impl ConnectionTrait,
    person_id: i32,
    id: i32,
) -> Result<pdp_objective::Model, ServiceError> {
    pdp_objective::Entity::find_by_id(id)
        .filter(pdp_objective::Column::PersonId.eq(person_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Objective"))
}

pub async fn detail(
    db: &DatabaseConnection,
    person_id: i32,
    id: i32,
) -> Result<ObjectiveDetail, ServiceError> {
    let objective = find_own(db, person_id, id).await?;
    let linked = linked_totals(db, person_id).await?;
    let activities = cpd::rows_where(
        db,
        cpd_activity::Column::PersonId
            .eq(person_id)
            .and(cpd_activity::Column::PdpObjectiveId.eq(id)),
    )
    .await?;
    let totals = linked.get(&objective.id);
    Ok(ObjectiveDetail {
        objective: row(objective, totals, chrono::Utc::now().date_naive()),
        activities,
    })
}

/// Checks an optional objective id from a form: empty is none, anything
/// else must be one of the person's own objectives.
pub async fn parse_link(
    db: &impl ConnectionTrait,
    person_id: i32,
    raw: &str,
) -> Result<Result<Option<i32>, String>, ServiceError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Ok(None));
    }
    let Ok(id) = raw.parse::<i32>() else {
        return Ok(Err("Choose an objective from the list".into()));
    };
    match find_own(db, person_id, id).await {
        Ok(o) => Ok(Ok(Some(o.id))),
        Err(ServiceError::NotFound(_)) => Ok(Err("Choose an objective from the list".into())),
        Err(other) => Err(other),
    }
}

struct ValidObjective {
    title: String,
    description: Option<String>,
    target_date: Option<NaiveDate>,
    status: ObjectiveStatus,
}

fn validate(input: &ObjectiveInput) -> Result<ValidObjective, ServiceError> {
    let mut problems = Problems::default();
    let title = problems.check(
        "title",
        staff::parse_text(&input.title, "the objective", rules::MAX_OBJECTIVE_TITLE),
    );
    let description = problems
        .check(
            "description",
            optional_text(
                &input.description,
                "The description",
                rules::MAX_OBJECTIVE_DESCRIPTION,
            ),
        )
        .flatten();
    let target_date = problems
        .check(
            "target_date",
            staff::parse_optional_date(&input.target_date, "The target date"),
        )
        .flatten();
    if let Some(date) = target_date
        && !(NaiveDate::from_ymd_opt(2000, 1, 1)..NaiveDate::from_ymd_opt(2100, 1, 1))
            .contains(&Some(date))
    {
        problems.add("target_date", "Enter a target date between 2000 and 2099");
    }
    let status = match input.status.trim() {
        "" => Some(ObjectiveStatus::NotStarted),
        raw => problems.check(
            "status",
            ObjectiveStatus::parse(raw).ok_or_else(|| "Choose a status from the list".to_string()),
        ),
    };
    match (problems.is_empty(), title, status) {
        (true, Some(title), Some(status)) => Ok(ValidObjective {
            title,
            description,
            target_date,
            status,
        }),
        _ => Err(problems.into_error()),
    }
}

impl ValidObjective {
    fn apply(self, row: &mut pdp_objective::ActiveModel) {
        row.title = Set(self.title);
        row.description = Set(self.description);
        row.target_date = Set(self.target_date);
        row.status = Set(self.status.as_str().to_string());
        row.updated_at = Set(chrono::Utc::now());
    }
}

pub async fn create(
    db: &DatabaseConnection,
    user: &CurrentUser,
    input: &ObjectiveInput,
) -> Result<i32, ServiceError> {
    let valid = validate(input)?;
    let mut row = pdp_objective::ActiveModel {
        person_id: Set(user.person_id),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    valid.apply(&mut row);
    let txn = crate::server::db::begin_write(db).await?;
    let created = row.insert(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "pdp.create",
            "pdp_objective",
            created.id.to_string(),
        )
        .after(&created),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

pub async fn update(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    input: &ObjectiveInput,
) -> Result<(), ServiceError> {
    let valid = validate(input)?;
    let txn = crate::server::db::begin_write(db).await?;
    let before = find_own(&txn, user.person_id, id).await?;
    let mut row: pdp_objective::ActiveModel = before.clone().into();
    valid.apply(&mut row);
    let after = row.update(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "pdp.update",
            "pdp_objective",
            id.to_string(),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes an objective; linked activities and sessions keep their records
/// and lose the link.
pub async fn delete(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let before = find_own(&txn, user.person_id, id).await?;
    pdp_objective::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "pdp.delete",
            "pdp_objective",
            id.to_string(),
        )
        .before(&before),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
