//! A staff member's home page figures, kept per instance under the versions
//! read with their session (migration 18, `services::own_records`).

use crate::harness::{TestApp, json, on_postgres};
use mpce_portal::domain::financial_year::FinancialYear;
use sea_orm::{ConnectionTrait, TransactionTrait};

/// The Healthcare Scientists' targets: 30.75 hours of CPD, 30 of PLT.
const TARGETS: &str = "INSERT INTO staff_group_targets (staff_group, cpd_quarters_per_year, \
                       plt_quarters_per_year, updated_at) \
                       VALUES ('Healthcare Scientists', 123, 120, CURRENT_TIMESTAMP)";

async fn progress(app: &TestApp, client: &reqwest::Client) -> serde_json::Value {
    json(app.post(client, "/api/progress/mine", &[]).await).await
}

async fn record(app: &TestApp, client: &reqwest::Client, id: i32) -> serde_json::Value {
    json(
        app.post(client, "/api/people/get", &[("id", &id.to_string())])
            .await,
    )
    .await
}

async fn run(app: &TestApp, sql: &str) -> u64 {
    app.state
        .db
        .execute_unprepared(sql)
        .await
        .unwrap()
        .rows_affected()
}

async fn person_version(app: &TestApp, person: i32) -> i64 {
    app.count(&format!(
        "SELECT COALESCE(MAX(version), 0) FROM person_versions WHERE person_id = {person}"
    ))
    .await
}

async fn organisation_version(app: &TestApp) -> i64 {
    app.count("SELECT version FROM data_versions WHERE area = 'organisation'")
        .await
}

/// Kept figures are shared until something they are made from changes,
/// through the portal or straight in the database.
#[tokio::test]
async fn kept_home_figures_give_way_to_any_change_to_what_they_show() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let sam = app.person_id("staff@demo.test").await;
    let year = FinancialYear::containing(chrono::Utc::now().date_naive());
    let first = progress(&app, &staff).await;
    assert_eq!(progress(&app, &staff).await, first);
    assert_eq!(
        app.state.caches.own_progress.kept(),
        1,
        "asked twice, kept once"
    );
    let done = |p: &serde_json::Value| p["cpd"]["done_hours"].as_str().unwrap().to_string();
    let done_before: f64 = done(&first).parse().unwrap();

    // Through the portal: a new activity.
    let category = app
        .count("SELECT MIN(id) FROM cpd_categories")
        .await
        .to_string();
    let day = year.first_day().to_string();
    let created = app
        .post_input(
            &staff,
            "/api/cpd/create",
            &[],
            &[
                ("title", "Kept figures course"),
                ("category_id", &category),
                ("start_date", &day),
                ("hours", "2.5"),
            ],
        )
        .await;
    assert_eq!(created.status(), 200);
    let after_create = progress(&app, &staff).await;
    assert_eq!(done(&after_create), (done_before + 2.5).to_string());

    // Straight in the database: the activity goes again.
    assert_eq!(
        run(
            &app,
            "DELETE FROM cpd_activities WHERE title = 'Kept figures course'"
        )
        .await,
        1
    );
    assert_eq!(done(&progress(&app, &staff).await), done(&first));

    // The staff group's target (the organisation's version).
    run(
        &app,
        &format!(
            "UPDATE people SET contracted_hours = 37.5, start_date = '2015-01-05', \
             end_date = NULL, staff_group = 'Healthcare Scientists' WHERE id = {sam}"
        ),
    )
    .await;
    run(&app, TARGETS).await;
    assert_eq!(progress(&app, &staff).await["cpd"]["target_hours"], "30.75");

    // A notification made by hand moves the header's unread count.
    let unread = || async { json(app.post(&staff, "/api/notifications/unread", &[]).await).await };
    let unread_before = unread().await.as_i64().unwrap();
    assert_eq!(unread().await.as_i64().unwrap(), unread_before);
    run(
        &app,
        &format!(
            "INSERT INTO notifications (person_id, kind, message, link, dedupe_key, \
             created_at, email_attempts) VALUES ({sam}, 'reminder', 'By hand', '/', \
             'by-hand', CURRENT_TIMESTAMP, 0)"
        ),
    )
    .await;
    assert_eq!(unread().await.as_i64().unwrap(), unread_before + 1);

    // The line manager's name, on the staff record.
    let before = record(&app, &staff, sam).await;
    let manager = before["line_manager"].as_str().unwrap().to_string();
    assert_eq!(record(&app, &staff, sam).await, before);
    run(
        &app,
        &format!(
            "UPDATE people SET name = 'Renamed Manager' \
             WHERE id = (SELECT line_manager_id FROM people WHERE id = {sam})"
        ),
    )
    .await;
    let renamed = record(&app, &staff, sam).await;
    assert_ne!(manager, "Renamed Manager");
    assert_eq!(renamed["line_manager"], "Renamed Manager");
}

/// Each table a person's figures come from moves that person's version and
/// no one else's; the names and targets move the organisation's.
#[tokio::test]
async fn each_personal_table_moves_only_its_persons_version() {
    let app = TestApp::with_demo_data().await;
    let sam = app.person_id("staff@demo.test").await;
    let other = app.person_id("manager@demo.test").await;
    let year = FinancialYear::containing(chrono::Utc::now().date_naive());
    let category = app.count("SELECT MIN(id) FROM cpd_categories").await;
    run(
        &app,
        &format!(
            "INSERT INTO plt_allowances (person_id, year_start, quarters, reason, \
             set_by_person_id, set_at) VALUES ({sam}, {}, 40, 'Test', {other}, CURRENT_TIMESTAMP)",
            year.0
        ),
    )
    .await;
    run(
        &app,
        &format!(
            "INSERT INTO cpd_activities (person_id, start_date, title, category_id, \
             quarter_hours, in_protected_time, created_at, updated_at) VALUES \
             ({sam}, '{}', 'Versions', {category}, 4, false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            year.first_day()
        ),
    )
    .await;
    run(
        &app,
        &format!(
            "INSERT INTO plt_sessions (person_id, session_date, quarter_hours, purpose, status, \
             created_at, updated_at) VALUES ({sam}, '{}', 8, 'Versions', 'requested', \
             CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            year.first_day()
        ),
    )
    .await;
    run(
        &app,
        &format!(
            "INSERT INTO notifications (person_id, kind, message, link, dedupe_key, \
             created_at, email_attempts) VALUES ({sam}, 'reminder', 'Versions', '/', \
             'versions', CURRENT_TIMESTAMP, 0)"
        ),
    )
    .await;
    for (table, column) in [
        ("people", "id"),
        ("cpd_activities", "person_id"),
        ("plt_sessions", "person_id"),
        ("plt_allowances", "person_id"),
        ("registrations", "person_id"),
        ("notifications", "person_id"),
    ] {
        let (mine, theirs) = (
            person_version(&app, sam).await,
            person_version(&app, other).await,
        );
        let changed = run(
            &app,
            &format!(
                "UPDATE {table} SET id = id WHERE id = (SELECT MIN(id) FROM {table} \
                 WHERE {column} = {sam})"
            ),
        )
        .await;
        assert_eq!(changed, 1);
        assert!(person_version(&app, sam).await > mine, "{table} moved it");
        assert_eq!(person_version(&app, other).await, theirs, "{table}");
    }
    run(&app, TARGETS).await;
    for table in [
        "people",
        "departments",
        "teams",
        "staff_group_targets",
        "cpd_categories",
    ] {
        let before = organisation_version(&app).await;
        let changed = run(
            &app,
            &format!("UPDATE {table} SET id = id WHERE id = (SELECT MIN(id) FROM {table})"),
        )
        .await;
        assert_eq!(changed, 1, "{table} has demo rows");
        assert!(organisation_version(&app).await > before, "{table}");
    }
    let before = organisation_version(&app).await;
    run(&app, "UPDATE cpd_activities SET id = id").await;
    assert_eq!(organisation_version(&app).await, before, "CPD is personal");

    // Several rows of one person in one statement, and a transaction: on
    // PostgreSQL the statement moves the person once.
    let activities = app
        .count(&format!(
            "SELECT COUNT(*) FROM cpd_activities WHERE person_id = {sam}"
        ))
        .await;
    assert!(activities >= 1);
    let mine = person_version(&app, sam).await;
    let txn = app.state.db.begin().await.unwrap();
    txn.execute_unprepared(&format!(
        "UPDATE cpd_activities SET id = id WHERE person_id = {sam}"
    ))
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let moved = person_version(&app, sam).await - mine;
    assert_eq!(moved, if on_postgres() { 1 } else { activities });
}
