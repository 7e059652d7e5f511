//! Email over SMTP (lettre, rustls), configured from the environment and
//! off unless `SMTP_HOST` is set.

use super::config::StartupError;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain SMTP (a relay on the same host or network only).
    None,
    /// Plain, upgraded with STARTTLS before anything is sent (required).
    StartTls,
    /// TLS from the first byte (SMTPS).
    Tls,
}

impl SmtpTls {
    fn parse(raw: &str) -> Result<SmtpTls, String> {
        match raw.to_ascii_lowercase().as_str() {
            "none" => Ok(SmtpTls::None),
            "starttls" => Ok(SmtpTls::StartTls),
            "tls" => Ok(SmtpTls::Tls),
            _ => Err("expected none, starttls or tls".into()),
        }
    }

    fn default_port(self) -> u16 {
        match self {
            SmtpTls::None => 25,
            SmtpTls::StartTls => 587,
            SmtpTls::Tls => 465,
        }
    }
}

/// Where and how to send email. The password is never printed.
#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: Mailbox,
    pub tls: SmtpTls,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "(set)"))
            .field("from", &self.from.to_string())
            .field("tls", &self.tls)
            .finish()
    }
}

impl SmtpConfig {
    /// The settings, or `None` (email off) when `SMTP_HOST` is unset.
    /// `text` answers a variable's trimmed, non-empty value.
    pub fn from_lookup(
        text: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<SmtpConfig>, StartupError> {
        let Some(host) = text("SMTP_HOST") else {
            for name in ["SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_FROM"] {
                if text(name).is_some() {
                    return Err(StartupError::new(
                        name,
                        "is set but SMTP_HOST is not: set SMTP_HOST to send email",
                    ));
                }
            }
            return Ok(None);
        };
        let tls = match text("SMTP_TLS") {
            None => SmtpTls::StartTls,
            Some(v) => SmtpTls::parse(&v)
                .map_err(|r| StartupError::new("SMTP_TLS", format!("'{v}' is not valid: {r}")))?,
        };
        let port = match text("SMTP_PORT") {
            None => tls.default_port(),
            Some(v) => v.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
                StartupError::new(
                    "SMTP_PORT",
                    format!("'{v}' is not valid: expected a port from 1 to 65535"),
                )
            })?,
        };
        let username = text("SMTP_USERNAME");
        let password = text("SMTP_PASSWORD");
        if username.is_some() != password.is_some() {
            return Err(StartupError::new(
                if username.is_some() {
                    "SMTP_PASSWORD"
                } else {
                    "SMTP_USERNAME"
                },
                "SMTP_USERNAME and SMTP_PASSWORD go together: set both or neither",
            ));
        }
        let from_text = text("SMTP_FROM")
            .ok_or_else(|| StartupError::new("SMTP_FROM", "is required when SMTP_HOST is set"))?;
        let from = from_text.parse::<Mailbox>().map_err(|_| {
            StartupError::new(
                "SMTP_FROM",
                format!("'{from_text}' is not valid: expected an address, like Portal <portal@example.org>"),
            )
        })?;
        Ok(Some(SmtpConfig {
            host,
            port,
            username,
            password,
            from,
            tls,
        }))
    }
}

/// One email to send.
#[derive(Debug, Clone)]
pub struct Email {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
}

/// A connection factory for one SMTP server.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// No SMTP command waits longer than this.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

impl Mailer {
    pub fn new(config: &SmtpConfig) -> Result<Mailer, String> {
        type Transport = AsyncSmtpTransport<Tokio1Executor>;
        let builder = match config.tls {
            SmtpTls::None => Transport::builder_dangerous(config.host.clone()),
            SmtpTls::StartTls => Transport::starttls_relay(&config.host)
                .map_err(|e| format!("SMTP settings: {e}"))?,
            SmtpTls::Tls => {
                Transport::relay(&config.host).map_err(|e| format!("SMTP settings: {e}"))?
            }
        };
        let mut builder = builder.port(config.port).timeout(Some(SMTP_TIMEOUT));
        if let (Some(user), Some(password)) = (&config.username, &config.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from: config.from.clone(),
        })
    }

    /// Sends one plain-text email. The error is one line for the log.
    pub async fn send(&self, email: &Email) -> Result<(), String> {
        let address = email
            .to_address
            .parse()
            .map_err(|e| format!("recipient address: {e}"))?;
        let to = Mailbox::new(Some(email.to_name.clone()), address);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|e| format!("building the message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("sending: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(vars: &[(&str, &str)]) -> Result<Option<SmtpConfig>, StartupError> {
        SmtpConfig::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn email_is_off_unless_a_host_is_set() {
        assert!(parse(&[]).unwrap().is_none());
        let err = parse(&[("SMTP_FROM", "a@b.example")]).unwrap_err();
        assert_eq!(err.variable, "SMTP_FROM");
    }

    #[test]
    fn settings_are_checked_and_defaulted() {
        let c = parse(&[
            ("SMTP_HOST", "mail.example"),
            ("SMTP_FROM", "Portal <p@x.example>"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!((c.port, c.tls), (587, SmtpTls::StartTls));
        assert_eq!(c.from.email.to_string(), "p@x.example");
        let c = parse(&[
            ("SMTP_HOST", "mail.example"),
            ("SMTP_FROM", "p@x.example"),
            ("SMTP_TLS", "TLS"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!((c.port, c.tls), (465, SmtpTls::Tls));
        for (vars, variable) in [
            (vec![("SMTP_HOST", "m")], "SMTP_FROM"),
            (
                vec![("SMTP_HOST", "m"), ("SMTP_FROM", "not an address")],
                "SMTP_FROM",
            ),
            (
                vec![
                    ("SMTP_HOST", "m"),
                    ("SMTP_FROM", "a@b.c"),
                    ("SMTP_PORT", "0"),
                ],
                "SMTP_PORT",
            ),
            (
                vec![
                    ("SMTP_HOST", "m"),
                    ("SMTP_FROM", "a@b.c"),
                    ("SMTP_TLS", "ssl"),
                ],
                "SMTP_TLS",
            ),
            (
                vec![
                    ("SMTP_HOST", "m"),
                    ("SMTP_FROM", "a@b.c"),
                    ("SMTP_USERNAME", "u"),
                ],
                "SMTP_PASSWORD",
            ),
        ] {
            assert_eq!(parse(&vars).unwrap_err().variable, variable, "{vars:?}");
        }
    }

    #[test]
    fn the_password_is_never_printed() {
        let c = parse(&[
            ("SMTP_HOST", "m"),
            ("SMTP_FROM", "a@b.c"),
            ("SMTP_USERNAME", "u"),
            ("SMTP_PASSWORD", "hunter2-secret"),
        ])
        .unwrap()
        .unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
