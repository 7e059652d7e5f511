use crate::harness::{DEMO_PASSWORD, TestApp, invalid_fields, json};

#[tokio::test]
async fn changing_password_applies_the_policy_and_ends_other_sessions() {
    let app = TestApp::with_demo_data().await;
    let client = app.signed_in("staff@demo.test").await;
    let other_device = app.signed_in("staff@demo.test").await;

    let response = app
        .post(
            &client,
            "/api/account/password",
            &[
                ("current_password", "wrong"),
                ("new_password", "short"),
                ("confirm_password", "different"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = json(response).await;
    let fields = invalid_fields(&body);
    assert_eq!(fields, ["new_password", "confirm_password"]);

    let response = app
        .post(
            &client,
            "/api/account/password",
            &[
                ("current_password", "wrong-password-here"),
                ("new_password", "kettle-orbit-meadow"),
                ("confirm_password", "kettle-orbit-meadow"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        json(response).await["Invalid"][0]["field"],
        "current_password"
    );

    let response = app
        .post(
            &client,
            "/api/account/password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", "password1234"),
                ("confirm_password", "password1234"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422, "common passwords are refused");

    let response = app
        .post(
            &client,
            "/api/account/password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", "kettle-orbit-meadow"),
                ("confirm_password", "kettle-orbit-meadow"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        !json(app.post(&client, "/api/session/current", &[]).await)
            .await
            .is_null(),
        "this session stays"
    );
    assert!(
        json(app.post(&other_device, "/api/session/current", &[]).await)
            .await
            .is_null(),
        "other sessions end"
    );
    assert_eq!(
        app.sign_in_response(&app.client(), "staff@demo.test", DEMO_PASSWORD)
            .await
            .status(),
        401
    );
    assert_eq!(
        app.sign_in_response(&app.client(), "staff@demo.test", "kettle-orbit-meadow")
            .await
            .status(),
        200
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.password_change'")
            .await,
        1
    );
}

#[tokio::test]
async fn an_admin_gives_a_person_an_account_that_then_signs_in() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let person_id = app.count("SELECT MIN(p.id) FROM people p LEFT JOIN users u ON u.person_id = p.id WHERE u.id IS NULL AND p.end_date IS NULL").await;
    let email = app
        .state
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.state.db.get_database_backend(),
            format!("SELECT email FROM people WHERE id = {person_id}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<String>(0)
        .unwrap();
    let id = person_id.to_string();

    let response = app
        .post(
            &admin,
            "/api/accounts/create",
            &[("person_id", &id), ("password", "short")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = json(response).await;
    let fields = invalid_fields(&body);
    assert_eq!(fields, ["password", "roles"]);

    let response = app
        .post(
            &admin,
            "/api/accounts/create",
            &[
                ("person_id", &id),
                ("password", "violet-harbour-lantern"),
                ("roles[staff]", "on"),
                ("roles[manager]", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let again = app
        .post(
            &admin,
            "/api/accounts/create",
            &[
                ("person_id", &id),
                ("password", "violet-harbour-lantern"),
                ("roles[staff]", "on"),
            ],
        )
        .await;
    assert_eq!(again.status(), 409, "one account per person");

    let client = app.client();
    assert_eq!(
        app.sign_in_response(&client, &email, "violet-harbour-lantern")
            .await
            .status(),
        200
    );
    let me = json(app.post(&client, "/api/session/current", &[]).await).await;
    assert_eq!(me["roles"], serde_json::json!(["staff", "manager"]));
}

#[tokio::test]
async fn admins_cannot_lock_themselves_out() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in("admin@demo.test").await;
    let me = json(app.post(&admin, "/api/session/current", &[]).await).await;
    let user_id = me["user_id"].to_string();
    let response = app
        .post(
            &admin,
            "/api/accounts/roles",
            &[("user_id", &user_id), ("roles[staff]", "on")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let response = app
        .post(
            &admin,
            "/api/accounts/active",
            &[("user_id", &user_id), ("active", "false")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let response = app
        .post(
            &admin,
            "/api/accounts/roles",
            &[
                ("user_id", &user_id),
                ("roles[admin]", "on"),
                ("roles[hr]", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.roles'")
            .await,
        1,
        "role changes are audited"
    );
}

use sea_orm::ConnectionTrait;
