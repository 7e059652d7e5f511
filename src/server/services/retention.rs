//! Retention statistics: loads each person's spell and history in the
//! viewer's scope (a handful of set-based queries whatever the size) and
//! hands them to `domain::retention`, which does the counting.

use super::access::{self, Reporting};
use super::{Problems, ServiceError};
use crate::api::retention::{RetentionQuery, RetentionReport, TrendPoint};
use crate::domain::funding::RequestStatus;
use crate::domain::job_plans::status::is_current;
use crate::domain::plt::SessionStatus;
use crate::domain::retention::{
    self, Breakdown, Development, Employment, Period, Stint, shift_years,
};
use crate::domain::staff;
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{
    department, funding_request, job_plan, person, person_history, plt_session,
};
use crate::server::db::tuples;
use crate::server::versioned_cache::{self, VersionedCache};
use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::{Expr, Func, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IdenStatic, QueryFilter, QuerySelect,
};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Most years a trend may show.
pub const MAX_TREND_YEARS: u32 = 20;

/// A checked request for statistics.
#[derive(Debug, Clone)]
pub struct Ask {
    pub query: RetentionQuery,
    pub period: Period,
    pub period_label: String,
    pub by: Breakdown,
    pub years: u32,
}

impl Ask {
    /// Fills defaults (the last complete financial year, the whole
    /// organisation, 5 years) and checks every field.
    pub fn parse(raw: &RetentionQuery, today: NaiveDate) -> Result<Ask, ServiceError> {
        let mut problems = Problems::default();
        let mut query = raw.clone();
        let kind = match raw.period.trim() {
            "" | "financial" => "financial",
            "calendar" => "calendar",
            "custom" => "custom",
            _ => {
                problems.add(
                    "period",
                    "Choose a financial year, a calendar year or two dates",
                );
                "financial"
            }
        };
        query.period = kind.to_string();
        let default_year = match kind {
            "calendar" => today.year() - 1,
            _ => crate::domain::financial_year::FinancialYear::containing(today).0 - 1,
        };
        let year = match raw.year.trim() {
            "" => Some(default_year),
            value => problems.check(
                "year",
                value
                    .parse::<i32>()
                    .ok()
                    .filter(|y| (1950..=today.year() + 1).contains(y))
                    .ok_or_else(|| "Enter a year, like 2025".to_string()),
            ),
        };
        let mut period = None;
        let mut period_label = String::new();
        match kind {
            "custom" => {
                let from = problems.check("from", staff::parse_date(&raw.from, "The first day"));
                let to = problems.check("to", staff::parse_date(&raw.to, "The last day"));
                if let (Some(from), Some(to)) = (from, to) {
                    period = problems.check("to", Period::new(from, to));
                    period_label = format!("{} to {}", long_date(from), long_date(to));
                }
                query.year = String::new();
            }
            _ => {
                if let Some(year) = year {
                    query.year = year.to_string();
                    let (found, label) = if kind == "calendar" {
                        (Period::calendar_year(year), format!("Calendar year {year}"))
                    } else {
                        (
                            Period::financial_year(year),
                            format!("Financial year {year}/{:02}", (year + 1) % 100),
                        )
                    };
                    period = Some(found);
                    period_label = label;
                }
                query.from = String::new();
                query.to = String::new();
            }
        }
        let by = match raw.by.trim() {
            "" => Some(Breakdown::Organisation),
            value => problems.check("by", Breakdown::parse(value)),
        };
        let years = match raw.years.trim() {
            "" => Some(5),
            value => problems.check(
                "years",
                value
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=MAX_TREND_YEARS).contains(n))
                    .ok_or_else(|| format!("Enter a number of years from 1 to {MAX_TREND_YEARS}")),
            ),
        };
        match (period, by, years) {
            (Some(period), Some(by), Some(years)) if problems.is_empty() => {
                query.by = by.key().to_string();
                query.years = years.to_string();
                Ok(Ask {
                    query,
                    period,
                    period_label,
                    by,
                    years,
                })
            }
            _ => Err(problems.into_error()),
        }
    }
}

fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// The statistics the viewer may see. The same question about the same
/// scope on the same day is answered from `cache` until a change to the
/// workforce data bumps its version.
pub async fn report(
    db: &impl ConnectionTrait,
    cache: &VersionedCache<RetentionReport>,
    viewer: &CurrentUser,
    raw: &RetentionQuery,
) -> Result<Arc<RetentionReport>, ServiceError> {
    let today = chrono::Utc::now().date_naive();
    let ask = Ask::parse(raw, today)?;
    let scope = access::reporting(db, viewer).await?;
    // Read before computing, so the answer is at least this new.
    let version = versioned_cache::version(db, versioned_cache::WORKFORCE).await?;
    let key = format!("{scope:?} {today} {:?}", ask.query);
    cache
        .get_or_compute(key, version, || async {
            let loaded = load(db, scope).await?;
            let development = development(db, scope, ask.period.from).await?;
            Ok(build(
                &ask,
                &loaded,
                &development,
                scope_label(db, scope).await?,
                today,
            ))
        })
        .await
}

/// Everything a report is computed from.
pub struct Loaded {
    pub people: Vec<Employment>,
    /// When the earliest spell began (for the year choices).
    pub earliest: Option<NaiveDate>,
}

/// Puts the figures together (also used by the command line and exports).
pub fn build(
    ask: &Ask,
    loaded: &Loaded,
    development: &[Development],
    scope: String,
    today: NaiveDate,
) -> RetentionReport {
    let people = &loaded.people;
    let groups = retention::figures(people, ask.period, ask.by);
    let total = retention::total(people, ask.period);
    let trend: Vec<TrendPoint> = (0..ask.years)
        .rev()
        .map(|back| {
            let period = ask.period.years_earlier(back as i32);
            TrendPoint {
                label: trend_label(&ask.query.period, period),
                from: period.from.to_string(),
                to: period.to.to_string(),
                figures: retention::total(people, period),
            }
        })
        .collect();
    let (development, plt_median_hours) =
        retention::development_splits(people, development, ask.period);
    let first_year = loaded
        .earliest
        .map(|d| d.year())
        .unwrap_or(today.year())
        .max(today.year() - 30);
    let year_choices = (first_year..=today.year()).rev().collect();
    let trend_chart = crate::server::charts::trend(&trend);
    let groups_chart = crate::server::charts::groups(&groups, ask.by.label());
    RetentionReport {
        query: ask.query.clone(),
        period_label: ask.period_label.clone(),
        from: ask.period.from.to_string(),
        to: ask.period.to.to_string(),
        breakdown_label: ask.by.label().to_string(),
        scope,
        groups,
        total,
        trend,
        development,
        plt_median_hours,
        year_choices,
        trend_chart,
        groups_chart,
    }
}

fn trend_label(kind: &str, period: Period) -> String {
    match kind {
        "financial" => format!("{}/{:02}", period.to.year() - 1, period.to.year() % 100),
        "calendar" => period.to.year().to_string(),
        _ => format!("to {}", period.to),
    }
}

pub async fn scope_label(
    db: &impl ConnectionTrait,
    scope: Reporting,
) -> Result<String, ServiceError> {
    Ok(match scope {
        Reporting::Everyone => "Everyone".to_string(),
        Reporting::DirectReports(_) => "Your direct reports".to_string(),
        Reporting::Department(id) => department::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|d| d.name)
            .unwrap_or_else(|| "Your department".to_string()),
    })
}

/// The people a scope covers: for a department, anyone who was ever in it.
fn scoped_people(scope: Reporting) -> SelectStatement {
    let mut select = Query::select();
    select.column(person::Column::Id).from(person::Entity);
    match scope {
        Reporting::Everyone => {}
        Reporting::DirectReports(manager) => {
            select.and_where(person::Column::LineManagerId.eq(manager));
        }
        Reporting::Department(id) => {
            select.cond_where(
                Condition::any()
                    .add(person::Column::DepartmentId.eq(id))
                    .add(
                        person::Column::Id.in_subquery(
                            Query::select()
                                .column(person_history::Column::PersonId)
                                .from(person_history::Entity)
                                .and_where(person_history::Column::DepartmentId.eq(id))
                                .to_owned(),
                        ),
                    ),
            );
        }
    }
    select.to_owned()
}

/// `column` names someone the scope covers; no condition at all for
/// everyone, so that the database need not check 20,000 ids.
fn covered_by(column: impl ColumnTrait, scope: Reporting) -> Condition {
    match scope {
        Reporting::Everyone => Condition::all(),
        _ => Condition::all().add(column.in_subquery(scoped_people(scope))),
    }
}

type SpellRow = (
    i32,
    NaiveDate,
    Option<NaiveDate>,
    Option<String>,
    String,
    Option<i32>,
    String,
    String,
    f64,
);
type HistoryRow = (i32, NaiveDate, String, Option<i32>, String, String, f64);

/// Every spell in scope with its history: three queries.
pub async fn load(db: &impl ConnectionTrait, scope: Reporting) -> Result<Loaded, ServiceError> {
    let names = super::organisation::department_names(db).await?;
    let spell_columns = [
        person::Column::Id,
        person::Column::StartDate,
        person::Column::EndDate,
        person::Column::LeavingReason,
        person::Column::StaffGroup,
        person::Column::DepartmentId,
        person::Column::Band,
        person::Column::JobRole,
        person::Column::ContractedHours,
    ];
    let mut spells: Vec<SpellRow> = tuples(
        db,
        person::Entity::find()
            .select_only()
            .columns(spell_columns)
            .filter(covered_by(person::Column::Id, scope)),
        &spell_columns.map(|c| c.as_str()),
    )
    .await?;
    spells.sort_unstable_by_key(|spell| spell.0);
    let history_columns = [
        person_history::Column::PersonId,
        person_history::Column::EffectiveDate,
        person_history::Column::StaffGroup,
        person_history::Column::DepartmentId,
        person_history::Column::Band,
        person_history::Column::JobRole,
        person_history::Column::ContractedHours,
    ];
    let mut history: Vec<HistoryRow> = tuples(
        db,
        person_history::Entity::find()
            .select_only()
            .columns(history_columns)
            .filter(covered_by(person_history::Column::PersonId, scope)),
        &history_columns.map(|c| c.as_str()),
    )
    .await?;
    // Each person's stints in date order.
    history.sort_unstable_by_key(|row| (row.0, row.1));
    let in_scope = |department: Option<i32>| match scope {
        Reporting::Department(id) => department == Some(id),
        _ => true,
    };
    let department_name = |department: Option<i32>| {
        department
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| "No department".to_string())
    };
    let mut stints: HashMap<i32, Vec<Stint>> = HashMap::new();
    for (person_id, from, staff_group, department, band, job_role, hours) in history {
        stints.entry(person_id).or_default().push(Stint {
            from,
            staff_group,
            department: department_name(department),
            band,
            job_role,
            contracted_hours: hours,
            in_scope: in_scope(department),
        });
    }
    let earliest = spells.iter().map(|s| s.1).min();
    let people = spells
        .into_iter()
        .map(
            |(id, start, end, reason, staff_group, department, band, job_role, hours)| {
                // Someone written without history (never by the portal
                // itself) counts with their current values throughout.
                let stints = stints.remove(&id).unwrap_or_else(|| {
                    vec![Stint {
                        from: start,
                        staff_group,
                        department: department_name(department),
                        band,
                        job_role,
                        contracted_hours: hours,
                        in_scope: in_scope(department),
                    }]
                });
                Employment {
                    person_id: id,
                    start,
                    end,
                    leaving_reason: reason,
                    stints,
                }
            },
        )
        .collect();
    Ok(Loaded { people, earliest })
}

/// What the people in scope had by `from`: a current job plan, PLT taken
/// and funded CPD in the year before it. Three grouped queries.
pub async fn development(
    db: &impl ConnectionTrait,
    scope: Reporting,
    from: NaiveDate,
) -> Result<Vec<Development>, ServiceError> {
    let year_before = shift_years(from, -1);
    let sign_offs: Vec<(i32, Option<chrono::DateTime<chrono::Utc>>)> = job_plan::Entity::find()
        .select_only()
        .columns([job_plan::Column::PersonId, job_plan::Column::SignedOffAt])
        .filter(covered_by(job_plan::Column::PersonId, scope))
        .filter(job_plan::Column::SignedOffAt.is_not_null())
        // A wide window in SQL (so that only plans near the day are read);
        // `is_current` below decides exactly.
        .filter(job_plan::Column::SignedOffAt.gte(midnight(from - chrono::Days::new(400))))
        .filter(job_plan::Column::SignedOffAt.lt(midnight(from + chrono::Days::new(1))))
        .into_tuple()
        .all(db)
        .await?;
    let with_plan: HashSet<i32> = sign_offs
        .into_iter()
        .filter(|(_, at)| at.is_some_and(|at| is_current(at.date_naive(), from)))
        .map(|(id, _)| id)
        .collect();
    let plt: Vec<(i32, Option<i64>)> = plt_session::Entity::find()
        .select_only()
        .column(plt_session::Column::PersonId)
        .column_as(
            Expr::from(Func::sum(Expr::col(plt_session::Column::QuarterHours))),
            "quarters",
        )
        .filter(covered_by(plt_session::Column::PersonId, scope))
        .filter(plt_session::Column::Status.eq(SessionStatus::Approved.as_str()))
        .filter(plt_session::Column::SessionDate.gte(year_before))
        .filter(plt_session::Column::SessionDate.lt(from))
        .group_by(plt_session::Column::PersonId)
        .into_tuple()
        .all(db)
        .await?;
    let plt: HashMap<i32, f64> = plt
        .into_iter()
        .map(|(id, quarters)| (id, quarters.unwrap_or_default() as f64 / 4.0))
        .collect();
    let funded: HashSet<i32> = funding_request::Entity::find()
        .select_only()
        .column(funding_request::Column::PersonId)
        .distinct()
        .filter(covered_by(funding_request::Column::PersonId, scope))
        .filter(funding_request::Column::Status.is_in([
            RequestStatus::Approved.as_str(),
            RequestStatus::Completed.as_str(),
        ]))
        .filter(funding_request::Column::StartDate.gte(year_before))
        .filter(funding_request::Column::StartDate.lt(from))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let ids: HashSet<i32> = with_plan
        .iter()
        .chain(plt.keys())
        .chain(funded.iter())
        .copied()
        .collect();
    Ok(ids
        .into_iter()
        .map(|id| Development {
            person_id: id,
            current_job_plan: with_plan.contains(&id),
            plt_hours_previous_year: plt.get(&id).copied().unwrap_or_default(),
            funded_cpd: funded.contains(&id),
        })
        .collect())
}

/// The first instant of `day` in UTC.
fn midnight(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}
