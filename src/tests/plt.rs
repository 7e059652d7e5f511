//! Protected learning time: requests, the approver's decisions, races,
//! cancellations, allowance adjustments and who may do what.

use crate::harness::{TestApp, invalid_fields, json};
use chrono::{Days, Utc};

fn days_ahead(n: u64) -> String {
    (Utc::now().date_naive() + Days::new(n)).to_string()
}

async fn request(
    app: &TestApp,
    client: &reqwest::Client,
    date: &str,
    hours: &str,
) -> reqwest::Response {
    app.post_input(
        client,
        "/api/plt/request",
        &[],
        &[
            ("session_date", date),
            ("hours", hours),
            ("purpose", "Read the new IPEM report on MRI safety"),
        ],
    )
    .await
}

async fn execute(app: &TestApp, sql: &str) {
    sea_orm::ConnectionTrait::execute_unprepared(&app.state.db, sql)
        .await
        .unwrap();
}

#[tokio::test]
async fn bad_requests_are_refused_field_by_field_and_nothing_is_stored() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let yesterday = (Utc::now().date_naive() - Days::new(1)).to_string();
    for (date, hours, purpose, fields) in [
        (yesterday.as_str(), "3", "x", vec!["session_date"]),
        ("2099-01-01", "3", "x", vec!["session_date"]),
        ("soon", "0", "", vec!["session_date", "hours", "purpose"]),
        (&days_ahead(7), "12.25", "x", vec!["hours"]),
        (&days_ahead(7), "-2", "x", vec!["hours"]),
    ] {
        let response = app
            .post_input(
                &staff,
                "/api/plt/request",
                &[],
                &[
                    ("session_date", date),
                    ("hours", hours),
                    ("purpose", purpose),
                ],
            )
            .await;
        assert_eq!(response.status(), 422, "{date} {hours} {purpose}");
        assert_eq!(invalid_fields(&json(response).await), fields);
    }
    // More than the year's allowance (37.5 h for a full-timer by default).
    execute(
        &app,
        "UPDATE people SET contracted_hours = 37.5 WHERE email = 'staff@demo.test'",
    )
    .await;
    let date = days_ahead(3);
    for _ in 0..3 {
        assert_eq!(request(&app, &staff, &date, "12").await.status(), 200);
    }
    let over = request(&app, &staff, &date, "2").await;
    assert_eq!(over.status(), 422);
    let body = json(over).await;
    assert_eq!(invalid_fields(&body), ["hours"]);
    assert!(body.to_string().contains("1.5 hours left"), "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM plt_sessions").await, 3);
}

#[tokio::test]
async fn the_line_manager_approves_or_declines_and_the_staff_member_sees_it() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let head = app.signed_in("head@demo.test").await;
    let first = json(request(&app, &staff, &days_ahead(10), "3.5").await)
        .await
        .to_string();
    let second = json(request(&app, &staff, &days_ahead(20), "2").await)
        .await
        .to_string();

    let queue = json(app.post(&manager, "/api/plt/queue", &[]).await).await;
    let ids: Vec<String> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].to_string())
        .collect();
    assert!(ids.contains(&first) && ids.contains(&second), "{queue}");
    // Sam has a line manager, so the head of service does not decide.
    let head_queue = json(app.post(&head, "/api/plt/queue", &[]).await).await;
    assert!(
        !head_queue
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == first.parse::<i64>().unwrap())
    );
    let response = app
        .post(
            &head,
            "/api/plt/decide",
            &[("id", &first), ("decision", "approve")],
        )
        .await;
    // The head may see Sam's learning time, so is refused, not told "none".
    assert_eq!(response.status(), 403);

    let response = app
        .post(
            &manager,
            "/api/plt/decide",
            &[("id", &second), ("decision", "decline")],
        )
        .await;
    assert_eq!(response.status(), 422, "declining needs a comment");
    assert_eq!(invalid_fields(&json(response).await), ["comment"]);
    let response = app
        .post(
            &manager,
            "/api/plt/decide",
            &[
                ("id", &second),
                ("decision", "decline"),
                ("comment", "Clinic cover that week"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let response = app
        .post(
            &manager,
            "/api/plt/decide",
            &[
                ("id", &first),
                ("decision", "approve"),
                ("comment", "Enjoy it"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let again = app
        .post(
            &manager,
            "/api/plt/decide",
            &[
                ("id", &first),
                ("decision", "decline"),
                ("comment", "Changed my mind"),
            ],
        )
        .await;
    assert_eq!(
        again.status(),
        409,
        "a decided request cannot be decided again"
    );

    let mine = json(app.post(&staff, "/api/plt/mine", &[]).await).await;
    assert_eq!(mine["approved"], "3.5");
    assert_eq!(mine["requested"], "0");
    let states: Vec<&str> = mine["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["Approved", "Declined"]);
    assert_eq!(
        mine["sessions"][1]["decision_comment"],
        "Clinic cover that week"
    );

    // Once its day has passed an approved session counts as taken.
    let passed = Utc::now().date_naive() - Days::new(2);
    execute(
        &app,
        &format!("UPDATE plt_sessions SET session_date = '{passed}' WHERE id = {first}"),
    )
    .await;
    let year = mpce_portal::domain::financial_year::FinancialYear::containing(passed).to_string();
    let mine = json(app.post(&staff, "/api/plt/mine", &[("year", &year)]).await).await;
    let taken = mine["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == first.parse::<i64>().unwrap())
        .unwrap();
    assert_eq!(taken["state"], "Taken");
    assert_eq!(taken["can_cancel"], false);
    assert_eq!(mine["taken"], "3.5");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('plt.request', 'plt.approve', 'plt.decline')").await,
        4
    );
}

#[tokio::test]
async fn nobody_decides_their_own_and_a_manager_without_one_goes_to_the_head() {
    let app = TestApp::with_demo_data().await;
    let manager = app.signed_in("manager@demo.test").await;
    let head = app.signed_in("head@demo.test").await;
    let own = json(request(&app, &manager, &days_ahead(5), "3").await)
        .await
        .to_string();
    let response = app
        .post(
            &manager,
            "/api/plt/decide",
            &[("id", &own), ("decision", "approve")],
        )
        .await;
    assert_eq!(response.status(), 403, "their own request");
    let queue = json(app.post(&manager, "/api/plt/queue", &[]).await).await;
    assert!(
        !queue
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == own.parse::<i64>().unwrap())
    );

    execute(
        &app,
        "UPDATE people SET line_manager_id = NULL WHERE email = 'manager@demo.test'",
    )
    .await;
    let queue = json(app.post(&head, "/api/plt/queue", &[]).await).await;
    assert!(
        queue
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == own.parse::<i64>().unwrap()),
        "{queue}"
    );
    let response = app
        .post(
            &head,
            "/api/plt/decide",
            &[("id", &own), ("decision", "approve")],
        )
        .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn two_approvals_at_once_make_exactly_one_decision() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let id = json(request(&app, &staff, &days_ahead(9), "2").await)
        .await
        .to_string();
    let managers = [
        app.signed_in("manager@demo.test").await,
        app.signed_in("manager@demo.test").await,
    ];
    let approve = [("id", id.as_str()), ("decision", "approve")];
    let decline = [
        ("id", id.as_str()),
        ("decision", "decline"),
        ("comment", "No cover"),
    ];
    let (a, b) = tokio::join!(
        app.post(&managers[0], "/api/plt/decide", &approve),
        app.post(&managers[1], "/api/plt/decide", &decline),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('plt.approve', 'plt.decline')")
            .await,
        1
    );
}

#[tokio::test]
async fn a_future_session_can_be_cancelled_once_by_its_owner_only() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let id = json(request(&app, &staff, &days_ahead(4), "1").await)
        .await
        .to_string();
    assert_eq!(
        app.post(&manager, "/api/plt/cancel", &[("id", &id)])
            .await
            .status(),
        404
    );
    assert_eq!(
        app.post(&staff, "/api/plt/cancel", &[("id", &id)])
            .await
            .status(),
        200
    );
    assert_eq!(
        app.post(&staff, "/api/plt/cancel", &[("id", &id)])
            .await
            .status(),
        409
    );
    let response = app
        .post(
            &manager,
            "/api/plt/decide",
            &[("id", &id), ("decision", "approve")],
        )
        .await;
    assert_eq!(
        response.status(),
        409,
        "a cancelled request cannot be approved"
    );
}

#[tokio::test]
async fn the_manager_adjusts_the_allowance_with_a_reason_and_it_is_audited() {
    let app = TestApp::with_demo_data().await;
    let sam = app.person_id("staff@demo.test").await.to_string();
    let manager = app.signed_in("manager@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let year = json(app.post(&staff, "/api/plt/mine", &[]).await).await["year"].to_string();

    let response = app
        .post(
            &manager,
            "/api/plt/allowance",
            &[
                ("person_id", &sam),
                ("year", &year),
                ("hours", "60"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(invalid_fields(&json(response).await), ["reason"]);
    let response = app
        .post(
            &manager,
            "/api/plt/allowance",
            &[
                ("person_id", &sam),
                ("year", &year),
                ("hours", "60"),
                ("reason", "MSc module this year"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let mine = json(app.post(&staff, "/api/plt/mine", &[]).await).await;
    assert_eq!(mine["allowance"], "60");
    assert_eq!(mine["adjustment_reason"], "MSc module this year");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'plt.allowance'")
            .await,
        1
    );

    // Not their own, not someone outside their team, not HR.
    let own = app.person_id("manager@demo.test").await.to_string();
    let response = app
        .post(
            &manager,
            "/api/plt/allowance",
            &[
                ("person_id", &own),
                ("year", &year),
                ("hours", "999"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    let outsider = app
        .count("SELECT MIN(p.id) FROM people p JOIN teams t ON t.id = p.team_id WHERE t.name = 'Rehabilitation Engineering'")
        .await
        .to_string();
    let response = app
        .post(
            &manager,
            "/api/plt/allowance",
            &[
                ("person_id", &outsider),
                ("year", &year),
                ("hours", "99"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    for (who, path) in [("staff", "/api/plt/person"), ("manager", "/api/plt/person")] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        let response = app.post(&client, path, &[("person_id", &outsider)]).await;
        assert_eq!(response.status(), 403, "{who} reading another team's PLT");
    }
    let hr = app.signed_in("hr@demo.test").await;
    let seen = json(
        app.post(&hr, "/api/plt/person", &[("person_id", &sam)])
            .await,
    )
    .await;
    assert_eq!(
        seen["adjustment_reason"],
        serde_json::Value::Null,
        "HR sees hours, not reasons"
    );
}

#[tokio::test]
async fn a_request_not_decided_before_its_day_lapses_and_stops_counting() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;
    let id = json(request(&app, &staff, &days_ahead(6), "4").await)
        .await
        .to_string();
    let passed = Utc::now().date_naive() - Days::new(1);
    execute(
        &app,
        &format!("UPDATE plt_sessions SET session_date = '{passed}' WHERE id = {id}"),
    )
    .await;
    let queue = json(app.post(&manager, "/api/plt/queue", &[]).await).await;
    assert_eq!(queue, serde_json::json!([]), "no longer in the queue");
    let response = app
        .post(
            &manager,
            "/api/plt/decide",
            &[("id", &id), ("decision", "approve")],
        )
        .await;
    assert_eq!(response.status(), 409, "too late to approve");
    let year = mpce_portal::domain::financial_year::FinancialYear::containing(passed).to_string();
    let mine = json(app.post(&staff, "/api/plt/mine", &[("year", &year)]).await).await;
    assert_eq!(mine["requested"], "0");
    assert_eq!(mine["sessions"][0]["state"], "Lapsed");
}
