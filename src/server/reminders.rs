//! The reminder job. Each pass works out, for "today", every reminder that
//! is due (registrations and certificates expiring within 90 and within 30
//! days; job plan reviews due within 30 days) in a few set-based queries,
//! stores them (a reminder already stored is skipped by its unique key),
//! then emails the notifications not yet emailed when SMTP is configured.
//!
//! It keeps no state in the process: a second instance, or a restart, just
//! repeats harmless work. Each email is claimed with a lease before it is
//! sent, so two instances never send the same one; an instance that dies
//! between sending and recording it leaves the lease to run out, and that
//! one email may then be sent again (at least once, never lost).

use super::config::Config;
use super::db::begin_write;
use super::db::entities::{job_plan, registration};
use super::mailer::{Email, Mailer, SmtpConfig};
use super::services::ServiceError;
use super::services::notifications::{self, Notice};
use super::state::AppState;
use crate::domain::financial_year::FinancialYear;
use crate::domain::job_plans::status::PlanStatus;
use crate::domain::notifications::{self as rules, Kind};
use crate::domain::registrations::Body;
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::time::Duration;

/// The first pass after start-up waits this long (or the interval, if
/// shorter), so that start-up itself stays quick.
const FIRST_RUN_AFTER: Duration = Duration::from_secs(10);
/// Notifications claimed for emailing at a time.
const EMAIL_BATCH: u64 = 10;
/// How long a claim keeps other instances off a batch: longer than a batch
/// can take to send.
const EMAIL_LEASE_MINUTES: i64 = 15;
/// A failed email is tried again after this long, by a later pass.
const RETRY_AFTER_MINUTES: i64 = 30;
/// At most this many batches a pass (the rest wait for the next one).
const MAX_BATCHES: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum ReminderError {
    #[error("{0}")]
    Service(#[from] ServiceError),
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("email: {0}")]
    Email(String),
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassReport {
    /// Reminders stored by this pass (not those stored before).
    pub stored: u64,
    pub emailed: u64,
    pub failed: u64,
    /// False when SMTP is not configured.
    pub email_on: bool,
}

/// One pass for `today`: store due reminders, then send unsent email.
pub async fn run_once(
    db: &DatabaseConnection,
    config: &Config,
    today: NaiveDate,
) -> Result<PassReport, ReminderError> {
    let stored = store_due(db, today).await?;
    let mut report = PassReport {
        stored,
        ..Default::default()
    };
    if let Some(smtp) = &config.smtp {
        let (emailed, failed) = send_unsent(db, smtp, &config.base_url).await?;
        report.emailed = emailed;
        report.failed = failed;
        report.email_on = true;
    }
    Ok(report)
}

/// Stores every reminder due on `today`; answers how many were new.
pub async fn store_due(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, ReminderError> {
    let mut due = expiring_registrations(db, today).await?;
    due.extend(reviews_due(db, today).await?);
    if due.is_empty() {
        return Ok(0);
    }
    let txn = begin_write(db).await?;
    let stored = notifications::store(&txn, due).await?;
    txn.commit().await?;
    Ok(stored)
}

/// "HCPC registration", or "registration with the IPEM CPD scheme".
fn registration_words(body: &str) -> String {
    match Body::parse(body) {
        Some(b) if b.label().ends_with("registration") || b.label().ends_with("certificate") => {
            b.label().to_string()
        }
        Some(b) => format!("registration with the {}", b.label()),
        None => "registration".to_string(),
    }
}

/// Registrations and certificates of people with an account that expire
/// from today to 90 days on: one query; one reminder per notice period.
async fn expiring_registrations(
    db: &DatabaseConnection,
    today: NaiveDate,
) -> Result<Vec<Notice>, ReminderError> {
    let longest = rules::EXPIRY_NOTICE_DAYS.into_iter().max().unwrap_or(0);
    let last = today
        .checked_add_days(Days::new(longest))
        .unwrap_or(NaiveDate::MAX);
    let rows: Vec<(i32, i32, String, NaiveDate)> = registration::Entity::find()
        .select_only()
        .columns([
            registration::Column::Id,
            registration::Column::PersonId,
            registration::Column::Body,
            registration::Column::ExpiresOn,
        ])
        .filter(registration::Column::ExpiresOn.between(today, last))
        .filter(registration::Column::PersonId.in_subquery(notifications::recipients(today)))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .flat_map(|(id, person_id, body, expires_on)| {
            let what = registration_words(&body);
            rules::expiry_notices(expires_on, today)
                .into_iter()
                .map(move |days| Notice {
                    person_id,
                    kind: Kind::Reminder,
                    message: rules::registration_message(&what, expires_on, days),
                    link: format!("/registrations/{id}"),
                    dedupe_key: rules::registration_key(id, expires_on, days),
                })
        })
        .collect())
}

/// Each person's latest signed-off job plan whose yearly review falls due
/// within 30 days: one query (the window is generous; the exact rule is
/// `rules::review_notice`).
async fn reviews_due(
    db: &DatabaseConnection,
    today: NaiveDate,
) -> Result<Vec<Notice>, ReminderError> {
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    let (Some(from), Some(to)) = (
        today.checked_sub_days(Days::new(400)).and_then(midnight),
        today.checked_sub_days(Days::new(300)).and_then(midnight),
    ) else {
        return Ok(Vec::new());
    };
    let signed = PlanStatus::SignedOff.as_str();
    let later = Alias::new("later");
    let later_signed_off = Query::select()
        .expr(Expr::val(1))
        .from_as(job_plan::Entity, later.clone())
        .and_where(
            Expr::col((later.clone(), job_plan::Column::PersonId))
                .equals((job_plan::Entity, job_plan::Column::PersonId)),
        )
        .and_where(Expr::col((later.clone(), job_plan::Column::Status)).eq(signed))
        .and_where(
            Expr::col((later, job_plan::Column::SignedOffAt))
                .gt(Expr::col((job_plan::Entity, job_plan::Column::SignedOffAt))),
        )
        .to_owned();
    let rows: Vec<(i32, i32, i32, Option<DateTime<Utc>>)> = job_plan::Entity::find()
        .select_only()
        .columns([
            job_plan::Column::Id,
            job_plan::Column::PersonId,
            job_plan::Column::YearStart,
            job_plan::Column::SignedOffAt,
        ])
        .filter(job_plan::Column::Status.eq(signed))
        .filter(job_plan::Column::SignedOffAt.gte(from))
        .filter(job_plan::Column::SignedOffAt.lt(to))
        .filter(Expr::not_exists(later_signed_off))
        .filter(job_plan::Column::PersonId.in_subquery(notifications::recipients(today)))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, person_id, year, signed_off)| {
            let due = rules::review_notice(signed_off?.date_naive(), today)?;
            Some(Notice {
                person_id,
                kind: Kind::Reminder,
                message: rules::review_message(&FinancialYear(year).to_string(), due),
                link: format!("/job-plans/{id}"),
                dedupe_key: rules::review_key(id, due),
            })
        })
        .collect())
}

/// Emails what is unsent, a claimed batch at a time. Answers (sent,
/// failed). A batch where nothing could be sent ends the pass: the server
/// is probably down, and the next pass tries again.
async fn send_unsent(
    db: &DatabaseConnection,
    smtp: &SmtpConfig,
    base_url: &str,
) -> Result<(u64, u64), ReminderError> {
    let mailer = Mailer::new(smtp).map_err(ReminderError::Email)?;
    let (mut sent, mut failed) = (0, 0);
    for _ in 0..MAX_BATCHES {
        let (token, batch) = notifications::claim_unsent(
            db,
            Utc::now(),
            chrono::Duration::minutes(EMAIL_LEASE_MINUTES),
            EMAIL_BATCH,
        )
        .await?;
        if batch.is_empty() {
            break;
        }
        let mut sent_now = 0;
        for n in batch {
            let kind = Kind::parse(&n.kind).unwrap_or(Kind::Reminder);
            let email = Email {
                subject: rules::email_subject(kind, &n.message),
                body: rules::email_body(&n.name, &n.message, &n.link, base_url),
                to_name: n.name,
                to_address: n.email,
            };
            match mailer.send(&email).await {
                Ok(()) => {
                    notifications::mark_emailed(db, n.id, &token).await?;
                    sent_now += 1;
                }
                Err(error) => {
                    tracing::warn!(notification = n.id, %error, "email not sent; will retry");
                    let retry_at = Utc::now() + chrono::Duration::minutes(RETRY_AFTER_MINUTES);
                    notifications::release(db, n.id, &token, retry_at).await?;
                    failed += 1;
                }
            }
        }
        sent += sent_now;
        if sent_now == 0 {
            break;
        }
    }
    Ok((sent, failed))
}

/// Starts the reminder job in this process, when it has an interval: a
/// pass shortly after start-up, then one every interval.
pub fn spawn(state: &AppState) -> Option<tokio::task::JoinHandle<()>> {
    let every = state.config.reminder_interval?;
    let db = state.db.clone();
    let config = state.config.clone();
    Some(tokio::spawn(async move {
        let first = tokio::time::Instant::now() + every.min(FIRST_RUN_AFTER);
        let mut ticks = tokio::time::interval_at(first, every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match run_once(&db, &config, Utc::now().date_naive()).await {
                Ok(report) => tracing::info!(
                    stored = report.stored,
                    emailed = report.emailed,
                    failed = report.failed,
                    "reminder pass"
                ),
                Err(error) => tracing::warn!(%error, "reminder pass failed; the next one retries"),
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::registration_words;

    #[test]
    fn registrations_read_naturally() {
        assert_eq!(registration_words("hcpc"), "HCPC registration");
        assert_eq!(
            registration_words("rpa"),
            "Radiation Protection Adviser certificate"
        );
        assert_eq!(
            registration_words("ipem_cpd"),
            "registration with the IPEM CPD scheme"
        );
    }
}
