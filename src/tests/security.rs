use crate::harness::{DEMO_PASSWORD, TestApp};

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::with_demo_data().await;
    let form = [("email", "staff@demo.test"), ("password", DEMO_PASSWORD)];
    let client = app.client();
    let url = format!("{}/api/session/sign-in", app.address);
    let evil_origin = client
        .post(&url)
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(evil_origin.status(), 403);
    let cross_site = client
        .post(&url)
        .header("sec-fetch-site", "cross-site")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    let host = app.address.trim_start_matches("http://").to_string();
    let same_origin = client
        .post(&url)
        .header("origin", format!("http://{host}"))
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 200);
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_nonce_only_our_script_has() {
    let app = TestApp::with_demo_data().await;
    let response = app.get(&app.client(), "/sign-in").await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let csp = header("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("object-src 'none'"), "{csp}");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "same-origin");
    assert_eq!(header("cache-control"), "no-store");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap()
        .to_string();
    let body = response.text().await.unwrap();
    assert!(
        body.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    let second = app.get(&app.client(), "/sign-in").await;
    let second_csp = second
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(!second_csp.contains(&nonce), "a fresh nonce per response");
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in_and_unknown_pages_are_404() {
    let app = TestApp::with_demo_data().await;
    let client = app.client();
    let response = app.get(&client, "/people").await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers().get("location").unwrap(), "/sign-in");
    let response = app.get(&client, "/no-such-page").await;
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn a_page_for_another_role_answers_403() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let response = app.get(&staff, "/admin/organisation").await;
    assert_eq!(response.status(), 403);
    let body = response.text().await.unwrap();
    assert!(body.contains("You do not have access to this page"));
    assert!(!body.contains("Add a department"));
}

#[tokio::test]
async fn malformed_requests_are_400_not_500() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let response = app
        .post(&admin, "/api/people/get", &[("id", "not-a-number")])
        .await;
    assert_eq!(response.status(), 400);
    let response = app.post(&admin, "/api/people/get", &[]).await;
    assert_eq!(response.status(), 400);
}
