//! CPD activities and protected-learning-time sessions, each person's
//! share in proportion to their days in post, dated inside them.

use super::{Employee, STAFF_ACTIVITIES, day_in, insert_batched, shares_by_days};
use crate::domain::plt::SessionStatus;
use crate::server::db::entities::{cpd_activity, cpd_category, plt_session};
use crate::server::seed_workforce::Sequence;
use crate::server::services::ServiceError;
use chrono::{Duration, NaiveDate, NaiveTime};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, QuerySelect};

const TITLES: [&str; 8] = [
    "Journal club",
    "IPEM study day",
    "Linac commissioning workshop",
    "MRI safety update",
    "Radiation protection refresher",
    "Departmental audit",
    "Teaching trainees",
    "Online module: dosimetry",
];

fn at_noon(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
        .and_utc()
}

pub(super) async fn cpd(
    db: &DatabaseConnection,
    staff: &[Employee],
    total: usize,
    window: (NaiveDate, NaiveDate),
    seq: &mut Sequence,
) -> Result<usize, ServiceError> {
    let categories: Vec<i32> = cpd_category::Entity::find()
        .select_only()
        .column(cpd_category::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    // The benchmark's staff member (the third person) has exactly 500.
    let mut counts = shares_by_days(staff, total, window);
    if let Some(n) = counts.get_mut(2) {
        *n = STAFF_ACTIVITIES;
    }
    let mut rows = Vec::new();
    let mut written = 0;
    for (e, n) in staff.iter().zip(counts) {
        let Some(span) = e.span(window.0, window.1) else {
            continue;
        };
        for _ in 0..n {
            let day = day_in(seq, span);
            let reflective = seq.chance(50);
            rows.push(cpd_activity::ActiveModel {
                person_id: Set(e.id),
                start_date: Set(day),
                end_date: Set(None),
                title: Set(TITLES[seq.below(TITLES.len() as u64) as usize].into()),
                category_id: Set(categories[seq.below(categories.len() as u64) as usize]),
                quarter_hours: Set(2 + seq.below(27) as i32),
                provider: Set(seq.chance(40).then(|| "IPEM".to_string())),
                learning_objective: Set(None),
                what_i_learnt: Set(reflective.then(|| "What I learnt, in brief.".to_string())),
                change_to_practice: Set(None),
                benefit_to_service_users: Set(None),
                follow_up: Set(None),
                in_protected_time: Set(seq.chance(25)),
                pdp_objective_id: Set(None),
                created_at: Set(at_noon(day)),
                updated_at: Set(at_noon(day)),
                ..Default::default()
            });
        }
        // Written a slice at a time, so memory stays flat.
        if rows.len() >= 100_000 {
            written += insert_batched(db, std::mem::take(&mut rows)).await?;
        }
    }
    written += insert_batched(db, rows).await?;
    Ok(written)
}

pub(super) async fn plt(
    db: &DatabaseConnection,
    staff: &[Employee],
    total: usize,
    window: (NaiveDate, NaiveDate),
    seq: &mut Sequence,
) -> Result<usize, ServiceError> {
    let today = window.1;
    let mut rows = Vec::new();
    for (e, n) in staff.iter().zip(shares_by_days(staff, total, window)) {
        let Some(span) = e.span(window.0, window.1) else {
            continue;
        };
        for _ in 0..n {
            let day = day_in(seq, span);
            let recent = (today - day).num_days() < 21;
            let status = match seq.below(100) {
                _ if recent && e.end.is_none() && seq.chance(50) => SessionStatus::Requested,
                0..=4 => SessionStatus::Declined,
                5..=9 => SessionStatus::Cancelled,
                _ => SessionStatus::Approved,
            };
            let decided = matches!(status, SessionStatus::Approved | SessionStatus::Declined);
            let asked = at_noon(day - Duration::days(14));
            rows.push(plt_session::ActiveModel {
                person_id: Set(e.id),
                session_date: Set(day),
                quarter_hours: Set(4 + seq.below(27) as i32),
                purpose: Set("Reading, journal club and online learning".into()),
                pdp_objective_id: Set(None),
                status: Set(status.as_str().into()),
                decided_by_person_id: Set(e.manager.filter(|_| decided)),
                decision_comment: Set((status == SessionStatus::Declined)
                    .then(|| "Clinic cover is short that week".to_string())),
                decided_at: Set(decided.then(|| asked + Duration::days(2))),
                created_at: Set(asked),
                updated_at: Set(asked),
                ..Default::default()
            });
        }
    }
    insert_batched(db, rows).await
}
