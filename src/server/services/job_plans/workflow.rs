//! Changing plans: starting one, saving a draft, the workflow steps, new
//! versions and next year's copy, and the category names. Each runs in one
//! write transaction with its history entry and audit record.

use super::{ServiceError, content, find, is_line_manager, latest_of_year, status_of};
use crate::domain::financial_year::FinancialYear;
use crate::domain::job_plans::Category;
use crate::domain::job_plans::form::{Plan, PlanForm};
use crate::domain::job_plans::status::{PlanAction, PlanStatus};
use crate::domain::roles::Role;
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::begin_write;
use crate::server::db::entities::{job_plan, job_plan_category_label, job_plan_event, person};
use crate::server::services::access::{self, is_head_of_department};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};

/// Longest comment on a return or reopening.
const MAX_COMMENT: usize = 2000;

async fn event(
    db: &impl ConnectionTrait,
    plan_id: i32,
    action: &str,
    actor: i32,
    comment: Option<String>,
) -> Result<(), ServiceError> {
    job_plan_event::ActiveModel {
        job_plan_id: Set(plan_id),
        action: Set(action.to_string()),
        actor_person_id: Set(actor),
        comment: Set(comment),
        at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Why a version is created: its history entry, its audit action, and
/// any comment for the history.
struct Origin {
    event: &'static str,
    audit: &'static str,
    comment: Option<String>,
}

impl Origin {
    fn new(event: &'static str, audit: &'static str) -> Origin {
        Origin {
            event,
            audit,
            comment: None,
        }
    }
}

/// A new version row (draft) holding `plan`, with its history entry and
/// audit record.
async fn insert_version(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    (person_id, year, version): (i32, i32, i32),
    plan: &Plan,
    origin: Origin,
) -> Result<job_plan::Model, ServiceError> {
    let now = chrono::Utc::now();
    let mut row = job_plan::ActiveModel {
        person_id: Set(person_id),
        year_start: Set(year),
        version: Set(version),
        status: Set(PlanStatus::Draft.as_str().to_string()),
        lock_version: Set(0),
        submitted_at: Set(None),
        agreed_by_person_id: Set(None),
        agreed_at: Set(None),
        signed_off_by_person_id: Set(None),
        signed_off_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    content::header(plan, &mut row);
    let created = row
        .insert(db)
        .await
        .map_err(|e| match ServiceError::from(e) {
            ServiceError::Conflict(_) => ServiceError::Conflict(format!(
                "Version {version} of the {} plan has just been started: reload the page",
                FinancialYear(year)
            )),
            other => other,
        })?;
    content::store(db, created.id, plan).await?;
    event(db, created.id, origin.event, user.person_id, origin.comment).await?;
    audit::record(
        db,
        Entry::new(
            Some(user.user_id),
            origin.audit,
            "job_plan",
            created.id.to_string(),
        )
        .after(&created),
    )
    .await?;
    Ok(created)
}

/// The message for an action that found the plan changed or in the wrong
/// state.
fn stale(current: &job_plan::Model, seen: i32, action: PlanAction) -> ServiceError {
    let status = status_of(current);
    if current.lock_version != seen {
        ServiceError::Conflict(format!(
            "This plan has changed since you opened it (it is now {}). Nothing was changed: reload the page to see the latest version before you act on it.",
            status.label().to_lowercase()
        ))
    } else {
        ServiceError::Conflict(format!(
            "This plan is {}: it cannot be {} now",
            status.label().to_lowercase(),
            action.past_tense().replace('_', " ")
        ))
    }
}

/// Starts the person's plan for `year` (default the current plan year).
pub async fn start(
    db: &DatabaseConnection,
    user: &CurrentUser,
    year: &str,
) -> Result<i32, ServiceError> {
    let year = match year.trim() {
        "" => FinancialYear::containing(chrono::Utc::now().date_naive()),
        raw => FinancialYear::parse(raw)
            .ok_or_else(|| ServiceError::invalid("year", "Choose a plan year"))?,
    };
    let txn = begin_write(db).await?;
    let me = person::Entity::find_by_id(user.person_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Your staff record"))?;
    if latest_of_year(&txn, me.id, year.0).await?.is_some() {
        return Err(ServiceError::Conflict(format!(
            "You already have a plan for {year}"
        )));
    }
    let plan = PlanForm::starting(me.contracted_hours)
        .parse()
        .map_err(ServiceError::InvalidAt)?;
    let created = insert_version(
        &txn,
        user,
        (me.id, year.0, 1),
        &plan,
        Origin::new("created", "job_plan.start"),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Saves a draft's content: the owner's, only while a draft, only if
/// nothing changed it since `lock_version`. Answers the new lock version.
pub async fn save(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    lock_version: i32,
    form: &PlanForm,
) -> Result<i32, ServiceError> {
    let plan = form.parse().map_err(ServiceError::InvalidAt)?;
    let txn = begin_write(db).await?;
    let current = find(&txn, id).await?;
    if current.person_id != user.person_id {
        return Err(access::refusal(&txn, user, current.person_id, "Job plan").await?);
    }
    let mut header = job_plan::ActiveModel {
        ..Default::default()
    };
    content::header(&plan, &mut header);
    let mut update = job_plan::Entity::update_many()
        .col_expr(
            job_plan::Column::LockVersion,
            Expr::col(job_plan::Column::LockVersion).add(1),
        )
        .col_expr(job_plan::Column::UpdatedAt, Expr::value(chrono::Utc::now()));
    for (column, value) in [
        (
            job_plan::Column::ContractKind,
            header.contract_kind.into_value(),
        ),
        (
            job_plan::Column::ContractAmount,
            header.contract_amount.into_value(),
        ),
        (job_plan::Column::LeaveDays, header.leave_days.into_value()),
        (
            job_plan::Column::PublicHolidays,
            header.public_holidays.into_value(),
        ),
        (
            job_plan::Column::StudyLeaveDays,
            header.study_leave_days.into_value(),
        ),
        (
            job_plan::Column::OnCallFrequency,
            header.on_call_frequency.into_value(),
        ),
        (
            job_plan::Column::OnCallCategory,
            header.on_call_category.into_value(),
        ),
        (
            job_plan::Column::OnCallHours,
            header.on_call_hours.into_value(),
        ),
    ] {
        if let Some(value) = value {
            update = update.col_expr(column, Expr::value(value));
        }
    }
    let updated = update
        .filter(job_plan::Column::Id.eq(id))
        .filter(job_plan::Column::LockVersion.eq(lock_version))
        .filter(job_plan::Column::Status.eq(PlanStatus::Draft.as_str()))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        // Read it again: another request may have changed it since `current`
        // was read (on PostgreSQL the UPDATE waited for that one to commit).
        let current = find(&txn, id).await?;
        if status_of(&current) != PlanStatus::Draft && current.lock_version == lock_version {
            return Err(ServiceError::Conflict(format!(
                "This plan is {}: only a draft can be changed",
                status_of(&current).label().to_lowercase()
            )));
        }
        return Err(ServiceError::Conflict(
            "This plan has changed since you opened it (perhaps in another window, or an approver returned or acted on it). Your changes are still on this page: copy what you need, then reload the page.".into(),
        ));
    }
    let before = content::load(&txn, &current).await?;
    content::store(&txn, id, &plan).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "job_plan.save",
            "job_plan",
            id.to_string(),
        )
        .before(&before)
        .after(&plan),
    )
    .await?;
    txn.commit().await?;
    Ok(lock_version + 1)
}

/// A workflow step. Answers the id of the plan to show next (a reopened
/// plan's new draft version, else the same plan).
pub async fn act(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    lock_version: i32,
    action: &str,
    comment: &str,
) -> Result<i32, ServiceError> {
    let action = PlanAction::parse(action)
        .ok_or_else(|| ServiceError::invalid("action", "Choose what to do with the plan"))?;
    let comment = comment.trim();
    if action.needs_comment() && comment.is_empty() {
        return Err(ServiceError::invalid(
            "comment",
            match action {
                PlanAction::Reopen => "Give the reason for reopening the plan",
                _ => "Say what needs to change before it can be agreed",
            },
        ));
    }
    if comment.chars().count() > MAX_COMMENT {
        return Err(ServiceError::invalid(
            "comment",
            format!("Use at most {MAX_COMMENT} characters"),
        ));
    }
    let txn = begin_write(db).await?;
    let current = find(&txn, id).await?;
    let owner = person::Entity::find_by_id(current.person_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Staff record"))?;
    let own = owner.id == user.person_id;
    let allowed = match action {
        PlanAction::Submit | PlanAction::Withdraw => own,
        PlanAction::Agree => is_line_manager(user, &owner),
        PlanAction::SignOff => is_head_of_department(&txn, user, &owner).await?,
        PlanAction::Return => {
            is_line_manager(user, &owner) || is_head_of_department(&txn, user, &owner).await?
        }
        PlanAction::Reopen => user.has(Role::Admin) && !own,
    };
    if !allowed {
        return Err(access::refusal(&txn, user, owner.id, "Job plan").await?);
    }
    if action == PlanAction::Reopen
        && latest_of_year(&txn, current.person_id, current.year_start)
            .await?
            .is_some_and(|l| l.id != current.id)
    {
        return Err(ServiceError::Conflict(
            "A later version of this plan exists: only the latest version can be reopened".into(),
        ));
    }
    if action == PlanAction::Submit && content::load(&txn, &current).await?.activities.is_empty() {
        return Err(ServiceError::invalid(
            "action",
            "Add the activities of your week before you submit the plan",
        ));
    }
    let now = chrono::Utc::now();
    let mut update = job_plan::Entity::update_many()
        .col_expr(job_plan::Column::Status, Expr::value(action.to().as_str()))
        .col_expr(
            job_plan::Column::LockVersion,
            Expr::col(job_plan::Column::LockVersion).add(1),
        )
        .col_expr(job_plan::Column::UpdatedAt, Expr::value(now));
    let none: Option<i32> = None;
    let never: Option<chrono::DateTime<chrono::Utc>> = None;
    update = match action {
        PlanAction::Submit => update.col_expr(job_plan::Column::SubmittedAt, Expr::value(now)),
        PlanAction::Agree => update
            .col_expr(
                job_plan::Column::AgreedByPersonId,
                Expr::value(user.person_id),
            )
            .col_expr(job_plan::Column::AgreedAt, Expr::value(now)),
        PlanAction::SignOff => update
            .col_expr(
                job_plan::Column::SignedOffByPersonId,
                Expr::value(user.person_id),
            )
            .col_expr(job_plan::Column::SignedOffAt, Expr::value(now)),
        PlanAction::Withdraw | PlanAction::Return => update
            .col_expr(job_plan::Column::SubmittedAt, Expr::value(never))
            .col_expr(job_plan::Column::AgreedByPersonId, Expr::value(none))
            .col_expr(job_plan::Column::AgreedAt, Expr::value(never)),
        PlanAction::Reopen => update,
    };
    let updated = update
        .filter(job_plan::Column::Id.eq(id))
        .filter(job_plan::Column::LockVersion.eq(lock_version))
        .filter(job_plan::Column::Status.is_in(action.from().iter().map(|s| s.as_str())))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        // Read it again: another request may have changed it since `current`
        // was read (on PostgreSQL the UPDATE waited for that one to commit).
        return Err(stale(&find(&txn, id).await?, lock_version, action));
    }
    let comment = (!comment.is_empty()).then(|| comment.to_string());
    event(
        &txn,
        id,
        action.past_tense(),
        user.person_id,
        comment.clone(),
    )
    .await?;
    crate::server::services::notifications::job_plan_step(&txn, user, &owner, &current, action)
        .await?;
    let mut next = id;
    if action == PlanAction::Reopen {
        let plan = content::load(&txn, &current).await?;
        let origin = Origin {
            comment,
            ..Origin::new("new_version", "job_plan.new_version")
        };
        let key = (owner.id, current.year_start, current.version + 1);
        next = insert_version(&txn, user, key, &plan, origin).await?.id;
    }
    let after = find(&txn, id).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            match action {
                PlanAction::Submit => "job_plan.submit",
                PlanAction::Withdraw => "job_plan.withdraw",
                PlanAction::Agree => "job_plan.agree",
                PlanAction::SignOff => "job_plan.sign_off",
                PlanAction::Return => "job_plan.return",
                PlanAction::Reopen => "job_plan.reopen",
            },
            "job_plan",
            id.to_string(),
        )
        .before(&current)
        .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(next)
}

/// A new draft version of the owner's signed-off plan (the newest version
/// of its year), carrying its content forward.
pub async fn new_version(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
) -> Result<i32, ServiceError> {
    let txn = begin_write(db).await?;
    let current = find(&txn, id).await?;
    if current.person_id != user.person_id {
        return Err(access::refusal(&txn, user, current.person_id, "Job plan").await?);
    }
    let latest = latest_of_year(&txn, current.person_id, current.year_start).await?;
    if latest.as_ref().map(|l| l.id) != Some(id) || status_of(&current) != PlanStatus::SignedOff {
        return Err(ServiceError::Conflict(
            "A new version starts from the latest signed-off version: reload the page".into(),
        ));
    }
    let plan = content::load(&txn, &current).await?;
    let key = (current.person_id, current.year_start, current.version + 1);
    let origin = Origin::new("new_version", "job_plan.new_version");
    let created = insert_version(&txn, user, key, &plan, origin).await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Next plan year's plan as a draft copy of this one.
pub async fn next_year(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
) -> Result<i32, ServiceError> {
    let txn = begin_write(db).await?;
    let current = find(&txn, id).await?;
    if current.person_id != user.person_id {
        return Err(access::refusal(&txn, user, current.person_id, "Job plan").await?);
    }
    let year = current.year_start + 1;
    if latest_of_year(&txn, current.person_id, year)
        .await?
        .is_some()
    {
        return Err(ServiceError::Conflict(format!(
            "You already have a plan for {}",
            FinancialYear(year)
        )));
    }
    let plan = content::load(&txn, &current).await?;
    let origin = Origin::new("next_year", "job_plan.next_year");
    let created = insert_version(&txn, user, (current.person_id, year, 1), &plan, origin).await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Renames a category; an empty name restores the national one.
pub async fn rename_category(
    db: &DatabaseConnection,
    user: &CurrentUser,
    category: &str,
    label: &str,
) -> Result<(), ServiceError> {
    let category = Category::parse(category)
        .ok_or_else(|| ServiceError::invalid("category", "Choose a category"))?;
    let label = label.trim();
    if label.chars().count() > 80 {
        return Err(ServiceError::invalid(
            "label",
            "Use at most 80 characters for the name",
        ));
    }
    let txn = begin_write(db).await?;
    let before = super::labels(&txn).await?;
    if label.is_empty() || label == category.default_label() {
        job_plan_category_label::Entity::delete_by_id(category.as_str().to_string())
            .exec(&txn)
            .await?;
    } else {
        job_plan_category_label::Entity::insert(job_plan_category_label::ActiveModel {
            category: Set(category.as_str().to_string()),
            label: Set(label.to_string()),
        })
        .on_conflict(
            OnConflict::column(job_plan_category_label::Column::Category)
                .update_column(job_plan_category_label::Column::Label)
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    }
    let after = super::labels(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "job_plan.rename_category",
            "job_plan_category_label",
            category.as_str().to_string(),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
