//! Departments and teams.

use super::ServiceError;
use crate::api::organisation::{DepartmentView, PersonFormChoices, PersonOption, TeamView};
use crate::domain::staff;
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{department, person, team};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

fn in_post_today() -> Condition {
    let today = chrono::Utc::now().date_naive();
    Condition::all()
        .add(person::Column::StartDate.lte(today))
        .add(
            Condition::any()
                .add(person::Column::EndDate.is_null())
                .add(person::Column::EndDate.gte(today)),
        )
}

/// Every department with its teams and head-counts in post today (counted
/// in SQL, one query).
/// Every department's name by its id (one query), for pages that show
/// names beside ids.
pub async fn department_names(
    db: &impl ConnectionTrait,
) -> Result<HashMap<i32, String>, ServiceError> {
    Ok(department::Entity::find()
        .select_only()
        .columns([department::Column::Id, department::Column::Name])
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<DepartmentView>, ServiceError> {
    let counts: Vec<(Option<i32>, Option<i32>, i64)> = person::Entity::find()
        .select_only()
        .column(person::Column::DepartmentId)
        .column(person::Column::TeamId)
        .column_as(Expr::col(person::Column::Id).count(), "n")
        .filter(in_post_today())
        .group_by(person::Column::DepartmentId)
        .group_by(person::Column::TeamId)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_department: HashMap<i32, u64> = HashMap::new();
    let mut by_team: HashMap<i32, u64> = HashMap::new();
    for (department_id, team_id, n) in counts {
        let n = u64::try_from(n).unwrap_or(0);
        if let Some(d) = department_id {
            *by_department.entry(d).or_default() += n;
        }
        if let Some(t) = team_id {
            *by_team.entry(t).or_default() += n;
        }
    }
    let teams = team::Entity::find()
        .order_by_asc(team::Column::Name)
        .all(db)
        .await?;
    let departments = department::Entity::find()
        .order_by_asc(department::Column::Name)
        .all(db)
        .await?;
    Ok(departments
        .into_iter()
        .map(|d| DepartmentView {
            people: by_department.get(&d.id).copied().unwrap_or(0),
            teams: teams
                .iter()
                .filter(|t| t.department_id == d.id)
                .map(|t| TeamView {
                    id: t.id,
                    name: t.name.clone(),
                    people: by_team.get(&t.id).copied().unwrap_or(0),
                })
                .collect(),
            id: d.id,
            name: d.name,
            cost_centre: d.cost_centre,
        })
        .collect())
}

pub async fn form_options(db: &impl ConnectionTrait) -> Result<PersonFormChoices, ServiceError> {
    let managers = person::Entity::find()
        .filter(in_post_today())
        .order_by_asc(person::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| PersonOption {
            id: p.id,
            name: p.name,
        })
        .collect();
    Ok(PersonFormChoices {
        departments: list(db).await?,
        managers,
    })
}

pub async fn create_department(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    name: &str,
    cost_centre: &str,
) -> Result<i32, ServiceError> {
    let name = staff::parse_text(name, "a department name", 120)
        .map_err(|m| ServiceError::invalid("name", m))?;
    let cost_centre = Some(cost_centre.trim().to_string()).filter(|c| !c.is_empty());
    if cost_centre.as_ref().is_some_and(|c| c.len() > 20) {
        return Err(ServiceError::invalid(
            "cost_centre",
            "Cost centre must be 20 characters or fewer",
        ));
    }
    if department::Entity::find()
        .filter(department::Column::Name.eq(name.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(ServiceError::invalid(
            "name",
            "A department with this name already exists",
        ));
    }
    let txn = crate::server::db::begin_write(db).await?;
    let created = department::ActiveModel {
        name: Set(name.clone()),
        cost_centre: Set(cost_centre.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Entry::new(
            Some(admin.user_id),
            "department.create",
            "department",
            created.id.to_string(),
        )
        .after_json(serde_json::json!({ "name": name, "cost_centre": cost_centre })),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

pub async fn create_team(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    department_id: i32,
    name: &str,
) -> Result<i32, ServiceError> {
    let name = staff::parse_text(name, "a team name", 120)
        .map_err(|m| ServiceError::invalid("name", m))?;
    department::Entity::find_by_id(department_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Department"))?;
    ensure_team_name_free(db, department_id, &name, None).await?;
    let txn = crate::server::db::begin_write(db).await?;
    let created = team::ActiveModel {
        department_id: Set(department_id),
        name: Set(name.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Entry::new(
            Some(admin.user_id),
            "team.create",
            "team",
            created.id.to_string(),
        )
        .after_json(serde_json::json!({ "department_id": department_id, "name": name })),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

pub async fn rename_team(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    team_id: i32,
    name: &str,
) -> Result<(), ServiceError> {
    let name = staff::parse_text(name, "a team name", 120)
        .map_err(|m| ServiceError::invalid("name", m))?;
    let txn = crate::server::db::begin_write(db).await?;
    let existing = team::Entity::find_by_id(team_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Team"))?;
    ensure_team_name_free(&txn, existing.department_id, &name, Some(team_id)).await?;
    let before = existing.name.clone();
    let mut row: team::ActiveModel = existing.into();
    row.name = Set(name.clone());
    row.update(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(admin.user_id),
            "team.rename",
            "team",
            team_id.to_string(),
        )
        .before_json(serde_json::json!({ "name": before }))
        .after_json(serde_json::json!({ "name": name })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn ensure_team_name_free(
    db: &impl ConnectionTrait,
    department_id: i32,
    name: &str,
    except: Option<i32>,
) -> Result<(), ServiceError> {
    let clash = team::Entity::find()
        .filter(team::Column::DepartmentId.eq(department_id))
        .filter(team::Column::Name.eq(name))
        .one(db)
        .await?;
    if clash.is_some_and(|t| Some(t.id) != except) {
        return Err(ServiceError::invalid(
            "name",
            "This department already has a team with this name",
        ));
    }
    Ok(())
}
