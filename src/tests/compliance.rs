//! The compliance dashboard: each role sees exactly its own people (and
//! never anyone outside them), the figures follow what people record, the
//! columns sort and page, and the number of SQL queries does not grow with
//! the number of people.

use crate::harness::{TestApp, json};
use mpce_portal::domain::roles::Role;
use mpce_portal::server::auth::CurrentUser;
use mpce_portal::server::config::Config;
use mpce_portal::server::services::compliance::{self, Query};
use reqwest::Client;
use sea_orm::ConnectionTrait;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

async fn dashboard(app: &TestApp, who: &Client, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app.post(who, "/api/compliance/dashboard", form).await;
    let status = response.status().as_u16();
    (status, json(response).await)
}

/// Every person on every page of the viewer's dashboard.
async fn everyone_shown(app: &TestApp, who: &Client) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    let mut page = 1;
    loop {
        let p = page.to_string();
        let (status, v) = dashboard(app, who, &[("page", &p)]).await;
        assert_eq!(status, 200, "{v}");
        for row in v["rows"].as_array().unwrap() {
            ids.insert(row["person_id"].as_i64().unwrap());
        }
        if v["page"].as_i64() >= v["pages"].as_i64() {
            return ids;
        }
        page += 1;
    }
}

/// The ids a SQL condition on `people` selects, among people in post.
async fn ids_where(app: &TestApp, condition: &str) -> BTreeSet<i64> {
    let rows = app
        .state
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.state.db.get_database_backend(),
            format!(
                "SELECT id FROM people WHERE (end_date IS NULL OR end_date >= CURRENT_DATE) \
                 AND start_date <= CURRENT_DATE AND ({condition})"
            ),
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| i64::from(r.try_get::<i32>("", "id").unwrap()))
        .collect()
}

#[tokio::test]
async fn each_role_sees_exactly_its_own_people() {
    let app = TestApp::with_demo_data().await;
    let manager_id = app.person_id("manager@demo.test").await;
    let head_id = app.person_id("head@demo.test").await;
    let hr_id = app.person_id("hr@demo.test").await;

    let manager = app.signed_in("manager@demo.test").await;
    let expected = ids_where(&app, &format!("line_manager_id = {manager_id}")).await;
    assert!(!expected.is_empty());
    assert_eq!(everyone_shown(&app, &manager).await, expected);

    let head = app.signed_in("head@demo.test").await;
    let expected = ids_where(
        &app,
        &format!(
            "id <> {head_id} AND (line_manager_id = {head_id} OR department_id = \
             (SELECT department_id FROM people WHERE id = {head_id}))"
        ),
    )
    .await;
    let shown = everyone_shown(&app, &head).await;
    assert_eq!(
        shown,
        expected,
        "shown but not expected {:?}, expected but not shown {:?}",
        shown.difference(&expected).collect::<Vec<_>>(),
        expected.difference(&shown).collect::<Vec<_>>()
    );

    let hr = app.signed_in("hr@demo.test").await;
    let expected = ids_where(&app, &format!("id <> {hr_id}")).await;
    let shown = everyone_shown(&app, &hr).await;
    assert_eq!(shown, expected);

    let admin_id = app.person_id("admin@demo.test").await;
    let admin = app.signed_in("admin@demo.test").await;
    assert_eq!(
        everyone_shown(&app, &admin).await,
        ids_where(&app, &format!("id <> {admin_id}")).await
    );

    // HR's department filter shows that department only.
    let department = app
        .count("SELECT department_id FROM people WHERE email = 'staff@demo.test'")
        .await
        .to_string();
    let (_, v) = dashboard(&app, &hr, &[("department", &department)]).await;
    let in_department = ids_where(
        &app,
        &format!("id <> {hr_id} AND department_id = {department}"),
    )
    .await;
    assert_eq!(v["summary"]["people"], in_department.len());

    // A manager asking for another department still sees only their team.
    let other_department = app
        .count(&format!(
            "SELECT MIN(id) FROM departments WHERE id <> {department}"
        ))
        .await
        .to_string();
    let (_, v) = dashboard(&app, &manager, &[("department", &other_department)]).await;
    let shown: BTreeSet<i64> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["person_id"].as_i64().unwrap())
        .collect();
    assert!(shown.is_subset(&ids_where(&app, &format!("line_manager_id = {manager_id}")).await));

    // Staff and signed-out visitors are refused; bad filters are 422.
    let (status, _) = dashboard(&app, &app.colleague().await, &[]).await;
    assert_eq!(status, 403);
    let (status, _) = dashboard(&app, &app.client(), &[]).await;
    assert_eq!(status, 401);
    let (status, _) = dashboard(&app, &hr, &[("team", "x")]).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn the_figures_follow_what_people_record() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let staff_id = i64::from(app.person_id("staff@demo.test").await);
    let today = chrono::Utc::now().date_naive();
    let category = app
        .count("SELECT MIN(id) FROM cpd_categories WHERE retired = false")
        .await
        .to_string();
    let response = app
        .post_input(
            &staff,
            "/api/cpd/create",
            &[],
            &[
                ("start_date", &today.to_string()),
                ("title", "Dosimetry audit"),
                ("category_id", &category),
                ("hours", "6.5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let expires = (today + chrono::Duration::days(30)).to_string();
    let response = app
        .post_input(
            &staff,
            "/api/registrations/create",
            &[],
            &[("body", "hcpc"), ("expires_on", &expires)],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let session = (today + chrono::Duration::days(7)).to_string();
    let response = app
        .post_input(
            &staff,
            "/api/plt/request",
            &[],
            &[
                ("session_date", &session),
                ("hours", "3"),
                ("purpose", "Read"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());

    let manager = app.signed_in("manager@demo.test").await;
    let (_, v) = dashboard(&app, &manager, &[("sort", "pending"), ("order", "desc")]).await;
    let rows = v["rows"].as_array().unwrap();
    let pending: Vec<u64> = rows
        .iter()
        .map(|r| r["pending"].as_u64().unwrap())
        .collect();
    assert!(
        pending.windows(2).all(|w| w[0] >= w[1]),
        "most pending first: {pending:?}"
    );
    let row = rows.iter().find(|r| r["person_id"] == staff_id).unwrap();
    assert!(
        row["cpd_done"].as_str().unwrap().starts_with("6.5"),
        "{row}"
    );
    assert_eq!(row["types_used"].as_array().unwrap().len(), 1);
    assert_eq!(row["registrations_rag"], "Amber");
    assert_eq!(row["next_expiry"], expires);
    assert_eq!(row["pending"], 1);
    assert_eq!(row["plan_status"], Value::Null);
    assert!(v["summary"]["registrations_amber"].as_u64().unwrap() >= 1);
    assert!(v["summary"]["pending"].as_u64().unwrap() >= 1);

    // Sorting by name runs A to Z, and "desc" Z to A.
    let names = |v: &Value| -> Vec<String> {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, up) = dashboard(&app, &manager, &[("sort", "name")]).await;
    let (_, down) = dashboard(&app, &manager, &[("sort", "name"), ("order", "desc")]).await;
    let mut sorted = names(&up);
    sorted.sort();
    assert_eq!(names(&up), sorted);
    sorted.reverse();
    assert_eq!(names(&down), sorted);
}

/// Counts the statements a connection runs.
async fn counted(app: &TestApp) -> (sea_orm::DatabaseConnection, Arc<AtomicUsize>) {
    let config = Config::for_database(&app.database_url).unwrap();
    let mut db = mpce_portal::server::db::connect(&config).await.unwrap();
    let statements = Arc::new(AtomicUsize::new(0));
    let seen = statements.clone();
    db.set_metric_callback(move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
    });
    (db, statements)
}

async fn viewer(app: &TestApp, email: &str, roles: Vec<Role>) -> CurrentUser {
    CurrentUser {
        user_id: 0,
        person_id: app.person_id(email).await,
        name: String::new(),
        email: email.into(),
        roles,
        session_hash: String::new(),
        own_versions: Default::default(),
    }
}

#[tokio::test]
async fn the_number_of_queries_does_not_grow_with_the_number_of_people() {
    let app = TestApp::with_demo_data().await;
    let (db, statements) = counted(&app).await;
    let head = viewer(
        &app,
        "head@demo.test",
        vec![Role::Staff, Role::HeadOfService],
    )
    .await;
    let hr = viewer(&app, "hr@demo.test", vec![Role::Hr]).await;
    let query = || Query::parse("", "", "cpd", "", "1").unwrap();
    let mut before = Vec::new();
    for who in [&head, &hr] {
        statements.store(0, Ordering::SeqCst);
        compliance::dashboard(&db, who, &query()).await.unwrap();
        before.push(statements.load(Ordering::SeqCst));
    }

    // 150 more people in the head's department, each with a registration.
    let department = app
        .count("SELECT department_id FROM people WHERE email = 'head@demo.test'")
        .await;
    for n in 0..150 {
        app.state
            .db
            .execute_unprepared(&format!(
                "INSERT INTO people (staff_id, name, email, staff_group, job_role, band, contracted_hours, \
                 department_id, line_manager_id, start_date, created_at, updated_at) VALUES \
                 ('QC{n}', 'Query Count {n:03}', 'qc{n}@demo.test', 'Healthcare Scientists', \
                 'Clinical Scientist', '7', 37.5, {department}, {head}, '2015-04-01', \
                 CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                head = head.person_id
            ))
            .await
            .unwrap();
        app.state
            .db
            .execute_unprepared(&format!(
                "INSERT INTO registrations (person_id, body, expires_on, created_at, updated_at) \
                 SELECT id, 'hcpc', '2030-01-31', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP \
                 FROM people WHERE email = 'qc{n}@demo.test'"
            ))
            .await
            .unwrap();
    }
    let mut after = Vec::new();
    for who in [&head, &hr] {
        statements.store(0, Ordering::SeqCst);
        let v = compliance::dashboard(&db, who, &query()).await.unwrap();
        assert!(v.summary.people >= 150);
        after.push(statements.load(Ordering::SeqCst));
    }
    assert_eq!(before, after, "statements for head and HR");
    // A hundred to a page: the second page holds the rest, in name order.
    let second = compliance::dashboard(&db, &hr, &Query::parse("", "", "name", "", "2").unwrap())
        .await
        .unwrap();
    assert_eq!(second.page, 2);
    assert_eq!(second.pages, second.summary.people.div_ceil(100));
    assert_eq!(second.rows.len() as u32, second.summary.people - 100);
    assert!(second.rows.windows(2).all(|w| w[0].name <= w[1].name));
    assert!(after.iter().all(|n| *n <= 16), "{after:?}");
}
