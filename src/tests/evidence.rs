//! Evidence files: accepted kinds and sizes, downloads as attachments with
//! nosniff, and who may read or delete them.

use crate::harness::{TestApp, json};
use reqwest::multipart::{Form, Part};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

async fn activity(app: &TestApp, client: &reqwest::Client) -> String {
    let category = app
        .count("SELECT id FROM cpd_categories WHERE name = 'Formal / educational'")
        .await
        .to_string();
    let response = app
        .post_input(
            client,
            "/api/cpd/create",
            &[],
            &[
                ("title", "Radiation protection refresher"),
                ("category_id", &category),
                ("start_date", "2026-05-11"),
                ("hours", "3"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    json(response).await.to_string()
}

async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    activity: &str,
    name: &str,
    bytes: Vec<u8>,
    as_json: bool,
) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()));
    let mut request = client
        .post(format!("{}/cpd/{activity}/evidence", app.address))
        .multipart(form);
    if as_json {
        request = request.header("accept", "application/json");
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn evidence_is_checked_stored_and_downloaded_as_an_attachment() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let activity = activity(&app, &staff).await;

    let response = upload(
        &app,
        &staff,
        &activity,
        "certificate é.pdf",
        PDF.to_vec(),
        true,
    )
    .await;
    assert_eq!(response.status(), 201);
    // A plain form post is sent back to the activity.
    let response = upload(
        &app,
        &staff,
        &activity,
        "scan.png",
        b"\x89PNG\r\n\x1a\nrest".to_vec(),
        false,
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        format!("/cpd/{activity}/edit?evidence=uploaded#evidence").as_str()
    );

    let files = json(
        app.post(&staff, "/api/evidence/list", &[("activity_id", &activity)])
            .await,
    )
    .await;
    assert_eq!(files.as_array().unwrap().len(), 2);
    assert_eq!(files[0]["file_name"], "certificate é.pdf");
    let id = files[0]["id"].to_string();
    let download = app.get(&staff, &format!("/evidence/{id}")).await;
    assert_eq!(download.status(), 200);
    let headers = download.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''certificate%20%C3%A9.pdf"),
        "{disposition}"
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);

    let mine = json(app.post(&staff, "/api/cpd/mine", &[]).await).await;
    assert_eq!(mine["activities"][0]["evidence_files"], 2);
}

#[tokio::test]
async fn forbidden_kinds_disguised_files_and_oversized_files_are_refused() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let activity = activity(&app, &staff).await;
    let big = {
        let mut bytes = PDF.to_vec();
        bytes.resize(10 * 1024 * 1024 + 1, b' ');
        bytes
    };
    for (name, bytes, status, message) in [
        (
            "page.html",
            b"<html><script>alert(1)</script>".to_vec(),
            415,
            "must be a PDF",
        ),
        (
            "cert.pdf",
            b"<html><script>alert(1)</script>".to_vec(),
            415,
            "do not match",
        ),
        ("tool.exe", b"MZ\x90\x00".to_vec(), 415, "must be a PDF"),
        ("empty.pdf", Vec::new(), 422, "Choose a file"),
        ("huge.pdf", big, 413, "10.0 MB or smaller"),
    ] {
        let response = upload(&app, &staff, &activity, name, bytes, true).await;
        assert_eq!(response.status(), status, "{name}");
        let body = json(response).await;
        assert_eq!(body["field"], "file");
        assert!(
            body["message"].as_str().unwrap().contains(message),
            "{name}: {body}"
        );
    }
    // The per-person quota: pretend an earlier file used it all.
    let first = upload(&app, &staff, &activity, "first.pdf", PDF.to_vec(), true).await;
    assert_eq!(first.status(), 201);
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.state.db,
        "UPDATE cpd_evidence SET size_bytes = 200 * 1024 * 1024",
    )
    .await
    .unwrap();
    let response = upload(&app, &staff, &activity, "more.pdf", PDF.to_vec(), true).await;
    assert_eq!(response.status(), 422);
    let message = json(response).await["message"].to_string();
    assert!(message.contains("200.0 MB"), "{message}");
    sea_orm::ConnectionTrait::execute_unprepared(&app.state.db, "DELETE FROM cpd_evidence")
        .await
        .unwrap();
    let response = upload(
        &app,
        &staff,
        &activity,
        "page.html",
        b"<html>".to_vec(),
        false,
    )
    .await;
    assert_eq!(response.status(), 303);
    assert!(
        response.headers()["location"]
            .to_str()
            .unwrap()
            .contains("evidence=kind")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cpd_evidence").await,
        0,
        "nothing stored"
    );
}

#[tokio::test]
async fn only_the_owner_and_their_reviewers_read_evidence() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let activity = activity(&app, &staff).await;
    assert_eq!(
        upload(&app, &staff, &activity, "notes.pdf", PDF.to_vec(), true)
            .await
            .status(),
        201
    );
    let id = app
        .count("SELECT MAX(id) FROM cpd_evidence")
        .await
        .to_string();

    for (who, status) in [("manager", 200), ("head", 200), ("hr", 404), ("admin", 404)] {
        let client = app.signed_in(&format!("{who}@demo.test")).await;
        let response = app.get(&client, &format!("/evidence/{id}")).await;
        assert_eq!(response.status(), status, "{who} downloading");
        let listed = app
            .post(&client, "/api/evidence/list", &[("activity_id", &activity)])
            .await;
        assert_eq!(
            listed.status(),
            if status == 200 { 200 } else { 404 },
            "{who} listing"
        );
        // Nobody but the owner uploads to or deletes from the record.
        let response = upload(&app, &client, &activity, "x.pdf", PDF.to_vec(), true).await;
        assert!(
            matches!(response.status().as_u16(), 403 | 404),
            "{who} uploading: {}",
            response.status()
        );
        let response = app
            .post(&client, "/api/evidence/delete", &[("id", &id)])
            .await;
        assert!(
            matches!(response.status().as_u16(), 403 | 404),
            "{who} deleting"
        );
    }
    let colleague = app.colleague().await;
    assert_eq!(
        app.get(&colleague, &format!("/evidence/{id}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        upload(&app, &colleague, &activity, "x.pdf", PDF.to_vec(), true)
            .await
            .status(),
        404
    );
    let signed_out = app.client();
    assert_eq!(
        app.get(&signed_out, &format!("/evidence/{id}"))
            .await
            .status(),
        401
    );
    assert_eq!(
        upload(&app, &signed_out, &activity, "x.pdf", PDF.to_vec(), true)
            .await
            .status(),
        401
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM cpd_evidence").await, 1);
    assert_eq!(
        app.post(&staff, "/api/evidence/delete", &[("id", &id)])
            .await
            .status(),
        200
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM cpd_evidence").await, 0);
}
