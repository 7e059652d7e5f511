//! Retention statistics end to end: a hand-built fixture whose answers are
//! worked out below, through the server function, the command line and
//! both export files (read back by Python's csv module and openpyxl), with
//! each role's scope and the refusals.

use crate::harness::{TestApp, invalid_fields, json, on_postgres};
use crate::smtp::python;
use crate::{funding, notifications};
use chrono::NaiveDate;
use mpce_portal::server::db::entities::{department, person, person_history};
use mpce_portal::server::versioned_cache;
use reqwest::Client;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, TransactionTrait};
use serde_json::Value;
use std::process::Command;

fn d(raw: &str) -> NaiveDate {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
}

struct Fixture {
    north: i32,
    /// A in North, whose line manager is `manager`.
    manager: i32,
}

async fn new_department(app: &TestApp, name: &str) -> i32 {
    department::ActiveModel {
        name: Set(name.into()),
        cost_centre: Set(None),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap()
    .id
}

/// One person and their history: `moves` are (effective day, department,
/// hours), the first on their start day.
async fn new_person(
    app: &TestApp,
    n: u32,
    start: &str,
    end: Option<&str>,
    moves: &[(&str, i32, f64)],
    manager: Option<i32>,
) -> i32 {
    let now = chrono::Utc::now();
    let (_, last_department, last_hours) = *moves.last().unwrap();
    let person = person::ActiveModel {
        staff_id: Set(Some(format!("RET{n:03}"))),
        name: Set(format!("Retention Person {n}")),
        email: Set(format!("retention{n}@fixture.test")),
        staff_group: Set("Healthcare Scientists".into()),
        job_role: Set("Clinical Scientist".into()),
        band: Set("7".into()),
        contracted_hours: Set(last_hours),
        department_id: Set(Some(last_department)),
        team_id: Set(None),
        line_manager_id: Set(manager),
        start_date: Set(d(start)),
        end_date: Set(end.map(d)),
        leaving_reason: Set(end.map(|_| "Relocation".to_string())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    for (day, department, hours) in moves {
        person_history::ActiveModel {
            person_id: Set(person.id),
            effective_date: Set(d(day)),
            staff_group: Set("Healthcare Scientists".into()),
            department_id: Set(Some(*department)),
            team_id: Set(None),
            band: Set("7".into()),
            job_role: Set("Clinical Scientist".into()),
            contracted_hours: Set(*hours),
            ..Default::default()
        }
        .insert(&app.state.db)
        .await
        .unwrap();
    }
    person.id
}

/// For 2025-04-01 to 2026-03-31 by department:
/// - A (North) throughout; B (North) joins and leaves inside; C (North)
///   leaves on the first day; D (North, half time) leaves on the last day;
///   E moves North -> South on 1 October;
/// - F (South, 22.5 hours) starts on the first day; G (South) starts on the
///   last day;
/// - H (Empty) left in 2020, so Empty is a group with no one in it.
async fn fixture(app: &TestApp) -> Fixture {
    let north = new_department(app, "Fixture North").await;
    let south = new_department(app, "Fixture South").await;
    let empty = new_department(app, "Fixture Empty").await;
    let manager = new_person(
        app,
        0,
        "2010-01-01",
        None,
        &[("2010-01-01", empty, 37.5)],
        None,
    )
    .await;
    new_person(
        app,
        1,
        "2020-01-01",
        None,
        &[("2020-01-01", north, 37.5)],
        Some(manager),
    )
    .await;
    new_person(
        app,
        2,
        "2025-06-01",
        Some("2025-12-31"),
        &[("2025-06-01", north, 37.5)],
        Some(manager),
    )
    .await;
    new_person(
        app,
        3,
        "2019-01-01",
        Some("2025-04-01"),
        &[("2019-01-01", north, 37.5)],
        None,
    )
    .await;
    new_person(
        app,
        4,
        "2019-01-01",
        Some("2026-03-31"),
        &[("2019-01-01", north, 18.75)],
        None,
    )
    .await;
    new_person(
        app,
        5,
        "2018-01-01",
        None,
        &[("2018-01-01", north, 37.5), ("2025-10-01", south, 37.5)],
        None,
    )
    .await;
    new_person(
        app,
        6,
        "2025-04-01",
        None,
        &[("2025-04-01", south, 22.5)],
        None,
    )
    .await;
    new_person(
        app,
        7,
        "2026-03-31",
        None,
        &[("2026-03-31", south, 37.5)],
        None,
    )
    .await;
    new_person(
        app,
        8,
        "2010-01-01",
        Some("2020-01-01"),
        &[("2010-01-01", empty, 37.5)],
        None,
    )
    .await;
    Fixture { north, manager }
}

const PERIOD: [(&str, &str); 4] = [
    ("period", "custom"),
    ("from", "2025-04-01"),
    ("to", "2026-03-31"),
    ("by", "department"),
];

async fn report(app: &TestApp, who: &Client, fields: &[(&str, &str)]) -> (u16, Value) {
    let form: Vec<(String, &str)> = fields
        .iter()
        .map(|(k, v)| (format!("query[{k}]"), *v))
        .collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let response = app.post(who, "/api/retention/report", &form).await;
    let status = response.status().as_u16();
    (status, json(response).await)
}

fn group<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == name)
        .unwrap_or_else(|| panic!("no group {name} in {v}"))
}

/// In post at the start and end, joiners, leavers, transfers in and out,
/// and those in the group on both days.
fn counts(g: &Value) -> [i64; 7] {
    [
        "in_post_start",
        "in_post_end",
        "joiners",
        "leavers",
        "transfers_in",
        "transfers_out",
        "stayed",
    ]
    .map(|k| g[k].as_i64().unwrap())
}

#[tokio::test]
async fn hr_sees_the_worked_figures_for_each_department() {
    let app = TestApp::with_demo_data().await;
    fixture(&app).await;
    let hr = app.signed_in("hr@demo.test").await;
    let (status, v) = report(&app, &hr, &PERIOD).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["scope"], "Everyone");
    // North: A C D E at the start, A D at the end; B joins; B and C leave
    // (D's last day is the last day: still in post); E transfers out.
    let north = group(&v, "Fixture North");
    assert_eq!(counts(north), [4, 2, 1, 2, 0, 1, 2]);
    assert_eq!(north["fte_start"], 3.5);
    assert_eq!(north["fte_end"], 1.5);
    assert_eq!(north["leavers_by_reason"]["Relocation"], 2);
    // South: F at the start (started on the first day: no joiner); E F G at
    // the end; G joins on the last day; E transfers in.
    let south = group(&v, "Fixture South");
    assert_eq!(counts(south), [1, 3, 1, 0, 1, 0, 1]);
    assert!((south["fte_start"].as_f64().unwrap() - 0.6).abs() < 1e-9);
    assert!((south["fte_end"].as_f64().unwrap() - 2.6).abs() < 1e-9);
    // "Fixture Empty": H left in 2020; the manager is in post throughout.
    let empty = group(&v, "Fixture Empty");
    assert_eq!(counts(empty), [1, 1, 0, 0, 0, 0, 1]);
}

#[tokio::test]
async fn an_empty_group_has_no_rates_on_screen_or_in_files() {
    let app = TestApp::with_demo_data().await;
    let empty = new_department(&app, "Nobody Here").await;
    new_person(
        &app,
        9,
        "2010-01-01",
        Some("2019-01-01"),
        &[("2010-01-01", empty, 37.5)],
        None,
    )
    .await;
    let hr = app.signed_in("hr@demo.test").await;
    let (status, v) = report(&app, &hr, &PERIOD).await;
    assert_eq!(status, 200, "{v}");
    let nobody = group(&v, "Nobody Here");
    assert_eq!(counts(nobody), [0; 7]);
    let response = app
        .get(
            &hr,
            "/retention/export.csv?period=custom&from=2025-04-01&to=2026-03-31&by=department",
        )
        .await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("Nobody Here,"))
        .unwrap();
    // No division by zero: the three rates are empty.
    assert!(
        line.starts_with("Nobody Here,0,0,0.00,0.00,0,0,0,0,,,,"),
        "{line}"
    );
}

#[tokio::test]
async fn a_head_of_service_sees_their_department_and_its_transfers() {
    let app = TestApp::with_demo_data().await;
    let f = fixture(&app).await;
    let head_id = new_person(
        &app,
        10,
        "2015-01-01",
        None,
        &[("2015-01-01", f.north, 37.5)],
        None,
    )
    .await;
    let head = app
        .new_account(head_id.into(), &["staff", "head_of_service"])
        .await;
    let (status, v) = report(&app, &head, &PERIOD).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["scope"], "Fixture North");
    let names: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Fixture North"]);
    // The head is in North too: A C D E + head at the start.
    let total = &v["total"];
    assert_eq!(counts(total), [5, 3, 1, 2, 0, 1, 3]);
}

#[tokio::test]
async fn a_line_manager_sees_only_their_reports_marked_too_small() {
    let app = TestApp::with_demo_data().await;
    let f = fixture(&app).await;
    let manager = app
        .new_account(f.manager.into(), &["staff", "manager"])
        .await;
    let (status, v) = report(&app, &manager, &PERIOD).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["scope"], "Your direct reports");
    // A and B only: A in post throughout; B joins and leaves.
    assert_eq!(counts(&v["total"]), [1, 1, 1, 1, 0, 0, 1]);
    let cohort = &v["development"][0][1];
    assert_eq!(
        cohort[0]["in_post_start"].as_i64().unwrap() + cohort[1]["in_post_start"].as_i64().unwrap(),
        1
    );
}

#[tokio::test]
async fn staff_and_strangers_are_refused_and_bad_input_is_named() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let (status, _) = report(&app, &staff, &PERIOD).await;
    assert_eq!(status, 403);
    let response = app.get(&staff, "/retention/export.csv?by=department").await;
    assert_eq!(response.status(), 403);
    let nobody = app.client();
    let (status, _) = report(&app, &nobody, &PERIOD).await;
    assert_eq!(status, 401);
    let response = app.get(&nobody, "/retention/export.xlsx").await;
    assert_eq!(response.status(), 401);

    let hr = app.signed_in("hr@demo.test").await;
    let (status, v) = report(
        &app,
        &hr,
        &[
            ("period", "custom"),
            ("from", "2026-04-01"),
            ("to", "2025-04-01"),
            ("by", "grade"),
            ("years", "0"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(invalid_fields(&v), ["to", "by", "years"]);
    let response = app.get(&hr, "/retention/export.csv?period=someday").await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn the_financial_year_is_the_default_and_the_trend_has_five_years() {
    let app = TestApp::with_demo_data().await;
    let hr = app.signed_in("hr@demo.test").await;
    let (status, v) = report(&app, &hr, &[]).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["query"]["period"], "financial");
    assert_eq!(v["query"]["by"], "organisation");
    assert!(v["from"].as_str().unwrap().ends_with("-03-31"));
    assert!(v["to"].as_str().unwrap().ends_with("-03-31"));
    let trend = v["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 5);
    // Consecutive years share their census day.
    for pair in trend.windows(2) {
        assert_eq!(pair[0]["to"], pair[1]["from"]);
        assert_eq!(
            pair[0]["figures"]["in_post_end"],
            pair[1]["figures"]["in_post_start"]
        );
    }
    assert_eq!(trend[4]["figures"], v["total"]);
    assert!(v["trend_chart"].as_str().unwrap().starts_with("<svg"));
    assert!(v["groups_chart"].as_str().unwrap().contains("role=\"img\""));
}

/// The rows a file holds, as `read_export.py` prints them.
fn read_back(kind: &str, bytes: &[u8]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("export.{kind}"));
    std::fs::write(&path, bytes).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/src/tests/read_export.py");
    let output = Command::new(python())
        .args([script, kind, path.to_str().unwrap()])
        .output()
        .expect("python runs (make test-python)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The group rows under the "group,in_post_start,..." header.
fn table<'a>(rows: &'a [Value], first_group: &str) -> Vec<&'a Vec<Value>> {
    let header = rows
        .iter()
        .position(|r| r[0] == "group" && r[1] == "in_post_start")
        .expect("a header row");
    rows[header + 1..]
        .iter()
        .map(|r| r.as_array().unwrap())
        .take_while(|r| r.first().is_some_and(|c| !c.is_null() && c != ""))
        .filter(|r| r[0].as_str().is_some_and(|g| g.starts_with(first_group)))
        .collect()
}

#[tokio::test]
async fn csv_and_xlsx_exports_hold_the_numbers_on_screen_and_are_audited() {
    let app = TestApp::with_demo_data().await;
    fixture(&app).await;
    let hr = app.signed_in("hr@demo.test").await;
    let (_, screen) = report(&app, &hr, &PERIOD).await;
    let query = "period=custom&from=2025-04-01&to=2026-03-31&by=department";

    let response = app
        .get(&hr, &format!("/retention/export.csv?{query}"))
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("retention-department-2025-04-01-2026-03-31.csv")
    );
    let csv_rows = read_back("csv", &response.bytes().await.unwrap());
    let csv_rows = csv_rows.as_array().unwrap();
    assert_eq!(csv_rows[1][1], "1 April 2025 to 31 March 2026");
    assert!(
        csv_rows
            .iter()
            .any(|r| r[0] == "Breakdown" && r[1] == "Department")
    );
    assert!(
        csv_rows
            .iter()
            .any(|r| r[0] == "Definition" && r[1].as_str().unwrap().starts_with("Leavers:"))
    );
    let fixture_rows = table(csv_rows, "Fixture");
    assert_eq!(fixture_rows.len(), 3);
    for row in fixture_rows {
        let on_screen = group(&screen, row[0].as_str().unwrap());
        for (i, key) in ["in_post_start", "in_post_end"].iter().enumerate() {
            assert_eq!(row[i + 1].as_str().unwrap(), on_screen[key].to_string());
        }
        assert_eq!(row[6].as_str().unwrap(), on_screen["leavers"].to_string());
    }
    let north = table(csv_rows, "Fixture North")[0];
    // 2 leavers / ((4 + 2) / 2); 1 joiner / 3; 2 of 4 stayed.
    assert_eq!(north[9..12], ["0.6667", "0.3333", "0.5000"]);

    let response = app
        .get(&hr, &format!("/retention/export.xlsx?{query}"))
        .await;
    assert_eq!(response.status(), 200);
    let book = read_back("xlsx", &response.bytes().await.unwrap());
    assert_eq!(book["sheet"], "Retention");
    let xlsx_rows = book["rows"].as_array().unwrap();
    let north = table(xlsx_rows, "Fixture North")[0];
    assert_eq!(north[1], 4);
    assert_eq!(north[2], 2);
    assert_eq!(north[3], 3.5);
    assert!((north[9].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    // The manager alone in "Fixture Empty": no leavers or joiners, stayed.
    let rates: Vec<Option<f64>> = table(xlsx_rows, "Fixture Empty")[0][9..12]
        .iter()
        .map(Value::as_f64)
        .collect();
    assert_eq!(rates, [Some(0.0), Some(0.0), Some(1.0)]);

    let audited = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.retention'")
        .await;
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn the_command_line_prints_the_same_figures_as_csv_and_json() {
    let app = TestApp::with_demo_data().await;
    fixture(&app).await;
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_mpce-portal"))
            .env_clear()
            .env("DATABASE_URL", &app.database_url)
            .env("MPCE_LOG", "warn")
            .args([
                "retention-stats",
                "--from",
                "2025-04-01",
                "--to",
                "2026-03-31",
                "--by",
                "department",
                "--format",
                format,
            ])
            .output()
            .unwrap()
    };
    let output = run("csv");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "group,in_post_start,in_post_end,fte_start,fte_end,joiners,leavers,transfers_in,\
             transfers_out,leaver_rate,joiner_rate,stability_index"
        )
    );
    assert!(text.contains("\nFixture North,4,2,3.50,1.50,1,2,0,1,0.6667,0.3333,0.5000\n"));
    assert!(text.contains("\nFixture South,1,3,0.60,2.60,1,0,1,0,0.0000,0.5000,1.0000\n"));
    let output = run("json");
    assert!(output.status.success());
    let v: Value = serde_json::from_slice(&output.stdout).unwrap();
    let north = group(&v, "Fixture North");
    assert_eq!(north["leaver_rate"], 0.6667);
    assert_eq!(north["transfers_out"], 1);
    let output = Command::new(env!("CARGO_BIN_EXE_mpce-portal"))
        .env_clear()
        .env("DATABASE_URL", &app.database_url)
        .args([
            "retention-stats",
            "--from",
            "2026-01-01",
            "--to",
            "2025-01-01",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("on or after its start"));
}

#[tokio::test]
async fn changing_a_department_on_a_staff_record_keeps_the_old_one_in_history() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let id = app.person_id("staff@demo.test").await;
    let before = app
        .count(&format!(
            "SELECT COUNT(*) FROM person_history WHERE person_id = {id}"
        ))
        .await;
    assert_eq!(before, 1);
    let response = app
        .post(&admin, "/api/people/get", &[("id", &id.to_string())])
        .await;
    let person = json(response).await;
    let other = app
        .count(&format!(
            "SELECT MIN(id) FROM departments WHERE id <> {}",
            person["department_id"]
        ))
        .await;
    let id_text = id.to_string();
    let other_text = other.to_string();
    let text = |k: &str| match &person[k] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let fields = [
        ("staff_id", text("staff_id")),
        ("name", text("name")),
        ("email", text("email")),
        ("staff_group", text("staff_group")),
        ("job_role", text("job_role")),
        ("band", text("band")),
        ("contracted_hours", text("contracted_hours")),
        ("department_id", other_text),
        ("team_id", String::new()),
        ("line_manager_id", text("line_manager_id")),
        ("start_date", text("start_date")),
        ("end_date", String::new()),
        ("leaving_reason", String::new()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app
        .post_input(&admin, "/api/people/update", &[("id", &id_text)], &fields)
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let after = app
        .count(&format!(
            "SELECT COUNT(*) FROM person_history WHERE person_id = {id} AND department_id = {other} \
             AND effective_date = CURRENT_DATE"
        ))
        .await;
    assert_eq!(after, 1);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM person_history WHERE person_id = {id}"
        ))
        .await,
        2
    );
}

/// An instance keeps a report until the database's workforce version
/// moves. A change made straight in the database, by no instance at all,
/// shows on the next request.
#[tokio::test]
async fn a_kept_report_gives_way_to_any_change_in_the_database() {
    let app = TestApp::with_demo_data().await;
    fixture(&app).await;
    let hr = app.signed_in("hr@demo.test").await;
    let (_, first) = report(&app, &hr, &PERIOD).await;
    let (_, again) = report(&app, &hr, &PERIOD).await;
    assert_eq!(first, again);
    assert_eq!(
        app.state.caches.retention.kept(),
        1,
        "asked once, kept once"
    );
    assert_eq!(
        counts(group(&first, "Fixture North")),
        [4, 2, 1, 2, 0, 1, 2]
    );
    // Person 1 (North, in post throughout) now leaves within the period.
    app.state
        .db
        .execute_unprepared(
            "UPDATE people SET end_date = '2025-09-30', leaving_reason = 'Relocation' \
             WHERE staff_id = 'RET001'",
        )
        .await
        .unwrap();
    let (_, after) = report(&app, &hr, &PERIOD).await;
    assert_eq!(
        counts(group(&after, "Fixture North")),
        [4, 1, 1, 3, 0, 1, 1]
    );
}

/// Each table the statistics read moves the version; others do not. On
/// PostgreSQL a transaction moves it once, however many rows it changes.
#[tokio::test]
async fn the_workforce_tables_move_the_version() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    notifications::request_plt(&app, &staff, notifications::days_ahead(3)).await;
    let admin = app.signed_in("admin@demo.test").await;
    let department = funding::department_of(&app, "staff@demo.test").await;
    funding::set_budget(&app, &admin, &department, "1000").await;
    funding::submitted(&app, &staff, "Version course", "100").await;
    let db = &app.state.db;
    let version = || versioned_cache::version(db, versioned_cache::WORKFORCE);
    for table in [
        "people",
        "person_history",
        "departments",
        "job_plans",
        "plt_sessions",
        "funding_requests",
    ] {
        let before = version().await.unwrap();
        let changed = db
            .execute_unprepared(&format!(
                "UPDATE {table} SET id = id WHERE id = (SELECT MIN(id) FROM {table})"
            ))
            .await
            .unwrap();
        assert_eq!(changed.rows_affected(), 1, "{table} has demo rows");
        assert!(version().await.unwrap() > before, "{table} moved it");
    }
    let before = version().await.unwrap();
    db.execute_unprepared("UPDATE cpd_activities SET id = id")
        .await
        .unwrap();
    assert_eq!(
        version().await.unwrap(),
        before,
        "CPD is not workforce data"
    );

    let everyone = app.count("SELECT COUNT(*) FROM people").await;
    assert!(everyone > 1);
    let txn = db.begin().await.unwrap();
    txn.execute_unprepared("UPDATE people SET id = id")
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let moved = version().await.unwrap() - before;
    if on_postgres() {
        assert_eq!(moved, 1);
    } else {
        assert_eq!(moved, everyone);
    }
}
