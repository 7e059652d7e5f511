//! Protected learning time. Requests go to the person's line manager (a
//! person without one goes to a head of service of their department);
//! nobody decides their own. A decision or cancellation is one conditional
//! update on the request's status, so two at once cannot both succeed.

use super::access::{self, Access};
use super::{Problems, ServiceError, development, targets};
use crate::api::plt::{PltOverview, PltQueueRow, PltRequestInput, PltSessionRow};
use crate::domain::cpd::{CpdHours, optional_text};
use crate::domain::financial_year::FinancialYear;
use crate::domain::plt::{self as rules, PltTotals, SessionState, SessionStatus};
use crate::domain::{staff, targets as target_rules};
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{pdp_objective, person, plt_allowance, plt_session};
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

fn hours(quarters: u32) -> String {
    CpdHours::from_quarters(quarters).to_string()
}

fn quarters(q: i32) -> u32 {
    u32::try_from(q).unwrap_or(0)
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

fn parse_year(raw: &str) -> Result<FinancialYear, ServiceError> {
    match raw.trim() {
        "" => Ok(FinancialYear::containing(today())),
        y => FinancialYear::parse(y)
            .ok_or_else(|| ServiceError::invalid("year", "Choose a year from the list")),
    }
}

/// The allowance for the year: a manager's adjustment, or the staff
/// group's default pro-rated by FTE and time employed. Also the default.
/// The year's allowance: `group_plt` (the staff group's yearly quarters,
/// from `targets::for_group`) pro rata, unless adjusted for the person.
async fn allowance(
    db: &impl ConnectionTrait,
    who: &person::Model,
    year: FinancialYear,
    group_plt: u32,
) -> Result<(u32, u32, Option<plt_allowance::Model>), ServiceError> {
    let default = target_rules::pro_rata(
        group_plt,
        who.contracted_hours,
        who.start_date,
        who.end_date,
        year,
    );
    let adjustment = plt_allowance::Entity::find()
        .filter(plt_allowance::Column::PersonId.eq(who.id))
        .filter(plt_allowance::Column::YearStart.eq(year.0))
        .one(db)
        .await?;
    let allowance = adjustment
        .as_ref()
        .map(|a| quarters(a.quarters))
        .unwrap_or(default);
    Ok((allowance, default, adjustment))
}

async fn sessions_in(
    db: &impl ConnectionTrait,
    person_id: i32,
    year: FinancialYear,
) -> Result<Vec<plt_session::Model>, ServiceError> {
    Ok(plt_session::Entity::find()
        .filter(plt_session::Column::PersonId.eq(person_id))
        .filter(plt_session::Column::SessionDate.between(year.first_day(), year.last_day()))
        .order_by_asc(plt_session::Column::SessionDate)
        .order_by_asc(plt_session::Column::Id)
        .all(db)
        .await?)
}

/// Allowance and use for a person's year.
pub async fn totals(
    db: &impl ConnectionTrait,
    who: &person::Model,
    year: FinancialYear,
) -> Result<PltTotals, ServiceError> {
    let (_, group_plt) = targets::for_group(db, &who.staff_group).await?;
    totals_with(db, who, year, group_plt).await
}

/// [`totals`] for a caller that has already read the staff group's
/// targets (`group_plt` as for [`allowance`]).
pub async fn totals_with(
    db: &impl ConnectionTrait,
    who: &person::Model,
    year: FinancialYear,
    group_plt: u32,
) -> Result<PltTotals, ServiceError> {
    let (allowance, _, _) = allowance(db, who, year, group_plt).await?;
    let mut totals = PltTotals {
        allowance,
        ..Default::default()
    };
    let today = today();
    for s in sessions_in(db, who.id, year).await? {
        if let Some(status) = SessionStatus::parse(&s.status) {
            totals.add(
                SessionState::of(status, s.session_date, today),
                quarters(s.quarter_hours),
            );
        }
    }
    Ok(totals)
}

async fn objective_titles(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = i32>,
) -> Result<HashMap<i32, String>, ServiceError> {
    let ids: Vec<i32> = ids.collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(pdp_objective::Entity::find()
        .filter(pdp_objective::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.title))
        .collect())
}

pub async fn overview(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    person_id: i32,
    year: &str,
) -> Result<PltOverview, ServiceError> {
    let (access, who) = access::development_access(db, viewer, person_id).await?;
    let year = parse_year(year)?;
    let (_, group_plt) = targets::for_group(db, &who.staff_group).await?;
    let (allowance, default, adjustment) = allowance(db, &who, year, group_plt).await?;
    let sessions = sessions_in(db, who.id, year).await?;
    let deciders =
        super::people::names(db, sessions.iter().filter_map(|s| s.decided_by_person_id)).await?;
    let objectives =
        objective_titles(db, sessions.iter().filter_map(|s| s.pdp_objective_id)).await?;
    let today = today();
    let mut totals = PltTotals {
        allowance,
        ..Default::default()
    };
    let full = access != Access::CountsOnly;
    let rows = sessions
        .into_iter()
        .filter_map(|s| {
            let status = SessionStatus::parse(&s.status)?;
            let state = SessionState::of(status, s.session_date, today);
            totals.add(state, quarters(s.quarter_hours));
            Some(PltSessionRow {
                id: s.id,
                date: s.session_date.to_string(),
                hours: hours(quarters(s.quarter_hours)),
                purpose: full.then_some(s.purpose),
                objective: s
                    .pdp_objective_id
                    .and_then(|id| objectives.get(&id).cloned())
                    .filter(|_| full),
                state,
                decision_comment: s.decision_comment.filter(|_| full),
                decided_by: s
                    .decided_by_person_id
                    .and_then(|id| deciders.get(&id).cloned()),
                can_cancel: access == Access::Owner
                    && matches!(status, SessionStatus::Requested | SessionStatus::Approved)
                    && s.session_date >= today,
            })
        })
        .collect();
    let used = totals.approved + totals.taken;
    let percent_used = if totals.allowance == 0 {
        if used > 0 { 100 } else { 0 }
    } else {
        (u64::from(used) * 100 / u64::from(totals.allowance)).min(100) as u8
    };
    Ok(PltOverview {
        person_id: who.id,
        person_name: who.name.clone(),
        year_label: year.to_string(),
        year: year.0,
        allowance: hours(totals.allowance),
        default_allowance: hours(default),
        adjustment_reason: adjustment.map(|a| a.reason).filter(|_| full),
        requested: hours(totals.requested),
        approved: hours(totals.approved),
        taken: hours(totals.taken),
        remaining: hours(totals.remaining()),
        bookable: hours(totals.bookable()),
        percent_used,
        sessions: rows,
        can_adjust: access == Access::Reviewer,
    })
}

pub async fn request(
    db: &DatabaseConnection,
    user: &CurrentUser,
    input: &PltRequestInput,
) -> Result<i32, ServiceError> {
    let mut problems = Problems::default();
    let date = problems.check(
        "session_date",
        staff::parse_date(&input.session_date, "The date"),
    );
    if let Some(date) = date
        && let Err(message) = rules::check_session_date(date, today())
    {
        problems.add("session_date", message);
    }
    let length = problems.check("hours", CpdHours::parse(&input.hours));
    if let Some(h) = length
        && h.quarters() > rules::MAX_SESSION_QUARTERS
    {
        problems.add(
            "hours",
            format!(
                "One session can be at most {} hours: book longer learning as several sessions",
                hours(rules::MAX_SESSION_QUARTERS)
            ),
        );
    }
    let purpose = problems.check(
        "purpose",
        staff::parse_text(&input.purpose, "the purpose", rules::MAX_PURPOSE),
    );
    let link = development::parse_link(db, user.person_id, &input.pdp_objective_id).await?;
    let objective = problems.check("pdp_objective_id", link).flatten();
    let (true, Some(date), Some(length), Some(purpose)) =
        (problems.is_empty(), date, length, purpose)
    else {
        return Err(problems.into_error());
    };
    let txn = crate::server::db::begin_write(db).await?;
    access::lock_person(&txn, user.person_id).await?;
    let who = person::Entity::find_by_id(user.person_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Your staff record"))?;
    let year = FinancialYear::containing(date);
    let totals = totals(&txn, &who, year).await?;
    if length.quarters() > totals.bookable() {
        return Err(ServiceError::invalid(
            "hours",
            format!(
                "You have {} hours left to book in {year} (allowance {}, with {} awaiting a decision)",
                hours(totals.bookable()),
                hours(totals.allowance),
                hours(totals.requested)
            ),
        ));
    }
    let now = chrono::Utc::now();
    let created = plt_session::ActiveModel {
        person_id: Set(who.id),
        session_date: Set(date),
        quarter_hours: Set(i32::try_from(length.quarters()).unwrap_or(0)),
        purpose: Set(purpose),
        pdp_objective_id: Set(objective),
        status: Set(SessionStatus::Requested.as_str().to_string()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::notifications::plt_requested(&txn, &who, &created).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "plt.request",
            "plt_session",
            created.id.to_string(),
        )
        .after(&created),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Moves a session from one of `from` to `to`, only if it is still in one
/// of `from`: false when someone else got there first.
async fn transition(
    db: &impl ConnectionTrait,
    id: i32,
    from: &[SessionStatus],
    to: SessionStatus,
    decided_by: Option<i32>,
    comment: Option<String>,
) -> Result<bool, ServiceError> {
    let now = chrono::Utc::now();
    let mut update = plt_session::Entity::update_many()
        .col_expr(plt_session::Column::Status, Expr::value(to.as_str()))
        .col_expr(plt_session::Column::UpdatedAt, Expr::value(now));
    if let Some(decider) = decided_by {
        update = update
            .col_expr(plt_session::Column::DecidedByPersonId, Expr::value(decider))
            .col_expr(plt_session::Column::DecidedAt, Expr::value(now))
            .col_expr(plt_session::Column::DecisionComment, Expr::value(comment));
    }
    let result = update
        .filter(plt_session::Column::Id.eq(id))
        .filter(plt_session::Column::Status.is_in(from.iter().map(|s| s.as_str())))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn cancel(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let before = plt_session::Entity::find_by_id(id)
        .filter(plt_session::Column::PersonId.eq(user.person_id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Protected learning time session"))?;
    if before.session_date < today() {
        return Err(ServiceError::Conflict(
            "Only sessions still to come can be cancelled".into(),
        ));
    }
    let live = [SessionStatus::Requested, SessionStatus::Approved];
    if !transition(&txn, id, &live, SessionStatus::Cancelled, None, None).await? {
        return Err(ServiceError::Conflict(
            "This session has already been declined or cancelled".into(),
        ));
    }
    super::notifications::plt_cancelled(&txn, id).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "plt.cancel",
            "plt_session",
            id.to_string(),
        )
        .before(&before)
        .after_json(serde_json::json!({ "status": "cancelled" })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// How many requests await the viewer's decision (one counting query).
pub async fn awaiting_count(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<u64, ServiceError> {
    Ok(plt_session::Entity::find()
        .filter(plt_session::Column::PersonId.in_subquery(access::decided_by(db, viewer).await?))
        .filter(plt_session::Column::Status.eq(SessionStatus::Requested.as_str()))
        .filter(plt_session::Column::SessionDate.gte(today()))
        .count(db)
        .await?)
}

pub async fn queue(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<Vec<PltQueueRow>, ServiceError> {
    // The same rule as `access::decides_for`: a head of service also decides for
    // people of their own department who have no line manager.
    let whose = access::decided_by(db, viewer).await?;
    let people: HashMap<i32, person::Model> = person::Entity::find()
        .filter(person::Column::Id.in_subquery(whose))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let pending = plt_session::Entity::find()
        .filter(plt_session::Column::PersonId.is_in(people.keys().copied()))
        .filter(plt_session::Column::Status.eq(SessionStatus::Requested.as_str()))
        .filter(plt_session::Column::SessionDate.gte(today()))
        .order_by_asc(plt_session::Column::SessionDate)
        .all(db)
        .await?;
    let objectives =
        objective_titles(db, pending.iter().filter_map(|s| s.pdp_objective_id)).await?;
    let mut rows = Vec::new();
    let mut remaining: HashMap<(i32, FinancialYear), u32> = HashMap::new();
    for s in pending {
        let Some(who) = people.get(&s.person_id) else {
            continue;
        };
        let year = FinancialYear::containing(s.session_date);
        let left = match remaining.get(&(who.id, year)) {
            Some(left) => *left,
            None => {
                let left = totals(db, who, year).await?.remaining();
                remaining.insert((who.id, year), left);
                left
            }
        };
        rows.push(PltQueueRow {
            id: s.id,
            person_id: who.id,
            person_name: who.name.clone(),
            date: s.session_date.to_string(),
            hours: hours(quarters(s.quarter_hours)),
            purpose: s.purpose,
            objective: s
                .pdp_objective_id
                .and_then(|id| objectives.get(&id).cloned()),
            requested_on: s.created_at.date_naive().to_string(),
            remaining: hours(left),
        });
    }
    Ok(rows)
}

pub async fn decide(
    db: &DatabaseConnection,
    viewer: &CurrentUser,
    id: i32,
    decision: &str,
    comment: &str,
) -> Result<(), ServiceError> {
    let approve = match decision {
        "approve" => true,
        "decline" => false,
        _ => {
            return Err(ServiceError::invalid(
                "decision",
                "Choose approve or decline",
            ));
        }
    };
    let comment = optional_text(comment, "The comment", rules::MAX_COMMENT)
        .map_err(|m| ServiceError::invalid("comment", m))?;
    if !approve && comment.is_none() {
        return Err(ServiceError::invalid(
            "comment",
            "Say why the request is declined",
        ));
    }
    let txn = crate::server::db::begin_write(db).await?;
    let before = plt_session::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Protected learning time request"))?;
    access::lock_person(&txn, before.person_id).await?;
    let who = person::Entity::find_by_id(before.person_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Staff record"))?;
    if !access::decides_for(&txn, viewer, &who).await? {
        return Err(
            access::refusal(&txn, viewer, who.id, "Protected learning time request").await?,
        );
    }
    if approve && before.session_date < today() {
        return Err(ServiceError::Conflict(
            "The day of this session has passed: it can only be declined".into(),
        ));
    }
    if approve {
        let year = FinancialYear::containing(before.session_date);
        let left = totals(&txn, &who, year).await?.remaining();
        if quarters(before.quarter_hours) > left {
            return Err(ServiceError::Conflict(format!(
                "{} has {} hours of protected learning time left in {year}: adjust the allowance first, or decline",
                who.name,
                hours(left)
            )));
        }
    }
    let to = if approve {
        SessionStatus::Approved
    } else {
        SessionStatus::Declined
    };
    let changed = transition(
        &txn,
        id,
        &[SessionStatus::Requested],
        to,
        Some(viewer.person_id),
        comment.clone(),
    )
    .await?;
    if !changed {
        return Err(ServiceError::Conflict(
            "This request has already been decided or cancelled".into(),
        ));
    }
    super::notifications::plt_decided(&txn, viewer, &before, approve).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(viewer.user_id),
            if approve {
                "plt.approve"
            } else {
                "plt.decline"
            },
            "plt_session",
            id.to_string(),
        )
        .before(&before)
        .after_json(serde_json::json!({ "status": to.as_str(), "comment": comment })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn set_allowance(
    db: &DatabaseConnection,
    viewer: &CurrentUser,
    person_id: i32,
    year: &str,
    hours_text: &str,
    reason: &str,
) -> Result<(), ServiceError> {
    let (access, who) = access::development_access(db, viewer, person_id).await?;
    if access != Access::Reviewer {
        return Err(ServiceError::Forbidden);
    }
    let year = parse_year(year)?;
    let mut problems = Problems::default();
    let new_quarters = problems.check("hours", target_rules::parse_annual_hours(hours_text));
    let reason = problems.check(
        "reason",
        staff::parse_text(reason, "the reason for the change", rules::MAX_COMMENT),
    );
    let (Some(new_quarters), Some(reason)) = (new_quarters, reason) else {
        return Err(problems.into_error());
    };
    let txn = crate::server::db::begin_write(db).await?;
    access::lock_person(&txn, who.id).await?;
    let existing = plt_allowance::Entity::find()
        .filter(plt_allowance::Column::PersonId.eq(who.id))
        .filter(plt_allowance::Column::YearStart.eq(year.0))
        .one(&txn)
        .await?;
    let before = existing.clone();
    let mut row: plt_allowance::ActiveModel = match existing {
        Some(a) => a.into(),
        None => plt_allowance::ActiveModel {
            person_id: Set(who.id),
            year_start: Set(year.0),
            ..Default::default()
        },
    };
    row.quarters = Set(i32::try_from(new_quarters).unwrap_or(i32::MAX));
    row.reason = Set(reason.clone());
    row.set_by_person_id = Set(viewer.person_id);
    row.set_at = Set(chrono::Utc::now());
    row.save(&txn).await?;
    let mut entry = Entry::new(
        Some(viewer.user_id),
        "plt.allowance",
        "person",
        who.id.to_string(),
    )
    .after_json(serde_json::json!({
        "year": year.to_string(),
        "quarters": new_quarters,
        "reason": reason,
    }));
    if let Some(before) = before {
        entry = entry.before(&before);
    }
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}
