//! A person's year at a glance: CPD hours against the pro-rated target and
//! the mix of activity types (summed in SQL), PLT use, registrations.

use super::access;
use super::{ServiceError, plt, registrations, targets};
use crate::api::progress::{CpdProgress, PltProgress, Progress};
use crate::domain::cpd::CpdHours;
use crate::domain::financial_year::FinancialYear;
use crate::domain::registrations::Body;
use crate::domain::targets as rules;
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{cpd_activity, cpd_category, person};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Done as a share of `of`, 0-100 (100 when there is nothing to do and
/// something was done).
pub(super) fn percent(done: u32, of: u32) -> u8 {
    if of == 0 {
        return if done > 0 { 100 } else { 0 };
    }
    std::cmp::min(u64::from(done) * 100 / u64::from(of), 100) as u8
}

pub async fn cpd_progress(
    db: &impl ConnectionTrait,
    who: &person::Model,
    year: FinancialYear,
    science_council: bool,
    group_cpd: u32,
) -> Result<CpdProgress, ServiceError> {
    let target = rules::pro_rata(
        group_cpd,
        who.contracted_hours,
        who.start_date,
        who.end_date,
        year,
    );
    let in_year = cpd_activity::Column::PersonId
        .eq(who.id)
        .and(cpd_activity::Column::StartDate.between(year.first_day(), year.last_day()));
    let per_type: Vec<(i32, i64, i64)> = cpd_activity::Entity::find()
        .select_only()
        .column(cpd_activity::Column::CategoryId)
        .column_as(
            Expr::col(cpd_activity::Column::Id)
                .count()
                .cast_as("BIGINT"),
            "n",
        )
        .column_as(
            Expr::col(cpd_activity::Column::QuarterHours)
                .sum()
                .cast_as("BIGINT"),
            "quarters",
        )
        .filter(in_year)
        .group_by(cpd_activity::Column::CategoryId)
        .into_tuple()
        .all(db)
        .await?;
    let done = u32::try_from(per_type.iter().map(|(_, _, q)| q).sum::<i64>()).unwrap_or(0);
    let activities = u32::try_from(per_type.iter().map(|(_, n, _)| n).sum::<i64>()).unwrap_or(0);
    let type_ids: Vec<i32> = per_type.iter().map(|(id, _, _)| *id).collect();
    let types_used = if type_ids.is_empty() {
        Vec::new()
    } else {
        cpd_category::Entity::find()
            .filter(cpd_category::Column::Id.is_in(type_ids))
            .order_by_asc(cpd_category::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    Ok(CpdProgress {
        year_label: year.to_string(),
        target_hours: CpdHours::from_quarters(target).to_string(),
        done_hours: CpdHours::from_quarters(done).to_string(),
        left_hours: CpdHours::from_quarters(target.saturating_sub(done)).to_string(),
        percent: percent(done, target),
        activities,
        types_used,
        min_types: rules::min_activity_types(science_council) as u32,
    })
}

/// Anyone who may see the person at all sees these figures: they hold no
/// reflections or purposes.
pub async fn for_person(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    person_id: i32,
) -> Result<Progress, ServiceError> {
    let (access, who) = access::development_access(db, viewer, person_id).await?;
    let year = FinancialYear::containing(chrono::Utc::now().date_naive());
    let registrations = registrations::list(db, who.id).await?;
    let science_council = registrations
        .iter()
        .any(|r| r.body == Body::ScienceCouncil.as_str());
    // The staff group's targets, read once for both figures.
    let (group_cpd, group_plt) = targets::for_group(db, &who.staff_group).await?;
    let cpd = cpd_progress(db, &who, year, science_council, group_cpd).await?;
    let totals = plt::totals_with(db, &who, year, group_plt).await?;
    let hours = |q: u32| CpdHours::from_quarters(q).to_string();
    Ok(Progress {
        person_id: who.id,
        person_name: who.name.clone(),
        full_access: access != access::Access::CountsOnly,
        cpd,
        plt: PltProgress {
            allowance: hours(totals.allowance),
            requested: hours(totals.requested),
            approved: hours(totals.approved),
            taken: hours(totals.taken),
            remaining: hours(totals.remaining()),
            percent: percent(totals.approved + totals.taken, totals.allowance),
        },
        registrations,
    })
}
