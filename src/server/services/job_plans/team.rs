//! The team view (each person's latest plan, the share with a current
//! signed-off plan against the NHS's 90%) and the approvals queue.
//! A line manager sees their direct reports; a head of service their
//! department and direct reports; HR and administrators everyone in post.

use super::{ServiceError, status_of, summary};
use crate::api::job_plans::{PlanQueueRow, TeamPlanRow, TeamPlansView};
use crate::domain::financial_year::FinancialYear;
use crate::domain::job_plans::status::{self as rules, PlanStatus};
use crate::domain::roles::Role;
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{job_plan, person, team as team_entity};
use crate::server::services::access;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// A person in the team view: id, name, team.
type Member = (i32, String, Option<i32>);

/// A plan version as the team view needs it: id, person, year, version,
/// status, sign-off time.
type PlanRow = (i32, i32, i32, i32, String, Option<DateTime<Utc>>);

/// People in post whose plans the viewer oversees (never the viewer). Only
/// the columns the view shows are read: with hundreds of people, decoding
/// whole rows costs more than the query.
async fn scope(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<Vec<Member>, ServiceError> {
    let scope = access::overseen(db, viewer).await?.condition;
    Ok(person::Entity::find()
        .select_only()
        .columns([
            person::Column::Id,
            person::Column::Name,
            person::Column::TeamId,
        ])
        .filter(scope)
        .order_by_asc(person::Column::Name)
        .into_tuple()
        .all(db)
        .await?)
}

/// Every plan version of these people, grouped by person.
async fn plans_of(
    db: &impl ConnectionTrait,
    people: &[Member],
) -> Result<HashMap<i32, Vec<PlanRow>>, ServiceError> {
    let mut by_person: HashMap<i32, Vec<PlanRow>> = HashMap::new();
    // In slices, to stay under the databases' bound-parameter limits.
    for chunk in people.chunks(5000) {
        let plans: Vec<PlanRow> = job_plan::Entity::find()
            .select_only()
            .columns([
                job_plan::Column::Id,
                job_plan::Column::PersonId,
                job_plan::Column::YearStart,
                job_plan::Column::Version,
                job_plan::Column::Status,
                job_plan::Column::SignedOffAt,
            ])
            .filter(job_plan::Column::PersonId.is_in(chunk.iter().map(|p| p.0)))
            .into_tuple()
            .all(db)
            .await?;
        for plan in plans {
            by_person.entry(plan.1).or_default().push(plan);
        }
    }
    Ok(by_person)
}

fn matches_status(row: &TeamPlanRow, wanted: &str) -> bool {
    match wanted {
        "" => true,
        "none" => row.status.is_none(),
        "current" => row.is_current,
        "not_current" => !row.is_current,
        other => row.status.map(|s| s.as_str()) == Some(other),
    }
}

pub async fn team(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    team_filter: &str,
    status_filter: &str,
) -> Result<TeamPlansView, ServiceError> {
    let team_filter = match team_filter.trim() {
        "" => None,
        raw => Some(
            raw.parse::<i32>()
                .map_err(|_| ServiceError::invalid("team", "Choose a team from the list"))?,
        ),
    };
    let status_filter = status_filter.trim();
    let known = ["", "none", "current", "not_current"];
    if !known.contains(&status_filter) && PlanStatus::parse(status_filter).is_none() {
        return Err(ServiceError::invalid(
            "status",
            "Choose a status from the list",
        ));
    }
    let people = scope(db, viewer).await?;
    let plans = plans_of(db, &people).await?;
    let team_names: HashMap<i32, String> = team_entity::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut teams: Vec<(i32, String)> = people
        .iter()
        .filter_map(|p| p.2)
        .filter_map(|id| team_names.get(&id).map(|n| (id, n.clone())))
        .collect();
    teams.sort_by(|a, b| a.1.cmp(&b.1));
    teams.dedup();
    let today = Utc::now().date_naive();
    let mut rows = Vec::new();
    for (id, name, team) in people
        .into_iter()
        .filter(|p| team_filter.is_none() || p.2 == team_filter)
    {
        let theirs = plans.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let latest = theirs.iter().max_by_key(|plan| (plan.2, plan.3));
        let last_signed = theirs
            .iter()
            .filter(|plan| plan.4 == PlanStatus::SignedOff.as_str())
            .filter_map(|plan| plan.5)
            .max()
            .map(|t| t.date_naive());
        rows.push(TeamPlanRow {
            person_id: id,
            person_name: name,
            team: team.and_then(|t| team_names.get(&t).cloned()),
            plan_id: latest.map(|plan| plan.0),
            year_label: latest.map(|plan| FinancialYear(plan.2).to_string()),
            version: latest.map(|plan| plan.3),
            status: latest.map(|plan| PlanStatus::parse(&plan.4).unwrap_or(PlanStatus::Draft)),
            signed_off_on: last_signed.map(|d| d.to_string()),
            review_due: last_signed.map(|d| rules::review_due(d).to_string()),
            is_current: last_signed.is_some_and(|d| rules::is_current(d, today)),
        });
    }
    let staff = rows.len();
    let current = rows.iter().filter(|r| r.is_current).count();
    rows.retain(|r| matches_status(r, status_filter));
    Ok(TeamPlansView {
        rows,
        staff,
        current,
        percent: rules::percent(current, staff),
        meets_expectation: rules::meets_expectation(current, staff),
        teams,
        queue: queue(db, viewer).await?,
    })
}

/// Plans awaiting the viewer: submitted plans of their direct reports (to
/// agree) and, for a head of service, agreed plans in their department (to
/// sign off). Never their own.
pub async fn queue(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<Vec<PlanQueueRow>, ServiceError> {
    let reports: Vec<(i32, String)> = person::Entity::find()
        .select_only()
        .columns([person::Column::Id, person::Column::Name])
        .filter(person::Column::LineManagerId.eq(viewer.person_id))
        .filter(person::Column::Id.ne(viewer.person_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut department_people: Vec<(i32, String)> = Vec::new();
    if viewer.has(Role::HeadOfService) {
        let me = person::Entity::find_by_id(viewer.person_id).one(db).await?;
        if let Some(department) = me.and_then(|m| m.department_id) {
            department_people = person::Entity::find()
                .select_only()
                .columns([person::Column::Id, person::Column::Name])
                .filter(person::Column::DepartmentId.eq(department))
                .filter(person::Column::Id.ne(viewer.person_id))
                .into_tuple()
                .all(db)
                .await?;
        }
    }
    let names: HashMap<i32, String> = reports
        .iter()
        .chain(department_people.iter())
        .cloned()
        .collect();
    let mut awaiting = Condition::any();
    if !reports.is_empty() {
        awaiting = awaiting.add(
            Condition::all()
                .add(job_plan::Column::Status.eq(PlanStatus::Submitted.as_str()))
                .add(job_plan::Column::PersonId.is_in(reports.iter().map(|p| p.0))),
        );
    }
    if !department_people.is_empty() {
        awaiting = awaiting.add(
            Condition::all()
                .add(job_plan::Column::Status.eq(PlanStatus::Agreed.as_str()))
                .add(job_plan::Column::PersonId.is_in(department_people.iter().map(|p| p.0))),
        );
    }
    if reports.is_empty() && department_people.is_empty() {
        return Ok(Vec::new());
    }
    let plans = job_plan::Entity::find()
        .filter(awaiting)
        .order_by_asc(job_plan::Column::UpdatedAt)
        .all(db)
        .await?;
    Ok(plans
        .into_iter()
        .map(|plan| {
            let status = status_of(&plan);
            PlanQueueRow {
                plan_id: plan.id,
                person_name: names.get(&plan.person_id).cloned().unwrap_or_default(),
                year_label: summary(&plan).year_label,
                version: plan.version,
                status,
                awaiting: if status == PlanStatus::Agreed {
                    "Sign off".into()
                } else {
                    "Agree".into()
                },
                since: plan.updated_at.date_naive().to_string(),
            }
        })
        .collect())
}
