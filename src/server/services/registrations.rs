//! Registrations and certificates: only their owner changes them; the RAG
//! status is worked out on reading, against today.

use super::{Problems, ServiceError, service_risk};
use crate::api::registrations::{RegistrationInput, RegistrationRow};
use crate::domain::cpd::optional_text;
use crate::domain::registrations::{self as rules, Body, Rag};
use crate::domain::staff;
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::entities::registration;
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::BTreeMap;

fn modalities_of(stored: &Option<String>) -> Vec<String> {
    stored
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string)
        .collect()
}

fn row(r: registration::Model, today: NaiveDate) -> RegistrationRow {
    let body = Body::parse(&r.body);
    RegistrationRow {
        id: r.id,
        body_label: body
            .map(|b| b.label().to_string())
            .unwrap_or(r.body.clone()),
        body: r.body,
        number: r.number,
        registered_on: r.registered_on.map(|d| d.to_string()),
        expires_on: r.expires_on.to_string(),
        modalities: modalities_of(&r.modalities),
        rag: Rag::of(r.expires_on, today),
        days_left: (r.expires_on - today).num_days(),
    }
}

/// A person's registrations and certificates, soonest expiry first.
pub async fn list(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<RegistrationRow>, ServiceError> {
    let today = chrono::Utc::now().date_naive();
    Ok(registration::Entity::find()
        .filter(registration::Column::PersonId.eq(person_id))
        .order_by_asc(registration::Column::ExpiresOn)
        .all(db)
        .await?
        .into_iter()
        .map(|r| row(r, today))
        .collect())
}

/// The HCPC registration with the latest renewal date: (start, renewal).
pub async fn current_hcpc(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Option<(Option<NaiveDate>, NaiveDate)>, ServiceError> {
    Ok(registration::Entity::find()
        .filter(registration::Column::PersonId.eq(person_id))
        .filter(registration::Column::Body.eq(Body::Hcpc.as_str()))
        .order_by_desc(registration::Column::ExpiresOn)
        .one(db)
        .await?
        .map(|r| (r.registered_on, r.expires_on)))
}

/// "HCPC registration CS12345" lines for the profile.
pub async fn labels(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<String>, ServiceError> {
    Ok(list(db, person_id)
        .await?
        .into_iter()
        .map(|r| match r.number {
            Some(n) => format!("{} {n} (renewal {})", r.body_label, r.expires_on),
            None => format!("{} (renewal {})", r.body_label, r.expires_on),
        })
        .collect())
}

async fn find_own(
    db: &impl ConnectionTrait,
    person_id: i32,
    id: i32,
) -> Result<registration::Model, ServiceError> {
    registration::Entity::find_by_id(id)
        .filter(registration::Column::PersonId.eq(person_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Registration"))
}

pub async fn get_own(
    db: &impl ConnectionTrait,
    person_id: i32,
    id: i32,
) -> Result<RegistrationInput, ServiceError> {
    let r = find_own(db, person_id, id).await?;
    let modalities: BTreeMap<String, String> = modalities_of(&r.modalities)
        .into_iter()
        .enumerate()
        .map(|(i, m)| (i.to_string(), m))
        .collect();
    Ok(RegistrationInput {
        body: r.body,
        number: r.number.unwrap_or_default(),
        registered_on: r.registered_on.map(|d| d.to_string()).unwrap_or_default(),
        expires_on: r.expires_on.to_string(),
        modalities,
    })
}

struct ValidRegistration {
    body: Body,
    number: Option<String>,
    registered_on: Option<NaiveDate>,
    expires_on: NaiveDate,
    modalities: Vec<String>,
}

/// Checks a registration; `modalities` are the MPE modalities on offer
/// (`service_risk::modalities`).
fn validate(
    input: &RegistrationInput,
    modalities: &[String],
) -> Result<ValidRegistration, ServiceError> {
    let mut problems = Problems::default();
    let today = chrono::Utc::now().date_naive();
    let body = problems.check(
        "body",
        Body::parse(&input.body).ok_or_else(|| "Select the register or certificate".to_string()),
    );
    let number = problems
        .check(
            "number",
            optional_text(&input.number, "The registration number", 60),
        )
        .flatten();
    let registered_on = problems
        .check(
            "registered_on",
            staff::parse_optional_date(&input.registered_on, "The start date"),
        )
        .flatten();
    let expires_on = problems.check(
        "expires_on",
        staff::parse_date(&input.expires_on, "The renewal or expiry date"),
    );
    if let Some(start) = registered_on
        && start > today
    {
        problems.add(
            "registered_on",
            "The start date must be today or in the past",
        );
    }
    if let Some(end) = expires_on {
        if let Some(start) = registered_on
            && end <= start
        {
            problems.add(
                "expires_on",
                "The renewal or expiry date must be after the start date",
            );
        }
        let earliest = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(NaiveDate::MIN);
        if end < earliest || (end - today).num_days() > 366 * 10 {
            problems.add(
                "expires_on",
                "Enter a renewal or expiry date between 1990 and ten years from now",
            );
        }
    }
    let chosen: Vec<String> = input.modalities.values().cloned().collect();
    let modalities = body.and_then(|b| {
        problems.check(
            "modalities",
            rules::check_modalities(b, &chosen, modalities),
        )
    });
    match (problems.is_empty(), body, expires_on, modalities) {
        (true, Some(body), Some(expires_on), Some(modalities)) => Ok(ValidRegistration {
            body,
            number,
            registered_on,
            expires_on,
            modalities,
        }),
        _ => Err(problems.into_error()),
    }
}

impl ValidRegistration {
    fn apply(self, row: &mut registration::ActiveModel) {
        row.body = Set(self.body.as_str().to_string());
        row.number = Set(self.number);
        row.registered_on = Set(self.registered_on);
        row.expires_on = Set(self.expires_on);
        row.modalities = Set(Some(self.modalities.join(", ")).filter(|m| !m.is_empty()));
        row.updated_at = Set(chrono::Utc::now());
    }
}

pub async fn create(
    db: &DatabaseConnection,
    user: &CurrentUser,
    input: &RegistrationInput,
) -> Result<i32, ServiceError> {
    let valid = validate(input, &service_risk::modalities(db).await?)?;
    let mut row = registration::ActiveModel {
        person_id: Set(user.person_id),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    valid.apply(&mut row);
    let txn = crate::server::db::begin_write(db).await?;
    let created = row.insert(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "registration.create",
            "registration",
            created.id.to_string(),
        )
        .after(&created),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

pub async fn update(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    input: &RegistrationInput,
) -> Result<(), ServiceError> {
    let valid = validate(input, &service_risk::modalities(db).await?)?;
    let txn = crate::server::db::begin_write(db).await?;
    let before = find_own(&txn, user.person_id, id).await?;
    let mut row: registration::ActiveModel = before.clone().into();
    valid.apply(&mut row);
    let after = row.update(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "registration.update",
            "registration",
            id.to_string(),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let before = find_own(&txn, user.person_id, id).await?;
    registration::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        Entry::new(
            Some(user.user_id),
            "registration.delete",
            "registration",
            id.to_string(),
        )
        .before(&before),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
