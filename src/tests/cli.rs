//! The command line, run as a real process.

use crate::harness::{fresh_database, spawn_app_on};
use std::io::Write;
use std::process::{Command, Stdio};

fn portal(database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mpce-portal"));
    command
        .env_clear()
        .env("DATABASE_URL", database_url)
        .env("MPCE_LOG", "warn");
    command
}

#[tokio::test]
async fn create_user_reads_the_password_from_stdin_and_the_user_can_sign_in() {
    let (url, dir) = fresh_database().await;
    let status = portal(&url).arg("migrate").status().unwrap();
    assert!(status.success());
    let mut child = portal(&url)
        .args([
            "create-user",
            "--email",
            "Chief@Trust.nhs.uk",
            "--name",
            "Dana Chief",
            "--role",
            "admin",
            "--role",
            "hr",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"quartz-meadow-lantern\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );

    let app = spawn_app_on(url, dir).await;
    let client = app.client();
    assert_eq!(
        app.sign_in_response(&client, "chief@trust.nhs.uk", "quartz-meadow-lantern")
            .await
            .status(),
        200
    );
    let me: serde_json::Value = app
        .post(&client, "/api/session/current", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"], serde_json::json!(["hr", "admin"]));
}

#[tokio::test]
async fn bad_configuration_stops_start_up_with_one_line_naming_the_variable() {
    let (url, _dir) = fresh_database().await;
    let output = portal(&url)
        .env("MPCE_COOKIE_SECURE", "perhaps")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("mpce-portal: MPCE_COOKIE_SECURE: 'perhaps' is not valid"),
        "{stderr}"
    );

    let output = portal(&url)
        .env("MPCE_SESION_IDLE_MINUTES", "5")
        .arg("migrate")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("MPCE_SESION_IDLE_MINUTES: unknown variable"),
        "{stderr}"
    );
}

#[tokio::test]
async fn create_user_refuses_weak_passwords_and_unknown_roles() {
    let (url, _dir) = fresh_database().await;
    let output = portal(&url)
        .args([
            "create-user",
            "--email",
            "a@trust.nhs.uk",
            "--name",
            "A B",
            "--role",
            "boss",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown role 'boss'"));

    let mut child = portal(&url)
        .args([
            "create-user",
            "--email",
            "a@trust.nhs.uk",
            "--name",
            "A B",
            "--role",
            "staff",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"password1234\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("too common"));
}
