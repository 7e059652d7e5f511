//! Configuration from environment variables only, typed and checked once at
//! start-up. A malformed value, or an `MPCE_` variable the portal does not
//! know (a typo), stops start-up with a one-line message naming it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
#[error("{variable}: {reason}")]
pub struct StartupError {
    pub variable: String,
    pub reason: String,
}

impl StartupError {
    pub fn new(variable: impl Into<String>, reason: impl Into<String>) -> Self {
        StartupError {
            variable: variable.into(),
            reason: reason.into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    pub database_url: String,
    pub site_addr: SocketAddr,
    /// Folder holding the built site (`pkg/` with wasm, JS and CSS).
    pub site_root: String,
    pub db_max_connections: u32,
    /// Add `Secure` to cookies: set when users reach the portal over https.
    pub cookie_secure: bool,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    /// Believe the last address in `X-Forwarded-For` (behind a reverse proxy).
    pub trust_proxy: bool,
    /// Extra passwords to refuse, one per line, lower-cased on load.
    pub password_blocklist: Vec<String>,
    pub log_filter: String,
    /// Email settings (`SMTP_*`); `None`, the default, sends no email.
    pub smtp: Option<super::mailer::SmtpConfig>,
    /// The portal's address as people reach it, for links in emails (no
    /// trailing slash).
    pub base_url: String,
    /// How often this process runs the reminder job; `None`: never.
    pub reminder_interval: Option<Duration>,
}

/// Every variable the portal reads; `MPCE_` ones outside this list are typos.
pub const KNOWN_VARIABLES: &[(&str, &str, &str)] = &[
    (
        "DATABASE_URL",
        "sqlite://data/mpce-portal.db?mode=rwc",
        "SQLite file (created) or postgres:// URL",
    ),
    (
        "LEPTOS_SITE_ADDR",
        "127.0.0.1:3000",
        "address and port to serve on",
    ),
    (
        "LEPTOS_SITE_ROOT",
        "target/site",
        "folder with the built site",
    ),
    (
        "MPCE_DB_MAX_CONNECTIONS",
        "10",
        "database pool size per instance",
    ),
    ("MPCE_COOKIE_SECURE", "false", "true when served over https"),
    (
        "MPCE_SESSION_IDLE_MINUTES",
        "30",
        "sign out after this long without a request",
    ),
    (
        "MPCE_SESSION_ABSOLUTE_HOURS",
        "12",
        "sign out this long after signing in, whatever happens",
    ),
    (
        "MPCE_TRUST_PROXY",
        "false",
        "true behind a reverse proxy that sets X-Forwarded-For",
    ),
    (
        "MPCE_PASSWORD_BLOCKLIST_FILE",
        "(none)",
        "file of extra passwords to refuse, one per line",
    ),
    (
        "MPCE_LOG",
        "info",
        "log filter, e.g. info,mpce_portal=debug; add sqlx::query=info to log every SQL statement",
    ),
    (
        "MPCE_BASE_URL",
        "http://127.0.0.1:3000",
        "the portal's address as people reach it, for links in emails",
    ),
    (
        "MPCE_REMINDER_INTERVAL_SECONDS",
        "3600",
        "how often the reminder job runs; 0 turns it off in this instance",
    ),
];

impl Config {
    pub fn from_env() -> Result<Config, StartupError> {
        Self::from_lookup(
            |name| std::env::var(name).ok(),
            std::env::vars().map(|(k, _)| k),
        )
    }

    /// Reads configuration through `lookup`; `names` lists every variable set.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        names: impl Iterator<Item = String>,
    ) -> Result<Config, StartupError> {
        for name in names.filter(|n| n.starts_with("MPCE_")) {
            if !KNOWN_VARIABLES.iter().any(|(known, _, _)| *known == name) {
                return Err(StartupError::new(
                    name,
                    "unknown variable (see README, Configuration)",
                ));
            }
        }
        let text = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let database_url = text("DATABASE_URL")
            .unwrap_or_else(|| "sqlite://data/mpce-portal.db?mode=rwc".to_string());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(StartupError::new(
                "DATABASE_URL",
                "must start with sqlite: or postgres://",
            ));
        }
        let site_addr = parse_or(
            "LEPTOS_SITE_ADDR",
            text("LEPTOS_SITE_ADDR"),
            "127.0.0.1:3000".parse().ok(),
            |v| {
                v.parse::<SocketAddr>()
                    .map_err(|_| "expected host:port, like 127.0.0.1:3000".to_string())
            },
        )?;
        let site_root = text("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into());
        let db_max_connections = parse_or(
            "MPCE_DB_MAX_CONNECTIONS",
            text("MPCE_DB_MAX_CONNECTIONS"),
            Some(10),
            |v| parse_in_range(v, 1, 1000),
        )?;
        let cookie_secure = parse_or(
            "MPCE_COOKIE_SECURE",
            text("MPCE_COOKIE_SECURE"),
            Some(false),
            parse_bool,
        )?;
        let idle_minutes = parse_or(
            "MPCE_SESSION_IDLE_MINUTES",
            text("MPCE_SESSION_IDLE_MINUTES"),
            Some(30),
            |v| parse_in_range(v, 1, 24 * 60),
        )?;
        let absolute_hours = parse_or(
            "MPCE_SESSION_ABSOLUTE_HOURS",
            text("MPCE_SESSION_ABSOLUTE_HOURS"),
            Some(12),
            |v| parse_in_range(v, 1, 24 * 30),
        )?;
        let trust_proxy = parse_or(
            "MPCE_TRUST_PROXY",
            text("MPCE_TRUST_PROXY"),
            Some(false),
            parse_bool,
        )?;
        let password_blocklist = match text("MPCE_PASSWORD_BLOCKLIST_FILE") {
            None => Vec::new(),
            Some(path) => read_blocklist(PathBuf::from(path))?,
        };
        let log_filter = text("MPCE_LOG").unwrap_or_else(|| "info".into());
        let smtp = super::mailer::SmtpConfig::from_lookup(text)?;
        let base_url = parse_or(
            "MPCE_BASE_URL",
            text("MPCE_BASE_URL"),
            Some("http://127.0.0.1:3000".to_string()),
            parse_base_url,
        )?;
        let reminder_seconds = parse_or(
            "MPCE_REMINDER_INTERVAL_SECONDS",
            text("MPCE_REMINDER_INTERVAL_SECONDS"),
            Some(3600),
            |v| parse_in_range(v, 0, 7 * 24 * 3600),
        )?;
        Ok(Config {
            database_url,
            site_addr,
            site_root,
            db_max_connections,
            cookie_secure,
            session_idle: Duration::from_secs(u64::from(idle_minutes) * 60),
            session_absolute: Duration::from_secs(u64::from(absolute_hours) * 3600),
            trust_proxy,
            password_blocklist,
            log_filter,
            smtp,
            base_url,
            reminder_interval: (reminder_seconds > 0)
                .then(|| Duration::from_secs(u64::from(reminder_seconds))),
        })
    }

    /// Defaults plus the given database: for tests and tools.
    pub fn for_database(database_url: &str) -> Result<Config, StartupError> {
        let lookup = |name: &str| (name == "DATABASE_URL").then(|| database_url.to_string());
        Config::from_lookup(lookup, std::iter::empty())
    }
}

fn parse_or<T>(
    name: &str,
    value: Option<String>,
    default: Option<T>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<T, StartupError> {
    match value {
        Some(v) => parse(v.trim())
            .map_err(|reason| StartupError::new(name, format!("'{v}' is not valid: {reason}"))),
        None => default.ok_or_else(|| StartupError::new(name, "is required")),
    }
}

fn parse_bool(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err("expected true or false".into()),
    }
}

fn parse_in_range(value: &str, min: u32, max: u32) -> Result<u32, String> {
    value
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| format!("expected a whole number from {min} to {max}"))
}

/// An http(s) address without a trailing slash.
fn parse_base_url(value: &str) -> Result<String, String> {
    let trimmed = value.trim_end_matches('/');
    let host = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err("expected an address like https://portal.example.nhs.uk".into());
    }
    Ok(trimmed.to_string())
}

fn read_blocklist(path: PathBuf) -> Result<Vec<String>, StartupError> {
    let content = std::fs::read_to_string(&path).map_err(|e| {
        StartupError::new(
            "MPCE_PASSWORD_BLOCKLIST_FILE",
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    Ok(content
        .lines()
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, StartupError> {
        let owned: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let lookup = |name: &str| {
            owned
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        Config::from_lookup(lookup, owned.iter().map(|(k, _)| k.clone()))
    }

    #[test]
    fn defaults_need_nothing_set() {
        let c = config(&[]).unwrap();
        assert!(c.database_url.starts_with("sqlite://data/"));
        assert_eq!(c.site_addr.port(), 3000);
        assert!(!c.cookie_secure);
        assert_eq!(c.session_idle, Duration::from_secs(1800));
    }

    #[test]
    fn malformed_values_name_the_variable() {
        let err = config(&[("MPCE_COOKIE_SECURE", "maybe")]).unwrap_err();
        assert_eq!(err.variable, "MPCE_COOKIE_SECURE");
        let err = config(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err();
        assert_eq!(err.variable, "LEPTOS_SITE_ADDR");
        let err = config(&[("MPCE_SESSION_IDLE_MINUTES", "0")]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("MPCE_SESSION_IDLE_MINUTES: '0' is not valid"),
            "{err}"
        );
        let err = config(&[("DATABASE_URL", "mysql://x")]).unwrap_err();
        assert_eq!(err.variable, "DATABASE_URL");
    }

    #[test]
    fn email_and_reminders_have_safe_defaults() {
        let c = config(&[]).unwrap();
        assert!(c.smtp.is_none(), "email is off by default");
        assert_eq!(c.base_url, "http://127.0.0.1:3000");
        assert_eq!(c.reminder_interval, Some(Duration::from_secs(3600)));
        let c = config(&[
            ("MPCE_BASE_URL", "https://portal.example.nhs.uk/"),
            ("MPCE_REMINDER_INTERVAL_SECONDS", "0"),
        ])
        .unwrap();
        assert_eq!(c.base_url, "https://portal.example.nhs.uk");
        assert_eq!(c.reminder_interval, None);
        let err = config(&[("MPCE_BASE_URL", "portal.example")]).unwrap_err();
        assert_eq!(err.variable, "MPCE_BASE_URL");
        let err = config(&[("SMTP_HOST", "mail.example")]).unwrap_err();
        assert_eq!(err.variable, "SMTP_FROM");
    }

    #[test]
    fn unknown_mpce_variables_are_typos() {
        let err = config(&[("MPCE_COOKIE_SECURED", "true")]).unwrap_err();
        assert_eq!(err.variable, "MPCE_COOKIE_SECURED");
    }
}
