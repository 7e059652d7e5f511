//! Registrations and certificates: validation, RAG status, ownership.

use crate::harness::{TestApp, invalid_fields, json};
use chrono::{Days, Utc};

#[tokio::test]
async fn registrations_get_a_status_from_their_expiry_date() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let today = Utc::now().date_naive();
    let cases = [
        ("hcpc", "CS12345", today - Days::new(1), "Red"),
        ("ahcs", "", today + Days::new(90), "Amber"),
        ("rct", "", today + Days::new(91), "Green"),
    ];
    for (body, number, expires, _) in &cases {
        let response = app
            .post_input(
                &staff,
                "/api/registrations/create",
                &[],
                &[
                    ("body", body),
                    ("number", number),
                    ("expires_on", &expires.to_string()),
                ],
            )
            .await;
        assert_eq!(response.status(), 200, "{body}");
    }
    let rows = json(app.post(&staff, "/api/registrations/mine", &[]).await).await;
    let rags: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rag"].as_str().unwrap())
        .collect();
    assert_eq!(
        rags,
        ["Red", "Amber", "Green", "Green"],
        "soonest expiry first (the last is the demo HCPC registration)"
    );
    assert_eq!(rows[0]["days_left"], -1);

    let progress = json(app.post(&staff, "/api/progress/mine", &[]).await).await;
    assert_eq!(
        progress["registrations"].as_array().unwrap().len(),
        4,
        "on the home page"
    );
}

#[tokio::test]
async fn mpe_certificates_need_modalities_and_bad_input_is_refused() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let before = app.count("SELECT COUNT(*) FROM registrations").await;
    let bad = app
        .post_input(
            &staff,
            "/api/registrations/create",
            &[],
            &[
                ("body", "mpe"),
                ("registered_on", "2030-01-01"),
                ("expires_on", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(
        invalid_fields(&json(bad).await),
        ["registered_on", "expires_on", "modalities"]
    );
    let bad = app
        .post_input(
            &staff,
            "/api/registrations/create",
            &[],
            &[
                ("body", "hcpc"),
                ("expires_on", "2027-09-30"),
                ("modalities][0", "Radiotherapy"),
            ],
        )
        .await;
    assert_eq!(invalid_fields(&json(bad).await), ["modalities"]);
    let bad = app
        .post_input(
            &staff,
            "/api/registrations/create",
            &[],
            &[("body", "astrology"), ("expires_on", "someday")],
        )
        .await;
    assert_eq!(invalid_fields(&json(bad).await), ["body", "expires_on"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM registrations").await,
        before
    );

    let ok = app
        .post_input(
            &staff,
            "/api/registrations/create",
            &[],
            &[
                ("body", "mpe"),
                ("number", "RPA2000/MPE/0042"),
                ("expires_on", "2029-06-30"),
                ("modalities][0", "Radiotherapy"),
                ("modalities][2", "Diagnostic radiology"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 200);
    let id = json(ok).await.to_string();
    let rows = json(app.post(&staff, "/api/registrations/mine", &[]).await).await;
    let mpe = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["body"] == "mpe")
        .unwrap();
    assert_eq!(
        mpe["modalities"],
        serde_json::json!(["Radiotherapy", "Diagnostic radiology"])
    );

    // Someone else can neither read nor change nor delete it.
    let manager = app.signed_in("manager@demo.test").await;
    assert_eq!(
        app.post(&manager, "/api/registrations/get", &[("id", &id)])
            .await
            .status(),
        404
    );
    assert_eq!(
        app.post(&manager, "/api/registrations/delete", &[("id", &id)])
            .await
            .status(),
        404
    );
    let response = app
        .post_input(
            &manager,
            "/api/registrations/update",
            &[("id", &id)],
            &[("body", "rpa"), ("expires_on", "2030-01-01")],
        )
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(
        app.post(&staff, "/api/registrations/delete", &[("id", &id)])
            .await
            .status(),
        200
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'registration'")
            .await,
        2
    );
}
