use crate::harness::{TestApp, invalid_fields, json};

async fn category_id(app: &TestApp, name: &str) -> String {
    app.count(&format!(
        "SELECT id FROM cpd_categories WHERE name = '{name}'"
    ))
    .await
    .to_string()
}

#[tokio::test]
async fn a_staff_member_records_activities_and_sees_totals_by_type_and_year() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let work = category_id(&app, "Work-based learning").await;
    let formal = category_id(&app, "Formal / educational").await;
    let before = app.count("SELECT COUNT(*) FROM cpd_activities").await;

    let response = app
        .post_input(
            &staff,
            "/api/cpd/create",
            &[],
            &[
                ("title", ""),
                ("category_id", ""),
                ("start_date", "2999-01-01"),
                ("hours", "1.3"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = json(response).await;
    let fields = invalid_fields(&body);
    assert_eq!(fields, ["start_date", "title", "category_id", "hours"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cpd_activities").await,
        before,
        "nothing written"
    );

    for (title, category, date, hours) in [
        ("Linac commissioning workshop", &work, "2025-03-10", "6.5"),
        ("IPEM MRI safety course", &formal, "2025-11-02", "7"),
        ("Treatment planning audit", &work, "2026-02-14", "1.25"),
    ] {
        let response = app
            .post_input(
                &staff,
                "/api/cpd/create",
                &[],
                &[
                    ("title", title),
                    ("category_id", category),
                    ("start_date", date),
                    ("hours", hours),
                    ("provider", "IPEM"),
                    ("what_i_learnt", "Independent checks of beam data"),
                    ("in_protected_time", "on"),
                ],
            )
            .await;
        assert_eq!(response.status(), 200, "{title}");
    }

    let all = json(app.post(&staff, "/api/cpd/mine", &[]).await).await;
    assert_eq!(all["total_hours"], "14.75");
    assert_eq!(all["activities"].as_array().unwrap().len(), 3);
    assert_eq!(
        all["activities"][0]["title"], "Treatment planning audit",
        "newest first"
    );
    assert_eq!(
        all["by_category"],
        serde_json::json!([
            { "label": "Work-based learning", "hours": "7.75" },
            { "label": "Formal / educational", "hours": "7" },
        ])
    );
    assert_eq!(
        all["by_year"],
        serde_json::json!([
            { "label": "2025/26", "hours": "8.25" },
            { "label": "2024/25", "hours": "6.5" },
        ])
    );

    let year = json(
        app.post(&staff, "/api/cpd/mine", &[("year", "2025/26")])
            .await,
    )
    .await;
    assert_eq!(year["total_hours"], "8.25", "April 2025 to March 2026");
    let typed = json(
        app.post(&staff, "/api/cpd/mine", &[("category", &formal)])
            .await,
    )
    .await;
    assert_eq!(typed["activities"][0]["title"], "IPEM MRI safety course");
    assert_eq!(typed["activities"].as_array().unwrap().len(), 1);
    let searched = json(
        app.post(&staff, "/api/cpd/mine", &[("search", "mri SAFETY")])
            .await,
    )
    .await;
    assert_eq!(searched["activities"].as_array().unwrap().len(), 1);
    let bad = app.post(&staff, "/api/cpd/mine", &[("year", "last")]).await;
    assert_eq!(bad.status(), 422);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'cpd.create'")
            .await,
        3
    );
}

#[tokio::test]
async fn nobody_else_reads_changes_or_deletes_an_activity() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let work = category_id(&app, "Work-based learning").await;
    let valid = [
        ("title", "Peer review"),
        ("category_id", work.as_str()),
        ("start_date", "2026-01-05"),
        ("hours", "2"),
    ];
    let id = json(app.post_input(&staff, "/api/cpd/create", &[], &valid).await)
        .await
        .to_string();

    // The line manager and the head of service may not touch it here.
    for who in ["manager", "head"] {
        let other = app.signed_in(&format!("{who}@demo.test")).await;
        assert_eq!(
            app.post(&other, "/api/cpd/get", &[("id", &id)])
                .await
                .status(),
            404,
            "{who} get"
        );
        assert_eq!(
            app.post_input(&other, "/api/cpd/update", &[("id", &id)], &valid)
                .await
                .status(),
            404,
            "{who} update"
        );
        assert_eq!(
            app.post(&other, "/api/cpd/delete", &[("id", &id)])
                .await
                .status(),
            404,
            "{who} delete"
        );
        let theirs = json(app.post(&other, "/api/cpd/mine", &[]).await).await;
        assert_eq!(theirs["activities"].as_array().unwrap().len(), 0);
    }
    for who in ["hr", "admin"] {
        let other = app.signed_in(&format!("{who}@demo.test")).await;
        assert_eq!(
            app.post(&other, "/api/cpd/mine", &[]).await.status(),
            403,
            "{who} has no CPD record role"
        );
        assert_eq!(
            app.post(&other, "/api/cpd/get", &[("id", &id)])
                .await
                .status(),
            403
        );
    }
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM cpd_activities WHERE id = {id}"
        ))
        .await,
        1
    );

    let edited = [
        ("title", "Peer review of plans"),
        ("category_id", work.as_str()),
        ("start_date", "2026-01-05"),
        ("hours", "2.5"),
    ];
    assert_eq!(
        app.post_input(&staff, "/api/cpd/update", &[("id", &id)], &edited)
            .await
            .status(),
        200
    );
    let got = json(app.post(&staff, "/api/cpd/get", &[("id", &id)]).await).await;
    assert_eq!(got["title"], "Peer review of plans");
    assert_eq!(got["hours"], "2.5");
    assert_eq!(
        app.post(&staff, "/api/cpd/delete", &[("id", &id)])
            .await
            .status(),
        200
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM cpd_activities WHERE id = {id}"
        ))
        .await,
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'cpd_activity' AND entity_id = '{id}'"
        ))
        .await,
        3
    );
}

#[tokio::test]
async fn a_retired_type_stays_on_old_records_but_is_not_offered_for_new_ones() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let admin = app.signed_in("admin@demo.test").await;
    let other = category_id(&app, "Other").await;
    let old = [
        ("title", "Journal club"),
        ("category_id", other.as_str()),
        ("start_date", "2026-03-01"),
        ("hours", "1"),
    ];
    let id = json(app.post_input(&staff, "/api/cpd/create", &[], &old).await)
        .await
        .to_string();

    assert_eq!(
        app.post(
            &staff,
            "/api/cpd/categories/retire",
            &[("category_id", &other), ("retired", "true")]
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        app.post(
            &admin,
            "/api/cpd/categories/retire",
            &[("category_id", &other), ("retired", "true")]
        )
        .await
        .status(),
        200
    );

    let response = app.post_input(&staff, "/api/cpd/create", &[], &old).await;
    assert_eq!(response.status(), 422);
    assert_eq!(json(response).await["Invalid"][0]["field"], "category_id");
    let keep = [
        ("title", "Journal club (March)"),
        ("category_id", other.as_str()),
        ("start_date", "2026-03-01"),
        ("hours", "1"),
    ];
    assert_eq!(
        app.post_input(&staff, "/api/cpd/update", &[("id", &id)], &keep)
            .await
            .status(),
        200
    );

    let response = app
        .post(&admin, "/api/cpd/categories/create", &[("name", "other")])
        .await;
    assert_eq!(
        response.status(),
        422,
        "names are unique regardless of case"
    );
    let response = app
        .post(
            &admin,
            "/api/cpd/categories/create",
            &[("name", "Clinical audit")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let list = json(app.post(&staff, "/api/cpd/categories", &[]).await).await;
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.last(), Some(&"Clinical audit"));
}

#[tokio::test]
async fn reflections_are_escaped_when_the_edit_page_is_rendered() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let work = category_id(&app, "Work-based learning").await;
    let hostile = "</textarea><script>alert('x')</script>";
    let id = json(
        app.post_input(
            &staff,
            "/api/cpd/create",
            &[],
            &[
                ("title", "Escaping check"),
                ("category_id", &work),
                ("start_date", "2026-01-05"),
                ("hours", "1"),
                ("what_i_learnt", hostile),
            ],
        )
        .await,
    )
    .await;
    let page = app.get(&staff, &format!("/cpd/{id}/edit")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("What I learnt"));
    if let Some(at) = html.find("<script>alert('x')") {
        panic!(
            "the reflection became markup: …{}…",
            &html[at.saturating_sub(300)..(at + 60).min(html.len())]
        );
    }
    assert!(
        html.contains("&lt;/textarea&gt;&lt;script&gt;")
            || html.contains("&lt;/textarea>&lt;script>")
    );
}

#[tokio::test]
async fn a_long_record_is_listed_a_page_at_a_time_with_totals_over_all_of_it() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let work = category_id(&app, "Work-based learning").await;
    for n in 0..60 {
        let date = format!("2025-{:02}-{:02}", 1 + n % 12, 1 + n / 12);
        let response = app
            .post_input(
                &staff,
                "/api/cpd/create",
                &[],
                &[
                    ("title", &format!("Session {n}")),
                    ("category_id", &work),
                    ("start_date", &date),
                    ("hours", "1"),
                ],
            )
            .await;
        assert_eq!(response.status(), 200);
    }
    let first = json(app.post(&staff, "/api/cpd/mine", &[]).await).await;
    assert_eq!(first["count"], 60);
    assert_eq!(first["pages"], 2);
    assert_eq!(first["activities"].as_array().unwrap().len(), 50);
    assert_eq!(first["total_hours"], "60", "totals cover every page");
    let second = json(app.post(&staff, "/api/cpd/mine", &[("page", "2")]).await).await;
    assert_eq!(second["page"], 2);
    assert_eq!(second["activities"].as_array().unwrap().len(), 10);
    let beyond = json(app.post(&staff, "/api/cpd/mine", &[("page", "9")]).await).await;
    assert_eq!(beyond["page"], 2, "a page past the end shows the last");
    let bad = app.post(&staff, "/api/cpd/mine", &[("page", "0")]).await;
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn every_bad_value_is_refused_at_its_field_and_nothing_is_stored() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let work = category_id(&app, "Work-based learning").await;
    let long_title = "t".repeat(201);
    let long_text = "r".repeat(5_001);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("hours", "-1")], "hours"),
        (vec![("hours", "0")], "hours"),
        (vec![("hours", "two")], "hours"),
        (vec![("hours", "101")], "hours"),
        (vec![("hours", "1e9")], "hours"),
        (
            vec![("start_date", "2026-03-10"), ("end_date", "2026-03-01")],
            "end_date",
        ),
        (vec![("start_date", "2999-01-01")], "start_date"),
        (vec![("start_date", "1990-01-01")], "start_date"),
        (vec![("start_date", "10/03/2026x")], "start_date"),
        (vec![("title", &long_title)], "title"),
        (vec![("what_i_learnt", &long_text)], "what_i_learnt"),
        (vec![("follow_up", &long_text)], "follow_up"),
        (vec![("category_id", "999999")], "category_id"),
    ];
    for (changes, field) in cases {
        let mut form: Vec<(&str, &str)> = vec![
            ("title", "Valid title"),
            ("category_id", &work),
            ("start_date", "2026-03-10"),
            ("hours", "2"),
        ];
        for (key, value) in &changes {
            form.retain(|(k, _)| k != key);
            form.push((key, value));
        }
        let response = app.post_input(&staff, "/api/cpd/create", &[], &form).await;
        assert_eq!(response.status(), 422, "{changes:?}");
        assert_eq!(
            invalid_fields(&json(response).await),
            [field],
            "{changes:?}"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM cpd_activities").await, 0);

    // Markup in every text field is kept as text and shown escaped.
    let script = "<script>alert('x')</script>";
    let mut form: Vec<(&str, &str)> = vec![
        ("category_id", &work),
        ("start_date", "2026-03-10"),
        ("hours", "2"),
    ];
    for field in [
        "title",
        "provider",
        "learning_objective",
        "what_i_learnt",
        "change_to_practice",
        "benefit_to_service_users",
        "follow_up",
    ] {
        form.push((field, script));
    }
    let response = app.post_input(&staff, "/api/cpd/create", &[], &form).await;
    assert_eq!(response.status(), 200);
    let id = json(response).await.to_string();
    let stored = json(app.post(&staff, "/api/cpd/get", &[("id", &id)]).await).await;
    assert_eq!(stored["benefit_to_service_users"], script);
    for page in ["/cpd".to_string(), format!("/cpd/activity/{id}")] {
        let html = app.get(&staff, &page).await.text().await.unwrap();
        assert!(!html.contains(script), "{page} shows raw markup");
        assert!(
            html.contains("&lt;script&gt;"),
            "{page} shows the text escaped"
        );
    }
}
