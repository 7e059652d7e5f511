//! The authorisation matrix: every server function and every file route,
//! called by every kind of caller, with the outcome each should get.
//!
//! The records the calls name (a CPD activity, an objective, a
//! registration, a PLT request, a funding request, a job plan, an evidence
//! file, a notification) are Sam's (`staff@demo.test`), created through the
//! API before the run: the other callers are checked against a real record
//! of someone else's, not a missing one.
//!
//! The test lists the registered server functions and file routes at run
//! time: one without a row here (or a row naming something not registered)
//! fails it. A new server function needs its row.

use crate::harness::{TestApp, json};
use chrono::{Days, Utc};
use reqwest::multipart;
use reqwest::{Client, Response};
use std::collections::BTreeSet;

/// The callers, in the order of the letters of an expectation.
const CALLERS: [&str; 7] = [
    "signed out",
    "staff (Sam, the owner)",
    "manager (Sam's line manager)",
    "head (head of Sam's department)",
    "hr",
    "admin",
    "outsider (manager of another team)",
];

/// The order the callers call in (indexes into `CALLERS`): the owner last,
/// so that the others meet Sam's records as Sam left them, and what Sam's
/// own calls change or delete is no longer needed.
const RUN_ORDER: [usize; 7] = [0, 6, 4, 5, 3, 2, 1];

/// What is sent. Text may name Sam's records as `{cpd}` etc. (see
/// `Records`), filled in before sending.
enum Body {
    /// A form POST: a server function's arguments.
    Form(&'static [(&'static str, &'static str)]),
    /// A JSON POST (a server function with `input = Json`).
    Json(&'static str),
    /// A GET (a file download).
    Get,
    /// A multipart POST with one small PDF in `file` (asking for JSON).
    File,
    /// A POST of this raw body (a file import).
    Raw(&'static str),
}

/// One row of the matrix.
///
/// `path` is the request path; its `{...}` segments (records, or a route's
/// `{id}`) match any `{...}` segment of a registered path.
///
/// `expect` has one letter per caller, in `CALLERS` order: signed out,
/// staff, manager, head, hr, admin, outsider ("-smhrao"):
///
/// - `o`: allowed: the call ran (2xx or 3xx, or 409/422 about the state of
///   the record or the input, which it checked because the caller may act);
/// - `-`: 401, signed out (a server function's body says `"SignedOut"`);
/// - `x`: 403, refused;
/// - `n`: 404, refused as if the record did not exist (the caller may not
///   know that it does).
///
/// Anything else (400, 429, a 5xx) matches no letter.
struct Row {
    path: &'static str,
    expect: &'static str,
    send: Body,
}

const fn row(path: &'static str, expect: &'static str, send: Body) -> Row {
    Row { path, expect, send }
}

use Body::{File, Form, Get, Json, Raw};

/// The matrix. A sign-out runs after every other row (it ends the session).
#[rustfmt::skip]
const MATRIX: &[Row] = &[
    // Sessions and passwords: sign-in with a malformed address (422 for all, no session changes).
    //                                                 -smhrao
    row("/api/session/current",                       "ooooooo", Form(&[])),
    row("/api/session/sign-in",                       "ooooooo", Form(&[("email", "not-an-address"), ("password", "")])),
    row("/api/session/sign-out",                      "ooooooo", Form(&[])),
    row("/api/account/password",                      "-oooooo", Form(&[("current_password", "a"), ("new_password", "b"), ("confirm_password", "b")])),

    // Staff records, accounts and the organisation. The administrators' calls leave Sam as he is.
    //                                                 -smhrao
    row("/api/people/list",                           "-xxxoox", Form(&[("search", "")])),
    row("/api/people/team",                           "-xooxxo", Form(&[])),
    row("/api/people/get",                            "-ooooox", Form(&[("id", "{sam}")])),
    row("/api/people/me",                             "-oooooo", Form(&[])),
    row("/api/people/create",                         "-xxxxox", Form(&[("input[name]", "X")])),
    row("/api/people/update",                         "-xxxxox", Form(&[("id", "{sam}"), ("input[name]", "X")])),
    row("/api/people/import/today",                   "-xxxoox", Form(&[])),
    row("/people/import",                             "-xxxoox", Raw("")),
    row("/api/accounts/create",                       "-xxxxox", Form(&[("person_id", "{sam}"), ("password", "violet-harbour-lantern"), ("roles[staff]", "on")])),
    row("/api/accounts/roles",                        "-xxxxox", Form(&[("user_id", "{sam_user}"), ("roles[staff]", "on")])),
    row("/api/accounts/active",                       "-xxxxox", Form(&[("user_id", "{sam_user}"), ("active", "true")])),
    row("/api/organisation/list",                     "-xxxoox", Form(&[])),
    row("/api/organisation/form-options",             "-xxxxox", Form(&[])),
    row("/api/organisation/departments/create",       "-xxxxox", Form(&[("name", "Matrix department"), ("cost_centre", "")])),
    row("/api/organisation/teams/create",             "-xxxxox", Form(&[("department_id", "{department}"), ("name", "Matrix team")])),
    row("/api/organisation/teams/rename",             "-xxxxox", Form(&[("team_id", "{team}"), ("name", "{team_name}")])),

    // CPD: the owner changes; the line manager and head of service read (reviewers); HR and
    // administrators keep no record of their own and read no reflections.
    //                                                 -smhrao
    row("/api/cpd/mine",                              "-oooxxo", Form(&[])),
    row("/api/cpd/get",                               "-onnxxn", Form(&[("id", "{cpd}")])),
    row("/api/cpd/create",                            "-oooxxo", Form(&[("input[title]", "X")])),
    row("/api/cpd/update",                            "-onnxxn", Form(&[("id", "{cpd}"), ("input[title]", "X")])),
    row("/api/cpd/delete",                            "-onnxxn", Form(&[("id", "{cpd_spare}")])),
    row("/api/cpd/categories",                        "-oooxoo", Form(&[])),
    row("/api/cpd/categories/create",                 "-xxxxox", Form(&[("name", "Matrix category")])),
    row("/api/cpd/categories/retire",                 "-xxxxox", Form(&[("category_id", "{category}"), ("retired", "false")])),
    row("/api/cpd/person",                            "-oooxxx", Form(&[("person_id", "{sam}")])),
    row("/api/cpd/view",                              "-ooonnn", Form(&[("id", "{cpd}")])),
    row("/api/evidence/list",                         "-ooonnn", Form(&[("activity_id", "{cpd}")])),
    row("/api/evidence/delete",                       "-onnxxn", Form(&[("id", "{evidence_spare}")])),
    row("/cpd/{cpd}/evidence",                        "-onnxxn", File),
    row("/evidence/{evidence}",                       "-ooonnn", Get),
    row("/cpd/profile/download",                      "-oooxxo", Get),
    row("/api/profile/mine",                          "-oooxxo", Form(&[])),
    row("/api/profile/save",                          "-oooxxo", Form(&[("input[period_from]", "2026-01-01")])),
    row("/api/progress/mine",                         "-oooxxo", Form(&[])),
    row("/api/progress/person",                       "-ooooox", Form(&[("person_id", "{sam}")])),

    // Personal development plan.
    //                                                 -smhrao
    row("/api/development/mine",                      "-oooxxo", Form(&[])),
    row("/api/development/choices",                   "-oooxxo", Form(&[])),
    row("/api/development/get",                       "-onnxxn", Form(&[("id", "{goal}")])),
    row("/api/development/create",                    "-oooxxo", Form(&[("input[title]", "X")])),
    row("/api/development/update",                    "-onnxxn", Form(&[("id", "{goal}"), ("input[title]", "X")])),
    row("/api/development/delete",                    "-onnxxn", Form(&[("id", "{goal_spare}")])),

    // Registrations: one's own only (HR and administrators may list their own, empty).
    //                                                 -smhrao
    row("/api/registrations/mine",                    "-oooooo", Form(&[])),
    row("/api/registrations/get",                     "-onnnnn", Form(&[("id", "{registration}")])),
    row("/api/registrations/create",                  "-oooxxo", Form(&[("input[body]", "hcpc")])),
    // A valid body: the service checks the input before whose the registration is.
    row("/api/registrations/update",                  "-onnxxn", Form(&[("id", "{registration}"), ("input[body]", "rpa"), ("input[expires_on]", "2028-01-31")])),
    row("/api/registrations/delete",                  "-onnxxn", Form(&[("id", "{registration_spare}")])),

    // Protected learning time: the line manager decides (Sam has one, so not the head of
    // service); reviewers set the allowance; HR and administrators see the hours.
    //                                                 -smhrao
    row("/api/plt/mine",                              "-oooxxo", Form(&[])),
    row("/api/plt/person",                            "-ooooox", Form(&[("person_id", "{sam}")])),
    row("/api/plt/request",                           "-oooxxo", Form(&[("input[hours]", "1")])),
    row("/api/plt/cancel",                            "-onnxxn", Form(&[("id", "{plt}")])),
    row("/api/plt/queue",                             "-xooxxo", Form(&[])),
    row("/api/plt/decide",                            "-xoxxxn", Form(&[("id", "{plt}"), ("decision", "approve")])),
    row("/api/plt/allowance",                         "-xooxxx", Form(&[("person_id", "{sam}"), ("year", "2026"), ("hours", "37.5"), ("reason", "Matrix")])),

    // Funding: the owner submits, a reviewer (line manager or head of service) approves;
    // HR and administrators see the money and the status. Unlike PLT, the head of service may
    // act on a request of someone who has a line manager (though it is not in their queue).
    // An outsider's act is a 403 where reading is a 404.
    //                                                 -smhrao
    row("/api/funding/budgets",                       "-xooooo", Form(&[])),
    row("/api/funding/budgets/set",                   "-xxxxox", Form(&[("department_id", "{department}"), ("year", "2026"), ("source", "trust"), ("amount", "50000")])),
    row("/api/funding/years",                         "-oooooo", Form(&[])),
    row("/api/funding/sources",                       "-oooooo", Form(&[])),
    row("/api/funding/sources/set",                   "-xxxxox", Form(&[("source", "trust")])),
    row("/api/funding/requests/create",               "-oooxxo", Form(&[("input[activity]", "X")])),
    row("/api/funding/requests/mine",                 "-oooxxo", Form(&[])),
    row("/api/funding/requests/get",                  "-ooooon", Form(&[("id", "{funding}")])),
    row("/api/funding/requests/update",               "-onnxxn", Form(&[("id", "{funding}"), ("lock_version", "0"), ("input[activity]", "X")])),
    row("/api/funding/requests/act",                  "-oxxxxn", Form(&[("id", "{funding}"), ("lock_version", "0"), ("action", "submit")])),
    row("/api/funding/requests/act",                  "-xoxxxn", Form(&[("id", "{funding}"), ("lock_version", "1"), ("action", "approve")])),
    row("/api/funding/requests/queue",                "-xooxxo", Form(&[])),
    row("/api/funding/requests/record-cpd",           "-onnxxn", Form(&[("id", "{funding}"), ("hours", "1"), ("category_id", "{category}")])),

    // Job plans: the owner edits and submits, the line manager agrees, the head of service signs
    // off, either returns, an administrator reopens; HR and administrators see status and dates.
    // Someone else's plan is a 403 (a missing one a 404), the calendar file a 404.
    //                                                 -smhrao
    row("/api/job-plans/mine",                        "-oooxxo", Form(&[])),
    row("/api/job-plans/get",                         "-ooooon", Form(&[("id", "{plan}")])),
    row("/api/job-plans/start",                       "-oooxxo", Form(&[])),
    row("/api/job-plans/save",                        "-oxxxxn", Json(r#"{"id": {plan}, "lock_version": {plan_lock}, "form": {plan_form}}"#)),
    row("/api/job-plans/act",                         "-oxxxxn", Form(&[("id", "{plan}"), ("lock_version", "{plan_lock}"), ("action", "submit")])),
    row("/api/job-plans/act",                         "-xoxxxn", Form(&[("id", "{plan}"), ("lock_version", "{plan_lock}"), ("action", "agree")])),
    row("/api/job-plans/act",                         "-xxoxxn", Form(&[("id", "{plan}"), ("lock_version", "{plan_lock}"), ("action", "sign_off")])),
    row("/api/job-plans/act",                         "-xooxxn", Form(&[("id", "{plan}"), ("lock_version", "{plan_lock}"), ("action", "return"), ("comment", "Matrix")])),
    row("/api/job-plans/act",                         "-xxxxon", Form(&[("id", "{plan}"), ("lock_version", "{plan_lock}"), ("action", "reopen"), ("comment", "Matrix")])),
    row("/api/job-plans/new-version",                 "-oxxxxn", Form(&[("id", "{plan}")])),
    row("/api/job-plans/next-year",                   "-oxxxxn", Form(&[("id", "{plan}")])),
    row("/api/job-plans/compare",                     "-oooxxx", Form(&[("from", "{plan}"), ("to", "{plan}")])),
    row("/job-plans/{plan}/calendar.ics",             "-ooonnn", Get),
    row("/api/job-plans/team",                        "-xooooo", Form(&[])),
    row("/api/job-plans/queue",                       "-xooxxo", Form(&[])),
    row("/api/job-plans/categories",                  "-oooooo", Form(&[])),
    row("/api/job-plans/categories/rename",           "-xxxxox", Form(&[("category", "dcc"), ("label", "")])),

    // Notifications: one's own only.
    //                                                 -smhrao
    row("/api/notifications/mine",                    "-oooooo", Form(&[])),
    row("/api/notifications/unread",                  "-oooooo", Form(&[])),
    row("/api/notifications/read",                    "-onnnnn", Form(&[("id", "{notification}")])),
    row("/api/notifications/read-all",                "-oooooo", Form(&[])),

    // Workforce reports: line managers (their reports), heads of service, HR and administrators.
    //                                                 -smhrao
    row("/api/approvals/counts",                      "-xooxxo", Form(&[])),
    row("/api/compliance/dashboard",                  "-xooooo", Form(&[])),
    row("/api/retention/report",                      "-xooooo", Form(&[])),
    row("/retention/export.csv",                      "-xooooo", Get),
    row("/retention/export.xlsx",                     "-xooooo", Get),
    row("/api/exports/scope",                         "-xooooo", Form(&[])),
    row("/exports/people.csv",                        "-xooooo", Get),
    row("/exports/cpd-activities.csv",                "-xooooo", Get),
    row("/exports/plt-sessions.csv",                  "-xooooo", Get),
    row("/exports/funding-requests.csv",              "-xooooo", Get),
    row("/exports/job-plans.csv",                     "-xooooo", Get),

    // Service risk (heads of service, HR, administrators) and its settings and the targets
    // (administrators).
    //                                                 -smhrao
    row("/api/service-risk/view",                     "-xxooox", Form(&[("department_id", "{department}")])),
    row("/api/service-risk/modalities",               "-oooooo", Form(&[])),
    row("/api/service-risk/modalities/add",           "-xxxxox", Form(&[("name", "PET")])),
    row("/api/service-risk/requirements/set",         "-xxxxox", Form(&[("department_id", "{department}"), ("kind", "mpe"), ("modality", "Radiotherapy"), ("minimum", "1")])),
    row("/api/service-risk/requirements/delete",      "-xxxxox", Form(&[("id", "{requirement}")])),
    row("/api/targets/list",                          "-xxxxox", Form(&[])),
    row("/api/targets/set",                           "-xxxxox", Form(&[("input[staff_group]", "X")])),
];

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// Sam's records, by the names the matrix uses (`{cpd}` etc.). A `_spare`
/// record is one that a row deletes.
struct Records(Vec<(String, String)>);

impl Records {
    fn add(&mut self, name: &str, value: impl ToString) {
        let value = value.to_string();
        assert!(!value.is_empty() && value != "null", "no {name} was found");
        self.0.push((format!("{{{name}}}"), value));
    }

    fn fill(&self, text: &str) -> String {
        let mut filled = text.to_string();
        for (name, value) in &self.0 {
            filled = filled.replace(name.as_str(), value);
        }
        if let Some(unknown) = placeholder(&filled) {
            panic!("no record {unknown} for {text}");
        }
        filled
    }
}

/// The first `{name}` left in `text` (lower case and underscores only, so
/// JSON's own braces never count).
fn placeholder(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let name_length = after
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(after.len());
        if name_length > 0 && after[name_length..].starts_with('}') {
            return Some(&rest[start..start + name_length + 2]);
        }
        rest = after;
    }
    None
}

/// A path with every `{...}` segment written `{}`: a registered route and
/// a matrix row's request path agree when these agree.
fn shape(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn method(send: &Body) -> &'static str {
    match send {
        Body::Get => "GET",
        _ => "POST",
    }
}

async fn created(response: Response, what: &str) -> String {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "creating {what}: {body}");
    body
}

/// Creates Sam's records through the API (as Sam, and his manager's
/// decision for a notification) and looks up the ids the rows name.
async fn sams_records(app: &TestApp, sam: &Client, manager: &Client) -> Records {
    let mut records = Records(Vec::new());
    let in_days = |n: u64| (Utc::now().date_naive() + Days::new(n)).to_string();
    let person = app.person_id("staff@demo.test").await;
    records.add("sam", person);
    records.add(
        "sam_user",
        app.count(&format!("SELECT id FROM users WHERE person_id = {person}"))
            .await,
    );
    records.add(
        "department",
        app.count(&format!(
            "SELECT department_id FROM people WHERE id = {person}"
        ))
        .await,
    );
    let team = app
        .count(&format!("SELECT team_id FROM people WHERE id = {person}"))
        .await;
    records.add("team", team);
    let team_name = json(
        app.post(sam, "/api/people/get", &[("id", &person.to_string())])
            .await,
    )
    .await["team"]
        .as_str()
        .unwrap()
        .to_string();
    records.add("team_name", team_name);
    let category = app
        .count("SELECT id FROM cpd_categories WHERE name = 'Other'")
        .await;
    records.add("category", category);
    records.add(
        "requirement",
        app.count("SELECT MIN(id) FROM cover_requirements").await,
    );

    for name in ["cpd", "cpd_spare"] {
        let fields = [
            ("title", "Journal club"),
            ("category_id", &category.to_string()),
            ("start_date", "2026-03-03"),
            ("hours", "1"),
            ("what_i_learnt", "A private reflection"),
        ];
        let id = created(
            app.post_input(sam, "/api/cpd/create", &[], &fields).await,
            name,
        )
        .await;
        records.add(name, id);
    }
    let activity = records.fill("{cpd}");
    for _ in 0..2 {
        let response = upload(app, sam, &format!("/cpd/{activity}/evidence")).await;
        assert_eq!(response.status(), 201, "uploading evidence");
    }
    let files = json(
        app.post(sam, "/api/evidence/list", &[("activity_id", &activity)])
            .await,
    )
    .await;
    records.add("evidence", &files[0]["id"]);
    records.add("evidence_spare", &files[1]["id"]);

    for name in ["goal", "goal_spare"] {
        let fields = [
            ("title", "MPE recognition"),
            ("target_date", "2027-09-30"),
            ("status", "in_progress"),
        ];
        let id = created(
            app.post_input(sam, "/api/development/create", &[], &fields)
                .await,
            name,
        )
        .await;
        records.add(name, id);
    }
    for name in ["registration", "registration_spare"] {
        let fields = [
            ("body", "rpa"),
            ("number", "RPA2000/RPA/0999"),
            ("expires_on", "2028-01-31"),
        ];
        let id = created(
            app.post_input(sam, "/api/registrations/create", &[], &fields)
                .await,
            name,
        )
        .await;
        records.add(name, id);
    }

    let mut sessions = Vec::new();
    for days in [10, 20] {
        let fields = [
            ("session_date", in_days(days)),
            ("hours", "1".to_string()),
            ("purpose", "Read the new IPEM report".to_string()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        sessions.push(
            created(
                app.post_input(sam, "/api/plt/request", &[], &fields).await,
                "a PLT request",
            )
            .await,
        );
    }
    records.add("plt", &sessions[0]);
    // The manager approves the other: Sam is told.
    let response = app
        .post(
            manager,
            "/api/plt/decide",
            &[("id", &sessions[1]), ("decision", "approve")],
        )
        .await;
    assert_eq!(response.status(), 200, "approving PLT");
    let notifications = json(app.post(sam, "/api/notifications/mine", &[]).await).await;
    records.add("notification", &notifications["rows"][0]["id"]);

    let start = in_days(60);
    let fields = [
        ("activity", "Linac commissioning course"),
        ("provider", "IPEM"),
        ("start_date", &start),
        ("end_date", &start),
        ("fee", "100"),
        ("source", "trust"),
        ("justification", "Needed for the new linac"),
    ];
    let id = created(
        app.post_input(sam, "/api/funding/requests/create", &[], &fields)
            .await,
        "a funding request",
    )
    .await;
    records.add("funding", id);

    let mut mine = json(app.post(sam, "/api/job-plans/mine", &[]).await).await;
    if mine["latest"].is_null() {
        created(
            app.post(sam, "/api/job-plans/start", &[]).await,
            "a job plan",
        )
        .await;
        mine = json(app.post(sam, "/api/job-plans/mine", &[]).await).await;
    }
    let plan = &mine["latest"];
    records.add("plan", &plan["id"]);
    records.add("plan_lock", &plan["lock_version"]);
    records.add("plan_form", &plan["form"]);
    records
}

async fn upload(app: &TestApp, client: &Client, path: &str) -> Response {
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes(PDF.to_vec()).file_name("certificate.pdf"),
    );
    client
        .post(format!("{}{path}", app.address))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .expect("request")
}

async fn call(
    app: &TestApp,
    client: &Client,
    path: &str,
    send: &Body,
    records: &Records,
) -> Response {
    let url = format!("{}{path}", app.address);
    let request = match send {
        Body::Form(fields) => {
            let fields: Vec<(&str, String)> =
                fields.iter().map(|(k, v)| (*k, records.fill(v))).collect();
            client.post(url).form(&fields)
        }
        Body::Json(body) => client
            .post(url)
            .header("content-type", "application/json")
            .body(records.fill(body)),
        Body::Get => client.get(url),
        Body::File => return upload(app, client, path).await,
        Body::Raw(body) => client.post(url).body(*body),
    };
    request.send().await.expect("request")
}

/// The letter a status stands for (see `Row`), if any.
fn class(status: u16) -> Option<char> {
    match status {
        401 => Some('-'),
        403 => Some('x'),
        404 => Some('n'),
        200..=399 | 409 | 422 => Some('o'),
        _ => None,
    }
}

fn meaning(letter: char) -> &'static str {
    match letter {
        'o' => "allowed",
        '-' => "401 signed out",
        'x' => "403 refused",
        'n' => "404 not found",
        _ => "?",
    }
}

/// Every registered server function and file route (method and path), as
/// the matrix names them.
fn registered() -> BTreeSet<(String, String)> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_string(), method.to_string()))
        .chain(
            mpce_portal::server::routes::registered()
                .into_iter()
                .map(|(path, method)| (shape(&path), method.to_string())),
        )
        .collect()
}

#[tokio::test]
async fn every_server_function_and_file_route_has_a_row() {
    // The server functions register themselves when the application is
    // built: list them from a running one.
    let _app = crate::harness::spawn_app().await;
    let registered = registered();
    let covered: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|row| (shape(row.path), method(&row.send).to_string()))
        .collect();
    let missing: Vec<String> = registered
        .difference(&covered)
        .map(|(path, method)| format!("{method} {path}"))
        .collect();
    let unknown: Vec<String> = covered
        .difference(&registered)
        .map(|(path, method)| format!("{method} {path}"))
        .collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "the authorisation matrix is out of date.\nRegistered without a row (add one to MATRIX in src/tests/authorisation_matrix.rs):\n  {}\nRows for nothing registered:\n  {}",
        missing.join("\n  "),
        unknown.join("\n  ")
    );
    for row in MATRIX {
        assert!(
            row.expect.len() == CALLERS.len() && row.expect.chars().all(|c| "o-xn".contains(c)),
            "{}: an expectation is seven of o - x n, not {:?}",
            row.path,
            row.expect
        );
    }
}

#[tokio::test]
async fn every_endpoint_answers_each_caller_as_the_matrix_says() {
    let app = TestApp::with_demo_data().await;
    let manager = app.signed_in("manager@demo.test").await;
    let sam = app.signed_in("staff@demo.test").await;
    let records = sams_records(&app, &sam, &manager).await;
    let clients = [
        app.client(),
        sam,
        manager,
        app.signed_in("head@demo.test").await,
        app.signed_in("hr@demo.test").await,
        app.signed_in("admin@demo.test").await,
        app.other_team_manager().await,
    ];

    // Signing out ends each caller's session: those rows run last.
    let (last, first): (Vec<&Row>, Vec<&Row>) = MATRIX
        .iter()
        .partition(|row| row.path == "/api/session/sign-out");
    let mut mismatches = Vec::new();
    let mut checks = 0;
    // The statuses of the allowed calls, for the summary.
    let mut allowed = std::collections::BTreeMap::<u16, usize>::new();
    for row in first.into_iter().chain(last) {
        let path = records.fill(row.path);
        for caller in RUN_ORDER {
            let expected = row.expect.chars().nth(caller).unwrap();
            let response = call(&app, &clients[caller], &path, &row.send, &records).await;
            let status = response.status().as_u16();
            // Read it all: a streamed file that breaks off is a failure too.
            let body = response.bytes().await;
            checks += 1;
            let who = CALLERS[caller];
            let method = method(&row.send);
            let text = match &body {
                Ok(bytes) => String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned(),
                Err(error) => {
                    mismatches.push(format!(
                        "{method} {path} as {who}: the body broke off ({error})"
                    ));
                    continue;
                }
            };
            if status >= 500 {
                mismatches.push(format!(
                    "{method} {path} as {who}: server error {status}: {text}"
                ));
            } else if class(status) != Some(expected) {
                mismatches.push(format!(
                    "{method} {path} as {who}: expected {expected} ({}), got {status}: {text}",
                    meaning(expected)
                ));
            } else if expected == 'o' {
                *allowed.entry(status).or_default() += 1;
            } else if expected == '-' && path.starts_with("/api/") && text != "\"SignedOut\"" {
                mismatches.push(format!(
                    "{method} {path} as {who}: 401 without \"SignedOut\": {text}"
                ));
            }
        }
    }
    let endpoints = registered().len();
    println!(
        "authorisation matrix: {endpoints} endpoints and routes ({} rows) x {} callers = {checks} checks",
        MATRIX.len(),
        CALLERS.len()
    );
    println!("allowed calls answered (status: calls): {allowed:?}");
    assert!(
        mismatches.is_empty(),
        "{} of {checks} authorisation checks failed (letters: o allowed, - 401, x 403, n 404):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
