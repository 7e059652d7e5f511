use crate::harness::{DEMO_PASSWORD, TestApp, json, spawn_app_on};
use mpce_portal::server::auth::throttle::Scope;

#[tokio::test]
async fn sign_in_sets_a_hardened_cookie_and_shows_the_user() {
    let app = TestApp::with_demo_data().await;
    let client = app.client();
    let response = app
        .sign_in_response(&client, "Staff@Demo.test ", DEMO_PASSWORD)
        .await;
    assert_eq!(response.status(), 200);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("mpce_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain-http test server must not set Secure: {cookie}"
    );
    let me = json(app.post(&client, "/api/session/current", &[]).await).await;
    assert_eq!(me["email"], "staff@demo.test");
    assert_eq!(me["roles"], serde_json::json!(["staff"]));
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = TestApp::with_demo_data().await;
    let client = app.client();
    let wrong = app
        .sign_in_response(&client, "staff@demo.test", "not-the-password")
        .await;
    let wrong_status = wrong.status();
    let wrong_body = wrong.text().await.unwrap();
    let unknown = app
        .sign_in_response(&client, "nobody@demo.test", "not-the-password")
        .await;
    assert_eq!(wrong_status, 401);
    assert_eq!(unknown.status(), 401);
    assert_eq!(unknown.text().await.unwrap(), wrong_body);
    assert_eq!(wrong_body, "\"BadCredentials\"");
    let me = json(app.post(&client, "/api/session/current", &[]).await).await;
    assert!(me.is_null(), "no session after a failed sign-in");
}

#[tokio::test]
async fn malformed_sign_in_input_is_a_422_naming_the_field() {
    let app = TestApp::with_demo_data().await;
    let client = app.client();
    let response = app.sign_in_response(&client, "not an email", "x").await;
    assert_eq!(response.status(), 422);
    let body = json(response).await;
    assert_eq!(body["Invalid"][0]["field"], "email");
    let response = app.sign_in_response(&client, "staff@demo.test", "").await;
    assert_eq!(response.status(), 422);
    assert_eq!(json(response).await["Invalid"][0]["field"], "password");
}

#[tokio::test]
async fn signing_in_again_rotates_the_session_and_signing_out_destroys_it() {
    let app = TestApp::with_demo_data().await;
    let client = app.signed_in("staff@demo.test").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
    let first = app.count("SELECT COUNT(*) FROM sessions").await;
    let response = app
        .sign_in_response(&client, "staff@demo.test", DEMO_PASSWORD)
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        first,
        "old session replaced, not kept"
    );

    // Keep the current cookie to replay after signing out.
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string();
    let response = app.post(&client, "/api/session/sign-out", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    let replay = reqwest::Client::new()
        .post(format!("{}/api/session/current", app.address))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert!(
        json(replay).await.is_null(),
        "a signed-out token must not work again"
    );
}

#[tokio::test]
async fn idle_and_absolute_expiry_end_sessions() {
    let app = TestApp::with_demo_data().await;
    let client = app.signed_in("staff@demo.test").await;
    let idle = app.state.config.session_idle.as_secs() as i64;
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE sessions SET last_seen_at_unix = last_seen_at_unix - {}",
            idle + 5
        ))
        .await
        .unwrap();
    assert!(
        json(app.post(&client, "/api/session/current", &[]).await)
            .await
            .is_null()
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        0,
        "expired session deleted"
    );

    let client = app.signed_in("staff@demo.test").await;
    app.state
        .db
        .execute_unprepared("UPDATE sessions SET expires_at_unix = created_at_unix - 1")
        .await
        .unwrap();
    assert!(
        json(app.post(&client, "/api/session/current", &[]).await)
            .await
            .is_null()
    );
}

use sea_orm::ConnectionTrait;

#[tokio::test]
async fn repeated_failures_lock_the_account_even_after_a_restart() {
    let app = TestApp::with_demo_data().await;
    let client = app.client();
    for _ in 0..Scope::Account.limit() {
        let response = app
            .sign_in_response(&client, "staff@demo.test", "guess-guess-guess")
            .await;
        assert_eq!(response.status(), 401);
    }
    let locked = app
        .sign_in_response(&client, "staff@demo.test", DEMO_PASSWORD)
        .await;
    assert_eq!(locked.status(), 429);
    assert!(
        json(locked).await["TooManyAttempts"]["minutes"]
            .as_i64()
            .unwrap()
            >= 14
    );

    // A second instance on the same database (or this one restarted) agrees.
    let other = spawn_app_on(app.database_url.clone(), None).await;
    let again = other
        .sign_in_response(&other.client(), "staff@demo.test", DEMO_PASSWORD)
        .await;
    assert_eq!(again.status(), 429);

    // Other accounts are unaffected, and an unknown email locks the same way.
    assert_eq!(
        app.sign_in_response(&client, "manager@demo.test", DEMO_PASSWORD)
            .await
            .status(),
        200
    );
    for _ in 0..Scope::Account.limit() {
        app.sign_in_response(&client, "ghost@demo.test", "guess-guess-guess")
            .await;
    }
    assert_eq!(
        app.sign_in_response(&client, "ghost@demo.test", "guess-guess-guess")
            .await
            .status(),
        429
    );
}

#[tokio::test]
async fn many_failures_from_one_address_lock_that_address() {
    let app = TestApp::with_demo_data().await;
    let client = app.client();
    let limit = Scope::Address.limit();
    // Spread over many account names so no single account locks first.
    for i in 0..limit {
        let email = format!("spray{}@demo.test", i % 10_000);
        assert_eq!(
            app.sign_in_response(&client, &email, "guess-guess-guess")
                .await
                .status(),
            401
        );
    }
    let response = app
        .sign_in_response(&client, "manager@demo.test", DEMO_PASSWORD)
        .await;
    assert_eq!(response.status(), 429, "the address is locked");
}

#[tokio::test]
async fn a_suspended_account_cannot_sign_in_and_loses_its_sessions() {
    let app = TestApp::with_demo_data().await;
    let staff = app.signed_in("staff@demo.test").await;
    let admin = app.signed_in("admin@demo.test").await;
    let user_id = app.count("SELECT u.id FROM users u JOIN people p ON p.id = u.person_id WHERE p.email = 'staff@demo.test'").await;
    let response = app
        .post(
            &admin,
            "/api/accounts/active",
            &[("user_id", &user_id.to_string()), ("active", "false")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        json(app.post(&staff, "/api/session/current", &[]).await)
            .await
            .is_null()
    );
    let response = app
        .sign_in_response(&app.client(), "staff@demo.test", DEMO_PASSWORD)
        .await;
    assert_eq!(response.status(), 401);
}
