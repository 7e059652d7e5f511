//! Refusals: every protected server function turns away the signed-out,
//! the wrong role and the wrong owner.

use crate::harness::TestApp;

/// Every protected endpoint with a plausible body.
const PROTECTED: &[(&str, &[(&str, &str)])] = &[
    ("/api/people/list", &[("search", "")]),
    ("/api/people/team", &[]),
    ("/api/people/get", &[("id", "1")]),
    ("/api/people/create", &[("input[name]", "X")]),
    ("/api/people/update", &[("id", "1"), ("input[name]", "X")]),
    (
        "/api/accounts/create",
        &[
            ("person_id", "1"),
            ("password", "violet-harbour-lantern"),
            ("roles[staff]", "on"),
        ],
    ),
    (
        "/api/accounts/roles",
        &[("user_id", "1"), ("roles[admin]", "on")],
    ),
    (
        "/api/accounts/active",
        &[("user_id", "1"), ("active", "false")],
    ),
    ("/api/organisation/list", &[]),
    ("/api/organisation/form-options", &[]),
    (
        "/api/organisation/departments/create",
        &[("name", "X"), ("cost_centre", "")],
    ),
    (
        "/api/organisation/teams/create",
        &[("department_id", "1"), ("name", "X")],
    ),
    (
        "/api/organisation/teams/rename",
        &[("team_id", "1"), ("name", "X")],
    ),
    (
        "/api/account/password",
        &[
            ("current_password", "a"),
            ("new_password", "b"),
            ("confirm_password", "b"),
        ],
    ),
    ("/api/cpd/mine", &[]),
    ("/api/cpd/get", &[("id", "1")]),
    ("/api/cpd/create", &[("input[title]", "X")]),
    ("/api/cpd/update", &[("id", "1"), ("input[title]", "X")]),
    ("/api/cpd/delete", &[("id", "1")]),
    ("/api/cpd/categories", &[]),
    ("/api/cpd/categories/create", &[("name", "X")]),
    (
        "/api/cpd/categories/retire",
        &[("category_id", "1"), ("retired", "true")],
    ),
    ("/api/cpd/person", &[("person_id", "1")]),
    ("/api/cpd/view", &[("id", "1")]),
    ("/api/development/mine", &[]),
    ("/api/development/choices", &[]),
    ("/api/development/get", &[("id", "1")]),
    ("/api/development/create", &[("input[title]", "X")]),
    (
        "/api/development/update",
        &[("id", "1"), ("input[title]", "X")],
    ),
    ("/api/development/delete", &[("id", "1")]),
    ("/api/evidence/list", &[("activity_id", "1")]),
    ("/api/evidence/delete", &[("id", "1")]),
    // `/api/job-plans/save` takes JSON: its 401 is in job_plans.rs.
    (
        "/api/funding/budgets/set",
        &[
            ("department_id", "1"),
            ("year", "2026"),
            ("source", "trust"),
            ("amount", "1"),
        ],
    ),
    ("/api/compliance/dashboard", &[]),
    ("/api/retention/report", &[]),
    ("/api/exports/scope", &[]),
    ("/api/approvals/counts", &[]),
    ("/api/funding/budgets", &[]),
    ("/api/funding/requests/create", &[("input[activity]", "X")]),
    ("/api/funding/requests/mine", &[]),
    (
        "/api/funding/requests/update",
        &[("id", "1"), ("lock_version", "0"), ("input[activity]", "X")],
    ),
    ("/api/funding/requests/get", &[("id", "1")]),
    ("/api/funding/requests/queue", &[]),
    ("/api/funding/sources", &[]),
    ("/api/funding/years", &[]),
    ("/api/funding/sources/set", &[("source", "trust")]),
    (
        "/api/funding/requests/record-cpd",
        &[("id", "1"), ("hours", "1"), ("category_id", "1")],
    ),
    (
        "/api/funding/requests/act",
        &[("id", "1"), ("lock_version", "0"), ("action", "approve")],
    ),
    ("/api/job-plans/mine", &[]),
    ("/api/job-plans/get", &[("id", "1")]),
    ("/api/job-plans/start", &[]),
    (
        "/api/job-plans/act",
        &[("id", "1"), ("lock_version", "0"), ("action", "submit")],
    ),
    ("/api/job-plans/new-version", &[("id", "1")]),
    ("/api/job-plans/next-year", &[("id", "1")]),
    ("/api/job-plans/compare", &[("from", "1"), ("to", "1")]),
    ("/api/job-plans/team", &[]),
    ("/api/job-plans/queue", &[]),
    ("/api/job-plans/categories", &[]),
    (
        "/api/job-plans/categories/rename",
        &[("category", "dcc"), ("label", "X")],
    ),
    ("/api/notifications/mine", &[]),
    ("/api/notifications/unread", &[]),
    ("/api/notifications/read", &[("id", "1")]),
    ("/api/notifications/read-all", &[]),
    ("/api/plt/mine", &[]),
    ("/api/plt/person", &[("person_id", "1")]),
    ("/api/plt/request", &[("input[hours]", "1")]),
    ("/api/plt/cancel", &[("id", "1")]),
    ("/api/plt/queue", &[]),
    ("/api/plt/decide", &[("id", "1"), ("decision", "approve")]),
    (
        "/api/plt/allowance",
        &[
            ("person_id", "1"),
            ("year", "2026"),
            ("hours", "1"),
            ("reason", "x"),
        ],
    ),
    ("/api/profile/mine", &[]),
    ("/api/profile/save", &[("input[period_from]", "2026-01-01")]),
    ("/api/progress/mine", &[]),
    ("/api/progress/person", &[("person_id", "1")]),
    ("/api/registrations/mine", &[]),
    ("/api/registrations/get", &[("id", "1")]),
    ("/api/registrations/create", &[("input[body]", "hcpc")]),
    (
        "/api/registrations/update",
        &[("id", "1"), ("input[body]", "hcpc")],
    ),
    ("/api/registrations/delete", &[("id", "1")]),
    ("/api/service-risk/view", &[]),
    (
        "/api/service-risk/requirements/set",
        &[
            ("department_id", "1"),
            ("kind", "mpe"),
            ("modality", "Radiotherapy"),
            ("minimum", "1"),
        ],
    ),
    ("/api/service-risk/requirements/delete", &[("id", "1")]),
    ("/api/service-risk/modalities", &[]),
    ("/api/service-risk/modalities/add", &[("name", "PET")]),
    ("/api/targets/list", &[]),
    ("/api/targets/set", &[("input[staff_group]", "X")]),
    ("/api/people/import/today", &[]),
];

#[tokio::test]
async fn signed_out_requests_are_refused_with_401() {
    let app = TestApp::with_demo_data().await;
    let client = app.client();
    for (path, form) in PROTECTED {
        let response = app.post(&client, path, form).await;
        assert_eq!(response.status(), 401, "{path}");
        assert_eq!(response.text().await.unwrap(), "\"SignedOut\"", "{path}");
    }
}

/// Which roles may call which endpoint; everyone else gets 403.
const ROLE_ONLY: &[(&str, &[&str])] = &[
    ("/api/people/list", &["hr", "admin"]),
    ("/api/people/team", &["manager", "head"]),
    ("/api/people/create", &["admin"]),
    ("/api/people/update", &["admin"]),
    ("/api/accounts/create", &["admin"]),
    ("/api/accounts/roles", &["admin"]),
    ("/api/accounts/active", &["admin"]),
    ("/api/organisation/list", &["hr", "admin"]),
    ("/api/organisation/form-options", &["admin"]),
    ("/api/organisation/departments/create", &["admin"]),
    ("/api/organisation/teams/create", &["admin"]),
    ("/api/organisation/teams/rename", &["admin"]),
    ("/api/cpd/mine", &["staff", "manager", "head"]),
    ("/api/cpd/create", &["staff", "manager", "head"]),
    (
        "/api/cpd/categories",
        &["staff", "manager", "head", "admin"],
    ),
    ("/api/cpd/categories/create", &["admin"]),
    ("/api/cpd/categories/retire", &["admin"]),
    ("/api/development/mine", &["staff", "manager", "head"]),
    ("/api/development/create", &["staff", "manager", "head"]),
    ("/api/evidence/delete", &["staff", "manager", "head"]),
    (
        "/api/compliance/dashboard",
        &["manager", "head", "hr", "admin"],
    ),
    ("/api/exports/scope", &["manager", "head", "hr", "admin"]),
    ("/api/retention/report", &["manager", "head", "hr", "admin"]),
    ("/api/approvals/counts", &["manager", "head"]),
    ("/api/funding/budgets/set", &["admin"]),
    ("/api/funding/budgets", &["manager", "head", "hr", "admin"]),
    (
        "/api/funding/requests/create",
        &["staff", "manager", "head"],
    ),
    ("/api/funding/requests/mine", &["staff", "manager", "head"]),
    (
        "/api/funding/requests/update",
        &["staff", "manager", "head"],
    ),
    ("/api/funding/requests/queue", &["manager", "head"]),
    ("/api/funding/sources/set", &["admin"]),
    (
        "/api/funding/requests/record-cpd",
        &["staff", "manager", "head"],
    ),
    ("/api/job-plans/mine", &["staff", "manager", "head"]),
    ("/api/job-plans/start", &["staff", "manager", "head"]),
    ("/api/job-plans/new-version", &["staff", "manager", "head"]),
    ("/api/job-plans/next-year", &["staff", "manager", "head"]),
    ("/api/job-plans/team", &["manager", "head", "hr", "admin"]),
    ("/api/job-plans/queue", &["manager", "head"]),
    ("/api/job-plans/categories/rename", &["admin"]),
    ("/api/plt/mine", &["staff", "manager", "head"]),
    ("/api/plt/request", &["staff", "manager", "head"]),
    ("/api/plt/queue", &["manager", "head"]),
    ("/api/plt/decide", &["manager", "head"]),
    ("/api/plt/allowance", &["manager", "head"]),
    ("/api/profile/mine", &["staff", "manager", "head"]),
    ("/api/profile/save", &["staff", "manager", "head"]),
    ("/api/progress/mine", &["staff", "manager", "head"]),
    ("/api/registrations/create", &["staff", "manager", "head"]),
    ("/api/service-risk/view", &["head", "hr", "admin"]),
    ("/api/service-risk/requirements/set", &["admin"]),
    ("/api/service-risk/requirements/delete", &["admin"]),
    ("/api/service-risk/modalities/add", &["admin"]),
    ("/api/targets/list", &["admin"]),
    ("/api/targets/set", &["admin"]),
    ("/api/people/import/today", &["hr", "admin"]),
];

#[tokio::test]
async fn each_role_is_refused_what_it_may_not_do() {
    let app = TestApp::with_demo_data().await;
    for who in ["staff", "manager", "head", "hr", "admin"] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        for (path, allowed) in ROLE_ONLY {
            if allowed.contains(&who) {
                continue;
            }
            let form = PROTECTED
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, f)| *f)
                .unwrap();
            let response = app.post(&client, path, form).await;
            assert_eq!(response.status(), 403, "{who} calling {path}");
        }
    }
}

#[tokio::test]
async fn staff_records_are_visible_to_owner_manager_head_hr_and_admin_only() {
    let app = TestApp::with_demo_data().await;
    let sam = app.person_id("staff@demo.test").await.to_string();
    let head = app.person_id("head@demo.test").await.to_string();
    // Someone in a team the demo manager does not manage.
    let outsider = app
        .count("SELECT MIN(p.id) FROM people p JOIN teams t ON t.id = p.team_id WHERE t.name = 'Rehabilitation Engineering'")
        .await
        .to_string();

    let cases: &[(&str, &str, u16)] = &[
        ("staff", &sam, 200),
        ("staff", &head, 403),
        ("staff", &outsider, 403),
        ("manager", &sam, 200),
        ("manager", &outsider, 403),
        ("head", &sam, 200),
        ("hr", &outsider, 200),
        ("admin", &outsider, 200),
    ];
    for (who, id, expected) in cases {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        let response = app.post(&client, "/api/people/get", &[("id", id)]).await;
        assert_eq!(
            response.status().as_u16(),
            *expected,
            "{who} reading person {id}"
        );
    }
    let admin = app.signed_in("admin@demo.test").await;
    assert_eq!(
        app.post(&admin, "/api/people/get", &[("id", "999999")])
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn only_administrators_see_account_details() {
    let app = TestApp::with_demo_data().await;
    let sam = app.person_id("staff@demo.test").await.to_string();
    for (who, sees) in [
        ("staff", false),
        ("manager", false),
        ("hr", false),
        ("admin", true),
    ] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        let body: serde_json::Value = app
            .post(&client, "/api/people/get", &[("id", &sam)])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(!body["account"].is_null(), sees, "{who}");
    }
}

#[tokio::test]
async fn a_manager_sees_their_reports_and_a_head_their_department() {
    let app = TestApp::with_demo_data().await;
    let manager = app.signed_in("manager@demo.test").await;
    let team: Vec<serde_json::Value> = app
        .post(&manager, "/api/people/team", &[])
        .await
        .json()
        .await
        .unwrap();
    let reports = app
        .count("SELECT COUNT(*) FROM people p JOIN people m ON m.id = p.line_manager_id WHERE m.email = 'manager@demo.test'")
        .await;
    assert_eq!(team.len() as i64, reports);
    assert!(team.iter().any(|p| p["email"] == "staff@demo.test"));

    let head = app.signed_in("head@demo.test").await;
    let department: Vec<serde_json::Value> = app
        .post(&head, "/api/people/team", &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(department.len() > team.len());
    assert!(department.iter().all(|p| p["email"] != "head@demo.test"));
}

/// A person's CPD record, PLT and progress: the owner, their line manager
/// and their head of service read it; HR and administrators see figures
/// only; a colleague or a manager of another team nothing.
#[tokio::test]
async fn a_development_record_is_read_only_by_those_it_concerns() {
    let app = TestApp::with_demo_data().await;
    let sam = app.person_id("staff@demo.test").await.to_string();
    let staff = app.signed_in("staff@demo.test").await;
    let category = app
        .count("SELECT id FROM cpd_categories WHERE name = 'Other'")
        .await
        .to_string();
    let activity = app
        .post_input(
            &staff,
            "/api/cpd/create",
            &[],
            &[
                ("title", "Journal club"),
                ("category_id", &category),
                ("start_date", "2026-03-03"),
                ("hours", "1"),
                ("what_i_learnt", "A private reflection"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    let colleague = app.colleague().await;
    let cases: Vec<(&str, reqwest::Client, u16, u16)> = vec![
        (
            "manager",
            app.signed_in("manager@demo.test").await,
            200,
            200,
        ),
        ("head", app.signed_in("head@demo.test").await, 200, 200),
        ("hr", app.signed_in("hr@demo.test").await, 403, 404),
        ("admin", app.signed_in("admin@demo.test").await, 403, 404),
        ("colleague", colleague, 403, 404),
        (
            "another team's manager",
            app.other_team_manager().await,
            403,
            404,
        ),
        ("signed out", app.client(), 401, 401),
    ];
    for (who, client, record, activity_status) in cases {
        let response = app
            .post(&client, "/api/cpd/person", &[("person_id", &sam)])
            .await;
        assert_eq!(response.status(), record, "{who} reading the CPD list");
        let response = app
            .post(&client, "/api/cpd/view", &[("id", &activity)])
            .await;
        assert_eq!(
            response.status(),
            activity_status,
            "{who} reading the activity"
        );
        if activity_status == 200 {
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["what_i_learnt"], "A private reflection");
            assert_eq!(body["is_owner"], false);
        }
        let response = app
            .post(&client, "/api/plt/person", &[("person_id", &sam)])
            .await;
        assert_eq!(
            response.status(),
            if record == 403 && (who == "hr" || who == "admin") {
                200
            } else {
                record
            },
            "{who} reading PLT (HR and administrators: hours only)"
        );
        for path in ["/api/cpd/update", "/api/cpd/delete"] {
            let response = app
                .post(
                    &client,
                    path,
                    &[("id", &activity), ("input[title]", "Changed")],
                )
                .await;
            assert!(
                matches!(response.status().as_u16(), 401 | 403 | 404),
                "{who} calling {path}"
            );
        }
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cpd_activities WHERE title = 'Journal club'")
            .await,
        1,
        "unchanged"
    );
}
