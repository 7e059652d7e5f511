//! Keeping `person_history` in step with `people`. Every change of staff
//! group, department, team, band, job role or contracted hours is a history
//! row from the day it takes effect, so statistics for past periods keep the
//! values that held then (DOMAIN.md: Retention statistics).

use crate::server::db::entities::{person, person_history};
use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

/// The values a history row holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub staff_group: String,
    pub department_id: Option<i32>,
    pub team_id: Option<i32>,
    pub band: String,
    pub job_role: String,
    pub contracted_hours: f64,
}

impl Placement {
    pub fn of_person(p: &person::Model) -> Placement {
        Placement {
            staff_group: p.staff_group.clone(),
            department_id: p.department_id,
            team_id: p.team_id,
            band: p.band.clone(),
            job_role: p.job_role.clone(),
            contracted_hours: p.contracted_hours,
        }
    }

    pub fn of_row(h: &person_history::Model) -> Placement {
        Placement {
            staff_group: h.staff_group.clone(),
            department_id: h.department_id,
            team_id: h.team_id,
            band: h.band.clone(),
            job_role: h.job_role.clone(),
            contracted_hours: h.contracted_hours,
        }
    }

    fn row(&self, person_id: i32, effective: NaiveDate) -> person_history::ActiveModel {
        person_history::ActiveModel {
            person_id: Set(person_id),
            effective_date: Set(effective),
            staff_group: Set(self.staff_group.clone()),
            department_id: Set(self.department_id),
            team_id: Set(self.team_id),
            band: Set(self.band.clone()),
            job_role: Set(self.job_role.clone()),
            contracted_hours: Set(self.contracted_hours),
            ..Default::default()
        }
    }
}

/// A person's history, oldest first.
pub async fn of_person(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<person_history::Model>, DbErr> {
    person_history::Entity::find()
        .filter(person_history::Column::PersonId.eq(person_id))
        .order_by_asc(person_history::Column::EffectiveDate)
        .all(db)
        .await
}

/// The first history row of a new person: their values from their start day.
pub async fn start(db: &impl ConnectionTrait, person: &person::Model) -> Result<(), DbErr> {
    Placement::of_person(person)
        .row(person.id, person.start_date)
        .insert(db)
        .await
        .map(|_| ())
}

/// Records `placement` as holding from `effective` (never earlier than the
/// start day), unless it already holds on that day. A row already on that
/// day is replaced. The earliest row is moved back to the start day when the
/// start moves earlier, so every employed day has a value. Returns whether a
/// row was written.
pub async fn record(
    db: &impl ConnectionTrait,
    person_id: i32,
    start_date: NaiveDate,
    effective: NaiveDate,
    placement: &Placement,
) -> Result<bool, DbErr> {
    let effective = effective.max(start_date);
    let history = of_person(db, person_id).await?;
    if let Some(first) = history.first()
        && first.effective_date > start_date
    {
        let mut moved: person_history::ActiveModel = first.clone().into();
        moved.effective_date = Set(start_date);
        moved.update(db).await?;
    }
    let holding = history
        .iter()
        .rev()
        .find(|h| h.effective_date <= effective)
        .or(history.first());
    if holding.is_some_and(|h| Placement::of_row(h) == *placement) {
        return Ok(false);
    }
    match history.iter().find(|h| h.effective_date == effective) {
        Some(same_day) => {
            let mut row = placement.row(person_id, effective);
            row.id = Set(same_day.id);
            row.update(db).await?;
        }
        None => {
            placement.row(person_id, effective).insert(db).await?;
        }
    }
    Ok(true)
}

/// Gives every person without history one row from their start day (people
/// written by bulk loaders). One statement, safe to repeat.
pub async fn fill_missing(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    use person::Column as P;
    let missing = Query::select()
        .columns([
            P::Id,
            P::StartDate,
            P::StaffGroup,
            P::DepartmentId,
            P::TeamId,
            P::Band,
            P::JobRole,
            P::ContractedHours,
        ])
        .from(person::Entity)
        .cond_where(
            P::Id.not_in_subquery(
                Query::select()
                    .column(person_history::Column::PersonId)
                    .from(person_history::Entity)
                    .to_owned(),
            ),
        )
        .to_owned();
    use person_history::Column as H;
    let insert = Query::insert()
        .into_table(person_history::Entity)
        .columns([
            H::PersonId,
            H::EffectiveDate,
            H::StaffGroup,
            H::DepartmentId,
            H::TeamId,
            H::Band,
            H::JobRole,
            H::ContractedHours,
        ])
        .select_from(missing)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .to_owned();
    Ok(db.execute(&insert).await?.rows_affected())
}
