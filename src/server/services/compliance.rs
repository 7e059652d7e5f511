//! The compliance dashboard, read in a fixed number of queries whatever
//! the number of people: the people in scope, then one query each for CPD
//! hours by type, PLT sessions, allowance adjustments, job plans,
//! registrations, funding requests awaiting a decision, and the names of
//! types, teams and departments. Every per-person query filters by the
//! same scope as a subquery, so nothing is sent as a list of ids.

use super::ServiceError;
use super::access::{self, Oversight};
use super::progress::percent;
use crate::api::compliance::{ComplianceRow, ComplianceSummary, ComplianceView};
use crate::domain::compliance::{self as rules, PAGE_SIZE, SortKey};
use crate::domain::cpd::CpdHours;
use crate::domain::financial_year::FinancialYear;
use crate::domain::funding::RequestStatus;
use crate::domain::job_plans::status::{self as plan_rules, PlanStatus};
use crate::domain::plt::{PltTotals, SessionState, SessionStatus};
use crate::domain::registrations::{Body, Rag};
use crate::domain::targets::{
    self as targets_rules, DEFAULT_CPD_TARGET_HOURS, DEFAULT_PLT_QUARTERS,
};
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{
    cpd_activity, cpd_category, department, funding_request, job_plan, person, plt_allowance,
    plt_session, registration, staff_group_target, team,
};
use crate::server::db::tuples;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query as SqlQuery, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IdenStatic, QueryFilter, QuerySelect,
};
use std::cmp::Ordering;
use std::collections::HashMap;

/// What the viewer asked for: filters, order and page.
pub struct Query {
    pub department: Option<i32>,
    pub team: Option<i32>,
    pub sort: SortKey,
    pub descending: bool,
    pub page: u32,
}

impl Query {
    pub fn parse(
        department: &str,
        team: &str,
        sort: &str,
        order: &str,
        page: &str,
    ) -> Result<Query, ServiceError> {
        let id = |raw: &str, field: &'static str, what: &str| match raw.trim() {
            "" => Ok(None),
            raw => raw.parse::<i32>().map(Some).map_err(|_| {
                ServiceError::invalid(field, format!("Choose a {what} from the list"))
            }),
        };
        Ok(Query {
            department: id(department, "department", "department")?,
            team: id(team, "team", "team")?,
            sort: SortKey::parse(sort),
            descending: order.trim() == "desc",
            page: page
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        })
    }
}

/// A person as the dashboard reads them.
type Member = (
    i32,
    String,
    String,
    f64,
    NaiveDate,
    Option<NaiveDate>,
    Option<i32>,
    Option<i32>,
);

/// The people the viewer oversees, in post today, never the viewer: a
/// line manager their direct reports; a head of service their department
/// and direct reports; HR and administrators everyone. Also the scope's
/// name and whether department and team filters apply.
async fn scope(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    query: &Query,
) -> Result<(Condition, String, Oversight), ServiceError> {
    let oversight = access::overseen(db, viewer).await?;
    let mut condition = oversight.condition.clone();
    let label = if oversight.everyone {
        if let Some(department) = query.department {
            condition = condition.add(person::Column::DepartmentId.eq(department));
        }
        "Everyone".to_string()
    } else {
        match oversight.department {
            Some(department) => department::Entity::find_by_id(department)
                .one(db)
                .await?
                .map(|d| d.name)
                .unwrap_or_else(|| "Your team".into()),
            None => "Your team".into(),
        }
    };
    if let Some(team) = query.team {
        condition = condition.add(person::Column::TeamId.eq(team));
    }
    Ok((condition, label, oversight))
}

/// `SELECT id FROM people WHERE <scope>`, for `person_id IN (...)`.
fn ids_in(scope: &Condition) -> SelectStatement {
    SqlQuery::select()
        .column(person::Column::Id)
        .from(person::Entity)
        .cond_where(scope.clone())
        .to_owned()
}

/// A plan version: id, year, version, status, signed-off time.
type PlanVersion = (i32, i32, i32, String, Option<DateTime<Utc>>);

/// Everything the rows are built from.
#[derive(Default)]
struct Facts {
    /// (person, category) -> quarter hours.
    cpd: HashMap<i32, Vec<(i32, u32)>>,
    plt: HashMap<i32, PltTotals>,
    plt_pending: HashMap<i32, u32>,
    adjusted: HashMap<i32, u32>,
    /// (id, year, version, status, signed-off time) by person.
    plans: HashMap<i32, Vec<PlanVersion>>,
    /// (body, expires on) by person.
    registrations: HashMap<i32, Vec<(String, NaiveDate)>>,
    funding_pending: HashMap<i32, u32>,
}

async fn facts(
    db: &impl ConnectionTrait,
    scope: &Condition,
    year: FinancialYear,
    today: NaiveDate,
) -> Result<Facts, ServiceError> {
    let mut facts = Facts::default();
    let cpd: Vec<(i32, i32, i64)> = tuples(
        db,
        cpd_activity::Entity::find()
            .select_only()
            .column(cpd_activity::Column::PersonId)
            .column(cpd_activity::Column::CategoryId)
            .column_as(
                Expr::col(cpd_activity::Column::QuarterHours)
                    .sum()
                    .cast_as("BIGINT"),
                "quarters",
            )
            .filter(cpd_activity::Column::PersonId.in_subquery(ids_in(scope)))
            .filter(cpd_activity::Column::StartDate.between(year.first_day(), year.last_day()))
            .group_by(cpd_activity::Column::PersonId)
            .group_by(cpd_activity::Column::CategoryId),
        &["person_id", "category_id", "quarters"],
    )
    .await?;
    for (person, category, quarters) in cpd {
        facts
            .cpd
            .entry(person)
            .or_default()
            .push((category, u32::try_from(quarters).unwrap_or(0)));
    }
    let sessions: Vec<(i32, String, NaiveDate, i32)> = tuples(
        db,
        plt_session::Entity::find()
            .select_only()
            .columns([
                plt_session::Column::PersonId,
                plt_session::Column::Status,
                plt_session::Column::SessionDate,
                plt_session::Column::QuarterHours,
            ])
            .filter(plt_session::Column::PersonId.in_subquery(ids_in(scope)))
            .filter(plt_session::Column::SessionDate.between(year.first_day(), year.last_day())),
        &["person_id", "status", "session_date", "quarter_hours"],
    )
    .await?;
    for (person, status, date, quarters) in sessions {
        let Some(status) = SessionStatus::parse(&status) else {
            continue;
        };
        let state = SessionState::of(status, date, today);
        facts
            .plt
            .entry(person)
            .or_default()
            .add(state, u32::try_from(quarters).unwrap_or(0));
        if state == SessionState::AwaitingDecision {
            *facts.plt_pending.entry(person).or_default() += 1;
        }
    }
    facts.adjusted = plt_allowance::Entity::find()
        .select_only()
        .columns([
            plt_allowance::Column::PersonId,
            plt_allowance::Column::Quarters,
        ])
        .filter(plt_allowance::Column::PersonId.in_subquery(ids_in(scope)))
        .filter(plt_allowance::Column::YearStart.eq(year.0))
        .into_tuple::<(i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(person, q)| (person, u32::try_from(q).unwrap_or(0)))
        .collect();
    // (id, person, year, version, status, signed-off time)
    type PlanRecord = (i32, i32, i32, i32, String, Option<DateTime<Utc>>);
    let plans: Vec<PlanRecord> = job_plan::Entity::find()
        .select_only()
        .columns([
            job_plan::Column::Id,
            job_plan::Column::PersonId,
            job_plan::Column::YearStart,
            job_plan::Column::Version,
            job_plan::Column::Status,
            job_plan::Column::SignedOffAt,
        ])
        .filter(job_plan::Column::PersonId.in_subquery(ids_in(scope)))
        .into_tuple()
        .all(db)
        .await?;
    for (id, person, year_start, version, status, signed) in plans {
        facts
            .plans
            .entry(person)
            .or_default()
            .push((id, year_start, version, status, signed));
    }
    let registrations: Vec<(i32, String, NaiveDate)> = registration::Entity::find()
        .select_only()
        .columns([
            registration::Column::PersonId,
            registration::Column::Body,
            registration::Column::ExpiresOn,
        ])
        .filter(registration::Column::PersonId.in_subquery(ids_in(scope)))
        .into_tuple()
        .all(db)
        .await?;
    for (person, body, expires) in registrations {
        facts
            .registrations
            .entry(person)
            .or_default()
            .push((body, expires));
    }
    let funding: Vec<(i32, i64)> = funding_request::Entity::find()
        .select_only()
        .column(funding_request::Column::PersonId)
        .column_as(
            Expr::col(funding_request::Column::Id)
                .count()
                .cast_as("BIGINT"),
            "n",
        )
        .filter(funding_request::Column::PersonId.in_subquery(ids_in(scope)))
        .filter(funding_request::Column::Status.eq(RequestStatus::Submitted.as_str()))
        .group_by(funding_request::Column::PersonId)
        .into_tuple()
        .all(db)
        .await?;
    facts.funding_pending = funding
        .into_iter()
        .map(|(person, n)| (person, u32::try_from(n).unwrap_or(0)))
        .collect();
    Ok(facts)
}

fn hours(quarters: u32) -> String {
    CpdHours::from_quarters(quarters).to_string()
}

/// A row and the figures it sorts by.
struct Built {
    row: ComplianceRow,
    plan_rank: (u8, Option<NaiveDate>),
}

pub async fn dashboard(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    query: &Query,
) -> Result<ComplianceView, ServiceError> {
    let today = Utc::now().date_naive();
    let year = FinancialYear::containing(today);
    let (scope, label, oversight) = scope(db, viewer, query).await?;
    let member_columns = [
        person::Column::Id,
        person::Column::Name,
        person::Column::StaffGroup,
        person::Column::ContractedHours,
        person::Column::StartDate,
        person::Column::EndDate,
        person::Column::DepartmentId,
        person::Column::TeamId,
    ];
    let people: Vec<Member> = tuples(
        db,
        person::Entity::find()
            .select_only()
            .columns(member_columns)
            .filter(scope.clone()),
        &member_columns.map(|c| c.as_str()),
    )
    .await?;
    let facts = facts(db, &scope, year, today).await?;
    let targets: HashMap<String, (u32, u32)> = staff_group_target::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            (
                t.staff_group,
                (
                    u32::try_from(t.cpd_quarters_per_year).unwrap_or(0),
                    u32::try_from(t.plt_quarters_per_year).unwrap_or(0),
                ),
            )
        })
        .collect();
    let categories: HashMap<i32, (i32, String)> = cpd_category::Entity::find()
        .select_only()
        .columns([
            cpd_category::Column::Id,
            cpd_category::Column::Position,
            cpd_category::Column::Name,
        ])
        .into_tuple::<(i32, i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, position, name)| (id, (position, name)))
        .collect();
    let departments = super::organisation::department_names(db).await?;
    let teams: HashMap<i32, (String, i32)> = team::Entity::find()
        .select_only()
        .columns([
            team::Column::Id,
            team::Column::Name,
            team::Column::DepartmentId,
        ])
        .into_tuple::<(i32, String, i32)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, name, department)| (id, (name, department)))
        .collect();

    let mut built: Vec<Built> = people
        .into_iter()
        .map(
            |(id, name, group, hours_a_week, start, end, department, team)| {
                let (group_cpd, group_plt) = targets
                    .get(&group)
                    .copied()
                    .unwrap_or((DEFAULT_CPD_TARGET_HOURS * 4, DEFAULT_PLT_QUARTERS));
                let cpd_target = targets_rules::pro_rata(group_cpd, hours_a_week, start, end, year);
                let by_type = facts.cpd.get(&id).map(Vec::as_slice).unwrap_or(&[]);
                let done: u32 = by_type.iter().map(|(_, q)| q).sum();
                let mut types: Vec<&(i32, String)> = by_type
                    .iter()
                    .filter_map(|(c, _)| categories.get(c))
                    .collect();
                types.sort();
                let registrations = facts
                    .registrations
                    .get(&id)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                let science_council = registrations
                    .iter()
                    .any(|(body, _)| body == Body::ScienceCouncil.as_str());
                let mut plt = facts.plt.get(&id).copied().unwrap_or_default();
                plt.allowance = facts.adjusted.get(&id).copied().unwrap_or_else(|| {
                    targets_rules::pro_rata(group_plt, hours_a_week, start, end, year)
                });
                let theirs = facts.plans.get(&id).map(Vec::as_slice).unwrap_or(&[]);
                let latest = theirs.iter().max_by_key(|p| (p.1, p.2));
                let last_signed = theirs
                    .iter()
                    .filter(|p| p.3 == PlanStatus::SignedOff.as_str())
                    .filter_map(|p| p.4)
                    .max()
                    .map(|t| t.date_naive());
                let plan_status =
                    latest.map(|p| PlanStatus::parse(&p.3).unwrap_or(PlanStatus::Draft));
                let plan_current = last_signed.is_some_and(|d| plan_rules::is_current(d, today));
                let review_due = last_signed.map(plan_rules::review_due);
                let rag = registrations
                    .iter()
                    .map(|(_, expires)| Rag::of(*expires, today))
                    .min();
                let next_expiry = registrations
                    .iter()
                    .map(|(_, e)| *e)
                    .filter(|e| *e >= today)
                    .min();
                let plan_pending = u32::from(matches!(
                    plan_status,
                    Some(PlanStatus::Submitted | PlanStatus::Agreed)
                ));
                let pending = facts.plt_pending.get(&id).copied().unwrap_or(0)
                    + facts.funding_pending.get(&id).copied().unwrap_or(0)
                    + plan_pending;
                let plan_rank = (
                    match (plan_current, plan_status) {
                        (false, None) => 0,
                        (false, _) => 1,
                        (true, _) => 2,
                    },
                    review_due,
                );
                Built {
                    row: ComplianceRow {
                        person_id: id,
                        name,
                        department: department.and_then(|d| departments.get(&d).cloned()),
                        team: team.and_then(|t| teams.get(&t).map(|(n, _)| n.clone())),
                        cpd_done: hours(done),
                        cpd_target: hours(cpd_target),
                        cpd_percent: percent(done, cpd_target),
                        cpd_on_track: rules::on_track(done, cpd_target, year, today),
                        types_used: types.into_iter().map(|(_, n)| n.clone()).collect(),
                        min_types: targets_rules::min_activity_types(science_council) as u32,
                        plt_taken: hours(plt.taken),
                        plt_booked: hours(plt.approved),
                        plt_allowance: hours(plt.allowance),
                        plt_percent: percent(plt.taken + plt.approved, plt.allowance),
                        plan_id: latest.map(|p| p.0),
                        plan_status,
                        plan_current,
                        review_due: review_due.map(|d| d.to_string()),
                        registrations_rag: rag,
                        registrations: registrations.len() as u32,
                        next_expiry: next_expiry.map(|d| d.to_string()),
                        pending,
                    },
                    plan_rank,
                }
            },
        )
        .collect();

    let count = |f: &dyn Fn(&ComplianceRow) -> bool| built.iter().filter(|b| f(&b.row)).count();
    let people_count = built.len();
    let plans_current = count(&|r| r.plan_current);
    let summary = ComplianceSummary {
        people: people_count as u32,
        plans_current: plans_current as u32,
        plans_percent: plan_rules::percent(plans_current, people_count),
        plans_meet_expectation: plan_rules::meets_expectation(plans_current, people_count),
        cpd_on_track: count(&|r| r.cpd_on_track) as u32,
        registrations_red: count(&|r| r.registrations_rag == Some(Rag::Red)) as u32,
        registrations_amber: count(&|r| r.registrations_rag == Some(Rag::Amber)) as u32,
        pending: built.iter().map(|b| b.row.pending).sum(),
    };

    sort(&mut built, query.sort, query.descending);
    let pages = people_count.div_ceil(PAGE_SIZE).max(1) as u32;
    let page = std::cmp::min(query.page, pages);
    let rows = built
        .into_iter()
        .skip((page as usize - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|b| b.row)
        .collect();

    let everyone = oversight.everyone;
    let mut department_choices: Vec<(i32, String)> = if everyone {
        departments.into_iter().collect()
    } else {
        Vec::new()
    };
    department_choices.sort_by(|a, b| a.1.cmp(&b.1));
    // HR and administrators: the department they filtered by; a head of
    // service: their own.
    let my_department = if everyone {
        query.department
    } else {
        oversight.department
    };
    let mut team_choices: Vec<(i32, String)> = teams
        .into_iter()
        .filter(|(_, (_, d))| (everyone && my_department.is_none()) || my_department == Some(*d))
        .map(|(id, (name, _))| (id, name))
        .collect();
    team_choices.sort_by(|a, b| a.1.cmp(&b.1));

    Ok(ComplianceView {
        scope: label,
        year_label: year.to_string(),
        summary,
        rows,
        page,
        pages,
        sort: query.sort.as_str().to_string(),
        descending: query.descending,
        departments: department_choices,
        teams: team_choices,
    })
}

/// Sorts by the key, then by name; `descending` reverses the key only.
fn sort(rows: &mut [Built], key: SortKey, descending: bool) {
    let by_key = |a: &Built, b: &Built| -> Ordering {
        let (x, y) = (&a.row, &b.row);
        match key {
            SortKey::Name => Ordering::Equal,
            SortKey::Department => x.department.cmp(&y.department).then(x.team.cmp(&y.team)),
            SortKey::Cpd => x.cpd_percent.cmp(&y.cpd_percent),
            SortKey::Plt => x.plt_percent.cmp(&y.plt_percent),
            SortKey::JobPlan => a.plan_rank.cmp(&b.plan_rank),
            // Red first when ascending: the worst come to the top.
            SortKey::Registrations => x.registrations_rag.cmp(&y.registrations_rag),
            SortKey::Pending => x.pending.cmp(&y.pending),
        }
    };
    rows.sort_by(|a, b| {
        let ordered = by_key(a, b);
        let ordered = if descending {
            ordered.reverse()
        } else {
            ordered
        };
        let by_name = a.row.name.cmp(&b.row.name);
        if key == SortKey::Name && descending {
            by_name.reverse()
        } else {
            ordered
                .then(by_name)
                .then(a.row.person_id.cmp(&b.row.person_id))
        }
    });
}
