//! The audit-ready CPD profile: one saved draft per person. Word limits and
//! the number of chosen activities are enforced when saving; the print page
//! lists what still stops the profile being ready.

use super::{Problems, ServiceError, cpd, evidence, registrations};
use crate::api::profile::{ChosenActivity, CpdProfile, EvidenceLine, ProfileInput};
use crate::domain::cpd::CpdHours;
use crate::domain::evidence::human_size;
use crate::domain::profile::{self as rules, word_count};
use crate::domain::staff;
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{cpd_activity, cpd_profile, cpd_profile_activity, person};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, TryIntoModel,
};
use std::collections::HashSet;

/// The saved draft, or a new one over the default period.
pub async fn load(db: &DatabaseConnection, person_id: i32) -> Result<CpdProfile, ServiceError> {
    let me = person::Entity::find_by_id(person_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Staff record"))?;
    let saved = cpd_profile::Entity::find()
        .filter(cpd_profile::Column::PersonId.eq(person_id))
        .one(db)
        .await?;
    let today = chrono::Utc::now().date_naive();
    let (from, to, summary, statement, saved_at, chosen) = match saved {
        Some(p) => {
            let chosen: Vec<i32> = cpd_profile_activity::Entity::find()
                .filter(cpd_profile_activity::Column::ProfileId.eq(p.id))
                .all(db)
                .await?
                .into_iter()
                .map(|c| c.activity_id)
                .collect();
            (
                p.period_from,
                p.period_to,
                p.practice_summary,
                p.personal_statement,
                Some(p.updated_at.format("%Y-%m-%d %H:%M UTC").to_string()),
                chosen,
            )
        }
        None => {
            let hcpc = registrations::current_hcpc(db, person_id).await?;
            let (from, to) = rules::default_period(hcpc, today);
            (from, to, String::new(), String::new(), None, Vec::new())
        }
    };
    let in_period = sea_orm::Condition::all()
        .add(cpd_activity::Column::PersonId.eq(person_id))
        .add(cpd_activity::Column::StartDate.between(from, to));
    let activities = cpd::rows_where(db, in_period.clone()).await?;
    let total: u32 = activities
        .iter()
        .filter_map(|a| CpdHours::parse(&a.hours).ok())
        .map(|h| h.quarters())
        .sum();
    let chosen_models = cpd_activity::Entity::find()
        .filter(cpd_activity::Column::PersonId.eq(person_id))
        .filter(cpd_activity::Column::Id.is_in(chosen.clone()))
        .order_by_asc(cpd_activity::Column::StartDate)
        .all(db)
        .await?;
    let chosen_details = chosen_models
        .into_iter()
        .filter_map(|m| {
            let row = activities.iter().find(|a| a.id == m.id)?.clone();
            Some(ChosenActivity {
                row,
                learning_objective: m.learning_objective,
                what_i_learnt: m.what_i_learnt,
                change_to_practice: m.change_to_practice,
                benefit_to_service_users: m.benefit_to_service_users,
                follow_up: m.follow_up,
            })
        })
        .collect::<Vec<_>>();
    let files = evidence::stored_for(db, activities.iter().map(|a| a.id).collect()).await?;
    let evidence = files
        .into_iter()
        .filter_map(|f| {
            let activity = activities.iter().find(|a| a.id == f.activity_id)?;
            Some(EvidenceLine {
                activity_date: activity.start_date.clone(),
                activity_title: activity.title.clone(),
                file_name: f.file_name,
                size: human_size(u64::try_from(f.size_bytes).unwrap_or(0)),
            })
        })
        .collect();
    let mut not_ready = Vec::new();
    if summary.trim().is_empty() {
        not_ready.push("Write the summary of your practice history".to_string());
    }
    if statement.trim().is_empty() {
        not_ready.push("Write the personal statement".to_string());
    }
    if chosen_details.len() < rules::MIN_CHOSEN_ACTIVITIES {
        not_ready.push(format!(
            "Choose {} to {} activities for the personal statement ({} chosen)",
            rules::MIN_CHOSEN_ACTIVITIES,
            rules::MAX_CHOSEN_ACTIVITIES,
            chosen_details.len()
        ));
    }
    Ok(CpdProfile {
        person_name: me.name,
        job_role: me.job_role,
        registrations: registrations::labels(db, person_id).await?,
        period_from: from.to_string(),
        period_to: to.to_string(),
        summary_words: word_count(&summary),
        statement_words: word_count(&statement),
        practice_summary: summary,
        personal_statement: statement,
        total_hours: CpdHours::from_quarters(total).to_string(),
        activities,
        chosen: chosen_details.iter().map(|c| c.row.id).collect(),
        chosen_details,
        evidence,
        saved_at,
        not_ready,
    })
}

struct ValidProfile {
    from: NaiveDate,
    to: NaiveDate,
    summary: String,
    statement: String,
    chosen: Vec<i32>,
}

async fn validate(
    db: &impl ConnectionTrait,
    person_id: i32,
    input: &ProfileInput,
) -> Result<ValidProfile, ServiceError> {
    let mut problems = Problems::default();
    let today = chrono::Utc::now().date_naive();
    let from = problems.check(
        "period_from",
        staff::parse_date(&input.period_from, "The start of the period"),
    );
    let to = problems.check(
        "period_to",
        staff::parse_date(&input.period_to, "The end of the period"),
    );
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            problems.add("period_to", "The end of the period must be after its start");
        } else if to > today {
            problems.add(
                "period_to",
                "The end of the period must be today or earlier",
            );
        } else if (to - from).num_days() > 366 * 6 {
            problems.add("period_from", "The period can be at most six years");
        }
    }
    problems.check(
        "practice_summary",
        rules::check_words(
            &input.practice_summary,
            "The summary of practice history",
            rules::MAX_SUMMARY_WORDS,
        ),
    );
    problems.check(
        "personal_statement",
        rules::check_words(
            &input.personal_statement,
            "The personal statement",
            rules::MAX_STATEMENT_WORDS,
        ),
    );
    // Long words cannot dodge the word limit by size.
    for (field, text) in [
        ("practice_summary", &input.practice_summary),
        ("personal_statement", &input.personal_statement),
    ] {
        if text.chars().count() > 20_000 {
            problems.add(field, "The text is too long");
        }
    }
    let mut chosen = std::collections::BTreeSet::new();
    for key in input.chosen.keys().take(rules::MAX_CHOSEN_ACTIVITIES + 1) {
        match key.parse::<i32>() {
            Ok(id) => {
                chosen.insert(id);
            }
            Err(_) => problems.add("chosen", "Choose activities from the list"),
        }
    }
    let chosen: Vec<i32> = chosen.into_iter().collect();
    if input.chosen.len() > rules::MAX_CHOSEN_ACTIVITIES {
        problems.add(
            "chosen",
            format!(
                "Choose at most {} activities for the personal statement ({} chosen)",
                rules::MAX_CHOSEN_ACTIVITIES,
                input.chosen.len()
            ),
        );
    }
    if let (Some(from), Some(to)) = (from, to)
        && !chosen.is_empty()
        && problems.is_empty()
    {
        let found: HashSet<i32> = cpd_activity::Entity::find()
            .filter(cpd_activity::Column::PersonId.eq(person_id))
            .filter(cpd_activity::Column::Id.is_in(chosen.clone()))
            .filter(cpd_activity::Column::StartDate.between(from, to))
            .all(db)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        if chosen.iter().any(|id| !found.contains(id)) {
            problems.add(
                "chosen",
                "Choose activities from your record within the period",
            );
        }
    }
    match (problems.is_empty(), from, to) {
        (true, Some(from), Some(to)) => Ok(ValidProfile {
            from,
            to,
            summary: input.practice_summary.trim().to_string(),
            statement: input.personal_statement.trim().to_string(),
            chosen,
        }),
        _ => Err(problems.into_error()),
    }
}

/// Saves the draft and its chosen activities in one transaction.
pub async fn save(
    db: &DatabaseConnection,
    user: &CurrentUser,
    input: &ProfileInput,
) -> Result<(), ServiceError> {
    // Checked inside the transaction: a chosen activity cannot be deleted
    // between the check and the write.
    let txn = crate::server::db::begin_write(db).await?;
    super::access::lock_person(&txn, user.person_id).await?;
    let valid = validate(&txn, user.person_id, input).await?;
    let existing = cpd_profile::Entity::find()
        .filter(cpd_profile::Column::PersonId.eq(user.person_id))
        .one(&txn)
        .await?;
    let mut row: cpd_profile::ActiveModel = match existing {
        Some(p) => p.into(),
        None => cpd_profile::ActiveModel {
            person_id: Set(user.person_id),
            ..Default::default()
        },
    };
    row.period_from = Set(valid.from);
    row.period_to = Set(valid.to);
    row.practice_summary = Set(valid.summary);
    row.personal_statement = Set(valid.statement);
    row.updated_at = Set(chrono::Utc::now());
    let profile_id = row.save(&txn).await?.try_into_model()?.id;
    cpd_profile_activity::Entity::delete_many()
        .filter(cpd_profile_activity::Column::ProfileId.eq(profile_id))
        .exec(&txn)
        .await?;
    for activity_id in &valid.chosen {
        cpd_profile_activity::ActiveModel {
            profile_id: Set(profile_id),
            activity_id: Set(*activity_id),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "profile.save",
            "cpd_profile",
            profile_id.to_string(),
        )
        .after_json(serde_json::json!({
            "period_from": valid.from,
            "period_to": valid.to,
            "chosen": valid.chosen,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
