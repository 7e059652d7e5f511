//! CPD activities: only their owner reads or changes them here. Totals are
//! summed in SQL.

use super::{Problems, ServiceError, development, evidence};
use crate::api::cpd::{CpdActivityRow, CpdCategoryView, CpdInput, CpdOverview, HoursTotal};
use crate::domain::cpd::{self as rules, CpdHours};
use crate::domain::financial_year::FinancialYear;
use crate::domain::staff;
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{cpd_activity, cpd_category, person};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// What the activity list is narrowed to.
#[derive(Debug, Default)]
pub struct Filter {
    /// Page of the list, from 1.
    pub page: u64,
    pub year: Option<FinancialYear>,
    pub category_id: Option<i32>,
    pub search: Option<String>,
}

impl Filter {
    pub fn parse(
        year: &str,
        category: &str,
        search: &str,
        page: &str,
    ) -> Result<Filter, ServiceError> {
        let page = match page.trim() {
            "" => 1,
            p => p
                .parse::<u64>()
                .ok()
                .filter(|p| (1..=100_000).contains(p))
                .ok_or_else(|| ServiceError::invalid("page", "Choose a page from the list"))?,
        };
        let year = match year.trim() {
            "" => None,
            y => Some(
                FinancialYear::parse(y)
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
            page,
            year,
            category_id,
            search,
        })
    }

    fn condition(&self, person_id: i32) -> Condition {
        let mut condition = Condition::all().add(cpd_activity::Column::PersonId.eq(person_id));
        if let Some(year) = self.year {
            condition = condition
                .add(cpd_activity::Column::StartDate.between(year.first_day(), year.last_day()));
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

/// Activity rows matching `condition`, newest first, with their type's name
/// and how many evidence files each has.
pub async fn rows_where(
    db: &impl ConnectionTrait,
    condition: impl sea_orm::sea_query::IntoCondition,
) -> Result<Vec<CpdActivityRow>, ServiceError> {
    rows(db, condition, None).await
}

const PAGE_SIZE: u64 = rules::LIST_PAGE_SIZE as u64;

/// Rows matching `condition`, optionally only `(offset, limit)` of them.
async fn rows(
    db: &impl ConnectionTrait,
    condition: impl sea_orm::sea_query::IntoCondition,
    window: Option<(u64, u64)>,
) -> Result<Vec<CpdActivityRow>, ServiceError> {
    let names: HashMap<i32, String> = categories(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut query = cpd_activity::Entity::find()
        .filter(condition)
        .order_by_desc(cpd_activity::Column::StartDate)
        .order_by_desc(cpd_activity::Column::Id);
    if let Some((offset, limit)) = window {
        query = query.offset(offset).limit(limit);
    }
    let activities = query.all(db).await?;
    let evidence = evidence::counts_for(db, activities.iter().map(|a| a.id)).await?;
    Ok(activities
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
            evidence_files: evidence.get(&a.id).copied().unwrap_or(0),
        })
        .collect())
}

pub async fn overview(
    db: &DatabaseConnection,
    person_id: i32,
    filter: &Filter,
) -> Result<CpdOverview, ServiceError> {
    let categories = categories(db).await?;
    let condition = filter.condition(person_id);
    let count = cpd_activity::Entity::find()
        .filter(condition.clone())
        .count(db)
        .await?;
    let pages = std::cmp::max(count.div_ceil(PAGE_SIZE), 1);
    let page = std::cmp::min(filter.page, pages);
    let activities = rows(
        db,
        condition.clone(),
        Some(((page - 1) * PAGE_SIZE, PAGE_SIZE)),
    )
    .await?;
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
    // The financial year an activity falls in is the calendar year of the
    // date three months earlier.
    let year = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            "CAST(EXTRACT(YEAR FROM start_date - INTERVAL '3 months') AS INTEGER)"
        }
        _ => "CAST(strftime('%Y', start_date, '-3 months') AS INTEGER)",
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
        count: u32::try_from(count).unwrap_or(u32::MAX),
        page: u32::try_from(page).unwrap_or(1),
        pages: u32::try_from(pages).unwrap_or(1),
        total_hours: hours(total),
        by_category,
        by_year: per_year
            .into_iter()
            .map(|(y, q)| HoursTotal {
                label: FinancialYear(y).to_string(),
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
        pdp_objective_id: a
            .pdp_objective_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
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
    pdp_objective_id: Option<i32>,
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
        row.pdp_objective_id = Set(self.pdp_objective_id);
        row.updated_at = Set(chrono::Utc::now());
    }
}

/// Checks a form. `current_category` is the category the record already
/// has: a retired category may stay on an old record but not be newly chosen.
async fn validate(
    db: &impl ConnectionTrait,
    person_id: i32,
    input: &CpdInput,
    current_category: Option<i32>,
) -> Result<ValidActivity, ServiceError> {
    let mut problems = Problems::default();
    let link = development::parse_link(db, person_id, &input.pdp_objective_id).await?;
    let pdp_objective_id = problems.check("pdp_objective_id", link).flatten();
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
    let employed_from = person::Entity::find_by_id(person_id)
        .one(db)
        .await?
        .map(|p| p.start_date);
    if let (Some(start), Some(employed_from)) = (start_date, employed_from)
        && start < employed_from
    {
        problems.add(
            "start_date",
            format!("The date must be on or after your start date here ({employed_from})"),
        );
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
                pdp_objective_id,
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
    // Checked inside the transaction: the linked objective cannot be
    // deleted between the check and the write.
    let txn = crate::server::db::begin_write(db).await?;
    let created = insert(&txn, user, input).await?;
    txn.commit().await?;
    Ok(created)
}

/// Checks and stores a new activity of the signed-in person, with its audit
/// entry, inside the caller's transaction.
pub(super) async fn insert(
    txn: &impl ConnectionTrait,
    user: &CurrentUser,
    input: &CpdInput,
) -> Result<i32, ServiceError> {
    let valid = validate(txn, user.person_id, input, None).await?;
    let now = chrono::Utc::now();
    let mut row = cpd_activity::ActiveModel {
        person_id: Set(user.person_id),
        created_at: Set(now),
        ..Default::default()
    };
    valid.apply(&mut row);
    let created = row.insert(txn).await?;
    audit::record(
        txn,
        Entry::new(
            Some(user.user_id),
            "cpd.create",
            "cpd_activity",
            created.id.to_string(),
        )
        .after(&created),
    )
    .await?;
    Ok(created.id)
}

pub async fn update(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    input: &CpdInput,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let before = find_own(&txn, user.person_id, id).await?;
    let valid = validate(&txn, user.person_id, input, Some(before.category_id)).await?;
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
    let txn = crate::server::db::begin_write(db).await?;
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
    let txn = crate::server::db::begin_write(db).await?;
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
    let txn = crate::server::db::begin_write(db).await?;
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

/// One activity in full for its owner or a reviewer; anyone else is told it
/// does not exist.
pub async fn view(
    db: &DatabaseConnection,
    viewer: &CurrentUser,
    id: i32,
) -> Result<crate::api::cpd::CpdActivityView, ServiceError> {
    use super::access::{self, Access};
    let activity = cpd_activity::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("CPD activity"))?;
    let (access, who) = access::hidden_as_missing(
        access::require_full(db, viewer, activity.person_id).await,
        "CPD activity",
    )?;
    let row = rows_where(db, cpd_activity::Column::Id.eq(id))
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound("CPD activity"))?;
    let objective = match activity.pdp_objective_id {
        Some(o) => crate::server::db::entities::pdp_objective::Entity::find_by_id(o)
            .one(db)
            .await?
            .map(|o| o.title),
        None => None,
    };
    Ok(crate::api::cpd::CpdActivityView {
        row,
        person_id: who.id,
        person_name: who.name,
        learning_objective: activity.learning_objective,
        what_i_learnt: activity.what_i_learnt,
        change_to_practice: activity.change_to_practice,
        benefit_to_service_users: activity.benefit_to_service_users,
        follow_up: activity.follow_up,
        objective,
        evidence: evidence::list_for_viewer(db, viewer, id).await?,
        is_owner: access == Access::Owner,
    })
}
