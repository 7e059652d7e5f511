//! Funded CPD over HTTP: budgets set by an administrator, a request's way
//! from draft to approval (with an override past the budget), completion at
//! a different cost and cancellation, who may do what, and two approvals
//! racing for the last of a budget.

use crate::harness::{TestApp, invalid_fields, json};
use reqwest::Client;
use serde_json::Value;

/// A year that contains `start`: requests start on 2026-06-01.
pub(crate) const YEAR: &str = "2026";
pub(crate) const START: &str = "2026-06-01";

pub(crate) async fn department_of(app: &TestApp, email: &str) -> String {
    app.count(&format!(
        "SELECT department_id FROM people WHERE email = '{email}'"
    ))
    .await
    .to_string()
}

pub(crate) async fn set_budget(app: &TestApp, admin: &Client, department: &str, amount: &str) {
    let response = app
        .post(
            admin,
            "/api/funding/budgets/set",
            &[
                ("department_id", department),
                ("year", YEAR),
                ("source", "trust"),
                ("amount", amount),
            ],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

/// A draft request for `fee` pounds; answers its id.
pub(crate) async fn draft(app: &TestApp, staff: &Client, activity: &str, fee: &str) -> i64 {
    draft_with(app, staff, activity, &[("fee", fee)]).await
}

/// A draft request with these fields (cost parts, source) replacing the
/// defaults: £0 of each part from the trust study budget.
pub(crate) async fn draft_with(
    app: &TestApp,
    staff: &Client,
    activity: &str,
    fields: &[(&str, &str)],
) -> i64 {
    let mut input = vec![
        ("activity", activity),
        ("provider", "IPEM"),
        ("start_date", START),
        ("end_date", START),
        ("source", "trust"),
        ("justification", "Needed for the new linac commissioning"),
    ];
    for (key, value) in fields {
        input.retain(|(k, _)| k != key);
        input.push((key, value));
    }
    let id = app
        .post_input(staff, "/api/funding/requests/create", &[], &input)
        .await;
    assert_eq!(id.status(), 200, "{}", id.text().await.unwrap());
    id.json().await.unwrap()
}

/// A submitted request for `fee` pounds; answers its id.
pub(crate) async fn submitted(app: &TestApp, staff: &Client, activity: &str, fee: &str) -> i64 {
    let id = draft(app, staff, activity, fee).await;
    let response = act(app, staff, id, 0, &[("action", "submit")]).await;
    assert_eq!(response.0, 200, "{}", response.1);
    id
}

pub(crate) async fn act(
    app: &TestApp,
    who: &Client,
    id: i64,
    lock: i32,
    extra: &[(&str, &str)],
) -> (u16, Value) {
    let id = id.to_string();
    let lock = lock.to_string();
    let mut form = vec![("id", id.as_str()), ("lock_version", lock.as_str())];
    form.extend_from_slice(extra);
    let response = app.post(who, "/api/funding/requests/act", &form).await;
    let status = response.status().as_u16();
    (status, json(response).await)
}

pub(crate) async fn budget(app: &TestApp, who: &Client) -> Value {
    let rows = json(
        app.post(who, "/api/funding/budgets", &[("year", YEAR)])
            .await,
    )
    .await;
    rows.as_array()
        .and_then(|r| r.iter().find(|b| b["source"] == "Trust study budget"))
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn approval_commits_completion_spends_the_actual_cost_and_cancelling_releases() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let department = department_of(&app, "staff@demo.test").await;
    set_budget(&app, &admin, &department, "1,000").await;

    let course = submitted(&app, &staff, "Brachytherapy course", "600").await;
    let (status, _) = act(&app, &manager, course, 1, &[("action", "approve")]).await;
    assert_eq!(status, 200);
    let b = budget(&app, &manager).await;
    assert_eq!(b["committed"], "£600.00");
    assert_eq!(b["remaining"], "£400.00");
    assert_eq!(b["committed_requests"], serde_json::json!([course]));

    // Past the budget: refused without a reason, approved with one.
    let second = submitted(&app, &staff, "MRI safety course", "500").await;
    let (status, body) = act(&app, &manager, second, 1, &[("action", "approve")]).await;
    assert_eq!(status, 422);
    assert_eq!(invalid_fields(&body), ["override_reason"]);
    assert!(
        body.to_string().contains("£-100.00") || body.to_string().contains("-£100.00"),
        "{body}"
    );
    let (status, _) = act(
        &app,
        &manager,
        second,
        1,
        &[
            ("action", "approve"),
            ("override_reason", "Service-critical training"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let b = budget(&app, &manager).await;
    assert_eq!(b["remaining"], "-£100.00");
    assert_eq!(b["overspent"], true);

    // Completed at £550: spent replaces the commitment.
    let (status, _) = act(
        &app,
        &staff,
        course,
        2,
        &[("action", "complete"), ("actual", "550")],
    )
    .await;
    assert_eq!(status, 200);
    // Cancelled after approval: releases the £500.
    let (status, _) = act(&app, &manager, second, 2, &[("action", "cancel")]).await;
    assert_eq!(status, 200);
    let b = budget(&app, &manager).await;
    assert_eq!(b["committed"], "£0.00");
    assert_eq!(b["spent"], "£550.00");
    assert_eq!(b["remaining"], "£450.00");
    assert_eq!(b["spent_requests"], serde_json::json!([course]));

    // A stale lock version is a conflict and changes nothing.
    let (status, _) = act(&app, &staff, course, 0, &[("action", "cancel")]).await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn only_the_persons_approvers_decide_and_only_administrators_set_budgets() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let department = department_of(&app, "staff@demo.test").await;
    set_budget(&app, &admin, &department, "2000").await;
    let id = submitted(&app, &staff, "Dosimetry workshop", "300").await;

    let colleague = app.colleague().await;
    let outsider = app.other_team_manager().await;
    let hr = app.signed_in("hr@demo.test").await;
    // Those who may see the request are refused (403); those who may not
    // are told there is no such request (404).
    for (who, client, expected) in [
        ("staff", &staff, 403),
        ("colleague", &colleague, 404),
        ("outsider", &outsider, 404),
        ("admin", &admin, 403),
    ] {
        let (status, _) = act(&app, client, id, 1, &[("action", "approve")]).await;
        assert_eq!(status, expected, "{who} approving");
    }
    for (who, client) in [
        ("manager", &app.signed_in("manager@demo.test").await),
        ("hr", &hr),
        ("staff", &staff),
    ] {
        let response = app
            .post(
                client,
                "/api/funding/budgets/set",
                &[
                    ("department_id", department.as_str()),
                    ("year", YEAR),
                    ("source", "trust"),
                    ("amount", "1"),
                ],
            )
            .await;
        assert_eq!(response.status(), 403, "{who} setting a budget");
    }
    // The head of service sees the request but does not decide it: Sam has
    // a line manager (as for learning time).
    let head = app.signed_in("head@demo.test").await;
    let (status, _) = act(&app, &head, id, 1, &[("action", "approve")]).await;
    assert_eq!(status, 403, "the head approving");
    // Declining needs a reason.
    let manager = app.signed_in("manager@demo.test").await;
    let (status, body) = act(&app, &manager, id, 1, &[("action", "decline")]).await;
    assert_eq!(
        (status, invalid_fields(&body)),
        (422, vec!["comment".to_string()])
    );
    let (status, _) = act(
        &app,
        &manager,
        id,
        1,
        &[("action", "decline"), ("comment", "Not this year")],
    )
    .await;
    assert_eq!(status, 200);
    // Staff see only their own requests.
    let mine = json(
        app.post(&colleague, "/api/funding/requests/mine", &[])
            .await,
    )
    .await;
    assert!(mine.as_array().unwrap().iter().all(|r| r["id"] != id));
    let mine = json(app.post(&staff, "/api/funding/requests/mine", &[]).await).await;
    assert_eq!(mine[0]["status"], "Declined");
    assert_eq!(mine[0]["decision_comment"], "Not this year");
}

#[tokio::test]
async fn a_request_without_a_budget_or_with_bad_money_is_refused_at_the_field() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let response = app
        .post_input(
            &staff,
            "/api/funding/requests/create",
            &[],
            &[
                ("activity", "Course"),
                ("provider", "IPEM"),
                ("start_date", START),
                ("end_date", "2026-05-01"),
                ("fee", "12.345"),
                ("travel", "-3"),
                ("source", "trust"),
                ("justification", "x"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        invalid_fields(&json(response).await),
        ["end_date", "fee", "travel"]
    );
    // No budget from "other" sources set for the department: submitting says so.
    let id: i64 = app
        .post_input(
            &staff,
            "/api/funding/requests/create",
            &[],
            &[
                ("activity", "Course"),
                ("provider", "IPEM"),
                ("start_date", START),
                ("end_date", START),
                ("fee", "100"),
                ("source", "other"),
                ("justification", "x"),
            ],
        )
        .await
        .json()
        .await
        .unwrap();
    let (status, body) = act(&app, &staff, id, 0, &[("action", "submit")]).await;
    assert_eq!(
        (status, invalid_fields(&body)),
        (422, vec!["source".to_string()])
    );
}

/// £1,000 left and two £600 requests approved at the same moment (the line
/// manager in two windows): one is approved, the other needs an override;
/// the budget never shows both committed without one.
#[tokio::test]
async fn two_approvals_at_once_never_both_spend_the_last_of_a_budget() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let department = department_of(&app, "staff@demo.test").await;
    set_budget(&app, &admin, &department, "1000").await;
    for round in 0..5 {
        let a = submitted(&app, &staff, &format!("Course A{round}"), "600").await;
        let b = submitted(&app, &staff, &format!("Course B{round}"), "600").await;
        let ((first, _), (second, _)) = tokio::join!(
            act(&app, &manager, a, 1, &[("action", "approve")]),
            act(&app, &manager, b, 1, &[("action", "approve")]),
        );
        let mut outcomes = [first, second];
        outcomes.sort();
        assert_eq!(outcomes, [200, 422], "round {round}");
        let b_row = budget(&app, &manager).await;
        assert_eq!(b_row["committed"], "£600.00", "round {round}");
        // Release it for the next round.
        let approved = if first == 200 { a } else { b };
        let (status, _) = act(&app, &manager, approved, 2, &[("action", "cancel")]).await;
        assert_eq!(status, 200);
    }
}
