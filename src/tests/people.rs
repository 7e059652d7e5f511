use crate::harness::{TestApp, invalid_fields, json};
use sea_orm::ConnectionTrait;

const VALID: &[(&str, &str)] = &[
    ("name", "Dr Ada Lovelace"),
    ("email", "ada.lovelace@demo.test"),
    ("staff_group", "Healthcare Scientists"),
    ("job_role", "Clinical Scientist"),
    ("band", "7"),
    ("contracted_hours", "30"),
    ("start_date", "2026-04-01"),
];

#[tokio::test]
async fn every_problem_with_a_staff_record_is_reported_and_nothing_is_written() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let before = app.count("SELECT COUNT(*) FROM people").await;
    let response = app
        .post_input(
            &admin,
            "/api/people/create",
            &[],
            &[
                ("name", " "),
                ("email", "not-an-email"),
                ("staff_group", "Astronauts"),
                ("job_role", ""),
                ("band", "12"),
                ("contracted_hours", "60"),
                ("start_date", "2026-02-30"),
                ("department_id", "abc"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = json(response).await;
    let fields = invalid_fields(&body);
    assert_eq!(
        fields,
        [
            "name",
            "email",
            "staff_group",
            "job_role",
            "band",
            "contracted_hours",
            "department_id",
            "start_date"
        ]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, before);
}

#[tokio::test]
async fn an_admin_creates_and_edits_a_record_and_both_are_audited() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let response = app
        .post_input(&admin, "/api/people/create", &[], VALID)
        .await;
    assert_eq!(response.status(), 200);
    let id = json(response).await.as_i64().unwrap();

    let duplicate = app
        .post_input(&admin, "/api/people/create", &[], VALID)
        .await;
    assert_eq!(duplicate.status(), 422);
    assert_eq!(json(duplicate).await["Invalid"][0]["field"], "email");

    let mut leaver: Vec<(&str, &str)> = VALID.to_vec();
    leaver.push(("end_date", "2026-03-01"));
    leaver.push(("leaving_reason", "Relocation"));
    let id_text = id.to_string();
    let response = app
        .post_input(&admin, "/api/people/update", &[("id", &id_text)], &leaver)
        .await;
    assert_eq!(response.status(), 422, "end before start");
    assert_eq!(json(response).await["Invalid"][0]["field"], "end_date");

    leaver.retain(|(k, _)| *k != "end_date");
    leaver.push(("end_date", "2026-09-30"));
    let response = app
        .post_input(&admin, "/api/people/update", &[("id", &id_text)], &leaver)
        .await;
    assert_eq!(response.status(), 200);
    let detail = json(
        app.post(&admin, "/api/people/get", &[("id", &id_text)])
            .await,
    )
    .await;
    assert_eq!(detail["end_date"], "2026-09-30");
    assert_eq!(detail["leaving_reason"], "Relocation");
    assert_eq!(detail["fte"], 0.8);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND entity_id = '{id}'"
        ))
        .await,
        2
    );
}

#[tokio::test]
async fn line_management_must_not_loop_and_teams_must_match_departments() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let manager = app.person_id("manager@demo.test").await.to_string();
    let sam = app.person_id("staff@demo.test").await.to_string();
    // Make the manager report to their own report.
    let detail = json(
        app.post(&admin, "/api/people/get", &[("id", &manager)])
            .await,
    )
    .await;
    let text = |k: &str| detail[k].as_str().map(str::to_string).unwrap_or_default();
    let number = |k: &str| {
        detail[k]
            .as_i64()
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let (name, email, group, role, band, start) = (
        text("name"),
        text("email"),
        text("staff_group"),
        text("job_role"),
        text("band"),
        text("start_date"),
    );
    let (department, team, hours) = (
        number("department_id"),
        number("team_id"),
        detail["contracted_hours"].to_string(),
    );
    let fields = [
        ("name", name.as_str()),
        ("email", email.as_str()),
        ("staff_group", group.as_str()),
        ("job_role", role.as_str()),
        ("band", band.as_str()),
        ("contracted_hours", hours.as_str()),
        ("start_date", start.as_str()),
        ("department_id", department.as_str()),
        ("team_id", team.as_str()),
        ("line_manager_id", sam.as_str()),
    ];
    let response = app
        .post_input(&admin, "/api/people/update", &[("id", &manager)], &fields)
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        json(response).await["Invalid"][0]["field"],
        "line_manager_id"
    );

    let mut own = fields;
    own[9] = ("line_manager_id", manager.as_str());
    let response = app
        .post_input(&admin, "/api/people/update", &[("id", &manager)], &own)
        .await;
    assert_eq!(
        json(response).await["Invalid"][0]["field"],
        "line_manager_id"
    );

    let other_department_team = app
        .count("SELECT MIN(t.id) FROM teams t JOIN departments d ON d.id = t.department_id WHERE d.name = 'Clinical Engineering'")
        .await
        .to_string();
    let mut wrong_team = fields;
    wrong_team[9] = ("line_manager_id", "");
    wrong_team[8] = ("team_id", other_department_team.as_str());
    let response = app
        .post_input(
            &admin,
            "/api/people/update",
            &[("id", &manager)],
            &wrong_team,
        )
        .await;
    assert_eq!(json(response).await["Invalid"][0]["field"], "team_id");
}

#[tokio::test]
async fn the_audit_log_cannot_be_rewritten() {
    let app = TestApp::with_demo_data().await;
    assert!(app.count("SELECT COUNT(*) FROM audit_log").await > 0);
    let update = app
        .state
        .db
        .execute_unprepared("UPDATE audit_log SET action = 'forged'")
        .await;
    assert!(update.is_err(), "UPDATE must be refused");
    let delete = app
        .state
        .db
        .execute_unprepared("DELETE FROM audit_log")
        .await;
    assert!(delete.is_err(), "DELETE must be refused");
}

#[tokio::test]
async fn departments_and_teams_are_managed_by_administrators() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let response = app
        .post(
            &admin,
            "/api/organisation/departments/create",
            &[("name", "Medical Physics"), ("cost_centre", "")],
        )
        .await;
    assert_eq!(response.status(), 422, "duplicate department name");
    let response = app
        .post(
            &admin,
            "/api/organisation/departments/create",
            &[("name", "Renal Technology"), ("cost_centre", "RT300")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let department = json(response).await.to_string();
    let response = app
        .post(
            &admin,
            "/api/organisation/teams/create",
            &[("department_id", &department), ("name", "Dialysis")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let team = json(response).await.to_string();
    let response = app
        .post(
            &admin,
            "/api/organisation/teams/create",
            &[("department_id", &department), ("name", "Dialysis")],
        )
        .await;
    assert_eq!(response.status(), 422, "duplicate team in a department");
    let response = app
        .post(
            &admin,
            "/api/organisation/teams/rename",
            &[("team_id", &team), ("name", "Dialysis Engineering")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let list = json(app.post(&admin, "/api/organisation/list", &[]).await).await;
    let renal = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "Renal Technology")
        .unwrap();
    assert_eq!(renal["teams"][0]["name"], "Dialysis Engineering");
    let medical_physics = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "Medical Physics")
        .unwrap();
    assert!(
        medical_physics["people"].as_u64().unwrap() >= 25,
        "head-count in post"
    );
}
