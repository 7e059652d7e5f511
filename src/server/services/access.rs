//! Who may see a person's development record (CPD, evidence, PLT, PDP,
//! registrations, profile) and how much of it.

use super::ServiceError;
use crate::domain::roles::Role;
use crate::server::auth::CurrentUser;
use crate::server::db::entities::person;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QuerySelect};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The person themselves: read and change.
    Owner,
    /// Their line manager, or the head of service of their department:
    /// everything, read-only (managers act on PLT through the approvals).
    Reviewer,
    /// HR and administrators: hours and counts, never reflections or files.
    CountsOnly,
}

/// How `viewer` may see `person_id`'s development record, with the record.
/// Anyone else is refused.
pub async fn development_access(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    person_id: i32,
) -> Result<(Access, person::Model), ServiceError> {
    // A missing person is refused like someone else's: ids reveal nothing.
    let record = person::Entity::find_by_id(person_id)
        .one(db)
        .await?
        .ok_or(ServiceError::Forbidden)?;
    if record.id == viewer.person_id {
        return Ok((Access::Owner, record));
    }
    if is_reviewer(db, viewer, &record).await? {
        return Ok((Access::Reviewer, record));
    }
    if viewer.has_any(&[Role::Hr, Role::Admin]) {
        return Ok((Access::CountsOnly, record));
    }
    Err(ServiceError::Forbidden)
}

/// The person's line manager, or a head of service of their department.
pub async fn is_reviewer(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    record: &person::Model,
) -> Result<bool, ServiceError> {
    if record.id == viewer.person_id {
        return Ok(false);
    }
    if record.line_manager_id == Some(viewer.person_id) {
        return Ok(true);
    }
    is_head_of_department(db, viewer, record).await
}

/// A head of service of the person's department (never the person).
pub async fn is_head_of_department(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    record: &person::Model,
) -> Result<bool, ServiceError> {
    if record.id == viewer.person_id
        || !viewer.has(Role::HeadOfService)
        || record.department_id.is_none()
    {
        return Ok(false);
    }
    let me = person::Entity::find_by_id(viewer.person_id).one(db).await?;
    Ok(me.is_some_and(|me| me.department_id == record.department_id))
}

/// On PostgreSQL, locks the person's row until the transaction ends, so
/// that checks on their totals (PLT allowance, evidence quota) and the write
/// that follows cannot interleave with another request for the same person.
/// SQLite write transactions already run one at a time (`BEGIN IMMEDIATE`).
pub async fn lock_person(db: &impl ConnectionTrait, person_id: i32) -> Result<(), ServiceError> {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        crate::server::db::for_update(person::Entity::find_by_id(person_id), db)
            .one(db)
            .await?;
    }
    Ok(())
}

/// Full read access (owner or reviewer), or refused.
pub async fn require_full(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    person_id: i32,
) -> Result<(Access, person::Model), ServiceError> {
    match development_access(db, viewer, person_id).await? {
        (Access::CountsOnly, _) => Err(ServiceError::Forbidden),
        found => Ok(found),
    }
}

/// `development_access` for a record named by its id (a job plan, a
/// funding request): someone who may not see the person's record is told
/// that no such record exists, so that ids reveal nothing.
pub async fn record_access(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    person_id: i32,
    what: &'static str,
) -> Result<(Access, person::Model), ServiceError> {
    hidden_as_missing(development_access(db, viewer, person_id).await, what)
}

/// A refusal to read a record named by its id, told as "no such record",
/// so that ids reveal nothing; other outcomes pass through.
pub fn hidden_as_missing<T>(
    found: Result<T, ServiceError>,
    what: &'static str,
) -> Result<T, ServiceError> {
    found.map_err(|error| match error {
        ServiceError::Forbidden => ServiceError::NotFound(what),
        other => other,
    })
}

/// The refusal for a step on `person_id`'s record named by its id: 403
/// for someone who may see the record (they know it exists), 404 for
/// anyone else.
pub async fn refusal(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    person_id: i32,
    what: &'static str,
) -> Result<ServiceError, ServiceError> {
    Ok(match record_access(db, viewer, person_id, what).await {
        Ok(_) => ServiceError::Forbidden,
        Err(refused) => refused,
    })
}

/// Whether `viewer` decides `who`'s requests (learning time, funding): their
/// line manager, or for a person with no line manager, a head of service of
/// their department (the rule `decided_by` lists by).
pub async fn decides_for(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    who: &person::Model,
) -> Result<bool, ServiceError> {
    if who.id == viewer.person_id {
        return Ok(false);
    }
    match who.line_manager_id {
        Some(manager) => Ok(manager == viewer.person_id),
        None if viewer.has(Role::HeadOfService) && who.department_id.is_some() => {
            let me = person::Entity::find_by_id(viewer.person_id).one(db).await?;
            Ok(me.is_some_and(|me| me.department_id == who.department_id))
        }
        None => Ok(false),
    }
}

/// The people whose requests (learning time, funding) wait for the viewer:
/// their direct reports and, for a head of service, people of their own
/// department who have no line manager; never the viewer. As
/// `SELECT id FROM people WHERE ...`, for `person_id IN (...)`.
pub async fn decided_by(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<SelectStatement, ServiceError> {
    let mut whose = Condition::any().add(person::Column::LineManagerId.eq(viewer.person_id));
    if viewer.has(Role::HeadOfService) {
        let department: Option<i32> = person::Entity::find_by_id(viewer.person_id)
            .select_only()
            .column(person::Column::DepartmentId)
            .into_tuple::<Option<i32>>()
            .one(db)
            .await?
            .flatten();
        if let Some(department) = department {
            whose = whose.add(
                Condition::all()
                    .add(person::Column::LineManagerId.is_null())
                    .add(person::Column::DepartmentId.eq(department)),
            );
        }
    }
    Ok(Query::select()
        .column(person::Column::Id)
        .from(person::Entity)
        .cond_where(
            Condition::all()
                .add(whose)
                .add(person::Column::Id.ne(viewer.person_id)),
        )
        .to_owned())
}

/// Who a viewer oversees, as a condition on `people`.
pub struct Oversight {
    /// In post today (started, not yet left) and never the viewer: a line
    /// manager's direct reports; a head of service's department as well;
    /// everyone for HR and administrators.
    pub condition: Condition,
    /// The head of service's own department, when they have one.
    pub department: Option<i32>,
    /// HR or an administrator: everyone is in scope.
    pub everyone: bool,
}

/// The people the team views (job plans, the compliance dashboard) show
/// the viewer: one rule, so the views cannot drift apart.
pub async fn overseen(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<Oversight, ServiceError> {
    let today = chrono::Utc::now().date_naive();
    let mut condition = Condition::all()
        .add(
            Condition::any()
                .add(person::Column::EndDate.is_null())
                .add(person::Column::EndDate.gte(today)),
        )
        .add(person::Column::StartDate.lte(today))
        .add(person::Column::Id.ne(viewer.person_id));
    let everyone = viewer.has_any(&[Role::Hr, Role::Admin]);
    let mut department = None;
    if !everyone {
        let mut whose = Condition::any().add(person::Column::LineManagerId.eq(viewer.person_id));
        if viewer.has(Role::HeadOfService) {
            department = person::Entity::find_by_id(viewer.person_id)
                .select_only()
                .column(person::Column::DepartmentId)
                .into_tuple::<Option<i32>>()
                .one(db)
                .await?
                .flatten();
            if let Some(department) = department {
                whose = whose.add(person::Column::DepartmentId.eq(department));
            }
        }
        condition = condition.add(whose);
    }
    Ok(Oversight {
        condition,
        department,
        everyone,
    })
}

/// Whose records the workforce reports (retention statistics and raw data
/// exports) cover for a viewer. Leavers are included: reports look back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reporting {
    /// HR and administrators.
    Everyone,
    /// A head of service: the people of their department.
    Department(i32),
    /// A line manager (or a head of service without a department): the
    /// people whose line manager they are.
    DirectReports(i32),
}

impl Reporting {
    /// The same scope as a condition on `people` (by their current record).
    pub fn people(self) -> Condition {
        match self {
            Reporting::Everyone => Condition::all(),
            Reporting::Department(id) => Condition::all().add(person::Column::DepartmentId.eq(id)),
            Reporting::DirectReports(id) => {
                Condition::all().add(person::Column::LineManagerId.eq(id))
            }
        }
    }
}

/// The reporting scope of a viewer; staff members get none (403).
pub async fn reporting(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<Reporting, ServiceError> {
    if viewer.has_any(&[Role::Hr, Role::Admin]) {
        return Ok(Reporting::Everyone);
    }
    if viewer.has(Role::HeadOfService) {
        let department = person::Entity::find_by_id(viewer.person_id)
            .select_only()
            .column(person::Column::DepartmentId)
            .into_tuple::<Option<i32>>()
            .one(db)
            .await?
            .flatten();
        if let Some(department) = department {
            return Ok(Reporting::Department(department));
        }
    }
    if viewer.has_any(&[Role::Manager, Role::HeadOfService]) {
        return Ok(Reporting::DirectReports(viewer.person_id));
    }
    Err(ServiceError::Forbidden)
}
