//! CPD activities: only their owner reads or changes them here. Totals are
//! summed in SQL.

use super::{Problems, ServiceError};
use crate::api::cpd::{CpdActivityRow, CpdCategoryView, CpdInput, CpdOverview, HoursTotal};
use crate::domain::cpd::{self as rules, CpdHours};
use crate::domain::staff;
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{cpd_activity, cpd_category};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend,
    DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use std::collections::HashMap;

/// What the activity list is narrowed to.
#[derive(Debug, Default)]
pub struct Filter {
    pub year: Option<i32>,
    pub category_id: Option<i32>,
    pub search: Option<String>,
}

impl Filter {
    pub fn parse(year: &str, category: &str, search: &str) -> Result<Filter, ServiceError> {
        let year = match year.trim() {
            "" => None,
            y => Some(
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (1970..=9999).contains(y))
                    .ok_or_else(|| ServiceError::invalid("year", "Choose a year from the list"))?,
            ),
        };
        let category_id = match category.trim() {
            "" => None,
            c => Some(c.parse::<i32>().map_err(|_| {
                ServiceError::invalid("category", "Choose a category from the list")
            })?),
        };
        let search = Some(search.trim().to_lowercase()).filter(|s| !s.is_empty());
        Ok(Filter {
            year,
            category_id,
            search,
        })
    }

    fn condition(&self, person_id: i32) -> Condition {
        let mut condition = Condition::all().add(cpd_activity::Column::PersonId.eq(person_id));
        if let Some(year) = self.year {
            let first = NaiveDate::from_ymd_opt(year, 1, 1);
            let last = NaiveDate::from_ymd_opt(year, 12, 31);
            if let (Some(first), Some(last)) = (first, last) {
                condition = condition.add(cpd_activity::Column::StartDate.between(first, last));
            }
        }
        if let Some(category) = self.category_id {
            condition = condition.add(cpd_activity::Column::CategoryId.eq(category));
        }
        if let Some(term) = &self.search {
            let pattern = format!("%{}%", term.replace(['%', '_'], ""));
            let lower = |c: cpd_activity::Column| {
                Expr::expr(Func::lower(Expr::col(c))).like(pattern.clone())
            };
            condition = condition.add(
                Condition::any()
                    .add(lower(cpd_activity::Column::Title))
                    .add(lower(cpd_activity::Column::Provider))
                    .add(lower(cpd_activity::Column::WhatILearnt))
                    .add(lower(cpd_activity::Column::LearningObjective)),
            );
        }
        condition
    }
}

pub async fn categories(db: &impl ConnectionTrait) -> Result<Vec<CpdCategoryView>, ServiceError> {
    Ok(cpd_category::Entity::find()
        .order_by_asc(cpd_category::Column::Position)
        .order_by_asc(cpd_category::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| CpdCategoryView {
            id: c.id,
            name: c.name,
            retired: c.retired,
        })
        .collect())
}

fn hours(quarters: i64) -> String {
    CpdHours::from_quarters(u32::try_from(quarters).unwrap_or(0)).to_string()
}

pub async fn overview(
    db: &DatabaseConnection,
    person_id: i32,
    filter: &Filter,
) -> Result<CpdOverview, ServiceError> {
    let categories = categories(db).await?;
    let names: HashMap<i32, String> = categories.iter().map(|c| (c.id, c.name.clone())).collect();
    let condition = filter.condition(person_id);
    let activities: Vec<CpdActivityRow> = cpd_activity::Entity::find()
        .filter(condition.clone())
        .order_by_desc(cpd_activity::Column::StartDate)
        .order_by_desc(cpd_activity::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| CpdActivityRow {
            id: a.id,
            start_date: a.start_date.to_string(),
            end_date: a.end_date.map(|d| d.to_string()),
            title: a.title,
            category: names.get(&a.category_id).cloned().unwrap_or_default(),
            hours: hours(i64::from(a.quarter_hours)),
            provider: a.provider,
            in_protected_time: a.in_protected_time,
        })
        .collect();
    let per_category: Vec<(i32, i64)> = cpd_activity::Entity::find()
        .select_only()
        .column(cpd_activity::Column::CategoryId)
        .column_as(
            Expr::col(cpd_activity::Column::QuarterHours)
                .sum()
                .cast_as("BIGINT"),
            "quarters",
        )
        .filter(condition)
        .group_by(cpd_activity::Column::CategoryId)
        .into_tuple()
        .all(db)
        .await?;
    let total: i64 = per_category.iter().map(|(_, q)| q).sum();
    let by_category = categories
        .iter()
        .filter_map(|c| {
            per_category
                .iter()
                .find(|(id, _)| *id == c.id)
                .map(|(_, q)| HoursTotal {
                    label: c.name.clone(),
                    hours: hours(*q),
                })
        })
        .collect();
    let year = match db.get_database_backend() {
        DatabaseBackend::Postgres => "CAST(EXTRACT(YEAR FROM start_date) AS INTEGER)",
        _ => "CAST(strftime('%Y', start_date) AS INTEGER)",
    };
    let per_year: Vec<(i32, i64)> = cpd_activity::Entity::find()
        .select_only()
        .column_as(Expr::cust(year), "year")
        .column_as(
            Expr::col(cpd_activity::Column::QuarterHours)
                .sum()
                .cast_as("BIGINT"),
            "quarters",
        )
        .filter(cpd_activity::Column::PersonId.eq(person_id))
        .group_by(Expr::cust(year))
        .order_by_desc(Expr::cust(year))
        .into_tuple()
        .all(db)
        .await?;
    Ok(CpdOverview {
        activities,
        total_hours: hours(total),
        by_category,
        by_year: per_year
            .into_iter()
            .map(|(y, q)| HoursTotal {
                label: y.to_string(),
                hours: hours(q),
            })
            .collect(),
        categories,
    })
}

/// An activity of `person_id`; anyone else's answers "not found", so ids
/// reveal nothing.
async fn find_own(
    db: &impl ConnectionTrait,
    person_id: i32,
    id: i32,
) -> Result<cpd_activity::Model, ServiceError> {
    cpd_activity::Entity::find_by_id(id)
        .filter(cpd_activity::Column::PersonId.eq(person_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("CPD activity"))
}

pub async fn get_own(
    db: &impl ConnectionTrait,
    person_id: i32,
    id: i32,
) -> Result<CpdInput, ServiceError> {
    let a = find_own(db, person_id, id).await?;
    Ok(CpdInput {
        start_date: a.start_date.to_string(),
        end_date: a.end_date.map(|d| d.to_string()).unwrap_or_default(),
        title: a.title,
        category_id: a.category_id.to_string(),
        hours: hours(i64::from(a.quarter_hours)),
        provider: a.provider.unwrap_or_default(),
        learning_objective: a.learning_objective.unwrap_or_default(),
        what_i_learnt: a.what_i_learnt.unwrap_or_default(),
        change_to_practice: a.change_to_practice.unwrap_or_default(),
        benefit_to_service_users: a.benefit_to_service_users.unwrap_or_default(),
        follow_up: a.follow_up.unwrap_or_default(),
        in_protected_time: a.in_protected_time.then(|| "on".to_string()),
    })
}

/// A CPD form that passed every check.
struct ValidActivity {
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    title: String,
    category_id: i32,
    hours: CpdHours,
    provider: Option<String>,
    learning_objective: Option<String>,
    what_i_learnt: Option<String>,
    change_to_practice: Option<String>,
    benefit_to_service_users: Option<String>,
    follow_up: Option<String>,
    in_protected_time: bool,
}

impl ValidActivity {
    fn apply(self, row: &mut cpd_activity::ActiveModel) {
        row.start_date = Set(self.start_date);
        row.end_date = Set(self.end_date);
        row.title = Set(self.title);
        row.category_id = Set(self.category_id);
        row.quarter_hours = Set(i32::try_from(self.hours.quarters()).unwrap_or(i32::MAX));
        row.provider = Set(self.provider);
        row.learning_objective = Set(self.learning_objective);
        row.what_i_learnt = Set(self.what_i_learnt);
        row.change_to_practice = Set(self.change_to_practice);
        row.benefit_to_service_users = Set(self.benefit_to_service_users);
        row.follow_up = Set(self.follow_up);
        row.in_protected_time = Set(self.in_protected_time);
        row.updated_at = Set(chrono::Utc::now());
    }
}

/// Checks a form. `current_category` is the category the record already
/// has: a retired category may stay on an old record but not be newly chosen.
async fn validate(
    db: &impl ConnectionTrait,
    input: &CpdInput,
    current_category: Option<i32>,
) -> Result<ValidActivity, ServiceError> {
    let mut problems = Problems::default();
    let today = chrono::Utc::now().date_naive();
    let start_date = problems.check(
        "start_date",
        staff::parse_date(&input.start_date, "The date"),
    );
    let end_date = problems
        .check(
            "end_date",
            staff::parse_optional_date(&input.end_date, "The end date"),
        )
        .flatten();
    if let Some(start) = start_date
        && let Err((field, message)) = rules::check_dates(start, end_date, today)
    {
        problems.add(field, message);
    }
    let title = problems.check(
        "title",
        staff::parse_text(&input.title, "a title", rules::MAX_TITLE),
    );
    let category_id = problems.check(
        "category_id",
        input
            .category_id
            .trim()
            .parse::<i32>()
            .map_err(|_| "Select the type of activity".to_string()),
    );
    if let Some(id) = category_id {
        match cpd_category::Entity::find_by_id(id).one(db).await? {
            None => problems.add("category_id", "Select the type of activity"),
            Some(c) if c.retired && Some(c.id) != current_category => problems.add(
                "category_id",
                "That type of activity is no longer in use: choose another",
            ),
            Some(_) => {}
        }
    }
    let hours = problems.check("hours", CpdHours::parse(&input.hours));
    let mut text = |field: &'static str, raw: &str, what: &str, max: usize| {
        problems
            .check(field, rules::optional_text(raw, what, max))
            .flatten()
    };
    let provider = text(
        "provider",
        &input.provider,
        "The provider",
        rules::MAX_TITLE,
    );
    let learning_objective = text(
        "learning_objective",
        &input.learning_objective,
        "The learning objective",
        rules::MAX_REFLECTION,
    );
    let what_i_learnt = text(
        "what_i_learnt",
        &input.what_i_learnt,
        "What you learnt",
        rules::MAX_REFLECTION,
    );
    let change_to_practice = text(
        "change_to_practice",
        &input.change_to_practice,
        "How it changed your practice",
        rules::MAX_REFLECTION,
    );
    let benefit_to_service_users = text(
        "benefit_to_service_users",
        &input.benefit_to_service_users,
        "The benefit to service users",
        rules::MAX_REFLECTION,
    );
    let follow_up = text(
        "follow_up",
        &input.follow_up,
        "The follow-up",
        rules::MAX_REFLECTION,
    );
    match (problems.is_empty(), start_date, title, category_id, hours) {
        (true, Some(start_date), Some(title), Some(category_id), Some(hours)) => {
            Ok(ValidActivity {
                start_date,
                end_date,
                title,
                category_id,
                hours,
                provider,
                learning_objective,
                what_i_learnt,
                change_to_practice,
                benefit_to_service_users,
                follow_up,
                in_protected_time: input.in_protected_time.is_some(),
            })
        }
        _ => Err(problems.into_error()),
    }
}

pub async fn create(
    db: &DatabaseConnection,
    user: &CurrentUser,
    input: &CpdInput,
) -> Result<i32, ServiceError> {
    let valid = validate(db, input, None).await?;
    let now = chrono::Utc::now();
    let mut row = cpd_activity::ActiveModel {
        person_id: Set(user.person_id),
        created_at: Set(now),
        ..Default::default()
    };
    valid.apply(&mut row);
    let txn = db.begin().await?;
    let created = row.insert(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "cpd.create",
            "cpd_activity",
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
    input: &CpdInput,
) -> Result<(), ServiceError> {
    let txn = db.begin().await?;
    let before = find_own(&txn, user.person_id, id).await?;
    let valid = validate(&txn, input, Some(before.category_id)).await?;
    let mut row: cpd_activity::ActiveModel = before.clone().into();
    valid.apply(&mut row);
    let after = row.update(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "cpd.update",
            "cpd_activity",
            id.to_string(),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
) -> Result<(), ServiceError> {
    let txn = db.begin().await?;
    let before = find_own(&txn, user.person_id, id).await?;
    cpd_activity::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "cpd.delete",
            "cpd_activity",
            id.to_string(),
        )
        .before(&before),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn create_category(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    name: &str,
) -> Result<i32, ServiceError> {
    let name = staff::parse_text(name, "a name for the type of activity", 80)
        .map_err(|m| ServiceError::invalid("name", m))?;
    let clash = cpd_category::Entity::find()
        .filter(
            Expr::expr(Func::lower(Expr::col(cpd_category::Column::Name))).eq(name.to_lowercase()),
        )
        .one(db)
        .await?;
    if clash.is_some() {
        return Err(ServiceError::invalid(
            "name",
            "There is already a type of activity with this name",
        ));
    }
    let txn = db.begin().await?;
    let position: Option<i32> = cpd_category::Entity::find()
        .select_only()
        .column_as(Expr::col(cpd_category::Column::Position).max(), "position")
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    let created = cpd_category::ActiveModel {
        name: Set(name.clone()),
        position: Set(position.unwrap_or(0) + 1),
        retired: Set(false),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Entry::new(
            Some(admin.user_id),
            "cpd_category.create",
            "cpd_category",
            created.id.to_string(),
        )
        .after_json(serde_json::json!({ "name": name })),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

pub async fn set_category_retired(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    id: i32,
    retired: bool,
) -> Result<(), ServiceError> {
    let txn = db.begin().await?;
    let category = cpd_category::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Type of activity"))?;
    let was = category.retired;
    let mut row: cpd_category::ActiveModel = category.into();
    row.retired = Set(retired);
    row.update(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(admin.user_id),
            if retired {
                "cpd_category.retire"
            } else {
                "cpd_category.restore"
            },
            "cpd_category",
            id.to_string(),
        )
        .before_json(serde_json::json!({ "retired": was }))
        .after_json(serde_json::json!({ "retired": retired })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
