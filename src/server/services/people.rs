//! Staff records: lists, one record with its permission check, and the
//! administrators' create and update (each one transaction with its audit
//! entry).

use super::person_history::{self, Placement};
use super::{Problems, ServiceError};
use crate::api::people::{AccountInfo, PersonDetail, PersonInput, PersonRow};
use crate::domain::{email::Email, roles::Role, staff};
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::auth::sessions::roles_of;
use crate::server::db::entities::{department, person, team, user};
use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, JoinType, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, FromQueryResult, Iterable, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::{HashMap, HashSet};

/// Most rows a directory search returns; refine the search for more.
pub const LIST_LIMIT: u64 = 500;

pub async fn list(db: &impl ConnectionTrait, search: &str) -> Result<Vec<PersonRow>, ServiceError> {
    let mut query = person::Entity::find()
        .order_by_asc(person::Column::Name)
        .limit(LIST_LIMIT);
    let term = search.trim().to_lowercase();
    if !term.is_empty() {
        let pattern = format!("%{}%", term.replace(['%', '_'], ""));
        let lower = |column: person::Column| Expr::expr(Func::lower(Expr::col(column)));
        query = query.filter(
            Condition::any()
                .add(lower(person::Column::Name).like(pattern.clone()))
                .add(lower(person::Column::Email).like(pattern.clone()))
                .add(lower(person::Column::JobRole).like(pattern)),
        );
    }
    rows(db, query.all(db).await?).await
}

/// A manager's direct reports and, for a head of service, their department.
pub async fn team_of(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<Vec<PersonRow>, ServiceError> {
    let me = person::Entity::find_by_id(viewer.person_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Your staff record"))?;
    let mut scope = Condition::any().add(person::Column::LineManagerId.eq(me.id));
    if viewer.has(Role::HeadOfService)
        && let Some(department_id) = me.department_id
    {
        scope = scope.add(person::Column::DepartmentId.eq(department_id));
    }
    let people = person::Entity::find()
        .filter(scope)
        .filter(person::Column::Id.ne(me.id))
        .order_by_asc(person::Column::Name)
        .all(db)
        .await?;
    rows(db, people).await
}

/// Who may read a staff record: its owner, their line manager, the head of
/// service of its department, HR and administrators.
async fn may_view(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    record: &person::Model,
) -> Result<bool, ServiceError> {
    if viewer.has_any(&[Role::Admin, Role::Hr])
        || record.id == viewer.person_id
        || record.line_manager_id == Some(viewer.person_id)
    {
        return Ok(true);
    }
    if viewer.has(Role::HeadOfService) && record.department_id.is_some() {
        let me = person::Entity::find_by_id(viewer.person_id).one(db).await?;
        return Ok(me.is_some_and(|me| me.department_id == record.department_id));
    }
    Ok(false)
}

/// The names a staff record shows beside its ids.
#[derive(FromQueryResult)]
struct PlacementNames {
    department: Option<String>,
    team: Option<String>,
    line_manager: Option<String>,
}

/// A staff record with its department's, team's and line manager's names:
/// one query (it is on every home page).
async fn with_placement_names(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<(person::Model, PlacementNames)>, ServiceError> {
    use person::{Column as C, Entity as P};
    let manager = Alias::new("line_manager_record");
    let query = Query::select()
        .columns(C::iter().map(|column| (P, column)))
        .expr_as(
            Expr::col((department::Entity, department::Column::Name)),
            "department",
        )
        .expr_as(Expr::col((team::Entity, team::Column::Name)), "team")
        .expr_as(Expr::col((manager.clone(), C::Name)), "line_manager")
        .from(P)
        .left_join(
            department::Entity,
            Expr::col((department::Entity, department::Column::Id)).equals((P, C::DepartmentId)),
        )
        .left_join(
            team::Entity,
            Expr::col((team::Entity, team::Column::Id)).equals((P, C::TeamId)),
        )
        .join_as(
            JoinType::LeftJoin,
            P,
            manager.clone(),
            Expr::col((manager, C::Id)).equals((P, C::LineManagerId)),
        )
        .and_where(Expr::col((P, C::Id)).eq(id))
        .to_owned();
    let Some(row) = db.query_one(&query).await? else {
        return Ok(None);
    };
    Ok(Some((
        person::Model::from_query_result(&row, "")?,
        PlacementNames::from_query_result(&row, "")?,
    )))
}

pub async fn detail_for(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    id: i32,
) -> Result<PersonDetail, ServiceError> {
    let (record, placement) = with_placement_names(db, id)
        .await?
        .ok_or(ServiceError::NotFound("Staff record"))?;
    if !may_view(db, viewer, &record).await? {
        return Err(ServiceError::Forbidden);
    }
    let PlacementNames {
        department,
        team,
        line_manager,
    } = placement;
    let account = if viewer.has(Role::Admin) {
        match user::Entity::find()
            .filter(user::Column::PersonId.eq(record.id))
            .one(db)
            .await?
        {
            Some(account) => Some(AccountInfo {
                user_id: account.id,
                active: account.active,
                roles: roles_of(db, account.id).await?,
            }),
            None => None,
        }
    } else {
        None
    };
    Ok(PersonDetail {
        id: record.id,
        staff_id: record.staff_id,
        name: record.name,
        email: record.email,
        staff_group: record.staff_group,
        job_role: record.job_role,
        band: record.band,
        contracted_hours: record.contracted_hours,
        fte: staff::fte(record.contracted_hours),
        department_id: record.department_id,
        department,
        team_id: record.team_id,
        team,
        line_manager_id: record.line_manager_id,
        line_manager,
        start_date: record.start_date.to_string(),
        end_date: record.end_date.map(|d| d.to_string()),
        leaving_reason: record.leaving_reason,
        account,
    })
}

pub async fn create(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    input: &PersonInput,
) -> Result<i32, ServiceError> {
    let valid = validate(db, input, None).await?;
    let now = chrono::Utc::now();
    let txn = crate::server::db::begin_write(db).await?;
    let mut row = person::ActiveModel {
        created_at: Set(now),
        ..Default::default()
    };
    valid.apply(&mut row, now);
    let created = row.insert(&txn).await?;
    person_history::start(&txn, &created).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(admin.user_id),
            "person.create",
            "person",
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
    admin: &CurrentUser,
    id: i32,
    input: &PersonInput,
) -> Result<(), ServiceError> {
    let valid = validate(db, input, Some(id)).await?;
    let txn = crate::server::db::begin_write(db).await?;
    let before = person::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Staff record"))?;
    let mut row: person::ActiveModel = before.clone().into();
    valid.apply(&mut row, chrono::Utc::now());
    let after = row.update(&txn).await?;
    // A change made on a staff record takes effect today (or on the start
    // day of someone who has not started yet).
    person_history::record(
        &txn,
        id,
        after.start_date,
        chrono::Utc::now().date_naive(),
        &Placement::of_person(&after),
    )
    .await?;
    audit::record(
        &txn,
        Entry::new(
            Some(admin.user_id),
            "person.update",
            "person",
            id.to_string(),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A staff-record form that has passed every check.
struct ValidPerson {
    staff_id: Option<String>,
    name: String,
    email: String,
    staff_group: String,
    job_role: String,
    band: String,
    contracted_hours: f64,
    department_id: Option<i32>,
    team_id: Option<i32>,
    line_manager_id: Option<i32>,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    leaving_reason: Option<String>,
}

impl ValidPerson {
    fn apply(self, row: &mut person::ActiveModel, now: chrono::DateTime<chrono::Utc>) {
        row.staff_id = Set(self.staff_id);
        row.name = Set(self.name);
        row.email = Set(self.email);
        row.staff_group = Set(self.staff_group);
        row.job_role = Set(self.job_role);
        row.band = Set(self.band);
        row.contracted_hours = Set(self.contracted_hours);
        row.department_id = Set(self.department_id);
        row.team_id = Set(self.team_id);
        row.line_manager_id = Set(self.line_manager_id);
        row.start_date = Set(self.start_date);
        row.end_date = Set(self.end_date);
        row.leaving_reason = Set(self.leaving_reason);
        row.updated_at = Set(now);
    }
}

fn optional(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|v| !v.is_empty())
}

fn optional_id(raw: &str, what: &str) -> Result<Option<i32>, String> {
    optional(raw)
        .map(|v| {
            v.parse::<i32>()
                .map_err(|_| format!("Select {what} from the list"))
        })
        .transpose()
}

async fn validate(
    db: &impl ConnectionTrait,
    input: &PersonInput,
    existing: Option<i32>,
) -> Result<ValidPerson, ServiceError> {
    let mut problems = Problems::default();
    let staff_id = problems
        .check(
            "staff_id",
            optional(&input.staff_id)
                .map(|v| staff::parse_text(v, "a staff number", 32))
                .transpose(),
        )
        .flatten();
    let name = problems.check("name", staff::parse_text(&input.name, "a full name", 200));
    let email = problems.check("email", Email::parse(&input.email));
    let staff_group = problems.check("staff_group", staff::parse_staff_group(&input.staff_group));
    let job_role = problems.check(
        "job_role",
        staff::parse_text(&input.job_role, "a job role", 120),
    );
    let band = problems.check("band", staff::parse_band(&input.band));
    let hours = problems.check(
        "contracted_hours",
        staff::parse_contracted_hours(&input.contracted_hours),
    );
    let department_id = problems
        .check(
            "department_id",
            optional_id(&input.department_id, "a department"),
        )
        .flatten();
    let team_id = problems
        .check("team_id", optional_id(&input.team_id, "a team"))
        .flatten();
    let line_manager_id = problems
        .check(
            "line_manager_id",
            optional_id(&input.line_manager_id, "a line manager"),
        )
        .flatten();
    let start_date = problems.check(
        "start_date",
        staff::parse_date(&input.start_date, "Start date"),
    );
    let end_date = problems
        .check(
            "end_date",
            staff::parse_optional_date(&input.end_date, "End date"),
        )
        .flatten();
    let leaving_reason = problems
        .check(
            "leaving_reason",
            optional(&input.leaving_reason)
                .map(staff::parse_leaving_reason)
                .transpose(),
        )
        .flatten();
    if let Some(start) = start_date
        && let Err((field, message)) =
            staff::check_spell(start, end_date, leaving_reason.as_deref())
    {
        problems.add(field, message);
    }
    if let Some(email) = &email {
        let clash = person::Entity::find()
            .filter(person::Column::Email.eq(email.as_str()))
            .one(db)
            .await?;
        if clash.is_some_and(|p| Some(p.id) != existing) {
            problems.add(
                "email",
                "Another staff record already has this email address",
            );
        }
    }
    if let Some(staff_id) = &staff_id {
        let clash = person::Entity::find()
            .filter(person::Column::StaffId.eq(staff_id.as_str()))
            .one(db)
            .await?;
        if clash.is_some_and(|p| Some(p.id) != existing) {
            problems.add(
                "staff_id",
                "Another staff record already has this staff number",
            );
        }
    }
    if let Some(d) = department_id
        && department::Entity::find_by_id(d).one(db).await?.is_none()
    {
        problems.add("department_id", "Select a department from the list");
    }
    if let Some(t) = team_id {
        match team::Entity::find_by_id(t).one(db).await? {
            None => problems.add("team_id", "Select a team from the list"),
            Some(team) if Some(team.department_id) != department_id => {
                problems.add("team_id", "Select a team in the chosen department")
            }
            Some(_) => {}
        }
    }
    if let Some(manager) = line_manager_id
        && let Some(message) = line_manager_problem(db, manager, existing).await?
    {
        problems.add("line_manager_id", message);
    }
    match (
        problems.is_empty(),
        name,
        email,
        staff_group,
        job_role,
        band,
        hours,
        start_date,
    ) {
        (
            true,
            Some(name),
            Some(email),
            Some(staff_group),
            Some(job_role),
            Some(band),
            Some(contracted_hours),
            Some(start_date),
        ) => Ok(ValidPerson {
            staff_id,
            name,
            email: email.as_str().to_string(),
            staff_group,
            job_role,
            band,
            contracted_hours,
            department_id,
            team_id,
            line_manager_id,
            start_date,
            end_date,
            leaving_reason,
        }),
        _ => Err(problems.into_error()),
    }
}

/// A line manager must exist, must not be the person, and must not be
/// managed by the person, directly or further down the chain.
async fn line_manager_problem(
    db: &impl ConnectionTrait,
    manager_id: i32,
    person_id: Option<i32>,
) -> Result<Option<&'static str>, ServiceError> {
    if Some(manager_id) == person_id {
        return Ok(Some("A person cannot be their own line manager"));
    }
    let mut seen = HashSet::new();
    let mut current = Some(manager_id);
    while let Some(id) = current {
        if !seen.insert(id) {
            break;
        }
        let Some(found) = person::Entity::find_by_id(id).one(db).await? else {
            return Ok(Some("Select a line manager from the list"));
        };
        if person_id.is_some() && found.line_manager_id == person_id {
            return Ok(Some(
                "That person reports to this person: choose someone else",
            ));
        }
        current = found.line_manager_id;
    }
    Ok(None)
}

/// Turns records into list rows with three lookups in all, not one per row.
async fn rows(
    db: &impl ConnectionTrait,
    people: Vec<person::Model>,
) -> Result<Vec<PersonRow>, ServiceError> {
    let departments = super::organisation::department_names(db).await?;
    let teams: HashMap<i32, String> = team::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let manager_ids: Vec<i32> = people.iter().filter_map(|p| p.line_manager_id).collect();
    let managers: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(manager_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
    let with_account: HashSet<i32> = user::Entity::find()
        .filter(user::Column::PersonId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.person_id)
        .collect();
    let today = chrono::Utc::now().date_naive();
    Ok(people
        .into_iter()
        .map(|p| PersonRow {
            department: p.department_id.and_then(|d| departments.get(&d).cloned()),
            team: p.team_id.and_then(|t| teams.get(&t).cloned()),
            line_manager: p.line_manager_id.and_then(|m| managers.get(&m).cloned()),
            in_post: p.end_date.is_none_or(|end| end >= today) && p.start_date <= today,
            has_account: with_account.contains(&p.id),
            id: p.id,
            name: p.name,
            email: p.email,
            job_role: p.job_role,
            band: p.band,
        })
        .collect())
}

/// People's names by id, for the ids given (reading only those two
/// columns). Unknown ids are left out.
pub async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, ServiceError> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(person::Entity::find()
        .select_only()
        .columns([person::Column::Id, person::Column::Name])
        .filter(person::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
