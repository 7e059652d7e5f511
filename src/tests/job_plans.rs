//! Job plans: the workflow from draft to sign-off over HTTP, the editor's
//! checks, who may do what, racing actions, the team view with its
//! approvals queue, reopening, and the category names.

use crate::harness::{TestApp, invalid_fields, json};
use chrono::{Months, NaiveDate, Utc};
use mpce_portal::domain::financial_year::FinancialYear;
use reqwest::{Client, Response};
use serde_json::{Value, json as object};

const SAM: &str = "Sam Patel";
const TOM: &str = "Dr Tom Okafor";
const PRIYA: &str = "Dr Priya Raman";

// ---------------------------------------------------------------- helpers

/// One weekly activity as the editor sends it, 42 weeks a year.
pub(crate) fn activity(
    day: &str,
    start: &str,
    end: &str,
    category: &str,
    description: &str,
) -> Value {
    object!({
        "day": day,
        "start": start,
        "end": end,
        "category": category,
        "description": description,
        "location": "",
        "recurrence": "every",
        "every_n_weeks": "",
        "weeks_per_year": "42",
    })
}

/// A valid plan: clinics, an SPA slot, a week-1/week-2 pair at the same
/// time and an annualised audit. Written as the server writes it back, so
/// a stored plan reads back equal to it.
pub(crate) fn valid_plan() -> Value {
    let mut week1 = activity("wednesday", "09:00", "17:00", "dcc", "Treatment planning");
    week1["recurrence"] = "week1".into();
    let mut week2 = activity("wednesday", "09:00", "17:00", "anr", "Radiation protection");
    week2["recurrence"] = "week2".into();
    object!({
        "contract_kind": "afc",
        "contract_amount": "37.5",
        "leave_days": "27",
        "public_holidays": "8",
        "study_leave_days": "0",
        "on_call_frequency": "",
        "on_call_category": "",
        "on_call_hours": "",
        "activities": [
            activity("monday", "09:00", "12:30", "dcc", "Linac QA"),
            activity("monday", "13:00", "17:00", "dcc", "Planning clinic"),
            activity("tuesday", "09:00", "12:30", "spa", "Journal reading"),
            week1,
            week2,
        ],
        "annualised": [
            {"category": "spa", "description": "Departmental audit", "hours_per_year": "40"},
        ],
    })
}

/// The valid plan's SPA slot as the comparison describes it.
const SPA_SLOT: &str = "Tuesday 09:00-12:30, Supporting Professional Activities: Journal reading, every week, 42 weeks a year";

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

pub(crate) fn this_year() -> FinancialYear {
    FinancialYear::containing(today())
}

/// The plan year after this one, for the plans of people other than Sam:
/// the demo data may already give them this year's plan.
fn next_year() -> i32 {
    this_year().0 + 1
}

/// The three people of the workflow, signed in.
pub(crate) struct Cast {
    pub(crate) sam: Client,
    pub(crate) manager: Client,
    pub(crate) head: Client,
}

pub(crate) async fn cast(app: &TestApp) -> Cast {
    Cast {
        sam: app.signed_in("staff@demo.test").await,
        manager: app.signed_in("manager@demo.test").await,
        head: app.signed_in("head@demo.test").await,
    }
}

async fn start_response(app: &TestApp, client: &Client) -> Response {
    app.post(client, "/api/job-plans/start", &[]).await
}

/// Starts the client's plan for the current plan year (the default).
async fn start(app: &TestApp, client: &Client) -> i64 {
    let response = start_response(app, client).await;
    assert_eq!(response.status(), 200, "start a plan");
    json(response).await.as_i64().unwrap()
}

/// Starts the client's plan for the plan year starting in `year`.
pub(crate) async fn start_in(app: &TestApp, client: &Client, year: i32) -> i64 {
    let response = app
        .post(
            client,
            "/api/job-plans/start",
            &[("year", &year.to_string())],
        )
        .await;
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "start a plan for {year}: {body}");
    body.parse().unwrap()
}

async fn get(app: &TestApp, client: &Client, id: i64) -> Response {
    app.post(client, "/api/job-plans/get", &[("id", &id.to_string())])
        .await
}

/// The plan as `client` sees it (must be allowed).
async fn view(app: &TestApp, client: &Client, id: i64) -> Value {
    let response = get(app, client, id).await;
    assert_eq!(response.status(), 200, "view plan {id}");
    json(response).await
}

pub(crate) async fn save(
    app: &TestApp,
    client: &Client,
    id: i64,
    lock: i64,
    form: &Value,
) -> Response {
    app.post_json(
        client,
        "/api/job-plans/save",
        &object!({"id": id, "lock_version": lock, "form": form}),
    )
    .await
}

pub(crate) async fn act(
    app: &TestApp,
    client: &Client,
    id: i64,
    lock: i64,
    action: &str,
    comment: &str,
) -> Response {
    app.post(
        client,
        "/api/job-plans/act",
        &[
            ("id", &id.to_string()),
            ("lock_version", &lock.to_string()),
            ("action", action),
            ("comment", comment),
        ],
    )
    .await
}

async fn post_id(app: &TestApp, client: &Client, path: &str, id: i64) -> Response {
    app.post(client, path, &[("id", &id.to_string())]).await
}

async fn calendar(app: &TestApp, client: &Client, id: i64) -> Response {
    app.get(client, &format!("/job-plans/{id}/calendar.ics"))
        .await
}

pub(crate) async fn lock_of(app: &TestApp, id: i64) -> i64 {
    app.count(&format!(
        "SELECT lock_version FROM job_plans WHERE id = {id}"
    ))
    .await
}

pub(crate) async fn status_of(app: &TestApp, id: i64) -> String {
    let row = sea_orm::ConnectionTrait::query_one_raw(
        &app.state.db,
        sea_orm::Statement::from_string(
            app.state.db.get_database_backend(),
            format!("SELECT status FROM job_plans WHERE id = {id}"),
        ),
    )
    .await
    .unwrap()
    .unwrap();
    row.try_get_by_index::<String>(0).unwrap()
}

pub(crate) async fn events_of(app: &TestApp, id: i64) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM job_plan_events WHERE job_plan_id = {id}"
    ))
    .await
}

async fn activities_of(app: &TestApp, id: i64) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM job_plan_activities WHERE job_plan_id = {id}"
    ))
    .await
}

/// Takes a workflow step with the current lock version; it must succeed.
/// Answers the plan to show next.
pub(crate) async fn step(
    app: &TestApp,
    client: &Client,
    id: i64,
    action: &str,
    comment: &str,
) -> i64 {
    let lock = lock_of(app, id).await;
    let response = act(app, client, id, lock, action, comment).await;
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{action} on plan {id}: {body}");
    body.parse().unwrap()
}

/// Saves `form` with the current lock version; it must succeed.
pub(crate) async fn save_ok(app: &TestApp, client: &Client, id: i64, form: &Value) {
    let lock = lock_of(app, id).await;
    let response = save(app, client, id, lock, form).await;
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "save plan {id}: {body}");
    assert_eq!(body, (lock + 1).to_string(), "the new lock version");
}

/// `owner`'s plan for the plan year starting in `year`, holding
/// `valid_plan()`, taken through the workflow up to `status`: "draft",
/// "submitted", "agreed" or "signed_off" (agreed by the manager, signed off
/// by the head, as for Sam).
pub(crate) async fn plan_at(
    app: &TestApp,
    cast: &Cast,
    owner: &Client,
    year: i32,
    status: &str,
) -> i64 {
    let id = start_in(app, owner, year).await;
    save_ok(app, owner, id, &valid_plan()).await;
    let steps = [
        ("submitted", owner, "submit"),
        ("agreed", &cast.manager, "agree"),
        ("signed_off", &cast.head, "sign_off"),
    ];
    if status != "draft" {
        for (reached, client, action) in steps {
            step(app, client, id, action, "").await;
            if reached == status {
                break;
            }
        }
    }
    assert_eq!(status_of(app, id).await, status);
    id
}

/// How many plan versions the person has.
async fn plans_of(app: &TestApp, email: &str) -> i64 {
    let person = app.person_id(email).await;
    app.count(&format!(
        "SELECT COUNT(*) FROM job_plans WHERE person_id = {person}"
    ))
    .await
}

/// The team view's rows that pass `keep`.
fn rows(view: &Value, keep: impl Fn(&Value) -> bool) -> Vec<Value> {
    view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| keep(r))
        .cloned()
        .collect()
}

/// The share as the team view rounds it.
fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2) / whole
}

fn strings(value: &Value, key: &str) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v[key].as_str().unwrap_or_default().to_string())
        .collect()
}

// ---------------------------------------------------------------- workflow

#[tokio::test]
async fn a_plan_is_returned_resubmitted_agreed_and_signed_off_then_versioned_and_carried_forward() {
    let app = TestApp::with_demo_data().await;
    let cast = cast(&app).await;

    let mine = json(app.post(&cast.sam, "/api/job-plans/mine", &[]).await).await;
    assert_eq!(mine["can_start"], true);
    assert_eq!(mine["latest"], Value::Null);

    let id = start(&app, &cast.sam).await;
    let started = view(&app, &cast.sam, id).await;
    assert_eq!(started["status"], "Draft");
    assert_eq!(started["version"], 1);
    assert_eq!(started["person_name"], SAM);
    assert_eq!(started["year_label"], this_year().to_string());
    assert_eq!(started["form"]["activities"], object!([]));
    assert_eq!(started["can"]["edit"], true);
    assert_eq!(
        app.post(&cast.sam, "/api/job-plans/start", &[])
            .await
            .status(),
        409,
        "one plan a year"
    );

    let lock = started["lock_version"].as_i64().unwrap();
    let response = save(&app, &cast.sam, id, lock, &valid_plan()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await, lock + 1);
    let saved = view(&app, &cast.sam, id).await;
    assert_eq!(saved["form"], valid_plan(), "the plan reads back as saved");
    assert_eq!(saved["lock_version"], lock + 1);
    assert_eq!(activities_of(&app, id).await, 5);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM job_plan_annualised WHERE job_plan_id = {id}"
        ))
        .await,
        1
    );

    step(&app, &cast.sam, id, "submit", "").await;
    let submitted = view(&app, &cast.sam, id).await;
    assert_eq!(submitted["status"], "Submitted");
    assert_eq!(submitted["submitted_on"], today().to_string());
    assert_eq!(submitted["can"]["edit"], false);
    assert_eq!(submitted["can"]["withdraw"], true);

    // Returning needs a comment.
    let lock = lock_of(&app, id).await;
    let response = act(&app, &cast.manager, id, lock, "return", "  ").await;
    assert_eq!(response.status(), 422);
    assert_eq!(invalid_fields(&json(response).await), ["comment"]);
    assert_eq!(lock_of(&app, id).await, lock, "nothing changed");
    assert_eq!(status_of(&app, id).await, "submitted");
    step(&app, &cast.manager, id, "return", "Add your on-call rota").await;
    let returned = view(&app, &cast.sam, id).await;
    assert_eq!(returned["status"], "Draft");
    assert_eq!(returned["submitted_on"], Value::Null);
    assert_eq!(returned["can"]["edit"], true);

    let mut edited = valid_plan();
    edited["on_call_frequency"] = "6".into();
    edited["on_call_category"] = "B".into();
    edited["on_call_hours"] = "3".into();
    save_ok(&app, &cast.sam, id, &edited).await;
    step(&app, &cast.sam, id, "submit", "").await;
    let manager_view = view(&app, &cast.manager, id).await;
    assert_eq!(manager_view["can"]["agree"], true);
    assert_eq!(manager_view["can"]["edit"], false);
    assert_eq!(manager_view["form"], edited, "the manager reads the plan");
    step(&app, &cast.manager, id, "agree", "").await;
    let head_view = view(&app, &cast.head, id).await;
    assert_eq!(head_view["status"], "Agreed");
    assert_eq!(head_view["can"]["sign_off"], true);
    let before = today();
    step(&app, &cast.head, id, "sign_off", "").await;
    let after = today();

    let signed = view(&app, &cast.sam, id).await;
    assert_eq!(signed["status"], "SignedOff");
    assert_eq!(signed["agreed_by"], TOM);
    assert_eq!(signed["signed_off_by"], PRIYA);
    let signed_on: NaiveDate = signed["signed_off_on"].as_str().unwrap().parse().unwrap();
    assert!(
        signed_on == before || signed_on == after,
        "{signed_on} is today"
    );
    assert_eq!(
        signed["review_due"],
        (signed_on + Months::new(12)).to_string(),
        "review due 12 months after sign-off"
    );
    assert_eq!(signed["is_current"], true);
    assert_eq!(signed["form"], edited);
    assert_eq!(
        strings(&signed["events"], "label"),
        [
            "Started",
            "Submitted",
            "Returned to draft",
            "Submitted",
            "Agreed",
            "Signed off"
        ]
    );
    assert_eq!(
        strings(&signed["events"], "by"),
        [SAM, SAM, TOM, SAM, TOM, PRIYA]
    );
    assert_eq!(signed["events"][2]["comment"], "Add your on-call rota");
    assert_eq!(signed["can"]["new_version"], true);
    assert_eq!(signed["can"]["edit"], false);

    // A signed-off plan cannot be changed.
    let lock = signed["lock_version"].as_i64().unwrap();
    let response = save(&app, &cast.sam, id, lock, &valid_plan()).await;
    assert_eq!(response.status(), 409);
    let body = json(response).await;
    assert!(
        body["Conflict"].as_str().unwrap().contains("signed off"),
        "{body}"
    );
    let unchanged = view(&app, &cast.sam, id).await;
    assert_eq!(unchanged["form"], edited);
    assert_eq!(unchanged["lock_version"], lock);
    assert_eq!(unchanged["status"], "SignedOff");
    assert_eq!(activities_of(&app, id).await, 5);

    // A new version: a draft copy; the signed-off version stays.
    let response = post_id(&app, &cast.sam, "/api/job-plans/new-version", id).await;
    assert_eq!(response.status(), 200);
    let v2 = json(response).await.as_i64().unwrap();
    assert_ne!(v2, id);
    let second = view(&app, &cast.sam, v2).await;
    assert_eq!(second["version"], 2);
    assert_eq!(second["status"], "Draft");
    assert_eq!(second["form"], edited);
    assert_eq!(second["signed_off_on"], Value::Null);
    assert_eq!(strings(&second["events"], "label"), ["New version started"]);
    assert_eq!(
        second["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| (
                v["version"].as_i64().unwrap(),
                v["status"].as_str().unwrap()
            ))
            .collect::<Vec<_>>(),
        [(2, "Draft"), (1, "SignedOff")]
    );
    let first = view(&app, &cast.sam, id).await;
    assert_eq!(first["version"], 1);
    assert_eq!(first["status"], "SignedOff");
    assert_eq!(first["is_current"], true, "still current until replaced");
    assert_eq!(first["can"]["new_version"], false, "no longer the latest");
    assert_eq!(
        post_id(&app, &cast.sam, "/api/job-plans/new-version", id)
            .await
            .status(),
        409,
        "only from the latest version"
    );

    // Version 2 moves the SPA slot to Thursday.
    let mut moved = edited.clone();
    moved["activities"][2]["day"] = "thursday".into();
    save_ok(&app, &cast.sam, v2, &moved).await;
    let response = app
        .post(
            &cast.sam,
            "/api/job-plans/compare",
            &[("from", &id.to_string()), ("to", &v2.to_string())],
        )
        .await;
    assert_eq!(response.status(), 200);
    let comparison = json(response).await;
    assert_eq!(comparison["person_name"], SAM);
    assert_eq!(comparison["from"]["version"], 1);
    assert_eq!(comparison["to"]["version"], 2);
    assert_eq!(
        comparison["changes"],
        object!([
            {"Removed": SPA_SLOT},
            {"Added": SPA_SLOT.replace("Tuesday", "Thursday")},
        ])
    );
    let manager_compare = app
        .post(
            &cast.manager,
            "/api/job-plans/compare",
            &[("from", &id.to_string()), ("to", &v2.to_string())],
        )
        .await;
    assert_eq!(manager_compare.status(), 200, "the manager compares too");

    // Next year's plan: a draft copy, once.
    let response = post_id(&app, &cast.sam, "/api/job-plans/next-year", v2).await;
    assert_eq!(response.status(), 200);
    let next = json(response).await.as_i64().unwrap();
    let copied = view(&app, &cast.sam, next).await;
    assert_eq!(copied["year"], this_year().0 + 1);
    assert_eq!(
        copied["year_label"],
        FinancialYear(this_year().0 + 1).to_string()
    );
    assert_eq!(copied["version"], 1);
    assert_eq!(copied["status"], "Draft");
    assert_eq!(copied["form"], moved);
    assert_eq!(
        strings(&copied["events"], "label"),
        ["Copied from the previous year"]
    );
    assert_eq!(
        post_id(&app, &cast.sam, "/api/job-plans/next-year", v2)
            .await
            .status(),
        409
    );
    assert_eq!(
        post_id(&app, &cast.sam, "/api/job-plans/next-year", id)
            .await
            .status(),
        409,
        "from any version of the year"
    );
    assert_eq!(plans_of(&app, "staff@demo.test").await, 3);

    let mine = json(app.post(&cast.sam, "/api/job-plans/mine", &[]).await).await;
    assert_eq!(mine["can_start"], false);
    assert_eq!(mine["latest"]["id"], next);
    assert_eq!(
        mine["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [next, v2, id]
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('job_plan.submit', 'job_plan.agree', 'job_plan.sign_off', 'job_plan.return')"
        )
        .await,
        5
    );
}

#[tokio::test]
async fn a_stale_lock_version_is_a_conflict_that_changes_nothing() {
    let app = TestApp::with_demo_data().await;
    let cast = cast(&app).await;
    let id = plan_at(&app, &cast, &cast.sam, this_year().0, "draft").await;
    let seen = lock_of(&app, id).await;
    save_ok(&app, &cast.sam, id, &valid_plan()).await;

    let mut other = valid_plan();
    other["activities"] = object!([]);
    let response = save(&app, &cast.sam, id, seen, &other).await;
    assert_eq!(response.status(), 409);
    let body = json(response).await;
    assert!(
        body["Conflict"]
            .as_str()
            .unwrap()
            .contains("changed since you opened it"),
        "{body}"
    );
    let response = act(&app, &cast.sam, id, seen, "submit", "").await;
    assert_eq!(response.status(), 409);
    let body = json(response).await;
    assert!(
        body["Conflict"]
            .as_str()
            .unwrap()
            .contains("changed since you opened it"),
        "{body}"
    );
    assert_eq!(status_of(&app, id).await, "draft");
    assert_eq!(lock_of(&app, id).await, seen + 1);
    assert_eq!(activities_of(&app, id).await, 5);
    assert_eq!(events_of(&app, id).await, 1, "only Started");

    // A plan with no activities cannot be submitted.
    save_ok(&app, &cast.sam, id, &other).await;
    let lock = lock_of(&app, id).await;
    let response = act(&app, &cast.sam, id, lock, "submit", "").await;
    assert_eq!(response.status(), 422);
    assert_eq!(invalid_fields(&json(response).await), ["action"]);
    let response = act(&app, &cast.sam, id, lock, "approve", "").await;
    assert_eq!(response.status(), 422, "an unknown action");
    assert_eq!(invalid_fields(&json(response).await), ["action"]);
    assert_eq!(lock_of(&app, id).await, lock);

    let response = app
        .post(&cast.sam, "/api/job-plans/start", &[("year", "next")])
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(invalid_fields(&json(response).await), ["year"]);

    // A plan that does not exist.
    for response in [
        get(&app, &cast.sam, 999_999).await,
        act(&app, &cast.sam, 999_999, 0, "submit", "").await,
        save(&app, &cast.sam, 999_999, 0, &valid_plan()).await,
        post_id(&app, &cast.sam, "/api/job-plans/new-version", 999_999).await,
        calendar(&app, &cast.sam, 999_999).await,
    ] {
        assert_eq!(response.status(), 404, "{}", response.url());
    }
}

// ---------------------------------------------------------------- bad input

#[tokio::test]
async fn bad_plans_are_refused_field_by_field_and_nothing_is_stored() {
    let app = TestApp::with_demo_data().await;
    let sam = app.signed_in("staff@demo.test").await;
    let id = start(&app, &sam).await;
    save_ok(&app, &sam, id, &valid_plan()).await;
    let lock = lock_of(&app, id).await;

    type Edit = fn(&mut Value);
    let cases: [(&str, Edit, &[&str], &str); 7] = [
        (
            "end before start",
            |p| {
                p["activities"][0]["start"] = "12:00".into();
                p["activities"][0]["end"] = "09:00".into();
            },
            &["activity-0-end"],
            "Activity 1: the end must be after the start",
        ),
        (
            "overlapping activities",
            |p| {
                let clash = activity("monday", "10:00", "11:00", "spa", "Teaching");
                p["activities"].as_array_mut().unwrap().push(clash);
            },
            &["activity-5-start"],
            "Activity 6 overlaps activity 1 on Monday (09:00-12:30)",
        ),
        (
            "25:00",
            |p| p["activities"][2]["start"] = "25:00".into(),
            &["activity-2-start"],
            "Activity 3: start time: Enter a time from 00:00 to 24:00",
        ),
        (
            "zero length",
            |p| p["activities"][1]["end"] = "13:00".into(),
            &["activity-1-end"],
            "lasts no time at all",
        ),
        (
            "negative weeks",
            |p| p["activities"][3]["weeks_per_year"] = "-4".into(),
            &["activity-3-weeks_per_year"],
            "Activity 4: weeks a year must be more than 0",
        ),
        (
            "more than 52 weeks",
            |p| p["activities"][4]["weeks_per_year"] = "53".into(),
            &["activity-4-weeks_per_year"],
            "Activity 5: weeks a year can be at most 52",
        ),
        (
            "several at once",
            |p| {
                p["contract_amount"] = "0".into();
                p["activities"][0]["end"] = "09:00".into();
                p["annualised"][0]["hours_per_year"] = "-1".into();
            },
            &[
                "contract_amount",
                "activity-0-end",
                "annualised-0-hours_per_year",
            ],
            "Contracted hours a week must be a number",
        ),
    ];
    for (what, edit, fields, message) in cases {
        let mut plan = valid_plan();
        edit(&mut plan);
        let response = save(&app, &sam, id, lock, &plan).await;
        assert_eq!(response.status(), 422, "{what}");
        let body = json(response).await;
        assert_eq!(invalid_fields(&body), fields, "{what}");
        assert!(
            body["Invalid"][0]["message"]
                .as_str()
                .unwrap()
                .contains(message),
            "{what}: {body}"
        );
        assert_eq!(lock_of(&app, id).await, lock, "{what}: nothing stored");
        assert_eq!(activities_of(&app, id).await, 5, "{what}: nothing stored");
    }
    assert_eq!(view(&app, &sam, id).await["form"], valid_plan());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'job_plan.save'")
            .await,
        1,
        "only the valid save"
    );

    // Week 1 and week 2 at the same time do not clash; an every-week
    // activity at the same time does.
    let mut plan = valid_plan();
    plan["activities"][4]["recurrence"] = "every".into();
    let response = save(&app, &sam, id, lock, &plan).await;
    assert_eq!(response.status(), 422);
    assert_eq!(invalid_fields(&json(response).await), ["activity-4-start"]);
}

// ---------------------------------------------------------------- who may

/// `client` may not take `action` on the plan: 403 for someone who may see
/// it, 404 for anyone else (`hidden`), and nothing changes.
async fn refused(app: &TestApp, id: i64, who: &str, client: &Client, action: &str) {
    let hidden = who == "a colleague" || who == "another team's manager";
    let lock = lock_of(app, id).await;
    let status = status_of(app, id).await;
    let comment = if action == "return" { "No" } else { "" };
    let response = act(app, client, id, lock, action, comment).await;
    let expected = if hidden { 404 } else { 403 };
    assert_eq!(response.status(), expected, "{who} may not {action}");
    assert_eq!(lock_of(app, id).await, lock, "{who} {action}: unchanged");
    assert_eq!(
        status_of(app, id).await,
        status,
        "{who} {action}: unchanged"
    );
}

#[tokio::test]
async fn only_the_owner_edits_only_the_line_manager_agrees_and_only_a_head_signs_off() {
    let app = TestApp::with_demo_data().await;
    let cast = cast(&app).await;
    let colleague = app.colleague().await;
    let id = plan_at(&app, &cast, &cast.sam, this_year().0, "draft").await;

    // A draft: only Sam saves and submits it.
    let lock = lock_of(&app, id).await;
    for (who, client, expected) in [
        ("the manager", &cast.manager, 403),
        ("the head", &cast.head, 403),
        ("a colleague", &colleague, 404),
    ] {
        let response = save(&app, client, id, lock, &valid_plan()).await;
        assert_eq!(response.status(), expected, "{who} saving Sam's plan");
        refused(&app, id, who, client, "submit").await;
    }
    for who in ["hr", "admin"] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        let response = save(&app, &client, id, lock, &valid_plan()).await;
        assert_eq!(response.status(), 403, "{who} has no plan to save");
    }
    assert_eq!(lock_of(&app, id).await, lock);
    step(&app, &cast.sam, id, "submit", "").await;

    // Submitted: only Tom (Sam's line manager) agrees.
    refused(
        &app,
        id,
        "the head (not Sam's line manager)",
        &cast.head,
        "agree",
    )
    .await;
    refused(&app, id, "Sam", &cast.sam, "agree").await;
    refused(&app, id, "a colleague", &colleague, "agree").await;
    refused(&app, id, "a colleague", &colleague, "return").await;
    refused(&app, id, "a colleague", &colleague, "withdraw").await;
    refused(&app, id, "the manager", &cast.manager, "withdraw").await;
    step(&app, &cast.manager, id, "agree", "").await;

    // Agreed: only a head of service of Sam's department signs off.
    refused(&app, id, "the manager", &cast.manager, "sign_off").await;
    refused(&app, id, "Sam", &cast.sam, "sign_off").await;
    refused(&app, id, "a colleague", &colleague, "sign_off").await;
    refused(&app, id, "Sam", &cast.sam, "return").await;
    let other = app.other_team_manager().await;
    refused(&app, id, "another team's manager", &other, "sign_off").await;
    refused(&app, id, "another team's manager", &other, "return").await;
    step(&app, &cast.head, id, "sign_off", "").await;
    assert_eq!(
        view(&app, &cast.sam, id).await["signed_off_by"],
        PRIYA,
        "signed off by the head"
    );

    // Only the owner starts new versions and next year's plan.
    for path in ["/api/job-plans/new-version", "/api/job-plans/next-year"] {
        for (who, client) in [("the manager", &cast.manager), ("the head", &cast.head)] {
            let response = post_id(&app, client, path, id).await;
            assert_eq!(response.status(), 403, "{who} calling {path}");
        }
    }
    assert_eq!(
        plans_of(&app, "staff@demo.test").await,
        1,
        "no plan was added"
    );
}

#[tokio::test]
async fn nobody_agrees_or_signs_off_their_own_plan() {
    let app = TestApp::with_demo_data().await;
    let cast = cast(&app).await;
    // Tom's own plan: his line manager is the head.
    let id = plan_at(&app, &cast, &cast.manager, next_year(), "draft").await;
    step(&app, &cast.manager, id, "submit", "").await;
    let lock = lock_of(&app, id).await;
    for action in ["agree", "sign_off"] {
        let response = act(&app, &cast.manager, id, lock, action, "").await;
        assert_eq!(response.status(), 403, "Tom may not {action} his own plan");
    }
    let response = act(&app, &cast.manager, id, lock, "return", "Mine").await;
    assert_eq!(response.status(), 403, "nor return it");
    let own_view = view(&app, &cast.manager, id).await;
    assert_eq!(own_view["can"]["agree"], false);
    assert_eq!(own_view["can"]["withdraw"], true);
    let queue = json(app.post(&cast.manager, "/api/job-plans/queue", &[]).await).await;
    assert!(
        !strings(&queue, "person_name").contains(&TOM.to_string()),
        "{queue}"
    );
    assert_eq!(lock_of(&app, id).await, lock);
    step(&app, &cast.head, id, "agree", "").await;
    step(&app, &cast.head, id, "sign_off", "").await;
    assert_eq!(status_of(&app, id).await, "signed_off");

    // The head's own plan: she has no line manager, and cannot sign off
    // her own.
    let own = start_in(&app, &cast.head, next_year()).await;
    save_ok(&app, &cast.head, own, &valid_plan()).await;
    step(&app, &cast.head, own, "submit", "").await;
    let lock = lock_of(&app, own).await;
    let response = act(&app, &cast.head, own, lock, "agree", "").await;
    assert_eq!(response.status(), 403);
    assert_eq!(status_of(&app, own).await, "submitted");
}

#[tokio::test]
async fn outsiders_see_nothing_hr_and_admin_see_status_only_and_the_owner_gets_a_calendar() {
    let app = TestApp::with_demo_data().await;
    let cast = cast(&app).await;
    let id = plan_at(&app, &cast, &cast.sam, this_year().0, "submitted").await;
    step(
        &app,
        &cast.manager,
        id,
        "return",
        "Private: talk to me first",
    )
    .await;
    step(&app, &cast.sam, id, "submit", "").await;
    // A second version, so that there is something to compare.
    step(&app, &cast.manager, id, "agree", "").await;
    step(&app, &cast.head, id, "sign_off", "").await;
    let v2 = json(post_id(&app, &cast.sam, "/api/job-plans/new-version", id).await)
        .await
        .as_i64()
        .unwrap();
    let (from, to) = (id.to_string(), v2.to_string());
    let compare = [("from", from.as_str()), ("to", to.as_str())];

    let other = app.other_team_manager().await;
    let cases: Vec<(&str, Client, u16, u16, u16)> = vec![
        ("Sam", cast.sam.clone(), 200, 200, 200),
        ("the manager", cast.manager.clone(), 200, 200, 200),
        ("the head", cast.head.clone(), 200, 200, 200),
        ("HR", app.signed_in("hr@demo.test").await, 200, 403, 404),
        (
            "admin",
            app.signed_in("admin@demo.test").await,
            200,
            403,
            404,
        ),
        ("a colleague", app.colleague().await, 404, 403, 404),
        ("another team's manager", other.clone(), 404, 403, 404),
        ("signed out", app.client(), 401, 401, 401),
    ];
    for (who, client, read, compared, ics) in cases {
        let response = get(&app, &client, id).await;
        assert_eq!(response.status(), read, "{who} reading the plan");
        if read == 200 {
            let plan = json(response).await;
            assert_eq!(plan["status"], "SignedOff", "{who}");
            assert_eq!(plan["signed_off_by"], PRIYA, "{who} sees dates and names");
            let full = compared == 200;
            assert_eq!(!plan["form"].is_null(), full, "{who}: the plan itself");
            assert_eq!(
                plan["events"][2]["comment"],
                if full {
                    object!("Private: talk to me first")
                } else {
                    Value::Null
                },
                "{who}: history comments"
            );
            assert_eq!(plan["events"].as_array().unwrap().len(), 6, "{who}");
        } else if read == 401 {
            assert_eq!(response.text().await.unwrap(), "\"SignedOut\"");
        }
        let response = app.post(&client, "/api/job-plans/compare", &compare).await;
        assert_eq!(response.status(), compared, "{who} comparing versions");
        let response = calendar(&app, &client, id).await;
        assert_eq!(response.status(), ics, "{who} downloading the calendar");
        if ics == 200 {
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string()
            };
            assert!(header("content-type").starts_with("text/calendar"), "{who}");
            let disposition = header("content-disposition");
            assert!(disposition.starts_with("attachment"), "{disposition}");
            assert!(disposition.contains(".ics"), "{disposition}");
            let ics = response.text().await.unwrap();
            assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
            assert_eq!(ics.matches("BEGIN:VEVENT").count(), 5, "{ics}");
            assert!(ics.contains("RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL="), "{ics}");
            assert!(ics.contains("RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL="), "{ics}");
            assert!(
                ics.contains("SUMMARY:Linac QA (Direct Clinical Care)"),
                "{ics}"
            );
        }
    }

    // Signed out: every job-plan endpoint, including the JSON save.
    let signed_out = app.client();
    let response = save(&app, &signed_out, v2, 0, &valid_plan()).await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.text().await.unwrap(), "\"SignedOut\"");
    let response = act(&app, &signed_out, v2, 0, "submit", "").await;
    assert_eq!(response.status(), 401);
    assert_eq!(lock_of(&app, v2).await, 0);

    // Another team's manager cannot act on, or copy, Sam's plan either, and
    // is not told that it exists.
    let response = save(&app, &other, v2, 0, &valid_plan()).await;
    assert_eq!(response.status(), 404);
    let response = post_id(&app, &other, "/api/job-plans/next-year", v2).await;
    assert_eq!(response.status(), 404);
}

// ---------------------------------------------------------------- races

/// Fires two actions on the plan at once with the same lock version:
/// exactly one wins, the other is told the plan changed, and exactly one
/// history entry is added. Answers the winner's index.
async fn race(app: &TestApp, id: i64, racers: [(&Client, &str, &str); 2]) -> usize {
    let lock = lock_of(app, id).await;
    let events = events_of(app, id).await;
    let [
        (a_client, a_action, a_comment),
        (b_client, b_action, b_comment),
    ] = racers;
    let (a, b) = tokio::join!(
        act(app, a_client, id, lock, a_action, a_comment),
        act(app, b_client, id, lock, b_action, b_comment),
    );
    let statuses = [a.status().as_u16(), b.status().as_u16()];
    let bodies = [a.text().await.unwrap(), b.text().await.unwrap()];
    let winner = match statuses {
        [200, 409] => 0,
        [409, 200] => 1,
        _ => panic!("{a_action} vs {b_action}: {statuses:?} {bodies:?}"),
    };
    let loser: Value = serde_json::from_str(&bodies[1 - winner]).unwrap();
    assert!(
        loser["Conflict"]
            .as_str()
            .unwrap()
            .contains("changed since you opened it"),
        "the loser is told the plan changed: {loser}"
    );
    assert_eq!(lock_of(app, id).await, lock + 1);
    assert_eq!(events_of(app, id).await, events + 1, "one history entry");
    let expected = match racers[winner].1 {
        "agree" => "agreed",
        "return" | "withdraw" => "draft",
        other => panic!("unexpected action {other}"),
    };
    assert_eq!(status_of(app, id).await, expected, "the winner's status");
    winner
}

#[tokio::test]
async fn of_two_actions_at_once_on_the_same_version_exactly_one_succeeds() {
    let app = TestApp::with_demo_data().await;
    let cast = cast(&app).await;
    // Two windows of the manager.
    let second_manager = app.signed_in("manager@demo.test").await;
    let id = plan_at(&app, &cast, &cast.sam, this_year().0, "submitted").await;

    let mut wins = [[0; 2]; 2];
    for _round in 0..5 {
        let winner = race(
            &app,
            id,
            [
                (&cast.manager, "agree", ""),
                (&second_manager, "return", "Wrong clinic times"),
            ],
        )
        .await;
        wins[0][winner] += 1;
        if status_of(&app, id).await == "agreed" {
            step(&app, &cast.manager, id, "return", "Start again").await;
        }
        step(&app, &cast.sam, id, "submit", "").await;

        let winner = race(
            &app,
            id,
            [(&cast.sam, "withdraw", ""), (&cast.manager, "agree", "")],
        )
        .await;
        wins[1][winner] += 1;
        if status_of(&app, id).await == "agreed" {
            step(&app, &cast.manager, id, "return", "Start again").await;
        }
        step(&app, &cast.sam, id, "submit", "").await;
    }
    // Every agreement that won is in the history, and no other.
    let agreed = app
        .count(&format!(
            "SELECT COUNT(*) FROM job_plan_events WHERE job_plan_id = {id} AND action = 'agreed'"
        ))
        .await;
    assert_eq!(agreed, i64::from(wins[0][0] + wins[1][1]), "{wins:?}");
}

#[tokio::test]
async fn a_save_and_a_submit_at_once_from_two_windows_do_not_both_happen() {
    let app = TestApp::with_demo_data().await;
    let cast = cast(&app).await;
    let other_window = app.signed_in("staff@demo.test").await;
    let id = plan_at(&app, &cast, &cast.sam, this_year().0, "draft").await;
    let mut edited = valid_plan();
    edited["activities"][0]["description"] = "Linac QA and commissioning".into();
    for _round in 0..5 {
        save_ok(&app, &cast.sam, id, &valid_plan()).await;
        let lock = lock_of(&app, id).await;
        let audited = app.count("SELECT COUNT(*) FROM audit_log").await;
        let (saved, submitted) = tokio::join!(
            save(&app, &cast.sam, id, lock, &edited),
            act(&app, &other_window, id, lock, "submit", ""),
        );
        let statuses = [saved.status().as_u16(), submitted.status().as_u16()];
        let stored = view(&app, &cast.sam, id).await;
        assert_eq!(stored["lock_version"], lock + 1);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log").await,
            audited + 1,
            "one change recorded"
        );
        match statuses {
            [200, 409] => {
                assert_eq!(stored["status"], "Draft");
                assert_eq!(stored["form"], edited);
            }
            [409, 200] => {
                assert_eq!(stored["status"], "Submitted");
                assert_eq!(stored["form"], valid_plan(), "the save did not land");
                step(&app, &cast.sam, id, "withdraw", "").await;
            }
            other => panic!("save vs submit: {other:?}"),
        }
    }
}

#[tokio::test]
async fn two_starts_or_two_new_versions_at_once_make_exactly_one_plan() {
    let app = TestApp::with_demo_data().await;
    let cast = cast(&app).await;
    let other_window = app.signed_in("staff@demo.test").await;
    let (a, b) = tokio::join!(
        start_response(&app, &cast.sam),
        start_response(&app, &other_window)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(plans_of(&app, "staff@demo.test").await, 1);

    let id = app
        .count(&format!(
            "SELECT id FROM job_plans WHERE person_id = {}",
            app.person_id("staff@demo.test").await
        ))
        .await;
    save_ok(&app, &cast.sam, id, &valid_plan()).await;
    for (client, action) in [
        (&cast.sam, "submit"),
        (&cast.manager, "agree"),
        (&cast.head, "sign_off"),
    ] {
        step(&app, client, id, action, "").await;
    }
    let (a, b) = tokio::join!(
        post_id(&app, &cast.sam, "/api/job-plans/new-version", id),
        post_id(&app, &other_window, "/api/job-plans/new-version", id),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(plans_of(&app, "staff@demo.test").await, 2);
}

// ---------------------------------------------------------------- team view

/// The team view as `client` sees it with a status filter.
async fn team_view(app: &TestApp, client: &Client, status: &str) -> Value {
    let response = app
        .post(client, "/api/job-plans/team", &[("status", status)])
        .await;
    assert_eq!(response.status(), 200, "team view ({status})");
    json(response).await
}

#[tokio::test]
async fn the_team_view_counts_current_plans_and_the_queue_shows_what_awaits_whom() {
    let app = TestApp::with_demo_data().await;
    let cast = cast(&app).await;
    let tom = app.person_id("manager@demo.test").await;
    let reports = app
        .count(&format!(
            "SELECT COUNT(*) FROM people WHERE line_manager_id = {tom} AND end_date IS NULL"
        ))
        .await as usize;
    assert!(reports > 2, "the demo team has several people in post");

    let before = team_view(&app, &cast.manager, "").await;
    let names = strings(&before["rows"], "person_name");
    assert!(names.contains(&SAM.to_string()), "{names:?}");
    assert!(!names.contains(&TOM.to_string()), "not himself");
    assert_eq!(names.len(), reports);
    assert_eq!(before["staff"], reports);
    let current_before = before["current"].as_u64().unwrap() as usize;
    assert_eq!(
        current_before,
        rows(&before, |r| r["is_current"] == true).len()
    );
    assert_eq!(before["percent"], percent(current_before, reports));
    assert_eq!(
        rows(&before, |r| r["person_name"] == SAM)[0]["status"],
        Value::Null
    );

    let response = app.post(&cast.sam, "/api/job-plans/team", &[]).await;
    assert_eq!(response.status(), 403, "staff have no team view");
    let response = app.post(&cast.sam, "/api/job-plans/queue", &[]).await;
    assert_eq!(response.status(), 403);
    let response = app
        .post(&cast.manager, "/api/job-plans/team", &[("status", "lost")])
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(invalid_fields(&json(response).await), ["status"]);

    // A colleague's plan waits for agreement; Sam's goes all the way.
    let colleague = app.colleague().await;
    let colleague_plan = plan_at(&app, &cast, &colleague, next_year(), "submitted").await;
    let sam_plan = plan_at(&app, &cast, &cast.sam, this_year().0, "submitted").await;

    let queue = json(app.post(&cast.manager, "/api/job-plans/queue", &[]).await).await;
    let sam_row = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["plan_id"] == sam_plan)
        .unwrap_or_else(|| panic!("Sam's plan awaits the manager: {queue}"));
    assert_eq!(sam_row["awaiting"], "Agree");
    assert_eq!(sam_row["person_name"], SAM);
    assert_eq!(sam_row["status"], "Submitted");
    assert!(
        queue
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["plan_id"] == colleague_plan)
    );
    let head_queue = json(app.post(&cast.head, "/api/job-plans/queue", &[]).await).await;
    assert!(
        !head_queue
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["plan_id"] == sam_plan),
        "not the head's to agree: {head_queue}"
    );

    step(&app, &cast.manager, sam_plan, "agree", "").await;
    let queue = json(app.post(&cast.manager, "/api/job-plans/queue", &[]).await).await;
    assert!(
        !queue
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["plan_id"] == sam_plan)
    );
    let head_team = team_view(&app, &cast.head, "").await;
    let sam_row = head_team["queue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["plan_id"] == sam_plan)
        .unwrap_or_else(|| panic!("Sam's agreed plan awaits the head: {head_team}"));
    assert_eq!(sam_row["awaiting"], "Sign off");
    assert_eq!(sam_row["status"], "Agreed");
    let head_names = strings(&head_team["rows"], "person_name");
    assert!(head_names.contains(&SAM.to_string()) && head_names.contains(&TOM.to_string()));
    assert!(!head_names.contains(&PRIYA.to_string()), "not herself");

    step(&app, &cast.head, sam_plan, "sign_off", "").await;
    let after = team_view(&app, &cast.manager, "").await;
    assert_eq!(after["staff"], reports);
    assert_eq!(
        after["current"],
        current_before + 1,
        "Sam's plan is current"
    );
    assert_eq!(after["percent"], percent(current_before + 1, reports));
    let sam_row = after["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["person_name"] == SAM)
        .unwrap();
    assert_eq!(sam_row["status"], "SignedOff");
    assert_eq!(sam_row["is_current"], true);
    assert_eq!(sam_row["plan_id"], sam_plan);
    assert_eq!(sam_row["signed_off_on"], today().to_string());

    // The status filters pick rows out of the same view.
    for (filter, wanted) in [
        ("submitted", object!("Submitted")),
        ("signed_off", object!("SignedOff")),
        ("none", Value::Null),
    ] {
        let filtered = team_view(&app, &cast.manager, filter).await;
        assert_eq!(
            filtered["rows"].as_array().unwrap(),
            &rows(&after, |r| r["status"] == wanted),
            "{filter}"
        );
        assert_eq!(filtered["staff"], reports, "{filter}: the totals stay");
    }
    let submitted = team_view(&app, &cast.manager, "submitted").await;
    let ids: Vec<&Value> = submitted["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["plan_id"])
        .collect();
    assert!(ids.contains(&&object!(colleague_plan)), "{submitted}");
    assert!(!ids.contains(&&object!(sam_plan)), "{submitted}");
    let current = team_view(&app, &cast.manager, "current").await;
    assert_eq!(
        current["rows"].as_array().unwrap().len(),
        current_before + 1
    );
    assert!(strings(&current["rows"], "person_name").contains(&SAM.to_string()));

    let hr = team_view(&app, &app.signed_in("hr@demo.test").await, "signed_off").await;
    assert!(strings(&hr["rows"], "person_name").contains(&SAM.to_string()));
    assert!(
        strings(&hr["rows"], "status")
            .iter()
            .all(|s| s == "SignedOff")
    );
}

// ---------------------------------------------------------------- admin

#[tokio::test]
async fn an_administrator_renames_a_category_and_an_empty_name_restores_it() {
    let app = TestApp::with_demo_data().await;
    let cast = cast(&app).await;
    let admin = app.signed_in("admin@demo.test").await;
    let id = plan_at(&app, &cast, &cast.sam, this_year().0, "draft").await;
    let defaults = object!([
        "Direct Clinical Care",
        "Supporting Professional Activities",
        "Additional NHS Responsibilities",
        "External Duties",
    ]);
    let categories = json(app.post(&cast.sam, "/api/job-plans/categories", &[]).await).await;
    assert_eq!(categories, defaults);

    let renamed = "Direct clinical and technical work";
    let rename = [("category", "dcc"), ("label", renamed)];
    for who in ["staff", "manager", "head", "hr"] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        let response = app
            .post(&client, "/api/job-plans/categories/rename", &rename)
            .await;
        assert_eq!(response.status(), 403, "{who} renaming a category");
    }
    assert_eq!(
        json(app.post(&cast.sam, "/api/job-plans/categories", &[]).await).await,
        defaults
    );

    let response = app
        .post(&admin, "/api/job-plans/categories/rename", &rename)
        .await;
    assert_eq!(response.status(), 200);
    let categories = json(app.post(&cast.sam, "/api/job-plans/categories", &[]).await).await;
    assert_eq!(categories[0], renamed);
    assert_eq!(categories[1], "Supporting Professional Activities");
    assert_eq!(view(&app, &cast.sam, id).await["labels"][0], renamed);
    let ics = calendar(&app, &cast.sam, id).await.text().await.unwrap();
    assert!(
        ics.contains(&format!("SUMMARY:Linac QA ({renamed})")),
        "{ics}"
    );
    // Renaming again replaces the name.
    let response = app
        .post(
            &admin,
            "/api/job-plans/categories/rename",
            &[("category", "dcc"), ("label", "Clinical work")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        json(app.post(&cast.sam, "/api/job-plans/categories", &[]).await).await[0],
        "Clinical work"
    );

    for (form, field) in [
        ([("category", "xyz"), ("label", "X")], "category"),
        ([("category", "spa"), ("label", &"x".repeat(81))], "label"),
    ] {
        let response = app
            .post(&admin, "/api/job-plans/categories/rename", &form)
            .await;
        assert_eq!(response.status(), 422, "{form:?}");
        assert_eq!(invalid_fields(&json(response).await), [field]);
    }

    let response = app
        .post(
            &admin,
            "/api/job-plans/categories/rename",
            &[("category", "dcc"), ("label", " ")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        json(app.post(&cast.sam, "/api/job-plans/categories", &[]).await).await,
        defaults
    );
    assert_eq!(view(&app, &cast.sam, id).await["labels"], defaults);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM job_plan_category_labels")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'job_plan.rename_category'")
            .await,
        3
    );
}

#[tokio::test]
async fn an_administrator_reopens_a_signed_off_plan_with_a_reason_as_a_new_draft_version() {
    let app = TestApp::with_demo_data().await;
    let cast = cast(&app).await;
    let admin = app.signed_in("admin@demo.test").await;
    let hr = app.signed_in("hr@demo.test").await;
    let id = plan_at(&app, &cast, &cast.sam, this_year().0, "signed_off").await;
    let lock = lock_of(&app, id).await;
    let team = json(app.post(&cast.manager, "/api/job-plans/team", &[]).await).await;
    let current = team["current"].as_u64().unwrap();
    let reason = "Signed off against the wrong contract";

    for (who, client) in [
        ("Sam", &cast.sam),
        ("the manager", &cast.manager),
        ("the head", &cast.head),
        ("HR", &hr),
    ] {
        let response = act(&app, client, id, lock, "reopen", reason).await;
        assert_eq!(response.status(), 403, "{who} reopening");
    }
    let response = act(&app, &admin, id, lock, "reopen", "").await;
    assert_eq!(response.status(), 422);
    assert_eq!(invalid_fields(&json(response).await), ["comment"]);
    assert_eq!(status_of(&app, id).await, "signed_off");
    assert_eq!(lock_of(&app, id).await, lock);
    assert_eq!(plans_of(&app, "staff@demo.test").await, 1);

    let admin_view = view(&app, &admin, id).await;
    assert_eq!(admin_view["can"]["reopen"], true);
    assert_eq!(admin_view["form"], Value::Null);

    let response = act(&app, &admin, id, lock, "reopen", reason).await;
    assert_eq!(response.status(), 200);
    let reopened_as = json(response).await.as_i64().unwrap();
    assert_ne!(reopened_as, id);

    let old = view(&app, &cast.sam, id).await;
    assert_eq!(old["status"], "Reopened");
    assert_eq!(old["is_current"], false);
    assert_eq!(old["review_due"], Value::Null);
    let last = old["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["label"], "Reopened");
    assert_eq!(last["by"], "Alex Morgan");
    assert_eq!(last["comment"], reason);

    let new = view(&app, &cast.sam, reopened_as).await;
    assert_eq!(new["version"], 2);
    assert_eq!(new["status"], "Draft");
    assert_eq!(new["year"], old["year"]);
    assert_eq!(new["form"], valid_plan(), "the content carries forward");
    assert_eq!(new["can"]["edit"], true);
    assert_eq!(strings(&new["events"], "label"), ["New version started"]);
    assert_eq!(new["events"][0]["comment"], reason);

    // No longer counted as current; cannot be reopened twice.
    let team = json(app.post(&cast.manager, "/api/job-plans/team", &[]).await).await;
    assert_eq!(team["current"], current - 1);
    let response = act(&app, &admin, id, lock + 1, "reopen", reason).await;
    assert_eq!(response.status(), 409);
    assert_eq!(plans_of(&app, "staff@demo.test").await, 2);

    // Only the latest version is reopened: once version 2 is signed off and
    // version 3 started, reopening version 2 changes nothing.
    save_ok(&app, &cast.sam, reopened_as, &valid_plan()).await;
    for (client, action) in [
        (&cast.sam, "submit"),
        (&cast.manager, "agree"),
        (&cast.head, "sign_off"),
    ] {
        step(&app, client, reopened_as, action, "").await;
    }
    let response = post_id(&app, &cast.sam, "/api/job-plans/new-version", reopened_as).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        view(&app, &admin, reopened_as).await["can"]["reopen"],
        false
    );
    let lock = lock_of(&app, reopened_as).await;
    let response = act(&app, &admin, reopened_as, lock, "reopen", reason).await;
    assert_eq!(response.status(), 409);
    assert_eq!(status_of(&app, reopened_as).await, "signed_off");
    assert_eq!(lock_of(&app, reopened_as).await, lock);
    assert_eq!(plans_of(&app, "staff@demo.test").await, 3);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'job_plan.reopen'")
            .await,
        1
    );
}
