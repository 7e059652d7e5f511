//! The audit-ready CPD profile: default period, limits, saved drafts and
//! the ZIP with its evidence.

use crate::harness::{TestApp, invalid_fields, json};
use reqwest::multipart::{Form, Part};
use std::io::Read;

async fn record(app: &TestApp, client: &reqwest::Client, title: &str, date: &str) -> String {
    let category = app
        .count("SELECT id FROM cpd_categories WHERE name = 'Work-based learning'")
        .await
        .to_string();
    let response = app
        .post_input(
            client,
            "/api/cpd/create",
            &[],
            &[
                ("title", title),
                ("category_id", &category),
                ("start_date", date),
                ("hours", "2"),
                ("what_i_learnt", "How to check <b>gamma</b> analysis"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    json(response).await.to_string()
}

async fn save(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.post_input(client, "/api/profile/save", &[], fields)
        .await
}

#[tokio::test]
async fn the_profile_is_drafted_within_its_limits_and_downloads_with_evidence() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let response = app
        .post_input(
            &staff,
            "/api/registrations/create",
            &[],
            &[
                ("body", "hcpc"),
                ("number", "CS12345"),
                ("expires_on", "2027-09-30"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let profile = json(app.post(&staff, "/api/profile/mine", &[]).await).await;
    assert_eq!(
        profile["period_from"], "2025-10-01",
        "the current HCPC cycle"
    );
    assert_eq!(profile["saved_at"], serde_json::Value::Null);

    let mut ids = Vec::new();
    for n in 0..7 {
        ids.push(
            record(
                &app,
                &staff,
                &format!("Activity {n}"),
                &format!("2026-0{}-10", n + 1),
            )
            .await,
        );
    }
    let old = record(&app, &staff, "Before the period", "2024-05-01").await;
    let theirs = {
        let manager = app.signed_in("manager@demo.test").await;
        record(&app, &manager, "The manager's own", "2026-02-02").await
    };
    let key = |id: &str| format!("chosen][{id}");
    let keys: Vec<String> = ids.iter().map(|id| key(id)).collect();
    let period = [("period_from", "2025-10-01"), ("period_to", "2026-11-01")];

    let mut seven: Vec<(&str, &str)> = period.to_vec();
    seven.extend(keys.iter().map(|k| (k.as_str(), "on")));
    let response = save(&app, &staff, &seven).await;
    assert_eq!(response.status(), 422);
    assert_eq!(invalid_fields(&json(response).await), ["chosen"]);

    let long_summary = "word ".repeat(501);
    let long_statement = "word ".repeat(1501);
    let mut too_long = period.to_vec();
    too_long.push(("practice_summary", &long_summary));
    too_long.push(("personal_statement", &long_statement));
    let response = save(&app, &staff, &too_long).await;
    assert_eq!(response.status(), 422);
    let body = json(response).await;
    assert_eq!(
        invalid_fields(&body),
        ["practice_summary", "personal_statement"]
    );
    assert!(body.to_string().contains("it has 501"), "{body}");

    for outsider in [&old, &theirs] {
        let k = key(outsider);
        let mut form = period.to_vec();
        form.push((k.as_str(), "on"));
        let response = save(&app, &staff, &form).await;
        assert_eq!(
            invalid_fields(&json(response).await),
            ["chosen"],
            "{outsider}"
        );
    }
    let mut backwards = vec![("period_from", "2026-11-01"), ("period_to", "2025-10-01")];
    backwards.push(("practice_summary", "x"));
    assert_eq!(
        invalid_fields(&json(save(&app, &staff, &backwards).await).await),
        ["period_to"]
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cpd_profiles").await,
        0,
        "nothing saved"
    );

    let summary = "Clinical scientist in radiotherapy physics. ".repeat(20);
    let statement = "My chosen activities improved our checks. ".repeat(50);
    let mut good = period.to_vec();
    good.push(("practice_summary", &summary));
    good.push(("personal_statement", &statement));
    good.extend(keys[..4].iter().map(|k| (k.as_str(), "on")));
    assert_eq!(save(&app, &staff, &good).await.status(), 200);
    let profile = json(app.post(&staff, "/api/profile/mine", &[]).await).await;
    assert_eq!(profile["chosen"].as_array().unwrap().len(), 4);
    assert_eq!(profile["summary_words"], 100);
    assert_eq!(
        profile["activities"].as_array().unwrap().len(),
        7,
        "only the period"
    );
    assert_eq!(profile["not_ready"], serde_json::json!([]));
    assert!(profile["saved_at"].is_string());

    // Evidence on one activity, then the ZIP.
    let form = Form::new().part(
        "file",
        Part::bytes(b"%PDF-1.4 certificate".to_vec()).file_name("certificate.pdf"),
    );
    let response = staff
        .post(format!("{}/cpd/{}/evidence", app.address, ids[0]))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let download = app.get(&staff, "/cpd/profile/download").await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/zip");
    let bytes = download.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().to_string())
        .collect();
    assert!(names.contains(&"cpd-profile.html".to_string()), "{names:?}");
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("evidence/2026-01-10 Activity 0/")
                && n.ends_with("certificate.pdf")),
        "{names:?}"
    );
    let mut html = String::new();
    archive
        .by_name("cpd-profile.html")
        .unwrap()
        .read_to_string(&mut html)
        .unwrap();
    assert!(
        html.contains("&lt;b&gt;gamma&lt;/b&gt;"),
        "reflections escaped"
    );
    assert!(!html.contains("<b>gamma"));

    for who in ["hr", "admin"] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        assert_eq!(
            app.get(&client, "/cpd/profile/download").await.status(),
            403,
            "{who}"
        );
        assert_eq!(
            app.post(&client, "/api/profile/mine", &[]).await.status(),
            403,
            "{who}"
        );
    }
    assert_eq!(
        app.get(&app.client(), "/cpd/profile/download")
            .await
            .status(),
        401
    );
}
