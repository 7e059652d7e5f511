//! Notifications: what kinds there are, when a reminder is due, the keys
//! that make each one unique for its person, and the words of an email.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Reminders before a registration or certificate expires, in days.
pub const EXPIRY_NOTICE_DAYS: [u64; 2] = [90, 30];
/// A reminder this many days before a job plan's review is due.
pub const REVIEW_NOTICE_DAYS: u64 = 30;
/// The most notifications the list shows.
pub const LIST_LIMIT: u64 = 100;
/// Longest message stored (longer ones are cut, with an ellipsis).
pub const MAX_MESSAGE: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// Something awaits the person's approval.
    Approval,
    /// A decision on the person's own request.
    Decision,
    /// A date coming up: a registration expiring, a job plan review.
    Reminder,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Approval, Kind::Decision, Kind::Reminder];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Approval => "approval",
            Kind::Decision => "decision",
            Kind::Reminder => "reminder",
        }
    }

    pub fn parse(raw: &str) -> Option<Kind> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Approval => "Awaiting your approval",
            Kind::Decision => "Decision",
            Kind::Reminder => "Reminder",
        }
    }
}

/// The notice periods (90, 30) whose reminder is due on `today` for
/// something expiring on `expires_on`: every period it now falls within,
/// and none once it has expired.
pub fn expiry_notices(expires_on: NaiveDate, today: NaiveDate) -> Vec<u64> {
    EXPIRY_NOTICE_DAYS
        .into_iter()
        .filter(|days| {
            today
                .checked_add_days(Days::new(*days))
                .is_some_and(|limit| today <= expires_on && expires_on <= limit)
        })
        .collect()
}

/// A registration's reminder key: one per registration, expiry date and
/// notice period, so that a renewed date earns new reminders.
pub fn registration_key(registration_id: i32, expires_on: NaiveDate, days: u64) -> String {
    format!("reg:{registration_id}:{expires_on}:{days}")
}

pub fn registration_message(what: &str, expires_on: NaiveDate, days: u64) -> String {
    format!(
        "Your {what} expires within {days} days, on {expires_on}. Renew it, then record the new date."
    )
}

/// The review date of a plan signed off on `signed_off`, when the reminder
/// for it is due on `today` (the review falls within 30 days).
pub fn review_notice(signed_off: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let due = super::job_plans::status::review_due(signed_off);
    let limit = today.checked_add_days(Days::new(REVIEW_NOTICE_DAYS))?;
    (today <= due && due <= limit).then_some(due)
}

pub fn review_key(plan_id: i32, due: NaiveDate) -> String {
    format!("review:{plan_id}:{due}")
}

pub fn review_message(year_label: &str, due: NaiveDate) -> String {
    format!(
        "Your {year_label} job plan is due for review by {due}. Start a new version, agree it with your line manager and have it signed off."
    )
}

/// Cuts a message to [`MAX_MESSAGE`] characters.
pub fn clip(message: &str) -> String {
    if message.chars().count() <= MAX_MESSAGE {
        return message.to_string();
    }
    let mut cut: String = message.chars().take(MAX_MESSAGE - 1).collect();
    cut.push('…');
    cut
}

/// An email's subject: the kind and the start of the message, on one line.
pub fn email_subject(kind: Kind, message: &str) -> String {
    const MAX: usize = 90;
    let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = line
        .split_once(". ")
        .map(|(sentence, _)| sentence)
        .unwrap_or(line.trim_end_matches('.'));
    let short = if first.chars().count() > MAX {
        let mut cut: String = first.chars().take(MAX - 1).collect();
        cut.push('…');
        cut
    } else {
        first.to_string()
    };
    format!("{}: {short}", kind.label())
}

/// An email's plain-text body: the message, where to act on it, and where
/// every notification is listed. `base_url` has no trailing slash.
pub fn email_body(name: &str, message: &str, link: &str, base_url: &str) -> String {
    format!(
        "Dear {name},\n\n{message}\n\nOpen it in the MPCE Workforce Portal:\n{base_url}{link}\n\nAll your notifications: {base_url}/notifications\n\n-- \nMPCE Workforce Portal. You get this email because the portal has a notification for you.\n"
    )
}

/// A notification's date for people: "2026-11-26 14:05" (UTC).
pub fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn expiry_reminders_fall_due_at_90_and_30_days_and_stop_at_expiry() {
        let today = d("2026-11-26");
        assert_eq!(expiry_notices(d("2026-12-16"), today), [90, 30]);
        assert_eq!(expiry_notices(d("2026-12-26"), today), [90, 30]);
        assert_eq!(expiry_notices(d("2026-12-27"), today), [90]);
        assert_eq!(expiry_notices(d("2027-02-24"), today), [90]);
        assert!(expiry_notices(d("2027-02-25"), today).is_empty());
        assert_eq!(expiry_notices(today, today), [90, 30]);
        assert!(expiry_notices(d("2026-11-25"), today).is_empty());
    }

    #[test]
    fn keys_differ_by_period_and_date() {
        let a = registration_key(7, d("2026-12-16"), 30);
        assert_eq!(a, "reg:7:2026-12-16:30");
        assert_ne!(a, registration_key(7, d("2026-12-16"), 90));
        assert_ne!(a, registration_key(7, d("2027-12-16"), 30));
        assert_eq!(review_key(3, d("2026-12-01")), "review:3:2026-12-01");
    }

    #[test]
    fn a_review_reminder_is_due_within_30_days_of_the_anniversary() {
        let today = d("2026-11-26");
        assert_eq!(review_notice(d("2025-12-20"), today), Some(d("2026-12-20")));
        assert_eq!(review_notice(d("2025-12-26"), today), Some(d("2026-12-26")));
        assert_eq!(review_notice(d("2025-12-27"), today), None);
        assert_eq!(review_notice(d("2025-11-25"), today), None, "overdue");
        assert_eq!(review_notice(d("2025-11-26"), today), Some(d("2026-11-26")));
    }

    #[test]
    fn kinds_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("other"), None);
    }

    #[test]
    fn email_subjects_are_one_short_line() {
        let message = registration_message("HCPC registration", d("2026-12-16"), 30);
        assert_eq!(
            email_subject(Kind::Reminder, &message),
            "Reminder: Your HCPC registration expires within 30 days, on 2026-12-16"
        );
        let long = "word ".repeat(60);
        let subject = email_subject(Kind::Approval, &format!("a\nb {long}"));
        assert!(!subject.contains('\n'));
        assert!(subject.chars().count() <= 90 + "Awaiting your approval: ".len());
        assert!(subject.ends_with('…'));
    }

    #[test]
    fn long_messages_are_clipped() {
        let long = "x".repeat(MAX_MESSAGE + 10);
        let clipped = clip(&long);
        assert_eq!(clipped.chars().count(), MAX_MESSAGE);
        assert!(clipped.ends_with('…'));
        assert_eq!(clip("short"), "short");
    }

    #[test]
    fn the_body_links_to_the_portal() {
        let body = email_body("Sam", "Hello.", "/plt", "https://portal.example");
        assert!(body.starts_with("Dear Sam,\n\nHello.\n"));
        assert!(body.contains("https://portal.example/plt\n"));
        assert!(body.contains("https://portal.example/notifications"));
    }
}
