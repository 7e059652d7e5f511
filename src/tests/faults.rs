//! Faults: the server killed outright while people write, the database
//! unreachable for ten seconds under load, and a database file that is full
//! or read-only. Each ends with every acknowledged write present, nothing
//! half-written, a clear answer while it lasts, and recovery without help.

use crate::harness::{TestApp, on_postgres};
use crate::serve_process::Served;
use futures_util::future::join_all;
use reqwest::Client;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// What a writer saw of one attempt to add a CPD activity.
enum Outcome {
    /// A success answer, with the new activity's id.
    Stored(i64),
    /// An error answer: the activity must not exist.
    Refused,
    /// No answer (the connection died with the server): either way is
    /// allowed, but not half of it.
    Unknown,
}

/// Adds "{title}" (1 hour of "Other") as the client; what came of it.
async fn add_activity(address: &str, client: &Client, category: &str, title: &str) -> Outcome {
    let form = [
        ("input[title]", title),
        ("input[category_id]", category),
        ("input[start_date]", "2026-03-03"),
        ("input[hours]", "1"),
        (
            "input[what_i_learnt]",
            "Written while the server was killed",
        ),
    ];
    match client
        .post(format!("{address}/api/cpd/create"))
        .form(&form)
        .send()
        .await
    {
        Ok(response) if response.status() == 200 => match response.text().await {
            Ok(body) => Outcome::Stored(body.trim().parse().expect("an id")),
            Err(_) => Outcome::Unknown,
        },
        Ok(_) => Outcome::Refused,
        Err(_) => Outcome::Unknown,
    }
}

/// Twenty people's windows add CPD activities as fast as they are answered
/// while the server is killed with SIGKILL. After a restart, every
/// acknowledged activity is there exactly once with its audit entry, no
/// refused one is, and every activity that is there is whole.
#[tokio::test]
async fn after_a_kill_9_under_twenty_writers_every_acknowledged_write_is_there_and_none_is_half_there()
 {
    let app = TestApp::with_demo_data().await;
    let category = app
        .count("SELECT id FROM cpd_categories WHERE name = 'Other'")
        .await
        .to_string();
    let mut server = Served::start(&app.database_url, &[]).await;
    let served = app.at(&server.address);
    let mut writers = Vec::new();
    for _ in 0..20 {
        writers.push(served.signed_in("staff@demo.test").await);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let address = server.address.clone();
    let attempts = join_all(writers.iter().enumerate().map(|(w, client)| {
        let (stop, address, category) = (stop.clone(), address.clone(), category.clone());
        async move {
            let mut seen = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let title = format!("Crash test w{w} n{n}");
                let outcome = add_activity(&address, client, &category, &title).await;
                let dead = matches!(outcome, Outcome::Unknown);
                seen.push((title, outcome));
                n += 1;
                if dead {
                    break;
                }
            }
            seen
        }
    }));
    let killer = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server.kill_hard();
        stop.store(true, Ordering::Relaxed);
    };
    let (attempts, ()) = tokio::join!(attempts, killer);
    let attempts: Vec<(String, Outcome)> = attempts.into_iter().flatten().collect();
    let stored = attempts
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Stored(_)))
        .count();
    assert!(stored >= 20, "the writers got going: {stored} stored");

    // A new process on the same database starts and sees every write.
    let restarted = Served::start(&app.database_url, &[]).await;
    let after = app.at(&restarted.address);
    for (title, outcome) in &attempts {
        let rows = app
            .count(&format!(
                "SELECT COUNT(*) FROM cpd_activities WHERE title = '{title}'"
            ))
            .await;
        match outcome {
            Outcome::Stored(id) => {
                assert_eq!(rows, 1, "{title} was acknowledged");
                assert_eq!(
                    app.count(&format!(
                        "SELECT id FROM cpd_activities WHERE title = '{title}'"
                    ))
                    .await,
                    *id
                );
            }
            Outcome::Refused => assert_eq!(rows, 0, "{title} was refused"),
            Outcome::Unknown => assert!(rows <= 1, "{title}"),
        }
    }
    // Whole: each activity has its audit entry, and nothing else is there.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM cpd_activities a WHERE a.title LIKE 'Crash test %' AND NOT EXISTS \
             (SELECT 1 FROM audit_log l WHERE l.action = 'cpd.create' AND l.entity_id = CAST(a.id AS VARCHAR(64)))"
        )
        .await,
        0,
        "an activity without its audit entry"
    );
    let known: Vec<&str> = attempts.iter().map(|(t, _)| t.as_str()).collect();
    let present = app
        .count("SELECT COUNT(*) FROM cpd_activities WHERE title LIKE 'Crash test %'")
        .await;
    assert!(present as usize <= known.len());
    if !on_postgres() {
        assert_eq!(sqlite_check(&app).await, "ok");
    }
    // And the restarted server serves them.
    let client = after.signed_in("staff@demo.test").await;
    let mine = after.post(&client, "/api/cpd/mine", &[]).await;
    assert_eq!(mine.status(), 200);
    println!(
        "kill -9 under 20 writers: {} attempts, {stored} acknowledged, all present after restart",
        attempts.len()
    );
}

/// `PRAGMA integrity_check` of the test's SQLite database.
async fn sqlite_check(app: &TestApp) -> String {
    let row = sea_orm::ConnectionTrait::query_one_raw(
        &app.state.db,
        sea_orm::Statement::from_string(sea_orm::DatabaseBackend::Sqlite, "PRAGMA integrity_check"),
    )
    .await
    .expect("integrity check")
    .expect("a row");
    row.try_get_by_index::<String>(0).expect("text")
}

/// Timing of one request made while the database was away.
struct Timed {
    status: u16,
    took: Duration,
    body: String,
}

async fn timed(request: reqwest::RequestBuilder) -> Timed {
    let started = Instant::now();
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            Timed {
                status,
                took: started.elapsed(),
                body,
            }
        }
        Err(error) => Timed {
            status: 0,
            took: started.elapsed(),
            body: error.to_string(),
        },
    }
}

/// PostgreSQL goes away for ten seconds (every connection cut, new ones
/// refused) while signed-in people use the portal: they get a quick 503
/// saying the service is unavailable, never a hang, and the server is
/// serving again within seconds of the database coming back, by itself.
#[tokio::test]
async fn when_postgresql_is_away_requests_fail_fast_and_the_server_recovers_by_itself() {
    if !on_postgres() {
        println!("PostgreSQL only: skipped on SQLite");
        return;
    }
    let app = TestApp::with_demo_data().await;
    let proxy = crate::outage_proxy::OutageProxy::start(5432).await;
    let url = app
        .database_url
        .replacen("127.0.0.1:5432", &format!("127.0.0.1:{}", proxy.port), 1);
    assert_ne!(
        url, app.database_url,
        "the test database is on 127.0.0.1:5432"
    );
    let server = Served::start(&url, &[]).await;
    let served = app.at(&server.address);
    let client = served.signed_in("staff@demo.test").await;
    assert_eq!(
        served.post(&client, "/api/cpd/mine", &[]).await.status(),
        200
    );

    proxy.set_down(true);
    let outage = Instant::now();
    let mut during = Vec::new();
    while outage.elapsed() < Duration::from_secs(10) {
        let batch = join_all((0..4).map(|i| {
            let request = if i % 2 == 0 {
                client.post(format!("{}/api/cpd/mine", server.address))
            } else {
                client
                    .get(format!("{}/cpd", server.address))
                    .header("accept", "text/html")
            };
            timed(request)
        }))
        .await;
        during.extend(batch);
    }
    proxy.set_down(false);
    let back = Instant::now();
    let mut recovered = None;
    while back.elapsed() < Duration::from_secs(30) {
        let response = timed(client.post(format!("{}/api/cpd/mine", server.address))).await;
        if response.status == 200 {
            recovered = Some(back.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let slowest = during.iter().map(|t| t.took).max().unwrap_or_default();
    for t in &during {
        assert_eq!(t.status, 503, "during the outage: {} {}", t.status, t.body);
        assert!(
            t.body.contains("unavailable"),
            "a clear message: {}",
            t.body
        );
    }
    assert!(
        slowest < Duration::from_secs(6),
        "no request hangs: the slowest took {slowest:?}"
    );
    let recovered = recovered.unwrap_or_else(|| panic!("not serving again:\n{}", server.log()));
    assert!(recovered < Duration::from_secs(5), "{recovered:?}");
    assert!(
        !server.log().contains("panicked"),
        "no panic: {}",
        server.log()
    );
    println!(
        "PostgreSQL away 10 s: {} requests answered 503, slowest {slowest:?}; serving again {recovered:?} after it came back",
        during.len()
    );
}

/// A small file system of its own (tmpfs) for the database, so that it can
/// be filled up; unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> SmallDisk {
        let dir = tempfile::tempdir().expect("folder");
        SmallDisk::run(&[
            "-t",
            "tmpfs",
            "-o",
            &format!("size={megabytes}m"),
            "tmpfs",
            &dir.path().display().to_string(),
        ]);
        SmallDisk { dir }
    }

    fn run(args: &[&str]) {
        let status = std::process::Command::new("mount")
            .args(args)
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "mount {args:?} failed: this test mounts a small tmpfs (run as root)"
        );
    }

    /// Writes a file until the disk is full; answers its path.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let path = self.dir.path().join("filler");
        let mut file = std::fs::File::create(&path).expect("filler");
        let block = vec![0u8; 64 * 1024];
        while file.write_all(&block).is_ok() {}
        let _ = file.sync_all();
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// The SQLite file on a file system that fills up, then opened by an
/// instance that may only read it: adding an activity answers 503 with a
/// message saying nothing was saved (never a 500 or a hang), reading goes
/// on working, nothing is corrupted, and once there is room again writes
/// succeed without a restart.
#[tokio::test]
async fn a_full_disk_or_a_read_only_database_gives_a_clear_error_and_no_corruption() {
    if on_postgres() {
        println!("SQLite only: skipped on PostgreSQL");
        return;
    }
    let disk = SmallDisk::mount(24);
    let url = format!("sqlite://{}/portal.db?mode=rwc", disk.dir.path().display());
    let app = crate::harness::spawn_app_on(url, None).await;
    mpce_portal::server::seed::seed_demo(&app.state)
        .await
        .expect("demo data");
    let category = app
        .count("SELECT id FROM cpd_categories WHERE name = 'Other'")
        .await
        .to_string();
    let client = app.signed_in("staff@demo.test").await;
    let mut stored = Vec::new();
    let add = |n: usize| {
        let title = format!("Disk test {n}");
        let (client, category, address) = (&client, &category, app.address.clone());
        async move {
            let outcome = add_activity(&address, client, category, &title).await;
            (title, outcome)
        }
    };

    // Full: some write fails, clearly, and nothing after it is stored.
    let filler = disk.fill();
    let mut refusal = None;
    for n in 0..200 {
        let (title, outcome) = add(n).await;
        match outcome {
            Outcome::Stored(_) => stored.push(title),
            _ => {
                refusal = Some(n);
                break;
            }
        }
    }
    let n = refusal.expect("a write fails on a full disk");
    let (status, body) = refusal_of(&app, &client, &category).await;
    assert_eq!(status, 503, "{body}");
    assert!(says_nothing_was_saved(&body), "{body}");
    let reading = app.post(&client, "/api/cpd/mine", &[]).await;
    assert_eq!(reading.status(), 200, "reading goes on");

    // Room again: writes succeed without a restart.
    std::fs::remove_file(filler).expect("remove the filler");
    let (title, outcome) = add(n + 1000).await;
    assert!(
        matches!(outcome, Outcome::Stored(_)),
        "{title} after freeing space"
    );
    stored.push(title);

    // Read-only: an instance that can only read the file (as when its
    // permissions deny writing) refuses changes the same way and still
    // serves reading, on the session made by the other instance.
    let read_only = crate::harness::spawn_app_on(
        format!("sqlite://{}/portal.db?mode=ro", disk.dir.path().display()),
        None,
    )
    .await;
    let (status, body) = refusal_of(&read_only, &client, &category).await;
    assert_eq!(status, 503, "{body}");
    assert!(says_nothing_was_saved(&body), "{body}");
    let reading = read_only.post(&client, "/api/cpd/mine", &[]).await;
    assert_eq!(reading.status(), 200, "reading goes on");
    let page = read_only.get(&client, "/cpd").await;
    assert_eq!(page.status(), 200, "pages too");
    // The writable instance carries on.
    let (title, outcome) = add(n + 3000).await;
    assert!(
        matches!(outcome, Outcome::Stored(_)),
        "{title} on the writable instance"
    );
    stored.push(title);

    assert_eq!(sqlite_check(&app).await, "ok");
    for title in &stored {
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM cpd_activities WHERE title = '{title}'"
            ))
            .await,
            1,
            "{title}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cpd_activities WHERE title LIKE 'Disk test %'")
            .await as usize,
        stored.len(),
        "nothing refused was stored"
    );
    println!(
        "full disk: write {n} refused with 503 and recovered once there was room; read-only file: refused with 503, reading served; integrity ok"
    );
}

/// The answer to adding an activity that cannot be stored.
async fn refusal_of(app: &TestApp, client: &Client, category: &str) -> (u16, String) {
    let response = app
        .post_input(
            client,
            "/api/cpd/create",
            &[],
            &[
                ("title", "Disk test refused"),
                ("category_id", category),
                ("start_date", "2026-03-03"),
                ("hours", "1"),
            ],
        )
        .await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// The error a server function answered, as the page shows it, says the
/// change was not saved.
fn says_nothing_was_saved(body: &str) -> bool {
    serde_json::from_str::<mpce_portal::api::error::AppError>(body).is_ok_and(|e| {
        e.to_string()
            .contains("changes cannot be saved just now, and nothing was changed")
    })
}
