//! Service risk (MPE / RPA cover) over HTTP: the status of each
//! requirement as certificates change, who may see which department, who
//! may set requirements, bad input refused with nothing stored, and
//! modalities administrators add reaching the registration form's checks.

use crate::harness::{TestApp, invalid_fields, json};
use chrono::{Days, NaiveDate, Utc};
use mpce_portal::server::db::entities::{person, registration};
use reqwest::Client;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde_json::Value;

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn ahead(days: u64) -> NaiveDate {
    today() + Days::new(days)
}

async fn department_of(app: &TestApp, email: &str) -> i64 {
    app.count(&format!(
        "SELECT department_id FROM people WHERE email = '{email}'"
    ))
    .await
}

async fn view(app: &TestApp, who: &Client, department: Option<i64>) -> (u16, Value) {
    let id = department.map(|d| d.to_string());
    let form: Vec<(&str, &str)> = id
        .as_deref()
        .map(|d| vec![("department_id", d)])
        .unwrap_or_default();
    let response = app.post(who, "/api/service-risk/view", &form).await;
    let status = response.status().as_u16();
    (status, json(response).await)
}

/// The requirement labelled `label` in a view.
fn requirement<'a>(view: &'a Value, label: &str) -> &'a Value {
    view["requirements"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["label"] == label))
        .unwrap_or_else(|| panic!("no requirement {label} in {view}"))
}

async fn set_requirement(
    app: &TestApp,
    who: &Client,
    department: i64,
    kind: &str,
    modality: &str,
    minimum: &str,
) -> (u16, Value) {
    let department = department.to_string();
    let response = app
        .post(
            who,
            "/api/service-risk/requirements/set",
            &[
                ("department_id", department.as_str()),
                ("kind", kind),
                ("modality", modality),
                ("minimum", minimum),
            ],
        )
        .await;
    let status = response.status().as_u16();
    (status, json(response).await)
}

/// A person in `department` (leaving on `end`, if given) holding a
/// certificate: answers their id.
async fn certified_person(
    app: &TestApp,
    name: &str,
    department: i64,
    end: Option<NaiveDate>,
    body: &str,
    modalities: Option<&str>,
    expires_on: NaiveDate,
) -> i32 {
    let now = Utc::now();
    let person = person::ActiveModel {
        name: Set(name.to_string()),
        email: Set(format!(
            "{}@cover.test",
            name.to_lowercase().replace(' ', ".")
        )),
        staff_group: Set("Healthcare Scientists".into()),
        job_role: Set("Clinical Scientist".into()),
        band: Set("8a".into()),
        contracted_hours: Set(37.5),
        department_id: Set(Some(i32::try_from(department).unwrap())),
        start_date: Set(NaiveDate::from_ymd_opt(2015, 4, 1).unwrap()),
        end_date: Set(end),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    add_certificate(app, person.id, body, modalities, expires_on).await;
    person.id
}

async fn add_certificate(
    app: &TestApp,
    person_id: i32,
    body: &str,
    modalities: Option<&str>,
    expires_on: NaiveDate,
) {
    let now = Utc::now();
    registration::ActiveModel {
        person_id: Set(person_id),
        body: Set(body.to_string()),
        expires_on: Set(expires_on),
        modalities: Set(modalities.map(str::to_string)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
}

/// A new, empty department: answers its id.
async fn new_department(app: &TestApp, admin: &Client, name: &str) -> i64 {
    let response = app
        .post(
            admin,
            "/api/organisation/departments/create",
            &[("name", name), ("cost_centre", "")],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

/// The MPE's own certificate, changed to expire on `expires_on`.
async fn move_expiry(app: &TestApp, mpe: &Client, expires_on: NaiveDate) {
    let mine = json(app.post(mpe, "/api/registrations/mine", &[]).await).await;
    let id = mine
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["body"] == "mpe"))
        .map(|r| r["id"].to_string())
        .expect("the MPE's certificate");
    let response = app
        .post_input(
            mpe,
            "/api/registrations/update",
            &[("id", &id)],
            &[
                ("body", "mpe"),
                ("number", "RPA2000/MPE/0233"),
                ("expires_on", &expires_on.to_string()),
                ("modalities][0", "Nuclear medicine"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

#[tokio::test]
async fn the_head_of_service_sees_each_requirement_turn_as_certificates_change() {
    let app = TestApp::with_demo_data().await;
    let head = app.signed_in("head@demo.test").await;
    let (status, v) = view(&app, &head, None).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["department"], "Medical Physics");
    assert_eq!(
        v["departments"],
        serde_json::json!([]),
        "no choice for a head"
    );
    let labels: Vec<&str> = v["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "Medical Physics Expert: Radiotherapy",
            "Medical Physics Expert: Nuclear medicine",
            "Medical Physics Expert: Diagnostic radiology",
            "Radiation Protection Adviser",
        ],
        "the modalities in the list's order, then RPA"
    );
    // The demo: the radiotherapy MPE's certificate runs out in 60 days, the
    // radiology MPE's has lapsed.
    let radiotherapy = requirement(&v, "Medical Physics Expert: Radiotherapy");
    assert_eq!(radiotherapy["status"], "Amber");
    assert_eq!(
        radiotherapy["status_label"],
        "Amber: falls below the minimum within 90 days"
    );
    assert_eq!(radiotherapy["current"], 1);
    assert_eq!(radiotherapy["after_window"], 0);
    assert_eq!(radiotherapy["holders"][0]["name"], "Dr Tom Okafor");
    assert_eq!(radiotherapy["holders"][0]["days_left"], 60);
    let radiology = requirement(&v, "Medical Physics Expert: Diagnostic radiology");
    assert_eq!(radiology["status"], "Red");
    assert_eq!(radiology["status_label"], "Red: below minimum now");
    assert_eq!(radiology["current"], 0);
    assert_eq!(radiology["holders"][0]["rag"], "Red", "listed, expired");
    assert_eq!(
        requirement(&v, "Radiation Protection Adviser")["status"],
        "Green"
    );
    let nuclear = requirement(&v, "Medical Physics Expert: Nuclear medicine");
    assert_eq!(nuclear["status"], "Green");
    assert_eq!(nuclear["status_label"], "Green");
    assert_eq!(nuclear["minimum"], 1);
    assert_eq!(nuclear["current"], 1);
    assert_eq!(nuclear["holders"].as_array().unwrap().len(), 1);
    let holder = &nuclear["holders"][0];
    assert_eq!(holder["name"], "Dr Nadia Osei");
    assert_eq!(
        holder["person_id"],
        app.person_id("mpe@demo.test").await,
        "links to the person"
    );
    assert_eq!(holder["expires_on"], ahead(1000).to_string());

    // The only nuclear medicine MPE's certificate now expires in 90 days
    // (the last amber day), then 91 (green), then yesterday (red).
    let mpe = app.signed_in("mpe@demo.test").await;
    for (expires_on, status, current) in [
        (ahead(90), "Amber", 1),
        (ahead(91), "Green", 1),
        (today() - Days::new(1), "Red", 0),
    ] {
        move_expiry(&app, &mpe, expires_on).await;
        let (_, v) = view(&app, &head, None).await;
        let nuclear = requirement(&v, "Medical Physics Expert: Nuclear medicine");
        assert_eq!(nuclear["status"], status, "expiring {expires_on}");
        assert_eq!(nuclear["current"], current, "expiring {expires_on}");
        assert_eq!(nuclear["holders"][0]["expires_on"], expires_on.to_string());
    }
}

#[tokio::test]
async fn cover_counts_current_holders_and_leavers_until_their_last_day() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let department = new_department(&app, &admin, "Regional Radiotherapy").await;
    let elsewhere = department_of(&app, "head@demo.test").await;
    for (kind, modality, minimum) in [
        ("mpe", "Radiotherapy", "1"),
        ("mpe", "Nuclear medicine", "1"),
        ("mpe", "Diagnostic radiology", "2"),
        ("rpa", "", "1"),
    ] {
        let (status, body) =
            set_requirement(&app, &admin, department, kind, modality, minimum).await;
        assert_eq!(status, 200, "{body}");
    }
    // Radiotherapy: two MPEs, one expiring in 30 days: green with a
    // minimum of one. One of them also holds an old, lapsed certificate
    // and is listed once, by the newer one.
    let ada = certified_person(
        &app,
        "Ada Long",
        department,
        None,
        "mpe",
        Some("Radiotherapy, Diagnostic radiology"),
        ahead(30),
    )
    .await;
    let ben = certified_person(
        &app,
        "Ben Short",
        department,
        None,
        "mpe",
        Some("Radiotherapy"),
        ahead(400),
    )
    .await;
    add_certificate(
        &app,
        ben,
        "mpe",
        Some("Radiotherapy"),
        ahead(0) - Days::new(800),
    )
    .await;
    // Nuclear medicine: its only MPE leaves in 30 days: amber, though the
    // certificate runs for years.
    certified_person(
        &app,
        "Cara Gone",
        department,
        Some(ahead(30)),
        "mpe",
        Some("Nuclear medicine"),
        ahead(1000),
    )
    .await;
    // Neither counts: someone who has already left, and an MPE of
    // another department.
    certified_person(
        &app,
        "Dan Left",
        department,
        Some(today() - Days::new(1)),
        "mpe",
        Some("Nuclear medicine, Radiotherapy"),
        ahead(1000),
    )
    .await;
    certified_person(
        &app,
        "Eve Elsewhere",
        elsewhere,
        None,
        "rpa",
        None,
        ahead(1000),
    )
    .await;
    // Diagnostic radiology needs two: Ada alone (expiring) is red.
    // RPA: an RPA certificate expiring today still counts today.
    certified_person(&app, "Fay Today", department, None, "rpa", None, today()).await;

    let (status, v) = view(&app, &admin, Some(department)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["department"], "Regional Radiotherapy");
    assert!(
        v["departments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["name"] == "Clinical Engineering"),
        "administrators choose a department"
    );
    let radiotherapy = requirement(&v, "Medical Physics Expert: Radiotherapy");
    assert_eq!(radiotherapy["status"], "Green");
    assert_eq!(radiotherapy["current"], 2);
    assert_eq!(radiotherapy["after_window"], 1);
    let names: Vec<&str> = radiotherapy["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ada Long", "Ben Short"], "soonest to go first");
    assert_eq!(radiotherapy["holders"][0]["person_id"], ada);
    assert_eq!(radiotherapy["holders"][0]["rag"], "Amber");
    assert_eq!(
        radiotherapy["holders"][1]["expires_on"],
        ahead(400).to_string()
    );

    let nuclear = requirement(&v, "Medical Physics Expert: Nuclear medicine");
    assert_eq!(nuclear["status"], "Amber");
    assert_eq!(nuclear["current"], 1);
    assert_eq!(nuclear["holders"].as_array().unwrap().len(), 1);
    assert_eq!(nuclear["holders"][0]["name"], "Cara Gone");
    assert_eq!(nuclear["holders"][0]["leaves_on"], ahead(30).to_string());
    assert_eq!(nuclear["holders"][0]["status"], "Leaves within 90 days");

    let radiology = requirement(&v, "Medical Physics Expert: Diagnostic radiology");
    assert_eq!(radiology["status"], "Red");
    assert_eq!(radiology["minimum"], 2);
    assert_eq!(radiology["current"], 1);

    let rpa = requirement(&v, "Radiation Protection Adviser");
    assert_eq!(rpa["status"], "Amber");
    assert_eq!(rpa["current"], 1);
    assert_eq!(rpa["holders"][0]["name"], "Fay Today");

    // HR reads the same department.
    let hr = app.signed_in("hr@demo.test").await;
    let (status, hr_view) = view(&app, &hr, Some(department)).await;
    assert_eq!(status, 200);
    assert_eq!(hr_view["requirements"], v["requirements"]);
}

#[tokio::test]
async fn only_heads_of_service_hr_and_administrators_see_cover_and_heads_only_their_own() {
    let app = TestApp::with_demo_data().await;
    let own = department_of(&app, "head@demo.test").await;
    let other = app
        .count("SELECT id FROM departments WHERE name = 'Clinical Engineering'")
        .await;
    let head = app.signed_in("head@demo.test").await;
    assert_eq!(view(&app, &head, Some(own)).await.0, 200);
    let (status, body) = view(&app, &head, Some(other)).await;
    assert_eq!(status, 403, "another department: {body}");
    assert_eq!(body, "Forbidden");

    for who in ["staff", "manager", "mpe"] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        assert_eq!(view(&app, &client, None).await.0, 403, "{who}");
        assert_eq!(view(&app, &client, Some(own)).await.0, 403, "{who}");
    }
    assert_eq!(view(&app, &app.client(), None).await.0, 401);

    for who in ["hr", "admin"] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        let (status, v) = view(&app, &client, Some(other)).await;
        assert_eq!(status, 200, "{who}");
        assert_eq!(v["department"], "Clinical Engineering");
        assert_eq!(v["requirements"], serde_json::json!([]));
        let (status, v) = view(&app, &client, Some(999_999)).await;
        assert_eq!(status, 422, "{who}: unknown department");
        assert_eq!(invalid_fields(&v), ["department_id"]);
    }
    // The administrator's own department is the default.
    let admin = app.signed_in("admin@demo.test").await;
    assert_eq!(
        view(&app, &admin, None).await.1["department"],
        "Medical Physics"
    );
}

#[tokio::test]
async fn only_administrators_change_requirements_and_bad_input_stores_nothing() {
    let app = TestApp::with_demo_data().await;
    let department = department_of(&app, "head@demo.test").await;
    let stored = "SELECT COUNT(*) FROM cover_requirements";
    let audited =
        "SELECT COUNT(*) FROM audit_log WHERE entity IN ('cover_requirement', 'mpe_modality')";
    let requirements = app.count(stored).await;
    let audit = app.count(audited).await;

    for who in ["staff", "manager", "head", "hr"] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        let (status, _) =
            set_requirement(&app, &client, department, "mpe", "Radiotherapy", "3").await;
        assert_eq!(status, 403, "{who} setting a requirement");
        let response = app
            .post(
                &client,
                "/api/service-risk/requirements/delete",
                &[("id", "1")],
            )
            .await;
        assert_eq!(response.status(), 403, "{who} removing a requirement");
        let response = app
            .post(
                &client,
                "/api/service-risk/modalities/add",
                &[("name", "PET")],
            )
            .await;
        assert_eq!(response.status(), 403, "{who} adding a modality");
    }
    let signed_out = app.client();
    let (status, _) =
        set_requirement(&app, &signed_out, department, "mpe", "Radiotherapy", "3").await;
    assert_eq!(status, 401);

    let admin = app.signed_in("admin@demo.test").await;
    let cases: &[(i64, &str, &str, &str, &[&str])] = &[
        (department, "mpe", "Radiotherapy", "0", &["minimum"]),
        (department, "mpe", "Radiotherapy", "abc", &["minimum"]),
        (department, "mpe", "Radiotherapy", "", &["minimum"]),
        (department, "mpe", "Dentistry", "1", &["modality"]),
        (department, "mpe", "", "1", &["modality"]),
        (department, "rpa", "Radiotherapy", "1", &["modality"]),
        (department, "hcpc", "", "1", &["kind"]),
        (999_999, "mpe", "Radiotherapy", "1", &["department_id"]),
        (999_999, "", "", "-1", &["department_id", "kind", "minimum"]),
    ];
    for (department, kind, modality, minimum, fields) in cases {
        let (status, body) =
            set_requirement(&app, &admin, *department, kind, modality, minimum).await;
        assert_eq!(status, 422, "{kind} {modality} {minimum}: {body}");
        assert_eq!(
            invalid_fields(&body),
            *fields,
            "{kind} {modality} {minimum}"
        );
    }
    let (status, body) =
        set_requirement(&app, &admin, department, "mpe", "Radiotherapy", "0").await;
    assert_eq!(status, 422);
    assert!(
        body["Invalid"][0]["message"]
            .as_str()
            .unwrap()
            .contains("from 1 to 50"),
        "{body}"
    );
    for (name, problem) in [
        ("  ", "Enter"),
        ("PET, CT", "commas"),
        ("nuclear MEDICINE", "already"),
    ] {
        let response = app
            .post(
                &admin,
                "/api/service-risk/modalities/add",
                &[("name", name)],
            )
            .await;
        assert_eq!(response.status(), 422, "{name}");
        let body = json(response).await;
        assert_eq!(invalid_fields(&body), ["name"]);
        assert!(body.to_string().contains(problem), "{body}");
    }
    assert_eq!(app.count(stored).await, requirements, "nothing stored");
    assert_eq!(app.count(audited).await, audit, "nothing audited");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM mpe_modalities").await,
        3,
        "no modality added"
    );
}

#[tokio::test]
async fn setting_a_requirement_again_changes_its_minimum_and_removal_is_audited() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let head = app.signed_in("head@demo.test").await;
    let department = department_of(&app, "head@demo.test").await;
    let before = app.count("SELECT COUNT(*) FROM cover_requirements").await;
    // RPA cover needs two now: the head is the only RPA, so it turns red.
    let (status, body) = set_requirement(&app, &admin, department, "rpa", "", "2").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cover_requirements").await,
        before,
        "changed, not added"
    );
    let (_, v) = view(&app, &head, None).await;
    let rpa = requirement(&v, "Radiation Protection Adviser");
    assert_eq!(rpa["minimum"], 2);
    assert_eq!(rpa["status"], "Red");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'service_risk.requirement.set' \
             AND before IS NOT NULL AND after IS NOT NULL"
        )
        .await,
        1
    );

    let id = rpa["id"].to_string();
    let response = app
        .post(
            &admin,
            "/api/service-risk/requirements/delete",
            &[("id", &id)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let (_, v) = view(&app, &head, None).await;
    assert_eq!(v["requirements"].as_array().unwrap().len(), 3);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'service_risk.requirement.delete'"
        )
        .await,
        1
    );
    let response = app
        .post(
            &admin,
            "/api/service-risk/requirements/delete",
            &[("id", &id)],
        )
        .await;
    assert_eq!(response.status(), 404, "already removed");
}

#[tokio::test]
async fn a_modality_an_administrator_adds_is_offered_for_certificates_and_cover() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let staff = app.signed_in("staff@demo.test").await;
    let listed = json(app.post(&staff, "/api/service-risk/modalities", &[]).await).await;
    assert_eq!(
        listed,
        serde_json::json!(["Radiotherapy", "Nuclear medicine", "Diagnostic radiology"])
    );
    assert_eq!(
        app.post(&app.client(), "/api/service-risk/modalities", &[])
            .await
            .status(),
        401
    );

    let certificate = [
        ("body", "mpe"),
        ("expires_on", "2029-06-30"),
        ("modalities][0", "Magnetic resonance imaging"),
    ];
    let refused = app
        .post_input(&staff, "/api/registrations/create", &[], &certificate)
        .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(invalid_fields(&json(refused).await), ["modalities"]);

    let response = app
        .post(
            &admin,
            "/api/service-risk/modalities/add",
            &[("name", " Magnetic resonance imaging ")],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let listed = json(app.post(&staff, "/api/service-risk/modalities", &[]).await).await;
    assert_eq!(listed[3], "Magnetic resonance imaging", "added at the end");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'service_risk.modality.add'")
            .await,
        1
    );

    let accepted = app
        .post_input(&staff, "/api/registrations/create", &[], &certificate)
        .await;
    assert_eq!(accepted.status(), 200, "{}", accepted.text().await.unwrap());
    let department = department_of(&app, "staff@demo.test").await;
    let (status, body) = set_requirement(
        &app,
        &admin,
        department,
        "mpe",
        "magnetic resonance imaging",
        "1",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let head = app.signed_in("head@demo.test").await;
    let (_, v) = view(&app, &head, None).await;
    let mri = requirement(&v, "Medical Physics Expert: Magnetic resonance imaging");
    assert_eq!(mri["status"], "Green");
    assert_eq!(mri["holders"][0]["name"], "Sam Patel");
}
