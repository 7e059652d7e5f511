//! A real SMTP server for the email tests: Python's aiosmtpd, started per
//! test on a free local port, storing what it receives in a Maildir.
//!
//! Python comes from `TEST_PYTHON`, else `.tools/test-venv` (which
//! `make test` creates), else `python3`. Without aiosmtpd the tests fail
//! and say what to install.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpServer {
    pub port: u16,
    child: Child,
    maildir: tempfile::TempDir,
}

/// One message as the server stored it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope recipients (`RCPT TO`).
    pub rcpt_to: String,
    pub to: String,
    pub from: String,
    pub subject: String,
    pub body: String,
}

pub fn python() -> PathBuf {
    if let Ok(path) = std::env::var("TEST_PYTHON") {
        return PathBuf::from(path);
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/test-venv/bin/python");
    if venv.exists() {
        return venv;
    }
    PathBuf::from("python3")
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let python = python();
        let check = Command::new(&python)
            .args(["-c", "import aiosmtpd"])
            .output();
        if !check.is_ok_and(|o| o.status.success()) {
            panic!(
                "The email tests need Python 3 with aiosmtpd (a local SMTP server), and {} has none. \
                 Run `make test-python` (creates .tools/test-venv), or \
                 `python3 -m pip install aiosmtpd`, or set TEST_PYTHON to a Python that has it.",
                python.display()
            );
        }
        let maildir = tempfile::tempdir().expect("maildir folder");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("mail"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start aiosmtpd");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            if let Ok(Some(status)) = child.try_wait() {
                let mut stderr = String::new();
                if let Some(mut pipe) = child.stderr.take() {
                    use std::io::Read;
                    let _ = pipe.read_to_string(&mut stderr);
                }
                panic!("aiosmtpd exited ({status}): {stderr}");
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpServer {
            port,
            child,
            maildir,
        }
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        let new = self.maildir.path().join("mail").join("new");
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(new)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| {
                        let when = e
                            .metadata()
                            .and_then(|m| m.modified())
                            .unwrap_or(std::time::UNIX_EPOCH);
                        (when, e.path())
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .map(|(_, path)| parse(&std::fs::read_to_string(&path).expect("a message")))
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Headers (unfolded) and the decoded body of a stored message.
fn parse(raw: &str) -> Received {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let body = match header("content-transfer-encoding")
        .to_ascii_lowercase()
        .as_str()
    {
        "quoted-printable" => quoted_printable(body),
        "base64" => {
            use base64::Engine as _;
            let compact: String = body.split_whitespace().collect();
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .expect("base64 body"),
            )
            .expect("UTF-8 body")
        }
        _ => body.to_string(),
    };
    Received {
        rcpt_to: header("x-rcptto"),
        to: header("to"),
        from: header("from"),
        subject: header("subject")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        body,
    }
}

fn quoted_printable(text: &str) -> String {
    let mut bytes = Vec::new();
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let (line, soft) = match line.strip_suffix('=') {
            Some(rest) => (rest, true),
            None => (line, false),
        };
        let raw = line.as_bytes();
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'='
                && let Some(hex) = line.get(i + 1..i + 3)
                && let Ok(byte) = u8::from_str_radix(hex, 16)
            {
                bytes.push(byte);
                i += 3;
                continue;
            }
            bytes.push(raw[i]);
            i += 1;
        }
        if !soft && lines.peek().is_some() {
            bytes.push(b'\n');
        }
    }
    String::from_utf8(bytes).expect("UTF-8 body")
}

#[test]
fn quoted_printable_bodies_are_decoded() {
    assert_eq!(quoted_printable("a=3Db=\nc\nd"), "a=bc\nd");
    let m = parse(
        "To: x@y\r\nSubject: a\r\n b\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nhi=\r\n there\r\n",
    );
    assert_eq!(m.subject, "a b");
    assert_eq!(m.body, "hi there\n");
}
