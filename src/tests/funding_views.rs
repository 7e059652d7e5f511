//! Funded CPD as people read and change it: editing a draft or returned
//! request, one request in full for each kind of viewer, the approver's
//! queue, the budget's request lines scoped to the viewer, the sources'
//! eligibility rules, and a completed request recorded as CPD once.

use crate::funding::{START, YEAR, act, budget, department_of, set_budget, submitted};
use crate::harness::{TestApp, invalid_fields, json};
use reqwest::Client;
use serde_json::Value;

async fn detail(app: &TestApp, who: &Client, id: i64) -> (u16, Value) {
    let response = app
        .post(who, "/api/funding/requests/get", &[("id", &id.to_string())])
        .await;
    let status = response.status().as_u16();
    (status, json(response).await)
}

async fn update(app: &TestApp, who: &Client, id: i64, lock: i32, fee: &str) -> (u16, Value) {
    let response = app
        .post_input(
            who,
            "/api/funding/requests/update",
            &[("id", &id.to_string()), ("lock_version", &lock.to_string())],
            &[
                ("activity", "Brachytherapy course (revised)"),
                ("provider", "ESTRO"),
                ("start_date", START),
                ("end_date", START),
                ("fee", fee),
                ("source", "trust"),
                ("justification", "Needed for the new afterloader"),
            ],
        )
        .await;
    let status = response.status().as_u16();
    (status, json(response).await)
}

#[tokio::test]
async fn a_returned_request_is_changed_by_its_owner_only_and_sent_again() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let department = department_of(&app, "staff@demo.test").await;
    set_budget(&app, &admin, &department, "5000").await;
    let id = submitted(&app, &staff, "Brachytherapy course", "900").await;

    // Submitted: nobody changes it.
    let (status, _) = update(&app, &staff, id, 1, "800").await;
    assert_eq!(status, 409);
    let (status, _) = act(
        &app,
        &manager,
        id,
        1,
        &[
            ("action", "return"),
            ("comment", "Ask for the early-bird fee"),
        ],
    )
    .await;
    assert_eq!(status, 200);

    // Someone else's request is not found; bad money is refused at the
    // field and changes nothing.
    let (status, _) = update(&app, &manager, id, 2, "800").await;
    assert_eq!(status, 404);
    let (status, body) = update(&app, &staff, id, 2, "eight hundred").await;
    assert_eq!(
        (status, invalid_fields(&body)),
        (422, vec!["fee".to_string()])
    );
    let (_, d) = detail(&app, &staff, id).await;
    assert_eq!(d["row"]["estimated"], "£900.00");

    let (status, body) = update(&app, &staff, id, 2, "750.50").await;
    assert_eq!(status, 200, "{body}");
    let (_, d) = detail(&app, &staff, id).await;
    assert_eq!(d["row"]["estimated"], "£750.50");
    assert_eq!(d["input"]["fee"], "750.50");
    assert_eq!(d["row"]["activity"], "Brachytherapy course (revised)");
    assert_eq!(d["may"], serde_json::json!(["edit", "submit", "cancel"]));
    // A stale version is a conflict.
    let (status, _) = update(&app, &staff, id, 2, "700").await;
    assert_eq!(status, 409);
    let (status, body) = act(&app, &staff, id, 3, &[("action", "submit")]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'funding.update' AND entity_id = '{id}'"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn each_viewer_sees_what_their_role_allows_of_a_request() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let department = department_of(&app, "staff@demo.test").await;
    set_budget(&app, &admin, &department, "5000").await;
    let id = submitted(&app, &staff, "Dosimetry audit course", "400").await;

    let (status, mine) = detail(&app, &staff, id).await;
    assert_eq!(status, 200);
    assert_eq!(mine["mine"], true);
    assert_eq!(mine["may"], serde_json::json!(["cancel"]));
    assert_eq!(
        mine["justification"],
        "Needed for the new linac commissioning"
    );
    // The owner sees the budget's figures but nobody's requests.
    assert_eq!(mine["budget"]["budget"], "£5,000.00");
    assert_eq!(mine["budget"]["committed_lines"], serde_json::json!([]));

    let (status, theirs) = detail(&app, &manager, id).await;
    assert_eq!(status, 200);
    assert_eq!(
        theirs["may"],
        serde_json::json!(["approve", "decline", "return"])
    );
    assert_eq!(theirs["input"]["justification"], "");
    assert_eq!(
        theirs["justification"],
        "Needed for the new linac commissioning"
    );

    // The head of service reads it all but decides nothing: Sam has a line
    // manager.
    let head = app.signed_in("head@demo.test").await;
    let (status, theirs) = detail(&app, &head, id).await;
    assert_eq!(status, 200);
    assert_eq!(
        theirs["justification"],
        "Needed for the new linac commissioning"
    );
    assert_eq!(theirs["may"], serde_json::json!([]));

    // HR and administrators: the money, not the reasons.
    let hr = app.signed_in("hr@demo.test").await;
    let (status, counts) = detail(&app, &hr, id).await;
    assert_eq!(status, 200);
    assert_eq!(counts["justification"], Value::Null);
    assert_eq!(counts["budget"], Value::Null);
    assert_eq!(counts["may"], serde_json::json!([]));

    // Anyone else: not found, the same as a request that does not exist.
    for (who, client) in [
        ("colleague", app.colleague().await),
        ("other team's manager", app.other_team_manager().await),
    ] {
        let (status, _) = detail(&app, &client, id).await;
        assert_eq!(status, 404, "{who}");
    }
    let (status, _) = detail(&app, &staff, 999_999).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_queue_and_the_budget_lines_show_only_the_approvers_people() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let department = department_of(&app, "staff@demo.test").await;
    set_budget(&app, &admin, &department, "5000").await;
    let id = submitted(&app, &staff, "MR physics school", "1200").await;

    let queue = json(app.post(&manager, "/api/funding/requests/queue", &[]).await).await;
    let ids: Vec<i64> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [id]);
    let outsider = app.other_team_manager().await;
    let queue = json(
        app.post(&outsider, "/api/funding/requests/queue", &[])
            .await,
    )
    .await;
    assert_eq!(queue, serde_json::json!([]));
    // The home page's counts agree with the queues.
    let counts = json(app.post(&manager, "/api/approvals/counts", &[]).await).await;
    assert_eq!(counts["funding"], 1);
    let plt = json(app.post(&manager, "/api/plt/queue", &[]).await).await;
    assert_eq!(counts["learning_time"], plt.as_array().unwrap().len());
    let counts = json(app.post(&outsider, "/api/approvals/counts", &[]).await).await;
    assert_eq!(counts["funding"], 0);

    let (status, _) = act(&app, &manager, id, 1, &[("action", "approve")]).await;
    assert_eq!(status, 200);
    // The line manager reads their report's line; a manager of another
    // team in the same department would see it only as a count.
    let b = budget(&app, &manager).await;
    assert_eq!(b["committed_lines"][0]["request_id"], id);
    assert_eq!(b["committed_lines"][0]["amount"], "£1,200.00");
    assert_eq!(b["other_lines"], 0);
    let hr = app.signed_in("hr@demo.test").await;
    let b = budget(&app, &hr).await;
    assert_eq!(b["committed_lines"][0]["person_name"], "Sam Patel");
    let same_department_manager = app
        .count(&format!(
            "SELECT MIN(id) FROM people WHERE department_id = {department} \
             AND id NOT IN (SELECT line_manager_id FROM people WHERE id = {staff_id}) \
             AND id IN (SELECT line_manager_id FROM people WHERE line_manager_id IS NOT NULL) \
             AND id NOT IN (SELECT person_id FROM users)",
            staff_id = app.person_id("staff@demo.test").await
        ))
        .await;
    assert!(
        same_department_manager > 0,
        "the demo department has another manager"
    );
    let other = app
        .new_account(same_department_manager, &["staff", "manager"])
        .await;
    let rows = json(
        app.post(&other, "/api/funding/budgets", &[("year", YEAR)])
            .await,
    )
    .await;
    let b = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["source"] == "Trust study budget")
        .cloned()
        .unwrap();
    assert_eq!(b["committed_lines"], serde_json::json!([]));
    assert_eq!(b["other_lines"], 1);
    assert_eq!(b["committed"], "£1,200.00");
}

#[tokio::test]
async fn a_source_that_excludes_backfill_or_a_staff_group_refuses_the_request_when_sent() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let department = department_of(&app, "staff@demo.test").await;
    set_budget(&app, &admin, &department, "5000").await;

    // Only administrators set the rules, and only known staff groups.
    let manager = app.signed_in("manager@demo.test").await;
    let response = app
        .post(&manager, "/api/funding/sources/set", &[("source", "trust")])
        .await;
    assert_eq!(response.status(), 403);
    let response = app
        .post(
            &admin,
            "/api/funding/sources/set",
            &[("source", "trust"), ("excluded_staff_groups", "Astronauts")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        invalid_fields(&json(response).await),
        ["excluded_staff_groups"]
    );
    let response = app
        .post(
            &admin,
            "/api/funding/sources/set",
            &[("source", "trust"), ("excludes_backfill", "on")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let sources = json(app.post(&staff, "/api/funding/sources", &[]).await).await;
    assert_eq!(sources[0]["source"], "trust");
    assert_eq!(sources[0]["excludes_backfill"], true);

    let id = crate::funding::draft_with(
        &app,
        &staff,
        "Conference",
        &[("fee", "300"), ("backfill", "450")],
    )
    .await;
    let (status, body) = act(&app, &staff, id, 0, &[("action", "submit")]).await;
    assert_eq!(
        (status, invalid_fields(&body)),
        (422, vec!["backfill".to_string()])
    );

    // The demo staff member is a healthcare scientist.
    let response = app
        .post(
            &admin,
            "/api/funding/sources/set",
            &[
                ("source", "trust"),
                ("excluded_staff_groups", "healthcare scientists\n"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let id = crate::funding::draft(&app, &staff, "Workshop", "100").await;
    let (status, body) = act(&app, &staff, id, 0, &[("action", "submit")]).await;
    assert_eq!(
        (status, invalid_fields(&body)),
        (422, vec!["source".to_string()])
    );
    assert!(body.to_string().contains("Healthcare Scientists"), "{body}");
}

#[tokio::test]
async fn a_completed_request_becomes_one_cpd_activity_for_its_owner_only() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let department = department_of(&app, "staff@demo.test").await;
    set_budget(&app, &admin, &department, "5000").await;
    let id = submitted(&app, &staff, "Proton therapy school", "700").await;
    let category = app
        .count("SELECT MIN(id) FROM cpd_categories WHERE retired = false")
        .await
        .to_string();
    let record = |who: Client, hours: &'static str| {
        let app = &app;
        let category = category.clone();
        async move {
            let response = app
                .post(
                    &who,
                    "/api/funding/requests/record-cpd",
                    &[
                        ("id", id.to_string().as_str()),
                        ("hours", hours),
                        ("category_id", category.as_str()),
                    ],
                )
                .await;
            let status = response.status().as_u16();
            (status, json(response).await)
        }
    };
    // Not yet completed.
    let (status, _) = record(staff.clone(), "7").await;
    assert_eq!(status, 409);
    let (status, _) = act(&app, &manager, id, 1, &[("action", "approve")]).await;
    assert_eq!(status, 200);
    let (status, _) = act(
        &app,
        &staff,
        id,
        2,
        &[("action", "complete"), ("actual", "680")],
    )
    .await;
    assert_eq!(status, 200);
    let (_, d) = detail(&app, &staff, id).await;
    assert_eq!(d["may"], serde_json::json!(["record_cpd"]));

    let (status, _) = record(manager.clone(), "7").await;
    assert_eq!(status, 404);
    let (status, body) = record(staff.clone(), "0").await;
    assert_eq!(
        (status, invalid_fields(&body)),
        (422, vec!["hours".to_string()])
    );
    let (status, activity) = record(staff.clone(), "7").await;
    assert_eq!(status, 200, "{activity}");
    let (status, _) = record(staff.clone(), "7").await;
    assert_eq!(status, 409);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM cpd_activities WHERE title = 'Proton therapy school' \
             AND provider = 'IPEM' AND quarter_hours = 28 AND id = {activity}"
        ))
        .await,
        1
    );
    let (_, d) = detail(&app, &staff, id).await;
    assert_eq!(d["cpd_activity_id"], activity);
    assert_eq!(d["may"], serde_json::json!([]));
}
