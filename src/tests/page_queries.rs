//! A server-rendered page asks the database each of its questions once,
//! although leptos builds the page's components more than once while its
//! `<Suspense>` boundaries resolve (the request memo in `api::guard`).

use crate::harness::{self, TestApp};
use std::sync::{Arc, Mutex};

/// Another instance on the app's database that records every statement it
/// runs (SQL and values).
async fn counting_instance(app: &TestApp) -> (TestApp, Arc<Mutex<Vec<String>>>) {
    let mut state = harness::test_state(&app.database_url).await;
    let statements = Arc::new(Mutex::new(Vec::new()));
    let seen = statements.clone();
    state.db.set_metric_callback(move |info| {
        let statement = info.statement;
        seen.lock()
            .unwrap()
            .push(format!("{} {:?}", statement.sql.trim(), statement.values));
    });
    let address = harness::serve(state).await;
    (app.at(&address), statements)
}

#[tokio::test]
async fn the_home_page_asks_each_question_once() {
    let app = TestApp::with_demo_data().await;
    let (counted, statements) = counting_instance(&app).await;
    let staff = counted.signed_in("staff@demo.test").await;
    statements.lock().unwrap().clear();
    let response = counted.get(&staff, "/").await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("Your staff record"), "{page}");

    let statements = statements.lock().unwrap().clone();
    let mut repeated: Vec<&String> = statements
        .iter()
        .filter(|s| s.starts_with("SELECT"))
        .filter(|s| statements.iter().filter(|t| t == s).count() > 1)
        .collect();
    repeated.dedup();
    // This year's CPD by type is asked for once (it was three times).
    let cpd_by_type = statements
        .iter()
        .filter(|s| s.contains("\"cpd_activities\".\"category_id\", CAST(COUNT"))
        .count();
    assert_eq!(cpd_by_type, 1, "{statements:#?}");
    assert!(
        statements.len() <= 16,
        "{} statements for the home page: {statements:#?}",
        statements.len()
    );
    assert!(repeated.len() <= 1, "asked more than once: {repeated:#?}");
}

/// Once a staff member's home page figures are kept, the page asks only
/// for the session, which brings the versions the figures are kept under.
#[tokio::test]
async fn a_second_view_of_the_home_page_asks_only_for_the_session() {
    let app = TestApp::with_demo_data().await;
    let (counted, statements) = counting_instance(&app).await;
    let staff = counted.signed_in("staff@demo.test").await;
    assert_eq!(counted.get(&staff, "/").await.status(), 200);
    statements.lock().unwrap().clear();
    let response = counted.get(&staff, "/").await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("Your staff record"), "{page}");
    let statements = statements.lock().unwrap().clone();
    assert_eq!(statements.len(), 1, "{statements:#?}");
    assert!(statements[0].contains("person_versions"), "{statements:#?}");
}

/// The home page's resources are made once, outside the `<Suspense>` that
/// leptos builds more than once: the staff record and this year's figures
/// go into the page once each. Someone who is not staff gets the page
/// without figures (and a 200, not the 403 of the figures' function), and
/// a signed-out visitor is sent to sign in.
#[tokio::test]
async fn the_home_page_carries_each_answer_once() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let page = app.get(&staff, "/").await.text().await.unwrap();
    assert_eq!(page.matches(r#"\"staff_id\":"#).count(), 1, "{page}");
    assert_eq!(page.matches(r#"\"year_label\":"#).count(), 1, "{page}");
    assert!(page.contains("Protected learning time"), "{page}");

    let hr = app.signed_in("hr@demo.test").await;
    let response = app.get(&hr, "/").await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("Your staff record"), "{page}");
    assert!(!page.contains(r#"\"year_label\":"#), "{page}");

    let visitor = app.client();
    let response = app.get(&visitor, "/").await;
    assert!(response.status().is_redirection(), "{}", response.status());
}

/// The compliance dashboard, the CPD list, retention statistics, service
/// risk and the team list make their resources outside `<Authorised>` too: each page carries its answer
/// once. Someone without the page's role gets the refusal page (403), and
/// a signed-out visitor is sent to sign in.
#[tokio::test]
async fn the_heaviest_pages_carry_their_answer_once() {
    let app = TestApp::with_demo_data().await;
    let manager = app.signed_in("manager@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let hr = app.signed_in("hr@demo.test").await;
    let head = app.signed_in("head@demo.test").await;
    for (who, refused, path, marker) in [
        (&manager, &staff, "/compliance", r#"\"plans_percent\":"#),
        (&staff, &hr, "/cpd", r#"\"pages\":"#),
        (&hr, &staff, "/retention", r#"\"period_label\":"#),
        (&head, &staff, "/service-risk", r#"\"requirements\":"#),
    ] {
        let response = app.get(who, path).await;
        assert_eq!(response.status(), 200, "{path}");
        let page = response.text().await.unwrap();
        assert_eq!(page.matches(marker).count(), 1, "{path}: {page}");

        let response = app.get(refused, path).await;
        assert_eq!(response.status(), 403, "{path}");
        let page = response.text().await.unwrap();
        assert!(page.contains("You do not have access"), "{path}: {page}");
        assert_eq!(page.matches(marker).count(), 0, "{path}: {page}");

        let response = app.get(&app.client(), path).await;
        assert!(response.status().is_redirection(), "{path}");
    }
}

/// The team list's and the staff directory's people go into the page once:
/// one serialised row for each row of the table.
#[tokio::test]
async fn the_people_lists_carry_each_person_once() {
    let app = TestApp::with_demo_data().await;
    let manager = app.signed_in("manager@demo.test").await;
    let hr = app.signed_in("hr@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    for (who, path) in [(&manager, "/team"), (&hr, "/people")] {
        let response = app.get(who, path).await;
        assert_eq!(response.status(), 200, "{path}");
        let page = response.text().await.unwrap();
        let rows = page.matches("<tr").count() - 1;
        assert!(rows > 1, "{path}: {page}");
        assert_eq!(
            page.matches(r#"\"in_post\":"#).count(),
            rows,
            "{path}: {page}"
        );
        assert_eq!(app.get(&staff, path).await.status(), 403, "{path}");
    }
}

/// A line manager's view of a team member's CPD carries it once; someone
/// outside the line of management is told the record is not there.
#[tokio::test]
async fn a_team_members_cpd_record_is_carried_once() {
    let app = TestApp::with_demo_data().await;
    let report = app
        .count(
            "SELECT MIN(p.id) FROM people p JOIN people m ON m.id = p.line_manager_id \
             WHERE m.email = 'manager@demo.test'",
        )
        .await;
    let path = format!("/people/{report}/cpd");
    let manager = app.signed_in("manager@demo.test").await;
    let response = app.get(&manager, &path).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert_eq!(page.matches(r#"\"pages\":"#).count(), 1, "{page}");

    let outsider = app.signed_in("hr@demo.test").await;
    let response = app.get(&outsider, &path).await;
    assert!(response.status().is_client_error(), "{}", response.status());
    let page = response.text().await.unwrap();
    assert_eq!(page.matches(r#"\"pages\":"#).count(), 0, "{page}");
}

/// How many resource answers a server-rendered page carries.
fn carried(page: &str) -> usize {
    page.matches("__RESOLVED_RESOURCES[").count()
}

/// Pages whose resources are all made outside `<Authorised>` carry each
/// answer once: the session, the header's unread count and
/// `<Authorised>`'s own copy of the session, then one per page resource
/// (three per page resource when they were made inside). Someone without
/// the page's role gets the refusal page, each page resource unasked.
#[tokio::test]
async fn pages_with_actions_carry_each_answer_once() {
    let app = TestApp::with_demo_data().await;
    let plan = app
        .count(
            "SELECT MIN(j.id) FROM job_plans j JOIN people p ON p.id = j.person_id \
             WHERE p.email = 'manager@demo.test'",
        )
        .await;
    let staff = app.signed_in("staff@demo.test").await;
    let funding = crate::funding::draft(&app, &staff, "Dosimetry course", "120.00").await;
    let category = app
        .count("SELECT MIN(id) FROM cpd_categories")
        .await
        .to_string();
    let recorded = app
        .post_input(
            &staff,
            "/api/cpd/create",
            &[],
            &[
                ("title", "Linac commissioning workshop"),
                ("category_id", &category),
                ("start_date", "2026-03-10"),
                ("hours", "6.5"),
            ],
        )
        .await;
    assert!(recorded.status().is_success(), "{}", recorded.status());
    let activity = app.count("SELECT MAX(id) FROM cpd_activities").await;
    let manager = app.signed_in("manager@demo.test").await;
    let hr = app.signed_in("hr@demo.test").await;
    let pages: [(&reqwest::Client, String, usize); 14] = [
        (&staff, "/funding".into(), 1),
        (&staff, "/development".into(), 1),
        (&staff, "/registrations".into(), 2),
        (&staff, "/plt".into(), 2),
        (&staff, format!("/cpd/activity/{activity}"), 1),
        (&staff, "/job-plan".into(), 1),
        (&manager, format!("/job-plans/{plan}"), 1),
        (&manager, format!("/job-plans/{plan}/edit"), 1),
        (&staff, format!("/funding/{funding}"), 1),
        (&staff, "/cpd/profile".into(), 1),
        (&staff, "/notifications".into(), 1),
        (&manager, "/approvals".into(), 3),
        (&manager, "/team/job-plans".into(), 1),
        (&manager, "/funding/budgets".into(), 2),
    ];
    for (who, path, resources) in pages {
        let response = app.get(who, &path).await;
        assert_eq!(response.status(), 200, "{path}");
        let page = response.text().await.unwrap();
        assert_eq!(carried(&page), 3 + resources, "{path}: {page}");
    }
    for (refused, path, resources) in [
        (&hr, "/funding", 1),
        (&hr, "/development", 1),
        (&hr, "/registrations", 2),
        (&hr, "/plt", 2),
        (&hr, "/job-plan", 1),
        (&hr, "/cpd/profile", 1),
        (&staff, "/approvals", 3),
        (&staff, "/team/job-plans", 1),
        (&staff, "/funding/budgets", 2),
    ] {
        let response = app.get(refused, path).await;
        assert_eq!(response.status(), 403, "{path}");
        let page = response.text().await.unwrap();
        assert!(page.contains("You do not have access"), "{path}: {page}");
        // Each page resource went unasked: its answer is empty.
        assert_eq!(carried(&page), 3 + resources, "{path}: {page}");
        assert_eq!(
            page.matches(r#"] = "null";"#).count(),
            resources,
            "{path}: {page}"
        );
    }
}
