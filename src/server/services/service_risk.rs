//! Service risk (MPE / RPA cover). Administrators set each department's
//! requirements and extend the MPE modalities, each change in one
//! transaction with its audit entry. The view reads a fixed number of
//! queries whatever the number of requirements or people: the viewer, the
//! department(s), the modalities, the requirements, and every matching
//! certificate of the department's people in post (one join); the cover is
//! worked out in memory by `domain::service_risk`.

use super::{Problems, ServiceError};
use crate::api::service_risk::{CoverRow, DepartmentOption, HolderRow, ServiceRiskView};
use crate::domain::registrations::Body;
use crate::domain::roles::Role;
use crate::domain::service_risk::{self as rules, CoverKind, Holder};
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::begin_write;
use crate::server::db::entities::{
    cover_requirement, department, mpe_modality, person, registration,
};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// The MPE modalities in their order.
pub async fn modalities(db: &impl ConnectionTrait) -> Result<Vec<String>, ServiceError> {
    Ok(mpe_modality::Entity::find()
        .select_only()
        .column(mpe_modality::Column::Name)
        .order_by_asc(mpe_modality::Column::Position)
        .order_by_asc(mpe_modality::Column::Id)
        .into_tuple::<String>()
        .all(db)
        .await?)
}

/// Adds a modality at the end of the list. Names are unique ignoring case.
pub async fn add_modality(
    db: &DatabaseConnection,
    user: &CurrentUser,
    raw_name: &str,
) -> Result<(), ServiceError> {
    let name =
        rules::check_modality_name(raw_name).map_err(|m| ServiceError::invalid("name", m))?;
    let txn = begin_write(db).await?;
    let existing = mpe_modality::Entity::find().all(&txn).await?;
    let lower = name.to_lowercase();
    if existing.iter().any(|m| m.name.to_lowercase() == lower) {
        return Err(ServiceError::invalid(
            "name",
            format!("{name} is already in the list"),
        ));
    }
    let position = existing
        .iter()
        .map(|m| m.position)
        .max()
        .map_or(0, |p| p.saturating_add(1));
    let created = mpe_modality::ActiveModel {
        name: Set(name),
        position: Set(position),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "service_risk.modality.add",
            "mpe_modality",
            created.id.to_string(),
        )
        .after(&created),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A requirement as submitted.
pub struct RequirementInput<'a> {
    pub department_id: i32,
    pub kind: &'a str,
    pub modality: &'a str,
    pub minimum: &'a str,
}

/// Every problem with a requirement at once, or its (kind, modality,
/// minimum) with the modality spelt as listed (empty for RPA).
async fn validate(
    db: &impl ConnectionTrait,
    input: &RequirementInput<'_>,
) -> Result<(CoverKind, String, u32), ServiceError> {
    let mut problems = Problems::default();
    let department = department::Entity::find_by_id(input.department_id)
        .one(db)
        .await?;
    if department.is_none() {
        problems.add("department_id", "Choose a department");
    }
    let kind = problems.check(
        "kind",
        CoverKind::parse(input.kind).ok_or_else(|| "Choose MPE or RPA cover".to_string()),
    );
    let wanted = input.modality.trim();
    let modality = match kind {
        Some(CoverKind::Mpe) if wanted.is_empty() => {
            problems.add("modality", "Choose the modality the MPE must cover");
            None
        }
        Some(CoverKind::Mpe) => {
            let known = modalities(db).await?;
            let found = known.into_iter().find(|m| m.eq_ignore_ascii_case(wanted));
            if found.is_none() {
                problems.add("modality", "Choose a modality from the list");
            }
            found
        }
        Some(CoverKind::Rpa) if wanted.is_empty() => Some(String::new()),
        Some(CoverKind::Rpa) => {
            problems.add(
                "modality",
                "RPA cover has no modality: leave the modality empty",
            );
            None
        }
        None => None,
    };
    let minimum = problems.check("minimum", rules::parse_minimum(input.minimum));
    match (problems.is_empty(), kind, modality, minimum) {
        (true, Some(kind), Some(modality), Some(minimum)) => Ok((kind, modality, minimum)),
        _ => Err(problems.into_error()),
    }
}

/// Adds a requirement, or changes the minimum of the department's
/// existing one for the same cover.
pub async fn set_requirement(
    db: &DatabaseConnection,
    user: &CurrentUser,
    input: &RequirementInput<'_>,
) -> Result<(), ServiceError> {
    let (kind, modality, minimum) = validate(db, input).await?;
    let minimum = i32::try_from(minimum).map_err(|_| {
        ServiceError::invalid("minimum", "Enter a smaller minimum number of people")
    })?;
    let txn = begin_write(db).await?;
    let before = cover_requirement::Entity::find()
        .filter(cover_requirement::Column::DepartmentId.eq(input.department_id))
        .filter(cover_requirement::Column::Kind.eq(kind.as_str()))
        .filter(cover_requirement::Column::Modality.eq(modality.as_str()))
        .one(&txn)
        .await?;
    let after = match before.clone() {
        Some(existing) => {
            let mut row: cover_requirement::ActiveModel = existing.into();
            row.minimum = Set(minimum);
            row.updated_at = Set(Utc::now());
            row.update(&txn).await?
        }
        None => {
            cover_requirement::ActiveModel {
                department_id: Set(input.department_id),
                kind: Set(kind.as_str().to_string()),
                modality: Set(modality),
                minimum: Set(minimum),
                updated_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let mut entry = Entry::new(
        Some(user.user_id),
        "service_risk.requirement.set",
        "cover_requirement",
        after.id.to_string(),
    )
    .after(&after);
    if let Some(before) = &before {
        entry = entry.before(before);
    }
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete_requirement(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
) -> Result<(), ServiceError> {
    let txn = begin_write(db).await?;
    let before = cover_requirement::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Cover requirement"))?;
    cover_requirement::Entity::delete_by_id(id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "service_risk.requirement.delete",
            "cover_requirement",
            id.to_string(),
        )
        .before(&before),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The department `viewer` may see, with the choice offered to them: a
/// head of service only their own (another is refused); HR and
/// administrators any, by default their own or else the first by name.
async fn choose_department(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    requested: Option<i32>,
) -> Result<(department::Model, Vec<DepartmentOption>), ServiceError> {
    let own = person::Entity::find_by_id(viewer.person_id)
        .one(db)
        .await?
        .and_then(|me| me.department_id);
    if viewer.has_any(&[Role::Hr, Role::Admin]) {
        let all = department::Entity::find()
            .order_by_asc(department::Column::Name)
            .all(db)
            .await?;
        let wanted = requested.or(own);
        let chosen = match wanted.and_then(|id| all.iter().find(|d| d.id == id)) {
            Some(found) => found.clone(),
            None if requested.is_some() => {
                return Err(ServiceError::invalid(
                    "department_id",
                    "Choose a department",
                ));
            }
            None => all
                .first()
                .cloned()
                .ok_or(ServiceError::NotFound("Department"))?,
        };
        let options = all
            .into_iter()
            .map(|d| DepartmentOption {
                id: d.id,
                name: d.name,
            })
            .collect();
        return Ok((chosen, options));
    }
    if !viewer.has(Role::HeadOfService) {
        return Err(ServiceError::Forbidden);
    }
    let own = own.ok_or(ServiceError::Forbidden)?;
    if requested.is_some_and(|r| r != own) {
        return Err(ServiceError::Forbidden);
    }
    let chosen = department::Entity::find_by_id(own)
        .one(db)
        .await?
        .ok_or(ServiceError::Forbidden)?;
    Ok((chosen, Vec::new()))
}

/// An MPE or RPA certificate of someone in post in the department.
#[derive(Debug, FromQueryResult)]
struct Certificate {
    person_id: i32,
    name: String,
    end_date: Option<NaiveDate>,
    body: String,
    expires_on: NaiveDate,
    modalities: Option<String>,
}

impl Certificate {
    fn meets(&self, kind: CoverKind, modality: &str) -> bool {
        match kind {
            CoverKind::Rpa => self.body == Body::Rpa.as_str(),
            CoverKind::Mpe => {
                self.body == Body::Mpe.as_str()
                    && self
                        .modalities
                        .as_deref()
                        .unwrap_or("")
                        .split(',')
                        .any(|m| m.trim().eq_ignore_ascii_case(modality))
            }
        }
    }
}

/// Every MPE and RPA certificate held by the department's people in post
/// today (started, and not yet past their last day), in one query.
async fn certificates(
    db: &impl ConnectionTrait,
    department_id: i32,
    today: NaiveDate,
) -> Result<Vec<Certificate>, ServiceError> {
    let query = Query::select()
        .column((registration::Entity, registration::Column::PersonId))
        .column((person::Entity, person::Column::Name))
        .column((person::Entity, person::Column::EndDate))
        .column((registration::Entity, registration::Column::Body))
        .column((registration::Entity, registration::Column::ExpiresOn))
        .column((registration::Entity, registration::Column::Modalities))
        .from(registration::Entity)
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id))
                .equals((registration::Entity, registration::Column::PersonId)),
        )
        .and_where(Expr::col((person::Entity, person::Column::DepartmentId)).eq(department_id))
        .and_where(Expr::col((person::Entity, person::Column::StartDate)).lte(today))
        .and_where(
            Expr::col((person::Entity, person::Column::EndDate))
                .is_null()
                .or(Expr::col((person::Entity, person::Column::EndDate)).gte(today)),
        )
        .and_where(
            Expr::col((registration::Entity, registration::Column::Body))
                .is_in([Body::Mpe.as_str(), Body::Rpa.as_str()]),
        )
        .to_owned();
    db.query_all(&query)
        .await?
        .iter()
        .map(|row| Certificate::from_query_result(row, "").map_err(ServiceError::from))
        .collect()
}

/// Each person's best certificate for a requirement (the latest expiry),
/// with their name.
fn holders_of(
    certificates: &[Certificate],
    kind: CoverKind,
    modality: &str,
) -> Vec<(i32, String, Holder)> {
    let mut best: HashMap<i32, (String, Holder)> = HashMap::new();
    for c in certificates.iter().filter(|c| c.meets(kind, modality)) {
        let holder = Holder {
            expires_on: c.expires_on,
            leaves_on: c.end_date,
        };
        let entry = best
            .entry(c.person_id)
            .or_insert_with(|| (c.name.clone(), holder));
        if holder.expires_on > entry.1.expires_on {
            entry.1 = holder;
        }
    }
    best.into_iter()
        .map(|(id, (name, holder))| (id, name, holder))
        .collect()
}

fn holder_row(person_id: i32, name: String, holder: Holder, today: NaiveDate) -> HolderRow {
    HolderRow {
        person_id,
        name,
        expires_on: holder.expires_on.to_string(),
        days_left: (holder.expires_on - today).num_days(),
        leaves_on: holder.leaves_on.map(|d| d.to_string()),
        rag: holder.rag(today),
        status: holder.status_label(today).to_string(),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A department's cover today: each requirement (MPE modalities in the
/// list's order, then RPA) with its status and the people who hold it.
pub async fn view(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    requested: Option<i32>,
) -> Result<ServiceRiskView, ServiceError> {
    let today = Utc::now().date_naive();
    let (chosen, departments) = choose_department(db, viewer, requested).await?;
    let order: HashMap<String, usize> = modalities(db)
        .await?
        .into_iter()
        .enumerate()
        .map(|(i, m)| (m.to_lowercase(), i))
        .collect();
    let mut requirements = cover_requirement::Entity::find()
        .filter(cover_requirement::Column::DepartmentId.eq(chosen.id))
        .all(db)
        .await?;
    requirements.sort_by_key(|r| {
        (
            r.kind != CoverKind::Mpe.as_str(),
            order
                .get(&r.modality.to_lowercase())
                .copied()
                .unwrap_or(usize::MAX),
            r.modality.clone(),
        )
    });
    let certificates = if requirements.is_empty() {
        Vec::new()
    } else {
        certificates(db, chosen.id, today).await?
    };
    let rows = requirements
        .into_iter()
        .filter_map(|r| {
            let kind = CoverKind::parse(&r.kind)?;
            let mut holders = holders_of(&certificates, kind, &r.modality);
            holders.sort_by(|a, b| (a.2.covers_until(), &a.1).cmp(&(b.2.covers_until(), &b.1)));
            let minimum = u32::try_from(r.minimum).unwrap_or(1);
            let cover: Vec<Holder> = holders.iter().map(|h| h.2).collect();
            let status = rules::cover_status(minimum, &cover, today);
            Some(CoverRow {
                id: r.id,
                kind,
                label: kind.describe(&r.modality),
                modality: r.modality,
                minimum,
                current: count(rules::covering(&cover, today)),
                after_window: count(rules::covering(&cover, rules::horizon(today))),
                status,
                status_label: rules::status_label(status).to_string(),
                holders: holders
                    .into_iter()
                    .map(|(id, name, holder)| holder_row(id, name, holder, today))
                    .collect(),
            })
        })
        .collect();
    Ok(ServiceRiskView {
        department_id: chosen.id,
        department: chosen.name,
        departments,
        today: today.to_string(),
        requirements: rows,
    })
}
