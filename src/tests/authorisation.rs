//! Who sees what of a staff record and a development record. Every server
//! function and file route against every kind of caller (signed out, each
//! role, someone outside the line of management) is in the matrix of
//! `authorisation_matrix.rs`.

use crate::harness::TestApp;

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
