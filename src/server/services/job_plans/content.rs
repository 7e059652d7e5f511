//! A plan version's content between the database rows and the domain's
//! checked `Plan`, and the category names.

use super::ServiceError;
use crate::domain::job_plans::form::{Activity, AnnualisedItem, Plan};
use crate::domain::job_plans::{Annualised, Category, Contract, Day, OnCall, Recurrence, Slot};
use crate::server::db::entities::{
    job_plan, job_plan_activity, job_plan_annualised, job_plan_category_label,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

fn minutes(value: i32) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

/// The stored plan. Rows were checked when saved; a row that no longer
/// reads (changed by hand in the database) is left out rather than failing
/// the page.
pub async fn load(db: &impl ConnectionTrait, plan: &job_plan::Model) -> Result<Plan, ServiceError> {
    let activities = job_plan_activity::Entity::find()
        .filter(job_plan_activity::Column::JobPlanId.eq(plan.id))
        .order_by_asc(job_plan_activity::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| {
            let n = a.every_n_weeks.and_then(|n| u32::try_from(n).ok());
            Some(Activity {
                slot: Slot {
                    day: Day::parse(&a.day)?,
                    start: minutes(a.start_minute),
                    end: minutes(a.end_minute),
                    category: Category::parse(&a.category)?,
                    recurrence: Recurrence::from_kind(&a.recurrence, n)?,
                    weeks_per_year: a.weeks_per_year,
                },
                description: a.description,
                location: a.location,
            })
        })
        .collect();
    let annualised = job_plan_annualised::Entity::find()
        .filter(job_plan_annualised::Column::JobPlanId.eq(plan.id))
        .order_by_asc(job_plan_annualised::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| {
            Some(AnnualisedItem {
                item: Annualised {
                    category: Category::parse(&a.category)?,
                    hours_per_year: a.hours_per_year,
                },
                description: a.description,
            })
        })
        .collect();
    let contract = if plan.contract_kind == "consultant" {
        Contract::Consultant {
            pas_per_week: plan.contract_amount,
        }
    } else {
        Contract::AgendaForChange {
            hours_per_week: plan.contract_amount,
        }
    };
    let on_call = match (
        plan.on_call_frequency,
        plan.on_call_category.as_deref(),
        plan.on_call_hours,
    ) {
        (Some(frequency), Some(category), Some(hours)) => Some(OnCall {
            frequency: u32::try_from(frequency).unwrap_or(1),
            category_a: category == "A",
            expected_hours_per_week_on_call: hours,
        }),
        _ => None,
    };
    Ok(Plan {
        contract,
        leave_days: plan.leave_days,
        public_holidays: plan.public_holidays,
        study_leave_days: plan.study_leave_days,
        on_call,
        activities,
        annualised,
    })
}

/// The header columns that hold the plan's figures.
pub fn header(plan: &Plan, into: &mut job_plan::ActiveModel) {
    let (kind, amount) = match plan.contract {
        Contract::AgendaForChange { hours_per_week } => ("afc", hours_per_week),
        Contract::Consultant { pas_per_week } => ("consultant", pas_per_week),
    };
    into.contract_kind = Set(kind.to_string());
    into.contract_amount = Set(amount);
    into.leave_days = Set(plan.leave_days);
    into.public_holidays = Set(plan.public_holidays);
    into.study_leave_days = Set(plan.study_leave_days);
    into.on_call_frequency = Set(plan
        .on_call
        .map(|o| i32::try_from(o.frequency).unwrap_or(1)));
    into.on_call_category = Set(plan
        .on_call
        .map(|o| if o.category_a { "A" } else { "B" }.to_string()));
    into.on_call_hours = Set(plan.on_call.map(|o| o.expected_hours_per_week_on_call));
}

/// Replaces the version's activities and annualised items with the plan's.
pub async fn store(
    db: &impl ConnectionTrait,
    plan_id: i32,
    plan: &Plan,
) -> Result<(), ServiceError> {
    job_plan_activity::Entity::delete_many()
        .filter(job_plan_activity::Column::JobPlanId.eq(plan_id))
        .exec(db)
        .await?;
    job_plan_annualised::Entity::delete_many()
        .filter(job_plan_annualised::Column::JobPlanId.eq(plan_id))
        .exec(db)
        .await?;
    let (activities, annualised) = rows(plan_id, plan);
    if !activities.is_empty() {
        job_plan_activity::Entity::insert_many(activities)
            .exec(db)
            .await?;
    }
    if !annualised.is_empty() {
        job_plan_annualised::Entity::insert_many(annualised)
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The rows that store a version's weekly activities and annualised items.
pub fn rows(
    plan_id: i32,
    plan: &Plan,
) -> (
    Vec<job_plan_activity::ActiveModel>,
    Vec<job_plan_annualised::ActiveModel>,
) {
    let activities = plan
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| job_plan_activity::ActiveModel {
            job_plan_id: Set(plan_id),
            position: Set(i32::try_from(i).unwrap_or(0)),
            day: Set(a.slot.day.as_str().to_string()),
            start_minute: Set(i32::try_from(a.slot.start).unwrap_or(0)),
            end_minute: Set(i32::try_from(a.slot.end).unwrap_or(0)),
            category: Set(a.slot.category.as_str().to_string()),
            description: Set(a.description.clone()),
            location: Set(a.location.clone()),
            recurrence: Set(a.slot.recurrence.kind().to_string()),
            every_n_weeks: Set(a
                .slot
                .recurrence
                .every_n()
                .map(|n| i32::try_from(n).unwrap_or(2))),
            weeks_per_year: Set(a.slot.weeks_per_year),
            ..Default::default()
        })
        .collect();
    let annualised = plan
        .annualised
        .iter()
        .enumerate()
        .map(|(i, a)| job_plan_annualised::ActiveModel {
            job_plan_id: Set(plan_id),
            position: Set(i32::try_from(i).unwrap_or(0)),
            category: Set(a.item.category.as_str().to_string()),
            description: Set(a.description.clone()),
            hours_per_year: Set(a.item.hours_per_year),
            ..Default::default()
        })
        .collect();
    (activities, annualised)
}

/// The categories' names, in `Category::ALL` order: an administrator's
/// name where set, else the national one.
pub async fn labels(db: &impl ConnectionTrait) -> Result<[String; 4], ServiceError> {
    let custom = job_plan_category_label::Entity::find().all(db).await?;
    Ok(Category::ALL.map(|c| {
        custom
            .iter()
            .find(|l| l.category == c.as_str())
            .map(|l| l.label.clone())
            .unwrap_or_else(|| c.default_label().to_string())
    }))
}
