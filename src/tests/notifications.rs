//! Notifications: the approver is told of a request and the requester of
//! the decision (PLT, job plans, funding); reminders of expiring
//! registrations and job-plan reviews are stored once however often, and
//! by however many instances, the reminder pass runs; email goes through a
//! real SMTP server (aiosmtpd) exactly once per notification; and nobody
//! reads or marks another person's notifications.

use crate::harness::{TestApp, json};
use crate::smtp::SmtpServer;
use chrono::{Days, NaiveDate, Utc};
use mpce_portal::domain::notifications::{Kind, email_subject};
use mpce_portal::server::config::Config;
use mpce_portal::server::db::entities::{job_plan, notification, person};
use mpce_portal::server::mailer::SmtpConfig;
use mpce_portal::server::reminders;
use mpce_portal::server::startup;
use mpce_portal::server::state::AppState;
use reqwest::Client;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json as object};
use std::time::Duration;

const BASE_URL: &str = "https://portal.test.example";

pub(crate) fn today() -> NaiveDate {
    Utc::now().date_naive()
}

pub(crate) fn days_ahead(n: u64) -> NaiveDate {
    today() + Days::new(n)
}

/// The notifications of the person behind `email`, newest first.
async fn stored_for(app: &TestApp, email: &str) -> Vec<notification::Model> {
    let person = app.person_id(email).await;
    notification::Entity::find()
        .filter(notification::Column::PersonId.eq(person))
        .order_by_desc(notification::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn mine(app: &TestApp, client: &Client) -> Value {
    let response = app.post(client, "/api/notifications/mine", &[]).await;
    assert_eq!(response.status(), 200);
    json(response).await
}

async fn unread(app: &TestApp, client: &Client) -> i64 {
    let response = app.post(client, "/api/notifications/unread", &[]).await;
    assert_eq!(response.status(), 200);
    json(response).await.as_i64().unwrap()
}

pub(crate) async fn request_plt(app: &TestApp, staff: &Client, date: NaiveDate) -> String {
    let response = app
        .post_input(
            staff,
            "/api/plt/request",
            &[],
            &[
                ("session_date", &date.to_string()),
                ("hours", "3.5"),
                ("purpose", "Read the new IPEM report on MRI safety"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

pub(crate) async fn add_registration(
    app: &TestApp,
    staff: &Client,
    body: &str,
    expires: NaiveDate,
) -> i32 {
    let response = app
        .post_input(
            staff,
            "/api/registrations/create",
            &[],
            &[
                ("body", body),
                ("number", "CS12345"),
                ("expires_on", &expires.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    json(response).await.as_i64().unwrap() as i32
}

/// Settings for a portal instance on the test's database, emailing through
/// `smtp` when given.
fn config(app: &TestApp, smtp_port: Option<u16>) -> Config {
    let mut config = Config::for_database(&app.database_url).unwrap();
    config.db_max_connections = 3;
    config.base_url = BASE_URL.to_string();
    config.smtp = smtp_port.map(|port| {
        let port = port.to_string();
        SmtpConfig::from_lookup(|name| match name {
            "SMTP_HOST" => Some("127.0.0.1".to_string()),
            "SMTP_PORT" => Some(port.clone()),
            "SMTP_FROM" => Some("MPCE Workforce Portal <portal@test.example>".to_string()),
            "SMTP_TLS" => Some("none".to_string()),
            _ => None,
        })
        .unwrap()
        .unwrap()
    });
    config
}

/// Another instance on the same database (its own pool).
async fn instance(app: &TestApp, smtp_port: Option<u16>) -> AppState {
    startup::build_state(config(app, smtp_port)).await.unwrap()
}

async fn pass(state: &AppState) -> reminders::PassReport {
    reminders::run_once(&state.db, &state.config, today())
        .await
        .unwrap()
}

/// (recipient, subject) of every notification that has been emailed.
pub(crate) async fn emailed(app: &TestApp) -> Vec<(String, String)> {
    let rows = notification::Entity::find()
        .filter(notification::Column::EmailedAt.is_not_null())
        .all(&app.state.db)
        .await
        .unwrap();
    let mut out = Vec::new();
    for n in rows {
        let who = person::Entity::find_by_id(n.person_id)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let kind = Kind::parse(&n.kind).unwrap();
        out.push((who.email, email_subject(kind, &n.message)));
    }
    out.sort();
    out
}

/// (recipient, subject) of every message the SMTP server received.
pub(crate) fn received(smtp: &SmtpServer) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = smtp
        .messages()
        .into_iter()
        .map(|m| (m.rcpt_to, m.subject))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_plt_request_tells_the_manager_and_the_decision_tells_the_requester() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let head = app.signed_in("head@demo.test").await;
    let before_head = stored_for(&app, "head@demo.test").await.len();
    assert_eq!(unread(&app, &manager).await, 0);

    let id = request_plt(&app, &staff, days_ahead(10)).await;
    let told = stored_for(&app, "manager@demo.test").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].kind, "approval");
    assert_eq!(told[0].link, "/approvals");
    assert_eq!(
        told[0].message,
        format!(
            "Sam Patel asks for 3.5 hours of protected learning time on {}.",
            days_ahead(10)
        )
    );
    assert_eq!(told[0].dedupe_key, format!("plt:{id}:requested"));
    assert_eq!(
        stored_for(&app, "head@demo.test").await.len(),
        before_head,
        "Sam has a line manager: the head is not asked"
    );
    assert!(stored_for(&app, "staff@demo.test").await.is_empty());

    // The manager's list, count and header.
    assert_eq!(unread(&app, &manager).await, 1);
    let list = mine(&app, &manager).await;
    assert_eq!(list["unread"], 1);
    assert_eq!(list["rows"][0]["link"], "/approvals");
    assert_eq!(list["rows"][0]["kind"], "Approval");
    assert_eq!(list["rows"][0]["unread"], true);
    let page = app.get(&manager, "/").await.text().await.unwrap();
    assert!(
        page.contains(r#"href="/notifications""#) && page.contains(", 1 unread"),
        "the header shows the count"
    );
    let page = app.get(&head, "/").await.text().await.unwrap();
    assert!(page.contains(r#"href="/notifications""#));
    assert!(!page.contains(", 1 unread"));

    // The decision: Sam is told once; the request no longer awaits Tom.
    let response = app
        .post(
            &manager,
            "/api/plt/decide",
            &[("id", &id), ("decision", "approve")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let sam = stored_for(&app, "staff@demo.test").await;
    assert_eq!(sam.len(), 1, "{sam:?}");
    assert_eq!(sam[0].kind, "decision");
    assert_eq!(sam[0].link, "/plt");
    assert_eq!(
        sam[0].message,
        format!(
            "Your protected learning time on {} (3.5 hours) was approved by Dr Tom Okafor.",
            days_ahead(10)
        )
    );
    assert_eq!(unread(&app, &staff).await, 1);
    assert_eq!(unread(&app, &manager).await, 0, "settled by the decision");
    assert_eq!(stored_for(&app, "manager@demo.test").await.len(), 1);
}

#[tokio::test]
async fn without_a_line_manager_the_heads_of_the_department_are_told() {
    let app = TestApp::with_demo_data().await;
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.state.db,
        "UPDATE people SET line_manager_id = NULL WHERE email = 'staff@demo.test'",
    )
    .await
    .unwrap();
    let staff = app.signed_in("staff@demo.test").await;
    let before = stored_for(&app, "manager@demo.test").await.len();
    let id = request_plt(&app, &staff, days_ahead(5)).await;
    let head = stored_for(&app, "head@demo.test").await;
    assert_eq!(head.len(), 1);
    assert_eq!(head[0].dedupe_key, format!("plt:{id}:requested"));
    assert_eq!(stored_for(&app, "manager@demo.test").await.len(), before);
    // Cancelling settles it.
    let response = app.post(&staff, "/api/plt/cancel", &[("id", &id)]).await;
    assert_eq!(response.status(), 200);
    let head = stored_for(&app, "head@demo.test").await;
    assert!(head[0].read_at.is_some());
}

/// A small plan that can be submitted.
fn plan_form() -> Value {
    object!({
        "contract_kind": "afc",
        "contract_amount": "37.5",
        "leave_days": "27",
        "public_holidays": "8",
        "study_leave_days": "0",
        "on_call_frequency": "",
        "on_call_category": "",
        "on_call_hours": "",
        "activities": [{
            "day": "monday", "start": "09:00", "end": "17:00", "category": "dcc",
            "description": "Linac QA", "location": "", "recurrence": "every",
            "every_n_weeks": "", "weeks_per_year": "42",
        }],
        "annualised": [],
    })
}

async fn plan_step(app: &TestApp, client: &Client, id: i64, action: &str, comment: &str) {
    let lock = app
        .count(&format!(
            "SELECT lock_version FROM job_plans WHERE id = {id}"
        ))
        .await
        .to_string();
    let response = app
        .post(
            client,
            "/api/job-plans/act",
            &[
                ("id", &id.to_string()),
                ("lock_version", &lock),
                ("action", action),
                ("comment", comment),
            ],
        )
        .await;
    let status = response.status();
    assert_eq!(status, 200, "{action}: {}", response.text().await.unwrap());
}

#[tokio::test]
async fn job_plan_steps_tell_the_next_approver_and_the_owner() {
    let app = TestApp::with_demo_data().await;
    let sam = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let head = app.signed_in("head@demo.test").await;
    let heads_before = stored_for(&app, "head@demo.test").await.len();
    let id: i64 = app
        .post(&sam, "/api/job-plans/start", &[])
        .await
        .text()
        .await
        .unwrap()
        .parse()
        .unwrap();
    let response = app
        .post_json(
            &sam,
            "/api/job-plans/save",
            &object!({"id": id, "lock_version": 0, "form": plan_form()}),
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let link = format!("/job-plans/{id}");

    plan_step(&app, &sam, id, "submit", "").await;
    let tom = stored_for(&app, "manager@demo.test").await;
    assert_eq!(tom.len(), 1);
    assert_eq!(
        (tom[0].kind.as_str(), tom[0].link.as_str()),
        ("approval", link.as_str())
    );
    assert!(tom[0].message.starts_with("Sam Patel submitted their"));

    plan_step(&app, &manager, id, "return", "Add your on-call rota").await;
    let own = stored_for(&app, "staff@demo.test").await;
    assert_eq!(own.len(), 1);
    assert!(
        own[0]
            .message
            .contains("returned to draft by Dr Tom Okafor")
    );
    assert!(
        stored_for(&app, "manager@demo.test").await[0]
            .read_at
            .is_some()
    );

    // Submitted again: the manager is told again.
    plan_step(&app, &sam, id, "submit", "").await;
    assert_eq!(stored_for(&app, "manager@demo.test").await.len(), 2);
    plan_step(&app, &manager, id, "agree", "").await;
    let priya = stored_for(&app, "head@demo.test").await;
    assert_eq!(priya.len(), heads_before + 1);
    assert!(
        priya[0]
            .message
            .contains("agreed by Dr Tom Okafor and awaits sign-off")
    );
    plan_step(&app, &head, id, "sign_off", "").await;
    let own = stored_for(&app, "staff@demo.test").await;
    assert_eq!(own.len(), 2);
    assert!(own[0].message.ends_with("signed off by Dr Priya Raman."));
    assert!(
        stored_for(&app, "head@demo.test").await[0]
            .read_at
            .is_some()
    );
}

#[tokio::test]
async fn funding_steps_tell_the_approver_and_the_owner() {
    use crate::funding::{act, department_of, set_budget, submitted};
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let department = department_of(&app, "staff@demo.test").await;
    set_budget(&app, &admin, &department, "1,000").await;
    let id = submitted(&app, &staff, "Brachytherapy course", "600").await;
    let tom = stored_for(&app, "manager@demo.test").await;
    assert_eq!(tom.len(), 1);
    assert_eq!(tom[0].link, format!("/funding/{id}"));
    assert_eq!(
        tom[0].message,
        "Sam Patel asks for £600.00 of CPD funding for Brachytherapy course."
    );
    let (status, _) = act(&app, &manager, id, 1, &[("action", "approve")]).await;
    assert_eq!(status, 200);
    let sam = stored_for(&app, "staff@demo.test").await;
    assert_eq!(sam.len(), 1);
    assert_eq!(
        sam[0].message,
        "Your funding request for Brachytherapy course (£600.00) was approved by Dr Tom Okafor."
    );
    assert!(
        stored_for(&app, "manager@demo.test").await[0]
            .read_at
            .is_some()
    );
}

#[tokio::test]
async fn a_registration_expiring_in_20_days_gets_exactly_the_30_and_90_day_reminders() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let soon = add_registration(&app, &staff, "hcpc", days_ahead(20)).await;
    let later = add_registration(&app, &staff, "rpa", days_ahead(60)).await;
    let far = add_registration(&app, &staff, "ahcs", days_ahead(200)).await;
    let gone = add_registration(&app, &staff, "rct", today() - Days::new(1)).await;

    let first = reminders::store_due(&app.state.db, today()).await.unwrap();
    assert!(first >= 3);
    let keys = |reg: i32| {
        let app = &app;
        async move {
            let mut keys: Vec<String> = stored_for(app, "staff@demo.test")
                .await
                .into_iter()
                .filter(|n| n.dedupe_key.starts_with(&format!("reg:{reg}:")))
                .map(|n| n.dedupe_key)
                .collect();
            keys.sort();
            keys
        }
    };
    assert_eq!(
        keys(soon).await,
        [
            format!("reg:{soon}:{}:30", days_ahead(20)),
            format!("reg:{soon}:{}:90", days_ahead(20)),
        ]
    );
    assert_eq!(
        keys(later).await,
        [format!("reg:{later}:{}:90", days_ahead(60))]
    );
    assert!(keys(far).await.is_empty());
    assert!(keys(gone).await.is_empty());
    let thirty = stored_for(&app, "staff@demo.test")
        .await
        .into_iter()
        .find(|n| n.dedupe_key.ends_with(":30"))
        .unwrap();
    assert_eq!(thirty.kind, "reminder");
    assert_eq!(thirty.link, format!("/registrations/{soon}"));
    assert_eq!(
        thirty.message,
        format!(
            "Your HCPC registration expires within 30 days, on {}. Renew it, then record the new date.",
            days_ahead(20)
        )
    );

    // Again, and from a restarted instance: nothing more.
    assert_eq!(
        reminders::store_due(&app.state.db, today()).await.unwrap(),
        0
    );
    let restarted = instance(&app, None).await;
    assert_eq!(pass(&restarted).await.stored, 0);
    assert_eq!(keys(soon).await.len(), 2);

    // A renewed date earns new reminders; a person without an account gets none.
    let response = app
        .post_input(
            &staff,
            "/api/registrations/update",
            &[("id", &soon.to_string())],
            &[
                ("body", "hcpc"),
                ("number", "CS12345"),
                ("expires_on", &days_ahead(25).to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        reminders::store_due(&app.state.db, today()).await.unwrap(),
        2
    );
    let no_account = app
        .count("SELECT MIN(id) FROM people WHERE id NOT IN (SELECT person_id FROM users)")
        .await;
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.state.db,
        &format!("UPDATE registrations SET person_id = {no_account} WHERE id = {later}"),
    )
    .await
    .unwrap();
    reminders::store_due(&app.state.db, today() + Days::new(40))
        .await
        .unwrap();
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE person_id = {no_account}"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn a_job_plan_review_due_within_30_days_is_reminded_once() {
    let app = TestApp::with_demo_data().await;
    let sam = app.person_id("staff@demo.test").await;
    // Sam's plan, signed off eleven months and ten days ago (stored as the
    // demo data stores plans), and one signed off five days before it,
    // which no longer counts: only the latest is reminded.
    let signed = Utc::now() - chrono::Duration::days(355);
    for (version, at) in [(1, signed - chrono::Duration::days(5)), (2, signed)] {
        let plan = job_plan::ActiveModel {
            person_id: sea_orm::ActiveValue::Set(sam),
            year_start: sea_orm::ActiveValue::Set(2000 + version),
            version: sea_orm::ActiveValue::Set(1),
            status: sea_orm::ActiveValue::Set("signed_off".into()),
            contract_kind: sea_orm::ActiveValue::Set("afc".into()),
            contract_amount: sea_orm::ActiveValue::Set(37.5),
            leave_days: sea_orm::ActiveValue::Set(27.0),
            public_holidays: sea_orm::ActiveValue::Set(8.0),
            study_leave_days: sea_orm::ActiveValue::Set(0.0),
            on_call_frequency: sea_orm::ActiveValue::Set(None),
            on_call_category: sea_orm::ActiveValue::Set(None),
            on_call_hours: sea_orm::ActiveValue::Set(None),
            lock_version: sea_orm::ActiveValue::Set(3),
            submitted_at: sea_orm::ActiveValue::Set(Some(at)),
            agreed_by_person_id: sea_orm::ActiveValue::Set(None),
            agreed_at: sea_orm::ActiveValue::Set(Some(at)),
            signed_off_by_person_id: sea_orm::ActiveValue::Set(None),
            signed_off_at: sea_orm::ActiveValue::Set(Some(at)),
            created_at: sea_orm::ActiveValue::Set(at),
            updated_at: sea_orm::ActiveValue::Set(at),
            ..Default::default()
        };
        job_plan::Entity::insert(plan)
            .exec(&app.state.db)
            .await
            .unwrap();
    }
    let latest = app
        .count(&format!(
            "SELECT MAX(id) FROM job_plans WHERE person_id = {sam}"
        ))
        .await;
    reminders::store_due(&app.state.db, today()).await.unwrap();
    reminders::store_due(&app.state.db, today()).await.unwrap();
    let due = mpce_portal::domain::job_plans::status::review_due(signed.date_naive());
    let reviews: Vec<notification::Model> = stored_for(&app, "staff@demo.test")
        .await
        .into_iter()
        .filter(|n| n.dedupe_key.starts_with("review:"))
        .collect();
    assert_eq!(reviews.len(), 1, "{reviews:?}");
    assert_eq!(reviews[0].dedupe_key, format!("review:{latest}:{due}"));
    assert_eq!(reviews[0].link, format!("/job-plans/{latest}"));
    assert_eq!(
        reviews[0].message,
        format!(
            "Your 2002/03 job plan is due for review by {due}. Start a new version, agree it with your line manager and have it signed off."
        )
    );
    // Signed off more recently: no reminder for it.
    job_plan::Entity::update_many()
        .col_expr(
            job_plan::Column::SignedOffAt,
            Expr::value(Utc::now() - chrono::Duration::days(100)),
        )
        .filter(job_plan::Column::Id.eq(latest as i32))
        .exec(&app.state.db)
        .await
        .unwrap();
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.state.db,
        "DELETE FROM notifications WHERE dedupe_key LIKE 'review:%'",
    )
    .await
    .unwrap();
    reminders::store_due(&app.state.db, today()).await.unwrap();
    assert!(
        !stored_for(&app, "staff@demo.test")
            .await
            .iter()
            .any(|n| n.dedupe_key.starts_with("review:"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminder_passes_email_each_notification_exactly_once_across_instances_and_restarts() {
    let smtp = SmtpServer::start();
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let soon = add_registration(&app, &staff, "hcpc", days_ahead(20)).await;

    // Two instances, each with its own pool, run passes at once, twice.
    let one = instance(&app, Some(smtp.port)).await;
    let two = instance(&app, Some(smtp.port)).await;
    for _ in 0..2 {
        let (a, b) = (one.clone(), two.clone());
        let first = tokio::spawn(async move { pass(&a).await });
        let second = tokio::spawn(async move { pass(&b).await });
        let (first, second) = (first.await.unwrap(), second.await.unwrap());
        assert!(first.email_on && second.email_on);
        assert_eq!(first.failed + second.failed, 0);
    }
    let keys = app
        .count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE dedupe_key LIKE 'reg:{soon}:%'"
        ))
        .await;
    assert_eq!(keys, 2, "stored once each");
    let sent = received(&smtp);
    assert!(sent.len() >= 2);
    assert_eq!(
        sent,
        emailed(&app).await,
        "every email once, and only those"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notifications WHERE emailed_at IS NULL AND read_at IS NULL AND person_id IN (SELECT person_id FROM users WHERE active = TRUE)")
            .await,
        0,
        "nothing left to send"
    );

    // The message itself.
    let message = smtp
        .messages()
        .into_iter()
        .find(|m| {
            m.subject.contains("within 30 days")
                && m.body.contains(&format!("/registrations/{soon}"))
        })
        .expect("the 30-day reminder");
    assert_eq!(message.rcpt_to, "staff@demo.test");
    assert!(message.to.contains("<staff@demo.test>"), "{}", message.to);
    assert!(message.to.contains("Sam Patel"), "{}", message.to);
    assert!(
        message.from.contains("portal@test.example"),
        "{}",
        message.from
    );
    assert_eq!(
        message.subject,
        format!(
            "Reminder: Your HCPC registration expires within 30 days, on {}",
            days_ahead(20)
        )
    );
    assert!(
        message.body.starts_with("Dear Sam Patel,"),
        "{}",
        message.body
    );
    assert!(message.body.contains(&format!(
        "Your HCPC registration expires within 30 days, on {}. Renew it, then record the new date.",
        days_ahead(20)
    )));
    assert!(
        message
            .body
            .contains(&format!("{BASE_URL}/registrations/{soon}")),
        "{}",
        message.body
    );

    // A restart (a new instance) sends nothing again; a new event is sent once.
    let restarted = instance(&app, Some(smtp.port)).await;
    assert_eq!(pass(&restarted).await.emailed, 0);
    let count = smtp.messages().len();
    request_plt(&app, &staff, days_ahead(3)).await;
    assert_eq!(pass(&restarted).await.emailed, 1);
    assert_eq!(pass(&one).await.emailed, 0);
    let all = smtp.messages();
    assert_eq!(all.len(), count + 1);
    let last = all.last().unwrap();
    assert_eq!(last.rcpt_to, "manager@demo.test");
    assert!(
        last.subject
            .starts_with("Awaiting your approval: Sam Patel asks for 3.5 hours"),
        "{}",
        last.subject
    );
    assert!(last.body.contains(&format!("{BASE_URL}/approvals")));
}

#[tokio::test]
async fn a_failed_email_keeps_its_lease_until_a_later_pass_and_is_then_sent_once() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    add_registration(&app, &staff, "hcpc", days_ahead(20)).await;
    // Nothing listens on this port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = instance(&app, Some(closed)).await;
    let report = pass(&down).await;
    assert!(report.failed >= 1 && report.emailed == 0, "{report:?}");
    let tried = app
        .count("SELECT COUNT(*) FROM notifications WHERE email_attempts = 1 AND emailed_at IS NULL")
        .await;
    assert_eq!(tried as u64, report.failed);

    // The server is back, but those wait for their retry time.
    let smtp = SmtpServer::start();
    let up = instance(&app, Some(smtp.port)).await;
    let report = pass(&up).await;
    assert_eq!(report.failed, 0);
    assert!(smtp.messages().len() as u64 <= report.emailed);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM notifications WHERE email_attempts = 1 AND emailed_at IS NULL"
        )
        .await,
        tried
    );
    // Time passes: the retry is due, and each is sent once.
    notification::Entity::update_many()
        .col_expr(
            notification::Column::EmailClaimedUntil,
            Expr::value(Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(notification::Column::EmailedAt.is_null())
        .exec(&app.state.db)
        .await
        .unwrap();
    let report = pass(&up).await;
    assert_eq!(report.emailed as i64, tried);
    assert_eq!(received(&smtp), emailed(&app).await);
    assert_eq!(pass(&up).await.emailed, 0);
}

#[tokio::test]
async fn the_reminder_job_runs_by_itself_in_a_serving_instance() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let soon = add_registration(&app, &staff, "hcpc", days_ahead(20)).await;
    let mut config = config(&app, None);
    config.reminder_interval = Some(Duration::from_secs(1));
    let state = startup::build_state(config).await.unwrap();
    let job = reminders::spawn(&state).expect("the job starts");
    let query = format!("SELECT COUNT(*) FROM notifications WHERE dedupe_key LIKE 'reg:{soon}:%'");
    let mut found = 0;
    for _ in 0..100 {
        found = app.count(&query).await;
        if found == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    job.abort();
    assert_eq!(found, 2, "the job stored the reminders");
    let mut off = self::config(&app, None);
    off.reminder_interval = None;
    let state = startup::build_state(off).await.unwrap();
    assert!(reminders::spawn(&state).is_none(), "0 turns it off");
}

#[tokio::test]
async fn nobody_reads_or_marks_another_persons_notifications() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let id = request_plt(&app, &staff, days_ahead(10)).await;
    app.post(
        &manager,
        "/api/plt/decide",
        &[
            ("id", &id),
            ("decision", "decline"),
            ("comment", "Clinic that day"),
        ],
    )
    .await;
    let request_plt_again = request_plt(&app, &staff, days_ahead(11)).await;
    assert!(!request_plt_again.is_empty());
    let sams = stored_for(&app, "staff@demo.test").await;
    assert_eq!(sams.len(), 1);
    let sams_id = sams[0].id.to_string();
    let toms = stored_for(&app, "manager@demo.test").await;
    let toms_unread: Vec<&notification::Model> =
        toms.iter().filter(|n| n.read_at.is_none()).collect();
    assert_eq!(toms_unread.len(), 1);

    // Tom's list holds only Tom's.
    let list = mine(&app, &manager).await;
    let ids: Vec<i64> = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert!(!ids.contains(&(sams[0].id as i64)));
    assert_eq!(ids.len(), toms.len());

    // Tom cannot mark Sam's: not found, and it stays unread.
    let response = app
        .post(&manager, "/api/notifications/read", &[("id", &sams_id)])
        .await;
    assert_eq!(response.status(), 404);
    let response = app
        .post(&manager, "/api/notifications/read", &[("id", "999999")])
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(unread(&app, &staff).await, 1);
    // Tom's "mark all" leaves Sam's alone.
    let response = app.post(&manager, "/api/notifications/read-all", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await, 1);
    assert_eq!(unread(&app, &manager).await, 0);
    assert_eq!(unread(&app, &staff).await, 1);

    // Sam marks his own, twice (the second changes nothing).
    for _ in 0..2 {
        let response = app
            .post(&staff, "/api/notifications/read", &[("id", &sams_id)])
            .await;
        assert_eq!(response.status(), 200);
    }
    assert_eq!(unread(&app, &staff).await, 0);
    let list = mine(&app, &staff).await;
    assert_eq!(list["rows"][0]["unread"], false);
    assert!(
        list["rows"][0]["message"]
            .as_str()
            .unwrap()
            .contains("was declined by Dr Tom Okafor")
    );

    // Signed out: 401 for each.
    let anonymous = app.client();
    for (path, form) in [
        ("/api/notifications/mine", vec![]),
        ("/api/notifications/unread", vec![]),
        ("/api/notifications/read", vec![("id", sams_id.as_str())]),
        ("/api/notifications/read-all", vec![]),
    ] {
        let response = app.post(&anonymous, path, &form).await;
        assert_eq!(response.status(), 401, "{path}");
    }
    assert_eq!(unread(&app, &staff).await, 0);
}

#[tokio::test]
async fn the_notifications_page_lists_them_for_a_signed_in_person() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    request_plt(&app, &staff, days_ahead(10)).await;
    let page = app.get(&manager, "/notifications").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<h1>Notifications</h1>"));
    assert!(html.contains("Sam Patel asks for 3.5 hours of protected learning time"));
    assert!(html.contains(r#"href="/approvals""#));
    assert!(html.contains("Mark all as read"));
    assert!(html.contains("You have 1 unread notification."));
    // Signed out: sent to sign in.
    let html = app
        .get(&app.client(), "/notifications")
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Sam Patel asks"));
}

#[tokio::test]
async fn send_reminders_runs_one_pass_from_the_command_line() {
    let smtp = SmtpServer::start();
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let soon = add_registration(&app, &staff, "hcpc", days_ahead(20)).await;
    let run = |with_email: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_mpce-portal"));
        command
            .env_clear()
            .env("DATABASE_URL", &app.database_url)
            .env("MPCE_LOG", "warn")
            .env("MPCE_BASE_URL", BASE_URL)
            .arg("send-reminders");
        if with_email {
            command
                .env("SMTP_HOST", "127.0.0.1")
                .env("SMTP_PORT", smtp.port.to_string())
                .env("SMTP_TLS", "none")
                .env("SMTP_FROM", "MPCE Workforce Portal <portal@test.example>");
        }
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let without = run(false);
    assert!(
        without.contains("Email is off (SMTP_HOST is not set)."),
        "{without}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE dedupe_key LIKE 'reg:{soon}:%'"
        ))
        .await,
        2
    );
    assert!(smtp.messages().is_empty());
    let with = run(true);
    assert!(with.contains("Stored 0 new notifications."), "{with}");
    let sent = smtp.messages().len();
    assert!(sent >= 2);
    assert!(
        with.contains(&format!("Emailed {sent}; 0 failed")),
        "{with}"
    );
    let again = run(true);
    assert!(again.contains("Emailed 0; 0 failed"), "{again}");
    assert_eq!(smtp.messages().len(), sent);
}
