//! Demo job plans: everyone in post in the demo organisation except the
//! demo staff member (who starts their own) gets this plan year's plan, most
//! signed off, some awaiting agreement or sign-off, a few signed off more
//! than 12 months ago, so the team view has something to show.

use super::services::ServiceError;
use super::services::job_plans::content;
use crate::domain::financial_year::FinancialYear;
use crate::domain::job_plans::form::{ActivityForm, AnnualisedForm, PlanForm};
use crate::domain::job_plans::status::PlanStatus;
use crate::server::db::entities::{job_plan, job_plan_event, person};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder,
};

fn activity(day: &str, start: &str, end: &str, category: &str, what: &str) -> ActivityForm {
    ActivityForm {
        day: day.into(),
        start: start.into(),
        end: end.into(),
        category: category.into(),
        description: what.into(),
        location: String::new(),
        recurrence: "every".into(),
        every_n_weeks: String::new(),
        weeks_per_year: "45".into(),
    }
}

/// Whole days of 7.5 hours (09:00-12:30, 13:00-17:00) to cover the hours,
/// the last afternoon kept for supporting professional activities.
pub(super) fn standard_week(hours: f64) -> PlanForm {
    let days = ((hours / 7.5).ceil() as usize).clamp(1, 5);
    let mut form = PlanForm::starting(days as f64 * 7.5);
    for (i, day) in ["monday", "tuesday", "wednesday", "thursday", "friday"]
        .into_iter()
        .take(days)
        .enumerate()
    {
        form.activities
            .push(activity(day, "09:00", "12:30", "dcc", "Clinical service"));
        let (category, what) = if i + 1 == days {
            ("spa", "CPD, audit and teaching")
        } else {
            ("dcc", "Clinical service")
        };
        form.activities
            .push(activity(day, "13:00", "17:00", category, what));
    }
    form.annualised.push(AnnualisedForm {
        category: "anr".into(),
        description: "Departmental quality meetings".into(),
        hours_per_year: "20".into(),
    });
    form
}

pub async fn load(
    db: &impl ConnectionTrait,
    skip_person: Option<i32>,
    head: i32,
) -> Result<usize, ServiceError> {
    let today = Utc::now().date_naive();
    let year = FinancialYear::containing(today);
    let people = person::Entity::find()
        .filter(
            Condition::any()
                .add(person::Column::EndDate.is_null())
                .add(person::Column::EndDate.gte(today)),
        )
        .filter(person::Column::LineManagerId.is_not_null())
        .order_by_asc(person::Column::Id)
        .all(db)
        .await?;
    let mut count = 0;
    for (i, p) in people.iter().enumerate() {
        if Some(p.id) == skip_person {
            continue;
        }
        // Mostly signed off, a few awaiting a step, some overdue for review.
        let (status, days_ago) = match i % 10 {
            7 => (PlanStatus::Submitted, 0),
            8 => (PlanStatus::Agreed, 0),
            9 => (PlanStatus::SignedOff, 380 + i as i64),
            _ => (PlanStatus::SignedOff, 20 + (i as i64 * 13) % 300),
        };
        let plan = standard_week(p.contracted_hours)
            .parse()
            .map_err(ServiceError::InvalidAt)?;
        let signed_at = Utc::now() - Duration::days(days_ago);
        let agreed_at = signed_at - Duration::days(7);
        let manager = p.line_manager_id.unwrap_or(head);
        let agreed = matches!(status, PlanStatus::Agreed | PlanStatus::SignedOff);
        let signed = status == PlanStatus::SignedOff;
        let mut row = job_plan::ActiveModel {
            person_id: Set(p.id),
            year_start: Set(if signed && days_ago > 365 {
                year.0 - 1
            } else {
                year.0
            }),
            version: Set(1),
            status: Set(status.as_str().to_string()),
            lock_version: Set(if signed { 3 } else { 1 }),
            submitted_at: Set(Some(agreed_at - Duration::days(7))),
            agreed_by_person_id: Set(agreed.then_some(manager)),
            agreed_at: Set(agreed.then_some(agreed_at)),
            signed_off_by_person_id: Set(signed.then_some(head)),
            signed_off_at: Set(signed.then_some(signed_at)),
            created_at: Set(agreed_at - Duration::days(14)),
            updated_at: Set(if signed { signed_at } else { agreed_at }),
            ..Default::default()
        };
        content::header(&plan, &mut row);
        let saved = row.insert(db).await?;
        content::store(db, saved.id, &plan).await?;
        let mut steps = vec![("submitted", p.id, agreed_at - Duration::days(7))];
        if agreed {
            steps.push(("agreed", manager, agreed_at));
        }
        if signed {
            steps.push(("signed_off", head, signed_at));
        }
        for (action, actor, at) in steps {
            job_plan_event::ActiveModel {
                job_plan_id: Set(saved.id),
                action: Set(action.to_string()),
                actor_person_id: Set(actor),
                comment: Set(None),
                at: Set(at),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        count += 1;
    }
    Ok(count)
}
