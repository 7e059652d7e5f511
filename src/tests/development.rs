//! Annual targets, the home-page progress figures and PDP objectives.

use crate::harness::{TestApp, invalid_fields, json};
use mpce_portal::domain::financial_year::FinancialYear;

fn this_year() -> FinancialYear {
    FinancialYear::containing(chrono::Utc::now().date_naive())
}

async fn category_id(app: &TestApp, name: &str) -> String {
    app.count(&format!(
        "SELECT id FROM cpd_categories WHERE name = '{name}'"
    ))
    .await
    .to_string()
}

#[tokio::test]
async fn the_cpd_target_is_set_per_staff_group_and_pro_rated_by_fte() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let year = this_year();
    // Sam works 0.6 FTE and has been employed since before the year began.
    let sam = app.person_id("staff@demo.test").await;
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.state.db,
        &format!(
            "UPDATE people SET contracted_hours = 22.5, start_date = '{}', staff_group = 'Healthcare Scientists' WHERE id = {sam}",
            year.first_day()
        ),
    )
    .await
    .unwrap();

    for (cpd, plt, fields) in [
        ("-3", "10", vec!["cpd_hours"]),
        ("40.1", "lots", vec!["cpd_hours", "plt_hours"]),
        ("401", "0", vec!["cpd_hours"]),
    ] {
        let response = app
            .post_input(
                &admin,
                "/api/targets/set",
                &[],
                &[
                    ("staff_group", "Healthcare Scientists"),
                    ("cpd_hours", cpd),
                    ("plt_hours", plt),
                ],
            )
            .await;
        assert_eq!(response.status(), 422, "{cpd} {plt}");
        assert_eq!(invalid_fields(&json(response).await), fields);
    }
    let response = app
        .post_input(
            &admin,
            "/api/targets/set",
            &[],
            &[
                ("staff_group", "Healthcare Scientists"),
                ("cpd_hours", "40"),
                ("plt_hours", "50"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let refused = app
        .post_input(
            &staff,
            "/api/targets/set",
            &[],
            &[
                ("staff_group", "Healthcare Scientists"),
                ("cpd_hours", "1"),
                ("plt_hours", "1"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 403);

    let progress = json(app.post(&staff, "/api/progress/mine", &[]).await).await;
    assert_eq!(progress["cpd"]["year_label"], year.to_string());
    assert_eq!(progress["cpd"]["target_hours"], "24", "40 h x 0.6 FTE");
    assert_eq!(progress["cpd"]["done_hours"], "0");
    assert_eq!(progress["plt"]["allowance"], "30", "50 h x 0.6 FTE");
    assert_eq!(progress["cpd"]["types_used"], serde_json::json!([]));

    let work = category_id(&app, "Work-based learning").await;
    let day = year.first_day().to_string();
    for (title, hours) in [("Audit of QA records", "6"), ("Departmental teaching", "3")] {
        let response = app
            .post_input(
                &staff,
                "/api/cpd/create",
                &[],
                &[
                    ("title", title),
                    ("category_id", &work),
                    ("start_date", &day),
                    ("hours", hours),
                ],
            )
            .await;
        assert_eq!(response.status(), 200);
    }
    let progress = json(app.post(&staff, "/api/progress/mine", &[]).await).await;
    assert_eq!(progress["cpd"]["done_hours"], "9");
    assert_eq!(progress["cpd"]["left_hours"], "15");
    assert_eq!(progress["cpd"]["percent"], 37);
    assert_eq!(progress["cpd"]["activities"], 2);
    assert_eq!(
        progress["cpd"]["types_used"],
        serde_json::json!(["Work-based learning"]),
        "one type: the page flags the mix"
    );
    assert_eq!(progress["cpd"]["min_types"], 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'target.set'")
            .await,
        1
    );
}

#[tokio::test]
async fn reviewers_see_progress_hr_sees_figures_and_others_are_refused() {
    let app = TestApp::with_demo_data().await;
    let sam = app.person_id("staff@demo.test").await.to_string();
    for (who, status, full) in [
        ("manager", 200, Some(true)),
        ("head", 200, Some(true)),
        ("hr", 200, Some(false)),
        ("admin", 200, Some(false)),
    ] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        let response = app
            .post(&client, "/api/progress/person", &[("person_id", &sam)])
            .await;
        assert_eq!(response.status(), status, "{who}");
        if let Some(full) = full {
            assert_eq!(json(response).await["full_access"], full, "{who}");
        }
    }
    let outsider = app
        .count("SELECT MIN(p.id) FROM people p JOIN teams t ON t.id = p.team_id WHERE t.name = 'Rehabilitation Engineering'")
        .await
        .to_string();
    let manager = app.signed_in("manager@demo.test").await;
    let response = app
        .post(
            &manager,
            "/api/progress/person",
            &[("person_id", &outsider)],
        )
        .await;
    assert_eq!(response.status(), 403, "a manager of another team");
    let staff = app.signed_in("staff@demo.test").await;
    let head = app.person_id("head@demo.test").await.to_string();
    let response = app
        .post(&staff, "/api/progress/person", &[("person_id", &head)])
        .await;
    assert_eq!(response.status(), 403, "a colleague");
}

#[tokio::test]
async fn objectives_are_kept_linked_to_activities_and_private_to_their_owner() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let manager = app.signed_in("manager@demo.test").await;

    let bad = app
        .post_input(
            &staff,
            "/api/development/create",
            &[],
            &[
                ("title", "  "),
                ("target_date", "31/02/2027"),
                ("status", "done"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(
        invalid_fields(&json(bad).await),
        ["title", "target_date", "status"]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM pdp_objectives").await, 0);

    let created = app
        .post_input(
            &staff,
            "/api/development/create",
            &[],
            &[
                (
                    "title",
                    "MPE recognition in nuclear medicine <script>x</script>",
                ),
                ("target_date", "2027-09-30"),
                ("status", "in_progress"),
            ],
        )
        .await;
    assert_eq!(created.status(), 200);
    let objective = json(created).await.as_i64().unwrap().to_string();

    // The manager's own objectives cannot be linked to from Sam's record.
    let managers = json(
        app.post_input(
            &manager,
            "/api/development/create",
            &[],
            &[("title", "Lead the linac replacement")],
        )
        .await,
    )
    .await
    .as_i64()
    .unwrap()
    .to_string();
    let formal = category_id(&app, "Formal / educational").await;
    let activity = |objective: String| {
        vec![
            ("title", "PET-CT physics course".to_string()),
            ("category_id", formal.clone()),
            ("start_date", "2026-06-01".to_string()),
            ("hours", "7".to_string()),
            ("pdp_objective_id", objective),
        ]
    };
    let form = activity(managers.clone());
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app
        .post_input(&staff, "/api/cpd/create", &[], &fields)
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(invalid_fields(&json(response).await), ["pdp_objective_id"]);

    let form = activity(objective.clone());
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.post_input(&staff, "/api/cpd/create", &[], &fields)
            .await
            .status(),
        200
    );
    let mine = json(app.post(&staff, "/api/development/mine", &[]).await).await;
    assert_eq!(mine[0]["activity_count"], 1);
    assert_eq!(mine[0]["activity_hours"], "7");
    assert_eq!(
        mine[0]["title"], "MPE recognition in nuclear medicine <script>x</script>",
        "stored as text"
    );
    let detail = json(
        app.post(&staff, "/api/development/get", &[("id", &objective)])
            .await,
    )
    .await;
    assert_eq!(detail["activities"][0]["title"], "PET-CT physics course");

    for path in ["/api/development/get", "/api/development/delete"] {
        let response = app.post(&manager, path, &[("id", &objective)]).await;
        assert_eq!(response.status(), 404, "{path} by someone else");
    }
    let response = app
        .post_input(
            &manager,
            "/api/development/update",
            &[("id", &objective)],
            &[("title", "Hijacked")],
        )
        .await;
    assert_eq!(response.status(), 404);

    // Deleting the objective keeps the activity, without the link.
    assert_eq!(
        app.post(&staff, "/api/development/delete", &[("id", &objective)])
            .await
            .status(),
        200
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cpd_activities WHERE pdp_objective_id IS NULL AND title = 'PET-CT physics course'")
            .await,
        1
    );
}
