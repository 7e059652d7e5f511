//! The newest migrations step down and up again on each database, keeping
//! the data, so that an upgrade can be undone.

use crate::harness::TestApp;
use migration::{Migrator, MigratorTrait};
use mpce_portal::server::versioned_cache::{self, ORGANISATION, WORKFORCE};
use sea_orm::ConnectionTrait;

#[tokio::test]
async fn the_data_version_index_and_person_version_migrations_go_down_and_up_again() {
    let app = TestApp::with_demo_data().await;
    let db = &app.state.db;
    let people = app.count("SELECT COUNT(*) FROM people").await;
    Migrator::down(db, Some(1)).await.unwrap();
    assert!(
        db.execute_unprepared("SELECT version FROM person_versions")
            .await
            .is_err(),
        "the person versions are gone"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM data_versions WHERE area = 'organisation'")
            .await,
        0
    );
    // Without their triggers, personal and organisation tables take writes.
    for table in ["cpd_activities", "registrations", "teams", "people"] {
        db.execute_unprepared(&format!("UPDATE {table} SET id = id"))
            .await
            .unwrap();
    }
    Migrator::down(db, Some(2)).await.unwrap();
    assert!(
        db.execute_unprepared("SELECT version FROM data_versions")
            .await
            .is_err(),
        "the versions are gone"
    );
    // Without the triggers, the workforce tables still take writes.
    db.execute_unprepared("UPDATE people SET id = id")
        .await
        .unwrap();
    Migrator::up(db, None).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, people);
    let before = versioned_cache::version(db, WORKFORCE).await.unwrap();
    db.execute_unprepared("UPDATE departments SET id = id")
        .await
        .unwrap();
    assert!(versioned_cache::version(db, WORKFORCE).await.unwrap() > before);
    let before = versioned_cache::version(db, ORGANISATION).await.unwrap();
    db.execute_unprepared("UPDATE teams SET id = id")
        .await
        .unwrap();
    assert!(versioned_cache::version(db, ORGANISATION).await.unwrap() > before);
    let cpd = app
        .count("SELECT COUNT(DISTINCT person_id) FROM cpd_activities")
        .await;
    db.execute_unprepared("UPDATE cpd_activities SET id = id")
        .await
        .unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM person_versions").await,
        cpd,
        "each person with CPD has a version"
    );
    // And the raw CPD export still answers on the new indexes.
    let hr = app.signed_in("hr@demo.test").await;
    let response = app.get(&hr, "/exports/cpd-activities.csv").await;
    assert_eq!(response.status(), 200);
}
