//! Notifications: storing them (inside the transaction of the action that
//! causes them), a person's list and unread count, marking them read, the
//! hooks the workflows call, and the email delivery state the reminder job
//! claims and updates.
//!
//! A notification is unique per (person, dedupe key): storing the same one
//! twice stores it once, whichever instance or run computes it.

use super::ServiceError;
use crate::api::notifications::{NotificationList, NotificationRow};
use crate::domain::financial_year::FinancialYear;
use crate::domain::funding::{Pence, RequestStatus};
use crate::domain::job_plans::status::PlanAction;
use crate::domain::notifications::{self as rules, Kind};
use crate::domain::roles::Role;
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{
    funding_request, job_plan, notification, person, plt_session, user, user_role,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    TryInsertResult,
};

/// Where approvers act on PLT requests, and where people see their own.
const APPROVALS: &str = "/approvals";
const MY_PLT: &str = "/plt";

/// A notification to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub person_id: i32,
    pub kind: Kind,
    pub message: String,
    pub link: String,
    pub dedupe_key: String,
}

/// A path inside the portal, or the notifications page when it is not
/// one (links are built here, but a link is never a way out).
fn inside(link: &str) -> String {
    if link.starts_with('/') && !link.starts_with("//") && !link.contains('\\') {
        link.to_string()
    } else {
        "/notifications".to_string()
    }
}

/// Stores one notification unless the person already has one with that
/// key. Runs inside the caller's transaction. True when stored.
pub async fn notify(
    db: &impl ConnectionTrait,
    person_id: i32,
    kind: Kind,
    message: &str,
    link: &str,
    dedupe_key: &str,
) -> Result<bool, ServiceError> {
    let notice = Notice {
        person_id,
        kind,
        message: message.to_string(),
        link: link.to_string(),
        dedupe_key: dedupe_key.to_string(),
    };
    Ok(store(db, vec![notice]).await? == 1)
}

/// Stores many notifications in a few statements, skipping those already
/// stored. Answers how many were new.
pub async fn store(db: &impl ConnectionTrait, notices: Vec<Notice>) -> Result<u64, ServiceError> {
    let now = Utc::now();
    let mut stored = 0;
    for chunk in notices.chunks(200) {
        let rows = chunk.iter().map(|n| notification::ActiveModel {
            person_id: sea_orm::ActiveValue::Set(n.person_id),
            kind: sea_orm::ActiveValue::Set(n.kind.as_str().to_string()),
            message: sea_orm::ActiveValue::Set(rules::clip(&n.message)),
            link: sea_orm::ActiveValue::Set(inside(&n.link)),
            dedupe_key: sea_orm::ActiveValue::Set(n.dedupe_key.clone()),
            created_at: sea_orm::ActiveValue::Set(now),
            read_at: sea_orm::ActiveValue::Set(None),
            emailed_at: sea_orm::ActiveValue::Set(None),
            email_claimed_until: sea_orm::ActiveValue::Set(None),
            email_claim: sea_orm::ActiveValue::Set(None),
            email_attempts: sea_orm::ActiveValue::Set(0),
            ..Default::default()
        });
        let result = notification::Entity::insert_many(rows)
            .on_conflict_do_nothing_on([
                notification::Column::PersonId,
                notification::Column::DedupeKey,
            ])
            .exec_without_returning(db)
            .await?;
        if let TryInsertResult::Inserted(n) = result {
            stored += n;
        }
    }
    Ok(stored)
}

/// Marks as read, for everyone, the approval requests whose key starts
/// with `prefix`: once a request is decided or withdrawn it no longer
/// awaits anybody.
async fn settle(db: &impl ConnectionTrait, prefix: &str) -> Result<(), ServiceError> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::Kind.eq(Kind::Approval.as_str()))
        .filter(notification::Column::DedupeKey.starts_with(prefix))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The signed-in person's notifications, newest first (at most
/// [`rules::LIST_LIMIT`]), with their unread and total counts.
pub async fn mine(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> Result<NotificationList, ServiceError> {
    let rows = notification::Entity::find()
        .filter(notification::Column::PersonId.eq(user.person_id))
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .limit(rules::LIST_LIMIT)
        .all(db)
        .await?;
    let total = notification::Entity::find()
        .filter(notification::Column::PersonId.eq(user.person_id))
        .count(db)
        .await?;
    let unread = unread_count(db, user).await?;
    Ok(NotificationList {
        rows: rows
            .into_iter()
            .map(|n| NotificationRow {
                id: n.id,
                kind: Kind::parse(&n.kind).unwrap_or(Kind::Reminder),
                message: n.message,
                link: inside(&n.link),
                created: rules::when(n.created_at),
                unread: n.read_at.is_none(),
            })
            .collect(),
        unread,
        total,
    })
}

/// How many of the signed-in person's notifications are unread: one
/// `COUNT(*)` over an index.
pub async fn unread_count(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> Result<u64, ServiceError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::PersonId.eq(user.person_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Marks one of the person's own notifications read (again: no change).
/// Someone else's, or a missing one, is not found.
pub async fn mark_read(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let own = notification::Entity::find_by_id(id)
        .filter(notification::Column::PersonId.eq(user.person_id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Notification"))?;
    if own.read_at.is_none() {
        notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
            .filter(notification::Column::Id.eq(own.id))
            .filter(notification::Column::PersonId.eq(user.person_id))
            .filter(notification::Column::ReadAt.is_null())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Marks every one of the person's notifications read; answers how many
/// changed.
pub async fn mark_all_read(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> Result<u64, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let changed = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::PersonId.eq(user.person_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    Ok(changed)
}

// ---------------------------------------------------------------------
// Who is told.

/// People in post on `today` with an active account: the only ones a
/// reminder or an email is for.
pub fn recipients(today: NaiveDate) -> SelectStatement {
    Query::select()
        .column((user::Entity, user::Column::PersonId))
        .from(user::Entity)
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id))
                .equals((user::Entity, user::Column::PersonId)),
        )
        .and_where(Expr::col((user::Entity, user::Column::Active)).eq(true))
        .cond_where(
            Condition::any()
                .add(Expr::col((person::Entity, person::Column::EndDate)).is_null())
                .add(Expr::col((person::Entity, person::Column::EndDate)).gte(today)),
        )
        .to_owned()
}

/// Heads of service of a department (active accounts, in post), except
/// the people in `except`.
async fn heads_of(
    db: &impl ConnectionTrait,
    department: Option<i32>,
    except: &[i32],
) -> Result<Vec<i32>, ServiceError> {
    let Some(department) = department else {
        return Ok(Vec::new());
    };
    let heads = Query::select()
        .column((user::Entity, user::Column::PersonId))
        .from(user::Entity)
        .inner_join(
            user_role::Entity,
            Expr::col((user_role::Entity, user_role::Column::UserId))
                .equals((user::Entity, user::Column::Id)),
        )
        .and_where(
            Expr::col((user_role::Entity, user_role::Column::Role))
                .eq(Role::HeadOfService.as_str()),
        )
        .to_owned();
    Ok(person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::DepartmentId.eq(department))
        .filter(person::Column::Id.in_subquery(heads))
        .filter(person::Column::Id.in_subquery(recipients(Utc::now().date_naive())))
        .filter(person::Column::Id.is_not_in(except.iter().copied()))
        .order_by_asc(person::Column::Id)
        .into_tuple::<i32>()
        .all(db)
        .await?)
}

/// Who decides the person's requests: their line manager, or when they
/// have none, the heads of service of their department.
async fn approvers(
    db: &impl ConnectionTrait,
    owner: &person::Model,
) -> Result<Vec<i32>, ServiceError> {
    match owner.line_manager_id {
        Some(manager) if manager != owner.id => Ok(vec![manager]),
        _ => heads_of(db, owner.department_id, &[owner.id]).await,
    }
}

async fn tell(
    db: &impl ConnectionTrait,
    people: &[i32],
    kind: Kind,
    message: &str,
    link: &str,
    key: &str,
) -> Result<(), ServiceError> {
    let notices = people
        .iter()
        .map(|&person_id| Notice {
            person_id,
            kind,
            message: message.to_string(),
            link: link.to_string(),
            dedupe_key: key.to_string(),
        })
        .collect();
    store(db, notices).await?;
    Ok(())
}

fn hours(quarter_hours: i32) -> String {
    crate::domain::cpd::CpdHours::from_quarters(u32::try_from(quarter_hours).unwrap_or(0))
        .to_string()
}

// ---------------------------------------------------------------------
// Hooks, each called inside the transaction of the action.

/// A PLT request was made: its approvers are told.
pub async fn plt_requested(
    db: &impl ConnectionTrait,
    who: &person::Model,
    session: &plt_session::Model,
) -> Result<(), ServiceError> {
    let message = format!(
        "{} asks for {} hours of protected learning time on {}.",
        who.name,
        hours(session.quarter_hours),
        session.session_date
    );
    let key = format!("plt:{}:requested", session.id);
    let to = approvers(db, who).await?;
    tell(db, &to, Kind::Approval, &message, APPROVALS, &key).await
}

/// A PLT request was approved or declined: the requester is told.
pub async fn plt_decided(
    db: &impl ConnectionTrait,
    decider: &CurrentUser,
    session: &plt_session::Model,
    approved: bool,
) -> Result<(), ServiceError> {
    settle(db, &format!("plt:{}:", session.id)).await?;
    let message = format!(
        "Your protected learning time on {} ({} hours) was {} by {}.",
        session.session_date,
        hours(session.quarter_hours),
        if approved { "approved" } else { "declined" },
        decider.name
    );
    let key = format!("plt:{}:decided", session.id);
    tell(
        db,
        &[session.person_id],
        Kind::Decision,
        &message,
        MY_PLT,
        &key,
    )
    .await
}

/// A PLT request was cancelled: it no longer awaits anybody.
pub async fn plt_cancelled(db: &impl ConnectionTrait, session_id: i32) -> Result<(), ServiceError> {
    settle(db, &format!("plt:{session_id}:")).await
}

/// A job-plan workflow step. `plan` is the plan before the step (its lock
/// version + 1 names the step, so a plan submitted again is told again).
pub async fn job_plan_step(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    owner: &person::Model,
    plan: &job_plan::Model,
    action: PlanAction,
) -> Result<(), ServiceError> {
    let prefix = format!("plan:{}:", plan.id);
    let key = format!("{prefix}{}:{}", plan.lock_version + 1, action.as_str());
    let link = format!("/job-plans/{}", plan.id);
    let year = FinancialYear(plan.year_start);
    if action != PlanAction::Submit {
        settle(db, &prefix).await?;
    }
    let (to, kind, message) = match action {
        PlanAction::Submit => (
            approvers(db, owner).await?,
            Kind::Approval,
            format!(
                "{} submitted their {year} job plan for your agreement.",
                owner.name
            ),
        ),
        PlanAction::Agree => (
            heads_of(db, owner.department_id, &[owner.id, actor.person_id]).await?,
            Kind::Approval,
            format!(
                "{}'s {year} job plan was agreed by {} and awaits sign-off.",
                owner.name, actor.name
            ),
        ),
        PlanAction::Return => (
            vec![owner.id],
            Kind::Decision,
            format!(
                "Your {year} job plan was returned to draft by {}: see their comment on the plan.",
                actor.name
            ),
        ),
        PlanAction::SignOff => (
            vec![owner.id],
            Kind::Decision,
            format!("Your {year} job plan was signed off by {}.", actor.name),
        ),
        PlanAction::Reopen => (
            vec![owner.id],
            Kind::Decision,
            format!(
                "Your signed-off {year} job plan was reopened by {}: a new draft version carries it forward.",
                actor.name
            ),
        ),
        PlanAction::Withdraw => return Ok(()),
    };
    let to: Vec<i32> = to.into_iter().filter(|id| *id != actor.person_id).collect();
    tell(db, &to, kind, &message, &link, &key).await
}

/// A funding request's workflow step to `to`. `request` is the request
/// before the step.
pub async fn funding_step(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    owner: &person::Model,
    request: &funding_request::Model,
    to: RequestStatus,
) -> Result<(), ServiceError> {
    let prefix = format!("funding:{}:", request.id);
    let key = format!("{prefix}{}:{}", request.lock_version + 1, to.as_str());
    // Approvers act on the request's own page, where its owner reads it.
    let link = format!("/funding/{}", request.id);
    if to != RequestStatus::Submitted {
        settle(db, &prefix).await?;
    }
    let cost = Pence(request.fee_pence)
        + Pence(request.travel_pence)
        + Pence(request.subsistence_pence)
        + Pence(request.backfill_pence);
    let decided = |word: &str| {
        format!(
            "Your funding request for {} ({cost}) was {word} by {}.",
            request.activity, actor.name
        )
    };
    let (people, kind, message) = match to {
        RequestStatus::Submitted => (
            approvers(db, owner).await?,
            Kind::Approval,
            format!(
                "{} asks for {cost} of CPD funding for {}.",
                owner.name, request.activity
            ),
        ),
        RequestStatus::Approved => (vec![owner.id], Kind::Decision, decided("approved")),
        RequestStatus::Declined => (vec![owner.id], Kind::Decision, decided("declined")),
        RequestStatus::Returned => (
            vec![owner.id],
            Kind::Decision,
            decided("returned for changes"),
        ),
        _ => return Ok(()),
    };
    let people: Vec<i32> = people
        .into_iter()
        .filter(|id| *id != actor.person_id)
        .collect();
    tell(db, &people, kind, &message, &link, &key).await
}

// ---------------------------------------------------------------------
// Email delivery state, for the reminder job.

/// How many times an email is tried before it is given up.
pub const MAX_EMAIL_ATTEMPTS: i32 = 5;
/// Notifications older than this are never emailed (e.g. the backlog when
/// SMTP is first configured).
pub const EMAIL_WITHIN_DAYS: i64 = 7;

/// A notification claimed for emailing, with its recipient.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Outgoing {
    pub id: i32,
    pub kind: String,
    pub message: String,
    pub link: String,
    pub name: String,
    pub email: String,
}

/// Claims up to `batch` unsent, unread, recent notifications of people
/// with an active account for `lease`: one conditional UPDATE, so that two
/// instances never claim the same one while its lease runs. Answers the
/// claim's token and what it holds.
pub async fn claim_unsent(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    batch: u64,
) -> Result<(String, Vec<Outgoing>), DbErr> {
    let token = uuid::Uuid::new_v4().simple().to_string();
    let free = || {
        Condition::all()
            .add(notification::Column::EmailedAt.is_null())
            .add(
                Condition::any()
                    .add(notification::Column::EmailClaimedUntil.is_null())
                    .add(notification::Column::EmailClaimedUntil.lt(now)),
            )
    };
    let candidates = notification::Entity::find()
        .select_only()
        .column(notification::Column::Id)
        .filter(free())
        .filter(notification::Column::ReadAt.is_null())
        .filter(notification::Column::EmailAttempts.lt(MAX_EMAIL_ATTEMPTS))
        .filter(
            notification::Column::CreatedAt.gte(now - chrono::Duration::days(EMAIL_WITHIN_DAYS)),
        )
        .filter(notification::Column::PersonId.in_subquery(recipients(now.date_naive())))
        .order_by_asc(notification::Column::Id)
        .limit(batch)
        .into_query();
    let txn = crate::server::db::begin_write(db).await?;
    notification::Entity::update_many()
        .col_expr(notification::Column::EmailClaim, Expr::value(token.clone()))
        .col_expr(
            notification::Column::EmailClaimedUntil,
            Expr::value(now + lease),
        )
        .col_expr(
            notification::Column::EmailAttempts,
            Expr::col(notification::Column::EmailAttempts).add(1),
        )
        .filter(notification::Column::Id.in_subquery(candidates))
        // Again on the row itself: on PostgreSQL a row another instance
        // claimed meanwhile is re-checked after its lock, and skipped.
        .filter(free())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    let claimed = Query::select()
        .column((notification::Entity, notification::Column::Id))
        .column((notification::Entity, notification::Column::Kind))
        .column((notification::Entity, notification::Column::Message))
        .column((notification::Entity, notification::Column::Link))
        .column((person::Entity, person::Column::Name))
        .column((person::Entity, person::Column::Email))
        .from(notification::Entity)
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id))
                .equals((notification::Entity, notification::Column::PersonId)),
        )
        .and_where(
            Expr::col((notification::Entity, notification::Column::EmailClaim)).eq(token.clone()),
        )
        .and_where(Expr::col((notification::Entity, notification::Column::EmailedAt)).is_null())
        .order_by(
            (notification::Entity, notification::Column::Id),
            sea_orm::Order::Asc,
        )
        .to_owned();
    let rows = db.query_all(&claimed).await?;
    let outgoing = rows
        .iter()
        .map(|row| Outgoing::from_query_result(row, ""))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((token, outgoing))
}

/// Records that the claimed notification was emailed.
pub async fn mark_emailed(db: &DatabaseConnection, id: i32, token: &str) -> Result<(), DbErr> {
    let txn = crate::server::db::begin_write(db).await?;
    let none: Option<DateTime<Utc>> = None;
    notification::Entity::update_many()
        .col_expr(notification::Column::EmailedAt, Expr::value(Utc::now()))
        .col_expr(notification::Column::EmailClaimedUntil, Expr::value(none))
        .filter(notification::Column::Id.eq(id))
        .filter(notification::Column::EmailClaim.eq(token))
        .exec(&txn)
        .await?;
    txn.commit().await
}

/// Gives up a claim after a failed send: the lease now ends at
/// `retry_at`, when a later run may try again (until the attempts run out).
pub async fn release(
    db: &DatabaseConnection,
    id: i32,
    token: &str,
    retry_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = crate::server::db::begin_write(db).await?;
    notification::Entity::update_many()
        .col_expr(
            notification::Column::EmailClaimedUntil,
            Expr::value(retry_at),
        )
        .filter(notification::Column::Id.eq(id))
        .filter(notification::Column::EmailClaim.eq(token))
        .filter(notification::Column::EmailedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await
}

#[cfg(test)]
mod tests {
    use super::inside;

    #[test]
    fn links_stay_inside_the_portal() {
        assert_eq!(inside("/approvals"), "/approvals");
        assert_eq!(inside("//evil.example/x"), "/notifications");
        assert_eq!(inside("https://evil.example"), "/notifications");
        assert_eq!(inside("javascript:alert(1)"), "/notifications");
        assert_eq!(inside("/\\evil.example"), "/notifications");
    }
}
