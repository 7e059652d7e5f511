//! The real `mpce-portal serve` binary as a separate process: for tests of
//! several instances on one database and of a process killed outright.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `mpce-portal serve`, killed when dropped.
pub struct Served {
    child: Child,
    pub address: String,
    log: tempfile::NamedTempFile,
}

/// A free port on 127.0.0.1 (bound, read and released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl Served {
    /// Starts `serve` on `database_url` with these extra environment
    /// variables (nothing else is inherited but `PATH`), and waits until it
    /// answers.
    pub async fn start(database_url: &str, env: &[(&str, &str)]) -> Served {
        let served = Served::spawn(database_url, env);
        served.wait_until_ready().await;
        served
    }

    /// Starts `serve` without waiting for it.
    pub fn spawn(database_url: &str, env: &[(&str, &str)]) -> Served {
        let port = free_port();
        let log = tempfile::NamedTempFile::new().expect("log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_mpce-portal"));
        command
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("MPCE_LOG", "warn")
            .env("MPCE_REMINDER_INTERVAL_SECONDS", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log.reopen().expect("log file"));
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command.spawn().expect("start mpce-portal serve");
        Served {
            child,
            address: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    /// Polls until the sign-in page answers (the process has migrated and
    /// is listening); panics with the process's log after 60 s.
    pub async fn wait_until_ready(&self) {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("client");
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Ok(response) = client.get(format!("{}/sign-in", self.address)).send().await
                && response.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "mpce-portal serve at {} did not start:\n{}",
            self.address,
            self.log()
        );
    }

    /// What the process wrote to standard error so far.
    pub fn log(&self) -> String {
        let mut text = String::new();
        let _ = self
            .log
            .reopen()
            .and_then(|mut f| f.read_to_string(&mut text));
        text
    }

    /// SIGKILL: no shutdown, no flushing, as a crash or a power cut.
    pub fn kill_hard(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.kill_hard();
    }
}
