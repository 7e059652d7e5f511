//! Several `mpce-portal serve` processes on one database, as behind a load
//! balancer: a session made on one works on the other, sign-in failures
//! count across both, fifty approvals of the same job plan or funding
//! request spread over both make exactly one transition, and the reminder
//! job, running in both, sends each reminder once.

use crate::harness::{DEMO_PASSWORD, TestApp, json};
use crate::serve_process::Served;
use crate::smtp::SmtpServer;
use crate::{funding, job_plans, notifications};
use futures_util::future::join_all;
use mpce_portal::server::auth::throttle::Scope;
use std::time::{Duration, Instant};

/// Two instances on the test's database, started at the same moment.
async fn two_instances(app: &TestApp, env: &[(&str, &str)]) -> (Served, Served) {
    tokio::join!(
        Served::start(&app.database_url, env),
        Served::start(&app.database_url, env)
    )
}

#[tokio::test]
async fn a_session_and_sign_in_failures_are_shared_by_both_instances() {
    let app = TestApp::with_demo_data().await;
    let (a, b) = two_instances(&app, &[]).await;
    let (one, two) = (app.at(&a.address), app.at(&b.address));

    // Signed in on one, known on the other; signed out on the other, gone
    // on the first.
    let client = one.signed_in("staff@demo.test").await;
    let me = json(two.post(&client, "/api/session/current", &[]).await).await;
    assert_eq!(me["email"], "staff@demo.test");
    assert_eq!(two.post(&client, "/api/cpd/mine", &[]).await.status(), 200);
    assert_eq!(
        two.post(&client, "/api/session/sign-out", &[])
            .await
            .status(),
        200
    );
    assert_eq!(one.post(&client, "/api/cpd/mine", &[]).await.status(), 401);

    // Failures alternate between the instances; the limit is reached all
    // the same, and both then refuse even the right password.
    let guesser = one.client();
    for attempt in 0..Scope::Account.limit() {
        let instance = if attempt % 2 == 0 { &one } else { &two };
        let response = instance
            .sign_in_response(&guesser, "manager@demo.test", "guess-guess-guess")
            .await;
        assert_eq!(response.status(), 401, "attempt {attempt}");
    }
    for instance in [&one, &two] {
        let response = instance
            .sign_in_response(&instance.client(), "manager@demo.test", DEMO_PASSWORD)
            .await;
        assert_eq!(response.status(), 429, "locked on {}", instance.address);
    }
}

/// Answers (successes, conflicts) of `requests`, failing on anything else.
fn tally(statuses: &[u16]) -> (usize, usize) {
    let ok = statuses.iter().filter(|s| **s == 200).count();
    let conflicts = statuses.iter().filter(|s| **s == 409).count();
    assert_eq!(ok + conflicts, statuses.len(), "{statuses:?}");
    (ok, conflicts)
}

#[tokio::test]
async fn fifty_approvals_spread_over_two_instances_make_exactly_one_transition() {
    let app = TestApp::with_demo_data().await;
    let (a, b) = two_instances(&app, &[]).await;
    let instances = [app.at(&a.address), app.at(&b.address)];

    // A submitted job plan of Sam's: his manager agrees it fifty times at
    // once, from two windows on each instance, all with the same version.
    let cast = job_plans::cast(&app).await;
    let plan = job_plans::plan_at(
        &app,
        &cast,
        &cast.sam,
        job_plans::this_year().0,
        "submitted",
    )
    .await;
    let lock = job_plans::lock_of(&app, plan).await;
    let events = job_plans::events_of(&app, plan).await;
    let windows = [
        app.signed_in("manager@demo.test").await,
        app.signed_in("manager@demo.test").await,
    ];
    let statuses = join_all((0..50).map(|i| {
        let (instance, window) = (&instances[i % 2], &windows[i / 2 % 2]);
        async move {
            job_plans::act(instance, window, plan, lock, "agree", "")
                .await
                .status()
                .as_u16()
        }
    }))
    .await;
    assert_eq!(tally(&statuses), (1, 49), "job plan: {statuses:?}");
    assert_eq!(job_plans::status_of(&app, plan).await, "agreed");
    assert_eq!(job_plans::lock_of(&app, plan).await, lock + 1);
    assert_eq!(job_plans::events_of(&app, plan).await, events + 1);

    // A submitted £600 funding request against a £1,000 budget, approved
    // fifty times at once by the line manager, spread over both instances.
    let admin = app.signed_in("admin@demo.test").await;
    let department = funding::department_of(&app, "staff@demo.test").await;
    funding::set_budget(&app, &admin, &department, "1000").await;
    let request = funding::submitted(&app, &cast.sam, "MR safety course", "600").await;
    let statuses = join_all((0..50).map(|i| {
        let (instance, approver) = (&instances[i % 2], &cast.manager);
        async move {
            funding::act(instance, approver, request, 1, &[("action", "approve")])
                .await
                .0
        }
    }))
    .await;
    assert_eq!(tally(&statuses), (1, 49), "funding: {statuses:?}");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM funding_requests WHERE id = {request} AND status = 'approved' AND lock_version = 2"
        ))
        .await,
        1,
        "approved once"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'funding.act' AND entity_id = '{request}'"
        ))
        .await,
        2,
        "the submission and one approval audited"
    );
    let budget = funding::budget(&app, &cast.manager).await;
    assert_eq!(budget["committed"], "£600.00", "{budget}");
}

#[tokio::test]
async fn the_reminder_job_in_two_instances_sends_each_reminder_once() {
    let smtp = SmtpServer::start();
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let soon =
        notifications::add_registration(&app, &staff, "hcpc", notifications::days_ahead(20)).await;
    notifications::request_plt(&app, &staff, notifications::days_ahead(3)).await;

    let port = smtp.port.to_string();
    let env = [
        ("MPCE_REMINDER_INTERVAL_SECONDS", "1"),
        ("SMTP_HOST", "127.0.0.1"),
        ("SMTP_PORT", port.as_str()),
        ("SMTP_FROM", "MPCE Workforce Portal <portal@test.example>"),
        ("SMTP_TLS", "none"),
    ];
    let (a, b) = two_instances(&app, &env).await;

    // Both run a pass every second; wait until everything due is sent,
    // then let them run a few more passes.
    let unsent = "SELECT COUNT(*) FROM notifications WHERE emailed_at IS NULL AND read_at IS NULL \
                  AND person_id IN (SELECT person_id FROM users WHERE active = TRUE)";
    let started = Instant::now();
    while app.count(unsent).await > 0 || smtp.messages().len() < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "reminders not sent:\n{}\n{}",
            a.log(),
            b.log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;

    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE dedupe_key LIKE 'reg:{soon}:%'"
        ))
        .await,
        2,
        "the 30- and 90-day reminders, stored once each"
    );
    let sent = notifications::received(&smtp);
    let mut distinct = sent.clone();
    distinct.dedup();
    assert_eq!(sent, distinct, "no email twice");
    assert_eq!(
        sent,
        notifications::emailed(&app).await,
        "each recorded once"
    );
    assert!(
        sent.iter()
            .any(|(to, subject)| to == "manager@demo.test" && subject.contains("asks for 3.5")),
        "{sent:?}"
    );
}
