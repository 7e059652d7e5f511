//! Backups and restore as README describes them: `mpce-portal backup` (a
//! SQLite `VACUUM INTO` taken while the portal serves) or `pg_dump` and
//! `pg_restore` for PostgreSQL; the restored database, served by a new
//! instance, has every record the original had at the time of the backup.

use crate::harness::{TestApp, on_postgres, spawn_app_on};
use std::process::Command;

/// Adds a CPD activity as Sam; answers its id.
async fn add_activity(app: &TestApp, title: &str) -> String {
    let staff = app.signed_in("staff@demo.test").await;
    let category = app
        .count("SELECT id FROM cpd_categories WHERE name = 'Other'")
        .await
        .to_string();
    let response = app
        .post_input(
            &staff,
            "/api/cpd/create",
            &[],
            &[
                ("title", title),
                ("category_id", &category),
                ("start_date", "2026-03-03"),
                ("hours", "1.5"),
                ("what_i_learnt", "Restored intact"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

/// Signs in to the restored copy as Sam and reads the activity back.
async fn read_back(restored: &TestApp, id: &str, title: &str) {
    let staff = restored.signed_in("staff@demo.test").await;
    let response = restored.post(&staff, "/api/cpd/get", &[("id", id)]).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["title"], title, "{body}");
}

fn run(command: &mut Command) -> String {
    let output = command.output().expect("run the command");
    assert!(
        output.status.success(),
        "{command:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_into_a_working_portal() {
    let app = TestApp::with_demo_data().await;
    let id = add_activity(&app, "Before the backup").await;
    let people = app.count("SELECT COUNT(*) FROM people").await;

    if on_postgres() {
        restore_postgres(&app, &id, people).await;
    } else {
        restore_sqlite(&app, &id, people).await;
    }
}

async fn restore_sqlite(app: &TestApp, id: &str, people: i64) {
    let folder = tempfile::tempdir().unwrap();
    let copy = folder.path().join("backup.db");
    let printed = run(Command::new(env!("CARGO_BIN_EXE_mpce-portal"))
        .env_clear()
        .env("DATABASE_URL", &app.database_url)
        .env("MPCE_LOG", "warn")
        .arg("backup")
        .arg(&copy));
    assert!(printed.contains("integrity check ok"), "{printed}");
    assert!(
        printed.contains(&format!("{people} staff records")),
        "{printed}"
    );
    // A second backup to the same file is refused, not overwritten.
    let again = Command::new(env!("CARGO_BIN_EXE_mpce-portal"))
        .env_clear()
        .env("DATABASE_URL", &app.database_url)
        .arg("backup")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(!again.status.success());

    // Written after the backup: not in the copy.
    add_activity(app, "After the backup").await;

    // Restore: the copy becomes the database a new instance serves.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored_file = restored_dir.path().join("portal.db");
    std::fs::copy(&copy, &restored_file).unwrap();
    let restored = spawn_app_on(
        format!("sqlite://{}?mode=rwc", restored_file.display()),
        Some(restored_dir),
    )
    .await;
    read_back(&restored, id, "Before the backup").await;
    assert_eq!(restored.count("SELECT COUNT(*) FROM people").await, people);
    assert_eq!(
        restored
            .count("SELECT COUNT(*) FROM cpd_activities WHERE title = 'After the backup'")
            .await,
        0
    );
}

async fn restore_postgres(app: &TestApp, id: &str, people: i64) {
    let (server, schema) = app
        .database_url
        .split_once("?currentSchema=")
        .expect("a test schema");
    let folder = tempfile::tempdir().unwrap();
    let dump = folder.path().join("portal.dump");
    run(Command::new("pg_dump")
        .args([
            "--format=custom",
            "--no-owner",
            "--schema",
            schema,
            "--file",
        ])
        .arg(&dump)
        .arg(server));

    add_activity(app, "After the backup").await;

    // Restore into a new database, as onto a new server.
    let database = format!("mpce_restore_{}", uuid::Uuid::new_v4().simple());
    let (host, _) = server.rsplit_once('/').expect("a database name");
    let admin = format!("{host}/postgres");
    run(Command::new("psql").args([&admin, "-qc", &format!("CREATE DATABASE {database}")]));
    let target = format!("{host}/{database}");
    run(Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname", &target])
        .arg(&dump));
    let restored = spawn_app_on(format!("{target}?currentSchema={schema}"), None).await;
    read_back(&restored, id, "Before the backup").await;
    assert_eq!(restored.count("SELECT COUNT(*) FROM people").await, people);
    assert_eq!(
        restored
            .count("SELECT COUNT(*) FROM cpd_activities WHERE title = 'After the backup'")
            .await,
        0
    );
    drop(restored);
    let _ = Command::new("psql")
        .args([
            &admin,
            "-qc",
            &format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
        ])
        .output();
}
