//! Job plans. Each version of a person's plan for a plan year is a row of
//! `job_plans` with its activities; only a draft's content changes, and
//! every change or workflow step is one conditional UPDATE naming the
//! `lock_version` the actor saw, so of two racing actions exactly one
//! succeeds and the other is told the plan changed.
//!
//! Who may do what: the person edits and submits their own drafts; their
//! line manager agrees; a head of service of their department signs off;
//! either approver returns it to draft; an administrator reopens a
//! signed-off plan. Line managers and heads of service read the plan; HR
//! and administrators see its status and dates only.

pub mod content;
mod team;
mod workflow;

pub use content::labels;
pub use team::{queue, team};
pub use workflow::{act, new_version, next_year, rename_category, save, start};

use super::ServiceError;
use super::access::{self, Access};
use crate::api::job_plans::{
    JobPlanView, MyPlansView, PlanComparison, PlanEvent, PlanPermissions, PlanSummary,
};
use crate::domain::financial_year::FinancialYear;
use crate::domain::job_plans::diff;
use crate::domain::job_plans::status::{self as rules, PlanStatus, event_label};
use crate::domain::roles::Role;
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{job_plan, job_plan_event, person};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn status_of(plan: &job_plan::Model) -> PlanStatus {
    PlanStatus::parse(&plan.status).unwrap_or(PlanStatus::Draft)
}

fn date_text(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(|t| t.date_naive().to_string())
}

fn summary(plan: &job_plan::Model) -> PlanSummary {
    let signed = plan
        .signed_off_at
        .filter(|_| status_of(plan) == PlanStatus::SignedOff);
    PlanSummary {
        id: plan.id,
        year_label: FinancialYear(plan.year_start).to_string(),
        version: plan.version,
        status: status_of(plan),
        signed_off_on: date_text(signed),
        review_due: signed.map(|t| rules::review_due(t.date_naive()).to_string()),
    }
}

async fn find(db: &impl ConnectionTrait, id: i32) -> Result<job_plan::Model, ServiceError> {
    job_plan::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Job plan"))
}

/// Whether the viewer is the person's line manager (and not the person).
fn is_line_manager(viewer: &CurrentUser, owner: &person::Model) -> bool {
    owner.id != viewer.person_id && owner.line_manager_id == Some(viewer.person_id)
}

/// The newest version of the person's plan for the year.
async fn latest_of_year(
    db: &impl ConnectionTrait,
    person_id: i32,
    year: i32,
) -> Result<Option<job_plan::Model>, ServiceError> {
    Ok(job_plan::Entity::find()
        .filter(job_plan::Column::PersonId.eq(person_id))
        .filter(job_plan::Column::YearStart.eq(year))
        .order_by_desc(job_plan::Column::Version)
        .one(db)
        .await?)
}

async fn permissions(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    owner: &person::Model,
    plan: &job_plan::Model,
    access: Access,
    latest: bool,
) -> Result<PlanPermissions, ServiceError> {
    let status = status_of(plan);
    let own = access == Access::Owner;
    let next_year_free = latest_of_year(db, plan.person_id, plan.year_start + 1)
        .await?
        .is_none();
    let manager = is_line_manager(viewer, owner);
    let head = access::is_head_of_department(db, viewer, owner).await?;
    Ok(PlanPermissions {
        edit: own && status == PlanStatus::Draft,
        submit: own && status == PlanStatus::Draft,
        withdraw: own && status == PlanStatus::Submitted,
        agree: manager && status == PlanStatus::Submitted,
        sign_off: head && status == PlanStatus::Agreed,
        return_to_draft: (manager || head)
            && matches!(status, PlanStatus::Submitted | PlanStatus::Agreed),
        reopen: viewer.has(Role::Admin)
            && owner.id != viewer.person_id
            && status == PlanStatus::SignedOff
            && latest,
        new_version: own && status == PlanStatus::SignedOff && latest,
        next_year: own && next_year_free,
    })
}

/// A version as the viewer may see it.
pub async fn view(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    id: i32,
) -> Result<JobPlanView, ServiceError> {
    let plan = find(db, id).await?;
    let (access, owner) = access::record_access(db, viewer, plan.person_id, "Job plan").await?;
    build_view(db, viewer, owner, plan, access).await
}

async fn build_view(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    owner: person::Model,
    plan: job_plan::Model,
    access: Access,
) -> Result<JobPlanView, ServiceError> {
    let full = access != Access::CountsOnly;
    let events = job_plan_event::Entity::find()
        .filter(job_plan_event::Column::JobPlanId.eq(plan.id))
        .order_by_asc(job_plan_event::Column::At)
        .order_by_asc(job_plan_event::Column::Id)
        .all(db)
        .await?;
    let people = super::people::names(
        db,
        events
            .iter()
            .map(|e| e.actor_person_id)
            .chain(plan.agreed_by_person_id)
            .chain(plan.signed_off_by_person_id),
    )
    .await?;
    let name = |id: Option<i32>| id.and_then(|id| people.get(&id).cloned());
    let versions: Vec<PlanSummary> = job_plan::Entity::find()
        .filter(job_plan::Column::PersonId.eq(plan.person_id))
        .filter(job_plan::Column::YearStart.eq(plan.year_start))
        .order_by_desc(job_plan::Column::Version)
        .all(db)
        .await?
        .iter()
        .map(summary)
        .collect();
    let form = if full {
        Some(content::load(db, &plan).await?.to_form())
    } else {
        None
    };
    let status = status_of(&plan);
    let signed = plan
        .signed_off_at
        .filter(|_| status == PlanStatus::SignedOff)
        .map(|t| t.date_naive());
    // Versions are newest first: the plan is the latest if it heads them.
    let latest = versions.first().map(|v| v.id) == Some(plan.id);
    let can = permissions(db, viewer, &owner, &plan, access, latest).await?;
    Ok(JobPlanView {
        id: plan.id,
        person_id: owner.id,
        person_name: owner.name.clone(),
        job_role: owner.job_role.clone(),
        year: plan.year_start,
        year_label: FinancialYear(plan.year_start).to_string(),
        version: plan.version,
        status,
        lock_version: plan.lock_version,
        form,
        submitted_on: date_text(plan.submitted_at),
        agreed_by: name(plan.agreed_by_person_id),
        agreed_on: date_text(plan.agreed_at),
        signed_off_by: name(plan.signed_off_by_person_id),
        signed_off_on: date_text(plan.signed_off_at),
        review_due: signed.map(|d| rules::review_due(d).to_string()),
        is_current: signed.is_some_and(|d| rules::is_current(d, today())),
        events: events
            .into_iter()
            .map(|e| PlanEvent {
                label: event_label(&e.action).to_string(),
                by: people.get(&e.actor_person_id).cloned().unwrap_or_default(),
                at: e.at.format("%-d %b %Y %H:%M").to_string(),
                comment: e.comment.filter(|_| full),
            })
            .collect(),
        versions,
        labels: content::labels(db).await?,
        can,
    })
}

/// The signed-in person's plans, newest first, the latest in full.
pub async fn mine(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> Result<MyPlansView, ServiceError> {
    let plans = job_plan::Entity::find()
        .filter(job_plan::Column::PersonId.eq(user.person_id))
        .order_by_desc(job_plan::Column::YearStart)
        .order_by_desc(job_plan::Column::Version)
        .all(db)
        .await?;
    let year = FinancialYear::containing(today());
    let can_start = !plans.iter().any(|p| p.year_start == year.0);
    let summaries = plans.iter().map(summary).collect();
    let latest = match plans.into_iter().next() {
        Some(plan) => {
            let owner = person::Entity::find_by_id(user.person_id)
                .one(db)
                .await?
                .ok_or(ServiceError::NotFound("Your staff record"))?;
            Some(build_view(db, user, owner, plan, Access::Owner).await?)
        }
        None => None,
    };
    Ok(MyPlansView {
        current_year_label: year.to_string(),
        latest,
        plans: summaries,
        can_start,
    })
}

/// What changed from one version to another of the same person's plans.
pub async fn compare(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    from: i32,
    to: i32,
) -> Result<PlanComparison, ServiceError> {
    let before = find(db, from).await?;
    let after = find(db, to).await?;
    // Access to both first, so that the answer says nothing about plans
    // the viewer may not read.
    let (_, owner) = access::require_full(db, viewer, before.person_id).await?;
    access::require_full(db, viewer, after.person_id).await?;
    if before.person_id != after.person_id {
        return Err(ServiceError::invalid(
            "to",
            "Compare versions of the same person's plan",
        ));
    }
    let labels = content::labels(db).await?;
    let changes = diff::diff(
        &content::load(db, &before).await?,
        &content::load(db, &after).await?,
        &labels,
    );
    Ok(PlanComparison {
        person_name: owner.name,
        from: summary(&before),
        to: summary(&after),
        changes,
    })
}

/// The plan as an iCalendar file and a file name, for a reader of its
/// content.
pub async fn calendar(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    id: i32,
) -> Result<(String, String), ServiceError> {
    let plan = find(db, id).await?;
    let (_, owner) = access::require_full(db, viewer, plan.person_id).await?;
    let year = FinancialYear(plan.year_start);
    let content = content::load(db, &plan).await?;
    let ics = crate::domain::job_plans::ics::calendar(
        &content,
        year,
        &format!("Job plan {year}: {}", owner.name),
        &content::labels(db).await?,
        &format!("job-plan-{}-{}", plan.person_id, plan.year_start),
        Utc::now().naive_utc(),
    );
    let file_name = format!(
        "job-plan-{}-{}-v{}.ics",
        owner.name.replace(' ', "-").to_lowercase(),
        year.to_string().replace('/', "-"),
        plan.version
    );
    Ok((ics, file_name))
}
