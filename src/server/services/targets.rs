//! Administrators' annual CPD targets and PLT allowances per staff group;
//! a group without a row uses the defaults in `domain::targets`.

use super::{Problems, ServiceError};
use crate::api::targets::{TargetInput, TargetRow};
use crate::domain::cpd::CpdHours;
use crate::domain::staff::STAFF_GROUPS;
use crate::domain::targets::{self as rules, DEFAULT_CPD_TARGET_HOURS, DEFAULT_PLT_QUARTERS};
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::entities::staff_group_target;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};

/// A staff group's (CPD target, PLT allowance) in quarter hours a year.
pub async fn for_group(
    db: &impl ConnectionTrait,
    staff_group: &str,
) -> Result<(u32, u32), ServiceError> {
    let row = staff_group_target::Entity::find()
        .filter(staff_group_target::Column::StaffGroup.eq(staff_group))
        .one(db)
        .await?;
    Ok(match row {
        Some(r) => (
            u32::try_from(r.cpd_quarters_per_year).unwrap_or(0),
            u32::try_from(r.plt_quarters_per_year).unwrap_or(0),
        ),
        None => (DEFAULT_CPD_TARGET_HOURS * 4, DEFAULT_PLT_QUARTERS),
    })
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<TargetRow>, ServiceError> {
    let mut rows = Vec::new();
    for group in STAFF_GROUPS {
        let (cpd, plt) = for_group(db, group).await?;
        rows.push(TargetRow {
            staff_group: (*group).to_string(),
            cpd_hours: CpdHours::from_quarters(cpd).to_string(),
            plt_hours: CpdHours::from_quarters(plt).to_string(),
        });
    }
    Ok(rows)
}

pub async fn set(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    input: &TargetInput,
) -> Result<(), ServiceError> {
    let mut problems = Problems::default();
    let group = STAFF_GROUPS
        .iter()
        .find(|g| **g == input.staff_group)
        .map(|g| (*g).to_string());
    if group.is_none() {
        problems.add("staff_group", "Choose a staff group from the list");
    }
    let cpd = problems.check("cpd_hours", rules::parse_annual_hours(&input.cpd_hours));
    let plt = problems.check("plt_hours", rules::parse_annual_hours(&input.plt_hours));
    let (Some(group), Some(cpd), Some(plt)) = (group, cpd, plt) else {
        return Err(problems.into_error());
    };
    let txn = crate::server::db::begin_write(db).await?;
    let existing = staff_group_target::Entity::find()
        .filter(staff_group_target::Column::StaffGroup.eq(&group))
        .one(&txn)
        .await?;
    let before = existing.clone();
    let mut row: staff_group_target::ActiveModel = match existing {
        Some(r) => r.into(),
        None => staff_group_target::ActiveModel {
            staff_group: Set(group.clone()),
            ..Default::default()
        },
    };
    row.cpd_quarters_per_year = Set(i32::try_from(cpd).unwrap_or(i32::MAX));
    row.plt_quarters_per_year = Set(i32::try_from(plt).unwrap_or(i32::MAX));
    row.updated_at = Set(chrono::Utc::now());
    row.save(&txn).await?;
    let mut entry = Entry::new(
        Some(admin.user_id),
        "target.set",
        "staff_group_target",
        group,
    )
    .after_json(serde_json::json!({ "cpd_quarters": cpd, "plt_quarters": plt }));
    if let Some(before) = before {
        entry = entry.before(&before);
    }
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}
