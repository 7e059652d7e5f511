//! The national data set's generator, at a small scale: the benchmark's
//! people are who the benchmark needs them to be, every record falls in
//! its owner's time in post, and loading twice writes nothing the second
//! time.

use crate::harness::{TestApp, json, on_postgres, spawn_app};
use mpce_portal::server::seed_national::{self, HEAD, MANAGER, STAFF, STAFF_ACTIVITIES, Scale};

const SMALL: Scale = Scale {
    people: 700,
    departments: 4,
    years: 3,
    cpd: 20_000,
    plt: 2_000,
    funding: 1_000,
    job_plans: 900,
};

#[tokio::test]
async fn the_national_generator_makes_the_benchmarks_people_and_keeps_records_in_post() {
    let app: TestApp = spawn_app().await;
    let loaded = seed_national::load(&app.state, &SMALL, &mut |_| {})
        .await
        .expect("load")
        .expect("first load");
    assert!(loaded.people >= 700);
    for (table, written) in [
        ("cpd_activities", loaded.cpd),
        ("plt_sessions", loaded.plt),
        ("funding_requests", loaded.funding),
        ("job_plans", loaded.job_plans),
    ] {
        let owners = format!(
            "SELECT COUNT(*) FROM {table} r JOIN people p ON p.id = r.person_id WHERE p.staff_id LIKE 'WF%'"
        );
        assert_eq!(app.count(&owners).await as usize, written, "{table}");
    }
    // Close to the asked-for sizes (the staff member's 500 replace a share).
    assert!(
        loaded.cpd.abs_diff(SMALL.cpd) <= STAFF_ACTIVITIES,
        "{loaded:?}"
    );
    assert_eq!(loaded.plt, SMALL.plt);
    assert_eq!(loaded.funding, SMALL.funding);
    assert!(
        loaded.job_plans.abs_diff(SMALL.job_plans) < SMALL.job_plans / 5,
        "{loaded:?}"
    );

    // Everything inside its owner's time in post.
    let outside = "SELECT COUNT(*) FROM cpd_activities a JOIN people p ON p.id = a.person_id \
                   WHERE p.staff_id LIKE 'WF%' AND (a.start_date < p.start_date \
                   OR (p.end_date IS NOT NULL AND a.start_date > p.end_date))";
    assert_eq!(app.count(outside).await, 0);
    let outside = "SELECT COUNT(*) FROM plt_sessions s JOIN people p ON p.id = s.person_id \
                   WHERE p.staff_id LIKE 'WF%' AND (s.session_date < p.start_date \
                   OR (p.end_date IS NOT NULL AND s.session_date > p.end_date))";
    assert_eq!(app.count(outside).await, 0);
    // Every job plan version has its weekly activities.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM job_plans j WHERE NOT EXISTS \
             (SELECT 1 FROM job_plan_activities a WHERE a.job_plan_id = j.id)"
        )
        .await,
        0
    );

    // The benchmark's people, through the real dashboards.
    let staff = app.signed_in(STAFF).await;
    let mine = json(app.post(&staff, "/api/cpd/mine", &[]).await).await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM cpd_activities a JOIN people p ON p.id = a.person_id WHERE p.email = '{STAFF}'"
        ))
        .await as usize,
        STAFF_ACTIVITIES,
        "{mine}"
    );
    for (who, people) in [(MANAGER, 50), (HEAD, 300)] {
        let client = app.signed_in(who).await;
        let dashboard = json(app.post(&client, "/api/compliance/dashboard", &[]).await).await;
        assert_eq!(dashboard["summary"]["people"], people, "{who}");
    }

    // A second load finds it there and writes nothing.
    let before = app.count("SELECT COUNT(*) FROM cpd_activities").await;
    assert!(
        seed_national::load(&app.state, &SMALL, &mut |_| {})
            .await
            .expect("second load")
            .is_none()
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cpd_activities").await,
        before
    );
}

/// A fresh app with the small national set loaded.
async fn small_national_set() -> TestApp {
    let app: TestApp = spawn_app().await;
    seed_national::load(&app.state, &SMALL, &mut |_| {})
        .await
        .expect("load")
        .expect("first load");
    app
}

/// After the load SQLite keeps its per-index row counts but no STAT4 value
/// samples: with samples, SQLite compiles a statement again whenever it
/// runs with new bound values (the session lookup, on every request).
#[tokio::test]
async fn sqlite_keeps_row_counts_but_no_value_samples_after_the_load() {
    if on_postgres() {
        return;
    }
    let app = small_national_set().await;
    assert!(app.count("SELECT COUNT(*) FROM sqlite_stat1").await > 10);
    assert_eq!(app.count("SELECT COUNT(*) FROM sqlite_stat4").await, 0);
}

/// On SQLite a raw export reads its rows in batches by primary key; each
/// batch must walk the table from the last key, however the planner's
/// statistics (ANALYZE after the load) rate the indexes. A plan that starts
/// at `people` sorts the whole table for every batch: the national CPD
/// export once took 13 minutes that way instead of 8 seconds.
#[tokio::test]
async fn sqlite_export_batches_walk_each_table_by_key() {
    use mpce_portal::server::services::access::Reporting;
    use mpce_portal::server::services::raw_exports::RawExport;
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
    if on_postgres() {
        return;
    }
    let app = small_national_set().await;
    let db = &app.state.db;
    for export in RawExport::ALL {
        for scope in [Reporting::Everyone, Reporting::Department(1)] {
            let query = DatabaseBackend::Sqlite.build(&export.batch_query(scope, 100));
            let plan = db
                .query_all_raw(Statement::from_sql_and_values(
                    DatabaseBackend::Sqlite,
                    format!("EXPLAIN QUERY PLAN {}", query.sql),
                    query.values.map(|v| v.0).unwrap_or_default(),
                ))
                .await
                .unwrap();
            let steps: Vec<String> = plan
                .iter()
                .map(|row| row.try_get_by_index::<String>(3).unwrap())
                .collect();
            // It seeks to the last key (on the table, or on an index
            // whose rows are in key order) and never sorts the table.
            assert!(
                steps.iter().any(|step| step.contains("rowid>?")),
                "{export:?} for {scope:?}: {steps:?}"
            );
            assert!(
                !steps
                    .iter()
                    .any(|step| step == "USE TEMP B-TREE FOR ORDER BY"),
                "{export:?} for {scope:?} sorts the table: {steps:?}"
            );
        }
    }
}
