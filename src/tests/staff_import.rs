//! Staff import: the preview, applying, re-importing, later extracts kept
//! as history, awkward files, 50,000 rows, refusals, and the command line.

use crate::harness::{TestApp, fresh_database, spawn_app, spawn_app_on};
use mpce_portal::domain::staff_import::file;
use mpce_portal::server::db::entities::{department, person, person_history};
use mpce_portal::server::services::staff_import::{self, Options, Outcome};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

const HEADER: &str = "staff_id,name,email,staff_group,job_role,band,department,team,\
contracted_hours,start_date,end_date,leaving_reason,line_manager_staff_id";

/// A row with the usual values; `extra` replaces columns by position.
fn row(id: &str, extra: &[(usize, &str)]) -> String {
    let email = format!("{}@import.test", id.to_lowercase());
    let mut values: Vec<String> = [
        id,
        &format!("Person {id}"),
        &email,
        "Healthcare Scientists",
        "Clinical Scientist",
        "7",
        "Radiotherapy Physics",
        "",
        "37.5",
        "2020-04-01",
        "",
        "",
        "",
    ]
    .iter()
    .map(|v| v.to_string())
    .collect();
    for (at, value) in extra {
        values[*at] = value.to_string();
    }
    values.join(",")
}

fn csv(rows: &[String]) -> Vec<u8> {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

/// Posts a file to the import route; the status and the events.
async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    query: &str,
    body: Vec<u8>,
) -> (u16, Vec<Value>) {
    let response = client
        .post(format!("{}/people/import?{query}", app.address))
        .header("content-type", "text/csv")
        .body(body)
        .timeout(std::time::Duration::from_secs(300))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let events = if status == 200 {
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    } else {
        vec![serde_json::from_str(&text).unwrap_or(Value::Null)]
    };
    (status, events)
}

/// The last event, which must be `done`.
fn done(events: &[Value]) -> &Value {
    let last = events.last().unwrap();
    assert_eq!(last["phase"], "done", "{last}");
    last
}

fn problems(preview: &Value) -> Vec<(u64, String)> {
    preview["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_u64().unwrap(),
                p["column"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A demo person's row exactly as the portal holds them.
async fn as_held(app: &TestApp, email: &str) -> Vec<String> {
    let db = &app.state.db;
    let p = person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let department = match p.department_id {
        Some(id) => {
            department::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .name
        }
        None => String::new(),
    };
    let team = match p.team_id {
        Some(id) => {
            use mpce_portal::server::db::entities::team;
            team::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .name
        }
        None => String::new(),
    };
    let manager = match p.line_manager_id {
        Some(id) => person::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .staff_id
            .unwrap_or_default(),
        None => String::new(),
    };
    [
        p.staff_id.unwrap_or_default(),
        p.name,
        p.email,
        p.staff_group,
        p.job_role,
        p.band,
        department,
        team,
        p.contracted_hours.to_string(),
        p.start_date.to_string(),
        p.end_date.map(|d| d.to_string()).unwrap_or_default(),
        p.leaving_reason.unwrap_or_default(),
        manager,
    ]
    .into_iter()
    .map(|v| format!("\"{}\"", v.replace('"', "\"\"")))
    .collect()
}

async fn staff_id_of(app: &TestApp, email: &str) -> String {
    person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .staff_id
        .unwrap()
}

#[tokio::test]
async fn hr_previews_applies_and_a_reimport_changes_nothing() {
    let app = TestApp::with_demo_data().await;
    let hr = app.signed_in("hr@demo.test").await;
    let manager = staff_id_of(&app, "manager@demo.test").await;
    let unchanged = as_held(&app, "head@demo.test").await.join(",");
    let mut sam = as_held(&app, "staff@demo.test").await;
    let new_band = if sam[5] == "8a" { "8b" } else { "8a" };
    sam[5] = new_band.to_string();
    let file = csv(&[
        row(
            "N1",
            &[(6, "Imported Physics"), (7, "Nuclear"), (12, &manager)],
        ),
        row("N2", &[(6, "imported physics"), (12, "N1")]),
        sam.join(","),
        unchanged,
    ]);
    let people_before = app.count("SELECT COUNT(*) FROM people").await;
    let history_before = app.count("SELECT COUNT(*) FROM person_history").await;

    let (status, events) = post(
        &app,
        &hr,
        "as_of=2026-05-01&apply=0&name=hr.csv",
        file.clone(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(events[0]["phase"], "reading");
    assert!(events.iter().any(|e| e["phase"] == "checking"));
    let preview = &done(&events)["preview"];
    assert_eq!(preview["problem_count"], 0, "{preview}");
    assert_eq!(preview["rows"], 4);
    assert_eq!(preview["to_add"], 2);
    assert_eq!(preview["to_update"], 1);
    assert_eq!(preview["unchanged"], 1);
    assert_eq!(
        preview["new_departments"],
        serde_json::json!(["Imported Physics"])
    );
    assert_eq!(
        preview["new_teams"],
        serde_json::json!(["Imported Physics: Nuclear"])
    );
    assert_eq!(preview["file_name"], "hr.csv");
    let change = &preview["changes"][0];
    assert_eq!(change["row"], 4);
    assert_eq!(change["fields"][0]["field"], "band");
    assert_eq!(change["fields"][0]["to"], new_band);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM people").await,
        people_before
    );

    let (status, events) = post(
        &app,
        &hr,
        "as_of=2026-05-01&apply=1&name=hr.csv",
        file.clone(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(events.iter().any(|e| e["phase"] == "applying"));
    let applied = &done(&events)["applied"];
    assert_eq!(applied["added"], 2, "{applied}");
    assert_eq!(applied["updated"], 1);
    assert_eq!(applied["unchanged"], 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM people").await,
        people_before + 2
    );
    // Two first rows and Sam's band from the as-of date.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM person_history").await,
        history_before + 3
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM people n2 JOIN people n1 ON n1.id = n2.line_manager_id \
             JOIN departments d ON d.id = n2.department_id \
             WHERE n2.staff_id = 'N2' AND n1.staff_id = 'N1' AND d.name = 'Imported Physics'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM people p JOIN teams t ON t.id = p.team_id \
             WHERE p.staff_id = 'N1' AND t.name = 'Nuclear'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM people WHERE email = 'staff@demo.test' AND band = '{new_band}'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.import'")
            .await,
        1
    );

    // The same file again, on the same day or a later one: nothing to do.
    for as_of in ["2026-05-01", "2026-09-30"] {
        let (_, events) = post(&app, &hr, &format!("as_of={as_of}&apply=1"), file.clone()).await;
        let applied = &done(&events)["applied"];
        assert_eq!(applied["added"], 0, "{applied}");
        assert_eq!(applied["updated"], 0);
        assert_eq!(applied["unchanged"], 4);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM person_history").await,
        history_before + 3
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.import'")
            .await,
        1
    );
}

async fn import(app: &TestApp, rows: &[String], as_of: &str) -> Outcome {
    let bytes = csv(rows);
    let read = file::read(file::text(&bytes).unwrap(), &mut |_| {});
    let options = Options {
        as_of: as_of.parse().unwrap(),
        file_name: "extract.csv".into(),
        apply: true,
        actor_user_id: None,
        via: "test",
    };
    staff_import::run(&app.state.db, read, &options, &|_| {})
        .await
        .unwrap()
}

async fn history(app: &TestApp, staff_id: &str) -> Vec<person_history::Model> {
    let id = person::Entity::find()
        .filter(person::Column::StaffId.eq(staff_id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    person_history::Entity::find()
        .filter(person_history::Column::PersonId.eq(id))
        .order_by_asc(person_history::Column::EffectiveDate)
        .all(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_later_extract_is_kept_as_history_from_its_date() {
    let app = spawn_app().await;
    let first = [
        row("T1", &[(6, "Radiotherapy Physics")]),
        row("T2", &[]),
        row("T3", &[(5, "6"), (8, "30")]),
        row("T4", &[]),
    ];
    assert!(
        matches!(import(&app, &first, "2024-04-01").await, Outcome::Applied(a) if a.added == 4)
    );
    let later = [
        row("T1", &[(6, "Nuclear Medicine")]),
        row(
            "T2",
            &[(3, "Additional Professional Scientific and Technical")],
        ),
        row("T3", &[(5, "7"), (8, "30")]),
        row("T4", &[(10, "31/05/2025")]),
    ];
    let applied = match import(&app, &later, "2025-06-01").await {
        Outcome::Applied(applied) => applied,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        (applied.added, applied.updated, applied.unchanged),
        (0, 4, 0)
    );
    assert_eq!(applied.history_rows, 3);

    let start = "2020-04-01".parse().unwrap();
    let as_of = "2025-06-01".parse().unwrap();
    let departments: std::collections::HashMap<i32, String> = department::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let t1 = history(&app, "T1").await;
    let named: Vec<_> = t1
        .iter()
        .map(|h| {
            (
                h.effective_date,
                departments[&h.department_id.unwrap()].as_str(),
            )
        })
        .collect();
    assert_eq!(
        named,
        [(start, "Radiotherapy Physics"), (as_of, "Nuclear Medicine")]
    );
    let t2 = history(&app, "T2").await;
    assert_eq!(t2.len(), 2);
    assert_eq!(t2[0].staff_group, "Healthcare Scientists");
    assert_eq!(
        (t2[1].effective_date, t2[1].staff_group.as_str()),
        (as_of, "Additional Professional Scientific and Technical")
    );
    let t3 = history(&app, "T3").await;
    assert_eq!(
        t3.iter().map(|h| h.band.as_str()).collect::<Vec<_>>(),
        ["6", "7"]
    );
    assert_eq!(t3[1].contracted_hours, 30.0);
    // A leaver: the end date and reason overwrite; no history row.
    assert_eq!(history(&app, "T4").await.len(), 1);
    let t4 = person::Entity::find()
        .filter(person::Column::StaffId.eq("T4"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t4.end_date, Some("2025-05-31".parse().unwrap()));
    assert_eq!(t4.leaving_reason.as_deref(), Some("Other/unknown"));
    // `people` shows the latest values.
    let t1 = person::Entity::find()
        .filter(person::Column::StaffId.eq("T1"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(departments[&t1.department_id.unwrap()], "Nuclear Medicine");

    // The earlier extract again, dated before the later one: its values
    // already hold then, so nothing changes.
    match import(&app, &first[..1], "2024-04-01").await {
        Outcome::Applied(applied) => assert_eq!(applied.unchanged, 1),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn problems_that_need_the_database_name_their_row_and_column() {
    let app = TestApp::with_demo_data().await;
    let hr = app.signed_in("hr@demo.test").await;
    let sam = staff_id_of(&app, "staff@demo.test").await;
    let file = csv(&[
        row("P1", &[(12, "NOBODY")]),
        row("P2", &[(2, "staff@demo.test")]),
        row(&sam, &[(2, "head@demo.test")]),
        row("P4", &[(7, "Dosimetry"), (6, "")]),
        row("P1", &[(2, "again@import.test")]),
        row("P6", &[(12, "P7")]),
        row("P7", &[(12, "P6")]),
    ]);
    let (status, events) = post(&app, &hr, "apply=1", file).await;
    assert_eq!(status, 200);
    let preview = &done(&events)["preview"];
    assert_eq!(
        problems(preview),
        [
            (2, "line_manager_staff_id".to_string()),
            (3, "email".to_string()),
            (4, "email".to_string()),
            (5, "team".to_string()),
            (6, "staff_id".to_string()),
            (7, "line_manager_staff_id".to_string()),
            (8, "line_manager_staff_id".to_string()),
        ]
    );
    assert_eq!(preview["problem_count"], 7);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM people WHERE staff_id LIKE 'P%'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_bom_windows_line_ends_quoted_commas_and_blank_lines_import() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let text = format!(
        "\u{feff}{}\r\n{}\r\n\"Q2\",\"Smith, Jo \"\"JJ\"\"\",q2@import.test,Healthcare Scientists,\"Engineer, clinical\",6,\"Physics, Medical\",,22.5,01/09/2021,,,Q1\r\n\r\n\r\n",
        HEADER.to_uppercase(),
        row("Q1", &[])
    );
    let (status, events) = post(
        &app,
        &admin,
        "apply=1&name=Windows%20export.csv",
        text.into_bytes(),
    )
    .await;
    assert_eq!(status, 200);
    let applied = &done(&events)["applied"];
    assert_eq!(applied["added"], 2, "{applied}");
    assert_eq!(applied["file_name"], "Windows export.csv");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM people p JOIN departments d ON d.id = p.department_id \
             WHERE p.name = 'Smith, Jo \"JJ\"' AND p.job_role = 'Engineer, clinical' \
             AND d.name = 'Physics, Medical' AND p.start_date = '2021-09-01' \
             AND p.contracted_hours = 22.5"
        )
        .await,
        1
    );
}

/// A file of `n` people: every tenth manages the nine after them; twenty
/// departments of five teams.
fn large_file(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let department = format!("Load department {:02}", i % 20);
            let team = format!("Team {}", (i / 20) % 5);
            let manager = if i % 10 == 0 {
                String::new()
            } else {
                format!("L{:06}", i - i % 10)
            };
            row(
                &format!("L{i:06}"),
                &[
                    (5, ["6", "7", "8a"][i % 3]),
                    (6, &department),
                    (7, &team),
                    (8, if i % 4 == 0 { "30" } else { "37.5" }),
                    (12, &manager),
                ],
            )
        })
        .collect()
}

#[tokio::test]
async fn fifty_thousand_rows_import_in_seconds() {
    let app = TestApp::with_demo_data().await;
    let hr = app.signed_in("hr@demo.test").await;
    let rows = large_file(50_000);
    let started = std::time::Instant::now();
    let (status, events) = post(&app, &hr, "as_of=2026-04-01&apply=1", csv(&rows)).await;
    let elapsed = started.elapsed();
    assert_eq!(status, 200);
    let applied = &done(&events)["applied"];
    assert_eq!(applied["added"], 50_000, "{applied}");
    assert_eq!(applied["new_departments"], 20);
    assert_eq!(applied["new_teams"], 100);
    eprintln!(
        "50,000 new people imported over HTTP in {:.1} s (server: {} s)",
        elapsed.as_secs_f64(),
        applied["seconds"]
    );
    assert!(
        events
            .iter()
            .any(|e| e["phase"] == "reading" && e["rows"] == 50_000)
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM people WHERE staff_id LIKE 'L%'")
            .await,
        50_000
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM people p JOIN people m ON m.id = p.line_manager_id \
             WHERE p.staff_id = 'L049999' AND m.staff_id = 'L049990'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM person_history h JOIN people p ON p.id = h.person_id \
             WHERE p.staff_id LIKE 'L%'"
        )
        .await,
        50_000
    );

    // A later extract in which everyone changes band: 50,000 updates and
    // 50,000 history rows.
    let changed: Vec<String> = rows
        .iter()
        .map(|r| {
            r.replacen(",8a,", ",8b,", 1)
                .replacen(",6,", ",8c,", 1)
                .replacen(",7,", ",8d,", 1)
        })
        .collect();
    let started = std::time::Instant::now();
    let (_, events) = post(&app, &hr, "as_of=2026-10-01&apply=1", csv(&changed)).await;
    let applied = &done(&events)["applied"];
    assert_eq!(applied["updated"], 50_000, "{applied}");
    eprintln!(
        "50,000 people updated over HTTP in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM people WHERE staff_id LIKE 'L%' AND band IN ('8b', '8c', '8d')"
        )
        .await,
        50_000
    );
}

#[tokio::test]
async fn an_error_on_row_49999_is_reported_and_nothing_is_applied() {
    let app = TestApp::with_demo_data().await;
    let hr = app.signed_in("hr@demo.test").await;
    let mut rows = large_file(50_000);
    // Row 49,999 of the spreadsheet: the header is row 1.
    rows[49_997] = rows[49_997].replace("2020-04-01", "2020-02-30");
    let people = app.count("SELECT COUNT(*) FROM people").await;
    let (status, events) = post(&app, &hr, "apply=1", csv(&rows)).await;
    assert_eq!(status, 200);
    let preview = &done(&events)["preview"];
    assert_eq!(preview["problem_count"], 1, "{}", preview["problems"]);
    assert_eq!(problems(preview), [(49_999, "start_date".to_string())]);
    assert_eq!(
        preview["problems"][0]["message"],
        "Start date must be a real date, like 2026-04-01"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, people);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM departments WHERE name LIKE 'Load%'")
            .await,
        0
    );
}

#[tokio::test]
async fn only_hr_and_administrators_may_import() {
    let app = TestApp::with_demo_data().await;
    let file = csv(&[row("R1", &[])]);
    let (status, _) = post(&app, &app.client(), "apply=1", file.clone()).await;
    assert_eq!(status, 401);
    for who in ["staff", "manager", "head"] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        let (status, _) = post(&app, &client, "apply=1", file.clone()).await;
        assert_eq!(status, 403, "{who}");
    }
    let hr = app.signed_in("hr@demo.test").await;
    let (status, body) = post(&app, &hr, "as_of=2026-02-30&apply=1", file.clone()).await;
    assert_eq!(status, 422);
    assert_eq!(body[0]["field"], "as_of");
    let (status, body) = post(&app, &hr, "apply=1", Vec::new()).await;
    assert_eq!((status, body[0]["field"].as_str()), (422, Some("file")));
    let (status, body) = post(&app, &hr, "apply=1", b"staff_id\xff,name\n".to_vec()).await;
    assert_eq!((status, body[0]["field"].as_str()), (422, Some("file")));
    // A post from another site is refused like every other.
    let response = hr
        .post(format!("{}/people/import?apply=1", app.address))
        .header("sec-fetch-site", "cross-site")
        .body(file)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM people WHERE staff_id = 'R1'")
            .await,
        0
    );
}

fn portal(database_url: &str) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_mpce-portal"));
    command
        .env_clear()
        .env("DATABASE_URL", database_url)
        .env("MPCE_LOG", "warn");
    command
}

#[tokio::test]
async fn the_command_line_checks_then_imports() {
    let (url, dir) = fresh_database().await;
    let folder = tempfile::tempdir().unwrap();
    let bad = folder.path().join("bad.csv");
    std::fs::write(&bad, csv(&[row("C1", &[]), row("C2", &[(8, "49")])])).unwrap();
    let output = portal(&url)
        .args(["import-staff"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(
            "row 3, column contracted_hours: Contracted hours must be more than 0 and at most 48"
        ),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 problem(s): nothing was imported"));

    let good = folder.path().join("good.csv");
    std::fs::write(&good, csv(&[row("C1", &[]), row("C2", &[(12, "C1")])])).unwrap();
    let output = portal(&url)
        .args(["import-staff", "--dry-run", "--as-of", "2026-04-01"])
        .arg(&good)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("To add: 2"), "{stdout}");
    assert!(stdout.contains("Dry run: nothing was imported"), "{stdout}");

    let output = portal(&url)
        .args(["import-staff"])
        .arg(&good)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("Imported: 2 added, 0 updated, 0 unchanged"),
        "{stdout}"
    );

    let app = spawn_app_on(url, dir).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM people WHERE staff_id IN ('C1', 'C2')")
            .await,
        2
    );
}

#[tokio::test]
async fn a_record_without_a_staff_number_is_matched_by_email() {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let app = spawn_app().await;
    let now = chrono::Utc::now();
    let created = person::ActiveModel {
        name: Set("Dana Chief".into()),
        email: Set("e1@import.test".into()),
        staff_group: Set("Healthcare Scientists".into()),
        job_role: Set("Clinical Scientist".into()),
        band: Set("7".into()),
        contracted_hours: Set(37.5),
        start_date: Set("2020-04-01".parse().unwrap()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    match import(&app, &[row("E1", &[(6, "")])], "2026-04-01").await {
        Outcome::Applied(applied) => {
            assert_eq!((applied.added, applied.updated), (0, 1));
            // No history yet: it gets its first row from the start date.
            assert_eq!(applied.history_rows, 1);
        }
        other => panic!("{other:?}"),
    }
    let after = person::Entity::find_by_id(created.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.staff_id.as_deref(), Some("E1"));
    assert_eq!(after.name, "Person E1");
    assert_eq!(history(&app, "E1").await.len(), 1);
}

#[tokio::test]
async fn a_preview_lists_the_first_thousand_problems_and_counts_them_all() {
    let app = spawn_app().await;
    let rows: Vec<String> = (0..1_500)
        .map(|i| row(&format!("B{i}"), &[(5, "99")]))
        .collect();
    let bytes = csv(&rows);
    let read = file::read(file::text(&bytes).unwrap(), &mut |_| {});
    let options = Options {
        as_of: "2026-04-01".parse().unwrap(),
        file_name: "bad.csv".into(),
        apply: false,
        actor_user_id: None,
        via: "test",
    };
    let Outcome::Checked(checked) = staff_import::run(&app.state.db, read, &options, &|_| {})
        .await
        .unwrap()
    else {
        panic!("a preview")
    };
    let preview = checked.preview(&options);
    assert_eq!(preview.problem_count, 1_500);
    assert_eq!(preview.problems.len(), 1_000);
    assert_eq!(
        (
            preview.problems[999].row,
            preview.problems[999].column.as_str()
        ),
        (1_001, "band")
    );
    assert!(!preview.can_apply());
}
