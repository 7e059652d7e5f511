//! Raw-data CSV exports (`/exports/<name>.csv`): who gets whose rows (HR
//! everyone, a head of service their department, a line manager their
//! direct reports with leavers), refusals, the headers of the download,
//! that reflections, justifications and comments never leave, that text
//! round-trips through CSV quoting and cannot run as a spreadsheet
//! formula, one audit entry per export, and a broken download when the
//! database fails mid-stream.

use crate::funding::draft_with;
use crate::harness::{TestApp, on_postgres};
use mpce_portal::api::data_exports::RAW_EXPORTS;
use reqwest::Client;
use sea_orm::ConnectionTrait;
use std::collections::{HashMap, HashSet};

/// A parsed export: the header row and each row by column name.
struct Csv {
    header: Vec<String>,
    rows: Vec<HashMap<String, String>>,
}

impl Csv {
    fn column(&self, name: &str) -> Vec<String> {
        self.rows.iter().map(|r| r[name].clone()).collect()
    }

    fn row(&self, column: &str, value: &str) -> &HashMap<String, String> {
        self.rows
            .iter()
            .find(|r| r[column] == value)
            .unwrap_or_else(|| panic!("no row with {column} = {value}"))
    }
}

async fn download(app: &TestApp, who: &Client, slug: &str) -> reqwest::Response {
    who.get(format!("{}/exports/{slug}.csv", app.address))
        .send()
        .await
        .expect("request")
}

/// The export as `who` gets it (must be 200), body and parsed.
async fn export(app: &TestApp, who: &Client, slug: &str) -> (String, Csv) {
    let response = download(app, who, slug).await;
    assert_eq!(response.status(), 200, "{slug}");
    let body = response.text().await.expect("a whole body");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed row");
            assert_eq!(r.len(), header.len(), "{slug}: {r:?}");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (body, Csv { header, rows })
}

async fn audit_entries(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.raw'")
        .await
}

const TITLE: &str = "Audit, \"QA\" of the\nlinac; 50% done";
const PROVIDER: &str = "=HYPERLINK(\"http://evil.test\",\"click\")";

/// A CPD activity `who` records, with a reflection and objective marked
/// by `tag`; answers its id.
async fn activity(app: &TestApp, who: &Client, title: &str, tag: &str) -> i64 {
    let category = app
        .count("SELECT id FROM cpd_categories WHERE name = 'Other'")
        .await
        .to_string();
    let response = app
        .post_input(
            who,
            "/api/cpd/create",
            &[],
            &[
                ("title", title),
                ("category_id", &category),
                ("start_date", "2026-03-03"),
                ("hours", "1.5"),
                ("provider", PROVIDER),
                ("learning_objective", &format!("Objective-{tag} private")),
                ("what_i_learnt", &format!("Reflection-{tag} private")),
                ("change_to_practice", &format!("Change-{tag} private")),
                (
                    "benefit_to_service_users",
                    &format!("Benefit-{tag} private"),
                ),
                ("follow_up", &format!("Follow-up-{tag} private")),
            ],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

/// Sam's records with private text: a CPD activity, a PLT request and a
/// funding request (a draft with a decision comment and override reason
/// written in as if decided). Answers (activity, funding request).
async fn sams_records(app: &TestApp) -> (i64, i64) {
    let staff = app.signed_in("staff@demo.test").await;
    let activity = activity(app, &staff, TITLE, "9f41c2").await;
    let session = (chrono::Utc::now().date_naive() + chrono::Duration::days(7)).to_string();
    let response = app
        .post_input(
            &staff,
            "/api/plt/request",
            &[],
            &[
                ("session_date", &session),
                ("hours", "3"),
                ("purpose", "Purpose-4d2e private"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let funding = draft_with(
        app,
        &staff,
        "-Course, with a comma",
        &[
            ("fee", "1234.5"),
            ("travel", "10"),
            ("justification", "Justification-c0ffee private"),
        ],
    )
    .await;
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE funding_requests SET decision_comment = 'Comment-beef01 private', \
             override_reason = 'Override-0a0b private' WHERE id = {funding}"
        ))
        .await
        .unwrap();
    (activity, funding)
}

#[tokio::test]
async fn hr_downloads_every_export_of_everyone_as_a_dated_csv_attachment() {
    let app = TestApp::with_demo_data().await;
    sams_records(&app).await;
    let hr = app.signed_in("hr@demo.test").await;
    let today = chrono::Utc::now().date_naive();
    let tables = [
        ("people", "people"),
        ("cpd-activities", "cpd_activities"),
        ("plt-sessions", "plt_sessions"),
        ("funding-requests", "funding_requests"),
        ("job-plans", "job_plans"),
    ];
    for info in RAW_EXPORTS {
        let response = download(&app, &hr, info.slug).await;
        assert_eq!(response.status(), 200, "{}", info.slug);
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
        assert_eq!(headers["cache-control"], "private, no-store");
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with(&format!(
                "attachment; filename=\"{}-{today}.csv\"",
                info.slug
            )),
            "{disposition}"
        );
        let (body, csv) = export(&app, &hr, info.slug).await;
        assert!(body.ends_with("\r\n"), "{}: lines end with CRLF", info.slug);
        assert_eq!(csv.header, info.columns, "{}", info.slug);
        let table = tables
            .iter()
            .find(|(slug, _)| *slug == info.slug)
            .map(|(_, t)| *t)
            .unwrap();
        let all = app.count(&format!("SELECT COUNT(*) FROM {table}")).await;
        assert!(all > 0, "the demo data has {table}");
        assert_eq!(csv.rows.len() as i64, all, "{}: every row", info.slug);
    }

    // The people export: departments, teams and managers by name and staff id.
    let (_, people) = export(&app, &hr, "people").await;
    let sam = people.row("email", "staff@demo.test");
    let manager_staff_id = people.row("email", "manager@demo.test")["staff_id"].clone();
    assert_eq!(sam["line_manager_staff_id"], manager_staff_id);
    assert_eq!(sam["name"], "Sam Patel");
    assert!(!sam["department"].is_empty() && !sam["team"].is_empty());
    assert!(
        people
            .rows
            .iter()
            .all(|r| r["fte"].len() == 6 && r["fte"].parse::<f64>().is_ok()),
        "FTE with four decimals"
    );
    let leavers = app
        .count("SELECT COUNT(*) FROM people WHERE end_date IS NOT NULL")
        .await;
    assert_eq!(
        people
            .rows
            .iter()
            .filter(|r| !r["end_date"].is_empty())
            .count() as i64,
        leavers,
        "leavers are included"
    );

    // Job plans: at most one current version a person, always signed off
    // with its review still ahead.
    let (_, plans) = export(&app, &hr, "job-plans").await;
    let mut current = HashSet::new();
    for plan in plans.rows.iter().filter(|r| r["current"] == "yes") {
        assert!(current.insert(plan["person_id"].clone()), "{plan:?}");
        assert_eq!(plan["status"], "signed_off");
        assert!(plan["review_due"].as_str() > today.to_string().as_str());
    }
    assert!(!current.is_empty(), "the demo has current plans");
    assert!(
        plans
            .column("plan_year")
            .iter()
            .all(|y| y.len() == 7 && y.as_bytes()[4] == b'/')
    );
}

#[tokio::test]
async fn a_head_exports_their_department_and_a_manager_their_reports_with_leavers() {
    let app = TestApp::with_demo_data().await;
    // One of the manager's reports has left.
    let manager_id = app.person_id("manager@demo.test").await;
    let leaver = app
        .count(&format!(
            "SELECT MIN(id) FROM people WHERE line_manager_id = {manager_id} AND email <> 'staff@demo.test'"
        ))
        .await;
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE people SET end_date = '2025-01-31', leaving_reason = 'relocation' WHERE id = {leaver}"
        ))
        .await
        .unwrap();
    sams_records(&app).await;
    // Someone in another team, and so outside the manager's reports.
    let outsider = app.other_team_manager().await;
    activity(&app, &outsider, "Outside the team", "0utside").await;

    let head_id = app.person_id("head@demo.test").await;
    let department = app
        .count(&format!(
            "SELECT department_id FROM people WHERE id = {head_id}"
        ))
        .await;
    let head = app.signed_in("head@demo.test").await;
    let (_, people) = export(&app, &head, "people").await;
    let in_department = app
        .count(&format!(
            "SELECT COUNT(*) FROM people WHERE department_id = {department}"
        ))
        .await;
    assert_eq!(people.rows.len() as i64, in_department);
    assert!(in_department < app.count("SELECT COUNT(*) FROM people").await);
    let names: HashSet<String> = people.column("department").into_iter().collect();
    assert_eq!(names.len(), 1, "one department: {names:?}");
    let (_, cpd) = export(&app, &head, "cpd-activities").await;
    assert_eq!(
        cpd.rows.len() as i64,
        app.count(&format!(
            "SELECT COUNT(*) FROM cpd_activities a JOIN people p ON p.id = a.person_id WHERE p.department_id = {department}"
        ))
        .await
    );

    let manager = app.signed_in("manager@demo.test").await;
    let (_, people) = export(&app, &manager, "people").await;
    let reports = app
        .count(&format!(
            "SELECT COUNT(*) FROM people WHERE line_manager_id = {manager_id}"
        ))
        .await;
    assert_eq!(people.rows.len() as i64, reports);
    let gone = people.row("person_id", &leaver.to_string());
    assert_eq!(gone["end_date"], "2025-01-31");
    assert_eq!(gone["leaving_reason"], "relocation");
    let report_ids: HashSet<String> = people.column("person_id").into_iter().collect();
    assert!(!report_ids.contains(&manager_id.to_string()));
    for slug in [
        "cpd-activities",
        "plt-sessions",
        "funding-requests",
        "job-plans",
    ] {
        let (_, csv) = export(&app, &manager, slug).await;
        assert!(
            csv.column("person_id")
                .iter()
                .all(|p| report_ids.contains(p)),
            "{slug}: direct reports only"
        );
    }
    let (_, cpd) = export(&app, &manager, "cpd-activities").await;
    assert_eq!(
        cpd.rows.len() as i64,
        app.count(&format!(
            "SELECT COUNT(*) FROM cpd_activities a JOIN people p ON p.id = a.person_id WHERE p.line_manager_id = {manager_id}"
        ))
        .await
    );

    // The page says whose records the downloads cover.
    for (who, client, expected) in [
        ("hr", app.signed_in("hr@demo.test").await, "everyone"),
        ("head", head, "your department ("),
        ("manager", manager, "your direct reports"),
    ] {
        let response = app.post(&client, "/api/exports/scope", &[]).await;
        assert_eq!(response.status(), 200, "{who}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(
            body["scope"].as_str().unwrap().starts_with(expected),
            "{who}: {body}"
        );
    }
}

#[tokio::test]
async fn staff_members_and_the_signed_out_are_refused_and_nothing_is_audited() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let signed_out = app.client();
    let before = audit_entries(&app).await;
    for info in RAW_EXPORTS {
        let response = download(&app, &staff, info.slug).await;
        assert_eq!(response.status(), 403, "staff: {}", info.slug);
        let body = response.text().await.unwrap();
        assert!(!body.contains("staff_id"), "no data: {body}");
        let response = download(&app, &signed_out, info.slug).await;
        assert_eq!(response.status(), 401, "signed out: {}", info.slug);
    }
    assert_eq!(audit_entries(&app).await, before);
    assert_eq!(
        app.post(&staff, "/api/exports/scope", &[]).await.status(),
        403
    );
    // The page itself renders for the roles the menu offers it to.
    let head = app.signed_in("head@demo.test").await;
    let page = app.get(&head, "/exports").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Data exports"));
    for info in RAW_EXPORTS {
        assert!(html.contains(&info.href()), "{}", info.slug);
    }
}

#[tokio::test]
async fn each_export_is_audited_with_who_what_and_scope() {
    let app = TestApp::with_demo_data().await;
    let hr = app.signed_in("hr@demo.test").await;
    let head = app.signed_in("head@demo.test").await;
    let before = audit_entries(&app).await;
    for info in RAW_EXPORTS {
        export(&app, &hr, info.slug).await;
    }
    export(&app, &head, "plt-sessions").await;
    assert_eq!(audit_entries(&app).await, before + 6);
    let hr_user = app
        .count("SELECT u.id FROM users u JOIN people p ON p.id = u.person_id WHERE p.email = 'hr@demo.test'")
        .await;
    for info in RAW_EXPORTS {
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'export.raw' AND entity = 'raw_export' \
                 AND entity_id = '{}' AND actor_user_id = {hr_user} AND after LIKE '%everyone%'",
                info.slug
            ))
            .await,
            1,
            "{}",
            info.slug
        );
    }
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'export.raw' AND entity_id = 'plt-sessions' \
             AND after LIKE '%\"department\"%'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn reflections_reasons_and_comments_never_leave_and_text_round_trips_safely() {
    let app = TestApp::with_demo_data().await;
    let (activity, funding) = sams_records(&app).await;
    let sam = app.person_id("staff@demo.test").await;
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE people SET name = '@Sam \"Pat\" Patel, MSc' WHERE id = {sam}"
        ))
        .await
        .unwrap();

    for who in ["hr@demo.test", "manager@demo.test", "head@demo.test"] {
        let client = app.signed_in(who).await;
        let mut everything = String::new();
        for info in RAW_EXPORTS {
            everything.push_str(&export(&app, &client, info.slug).await.0);
        }
        for private in [
            "Reflection-9f41c2",
            "Objective-9f41c2",
            "Change-9f41c2",
            "Benefit-9f41c2",
            "Follow-up-9f41c2",
            "Purpose-4d2e",
            "Justification-c0ffee",
            "Comment-beef01",
            "Override-0a0b",
        ] {
            assert!(!everything.contains(private), "{who}: {private}");
        }
        let (_, cpd) = export(&app, &client, "cpd-activities").await;
        let row = cpd.row("activity_id", &activity.to_string());
        assert_eq!(row["title"], TITLE, "commas, quotes and newlines survive");
        assert_eq!(row["provider"], format!("'{PROVIDER}"), "formula guarded");
        assert_eq!(row["name"], "'@Sam \"Pat\" Patel, MSc");
        assert_eq!(row["hours"], "1.50");
        assert_eq!(row["start_date"], "2026-03-03");
        assert_eq!(row["end_date"], "");
        assert_eq!(row["activity_type"], "Other");
        assert_eq!(row["in_protected_time"], "no");

        let (_, requests) = export(&app, &client, "funding-requests").await;
        let row = requests.row("request_id", &funding.to_string());
        assert_eq!(row["activity"], "'-Course, with a comma");
        assert_eq!(row["fee"], "1234.50");
        assert_eq!(row["travel"], "10.00");
        assert_eq!(row["backfill"], "0.00");
        assert_eq!(row["estimated_total"], "1244.50");
        assert_eq!(row["actual_cost"], "");
        assert_eq!(row["source"], "trust");
        assert_eq!(row["status"], "draft");
        assert_eq!(row["decided_on"], "");
    }
}

/// Adds `n` copies of activity `from` (titles numbered), by SQL.
async fn bulk_activities(app: &TestApp, from: i64, n: u32) {
    app.state
        .db
        .execute_unprepared(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
             INSERT INTO cpd_activities (person_id, start_date, title, category_id, quarter_hours, \
             in_protected_time, created_at, updated_at) \
             SELECT a.person_id, a.start_date, 'Bulk activity number ' || n.i || ', of a long series', \
             a.category_id, 4, a.in_protected_time, a.created_at, a.updated_at \
             FROM n, cpd_activities a WHERE a.id = {from}"
        ))
        .await
        .unwrap();
}

/// More rows than one read (SQLite reads 2,000 at a time) and than one
/// 64 KiB chunk: every row once, in id order.
#[tokio::test]
async fn a_large_export_has_every_row_once_in_order() {
    let app = TestApp::with_demo_data().await;
    let (first, _) = sams_records(&app).await;
    bulk_activities(&app, first, 4500).await;
    let hr = app.signed_in("hr@demo.test").await;
    let (body, cpd) = export(&app, &hr, "cpd-activities").await;
    assert!(body.len() > 4 * 64 * 1024, "{} bytes", body.len());
    let ids: Vec<i64> = cpd
        .column("activity_id")
        .iter()
        .map(|id| id.parse().unwrap())
        .collect();
    assert_eq!(
        ids.len() as i64,
        app.count("SELECT COUNT(*) FROM cpd_activities").await
    );
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ascending, no repeats");
    assert_eq!(
        cpd.column("title")
            .iter()
            .filter(|t| t.starts_with("Bulk activity number "))
            .count(),
        4500
    );
}

/// A row the database cannot give back part-way through: the download
/// breaks instead of ending as a short, valid-looking file. SQLite only:
/// PostgreSQL would never store such a date.
#[tokio::test]
async fn a_database_failure_mid_stream_breaks_the_download() {
    if on_postgres() {
        return;
    }
    let app = TestApp::with_demo_data().await;
    let (first, _) = sams_records(&app).await;
    bulk_activities(&app, first, 3000).await;
    app.state
        .db
        .execute_unprepared(&format!(
            "INSERT INTO cpd_activities (person_id, start_date, title, category_id, quarter_hours, \
             in_protected_time, created_at, updated_at) \
             SELECT person_id, 'not a date', 'Broken', category_id, 4, in_protected_time, created_at, updated_at \
             FROM cpd_activities WHERE id = {first}"
        ))
        .await
        .unwrap();
    let hr = app.signed_in("hr@demo.test").await;
    let response = download(&app, &hr, "cpd-activities").await;
    assert_eq!(
        response.status(),
        200,
        "the failure comes after the headers"
    );
    assert!(
        response.bytes().await.is_err(),
        "the body ends with an error, not a clean end"
    );
}
