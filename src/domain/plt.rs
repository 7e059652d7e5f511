//! Protected learning time: session rules and the allowance summary
//! (DOMAIN.md: Protected learning time).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest single session: one long day.
pub const MAX_SESSION_QUARTERS: u32 = 48;
/// How far ahead a session may be requested, in days.
pub const MAX_DAYS_AHEAD: i64 = 550;
/// Longest purpose and decision comment.
pub const MAX_PURPOSE: usize = 500;
pub const MAX_COMMENT: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionStatus {
    Requested,
    Approved,
    Declined,
    Cancelled,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Requested => "requested",
            SessionStatus::Approved => "approved",
            SessionStatus::Declined => "declined",
            SessionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<SessionStatus> {
        [
            SessionStatus::Requested,
            SessionStatus::Approved,
            SessionStatus::Declined,
            SessionStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

/// What a session is, as the person sees it on `today`: an approved session
/// whose day has passed counts as taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionState {
    AwaitingDecision,
    /// Requested, but the day passed without a decision: it no longer
    /// counts against the allowance.
    Lapsed,
    Approved,
    Taken,
    Declined,
    Cancelled,
}

impl SessionState {
    pub fn of(status: SessionStatus, date: NaiveDate, today: NaiveDate) -> SessionState {
        match status {
            SessionStatus::Requested if date < today => SessionState::Lapsed,
            SessionStatus::Requested => SessionState::AwaitingDecision,
            SessionStatus::Approved if date < today => SessionState::Taken,
            SessionStatus::Approved => SessionState::Approved,
            SessionStatus::Declined => SessionState::Declined,
            SessionStatus::Cancelled => SessionState::Cancelled,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SessionState::AwaitingDecision => "Awaiting decision",
            SessionState::Lapsed => "Not decided before the day",
            SessionState::Approved => "Approved",
            SessionState::Taken => "Taken",
            SessionState::Declined => "Declined",
            SessionState::Cancelled => "Cancelled",
        }
    }
}

/// A new session's date: today or later, and not absurdly far ahead.
pub fn check_session_date(date: NaiveDate, today: NaiveDate) -> Result<(), String> {
    if date < today {
        return Err("Protected learning time is booked ahead: choose today or a later date".into());
    }
    if (date - today).num_days() > MAX_DAYS_AHEAD {
        return Err("Choose a date within the next 18 months".into());
    }
    Ok(())
}

/// Allowance and use for one year, in quarter hours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PltTotals {
    pub allowance: u32,
    /// Awaiting a decision.
    pub requested: u32,
    /// Approved and still to come.
    pub approved: u32,
    pub taken: u32,
}

impl PltTotals {
    pub fn add(&mut self, state: SessionState, quarters: u32) {
        match state {
            SessionState::AwaitingDecision => self.requested += quarters,
            SessionState::Approved => self.approved += quarters,
            SessionState::Taken => self.taken += quarters,
            SessionState::Lapsed | SessionState::Declined | SessionState::Cancelled => {}
        }
    }

    /// Allowance not yet taken or approved (never below zero).
    pub fn remaining(&self) -> u32 {
        self.allowance.saturating_sub(self.approved + self.taken)
    }

    /// What a new request may still ask for: pending requests count too.
    pub fn bookable(&self) -> u32 {
        self.remaining().saturating_sub(self.requested)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn approved_sessions_that_have_passed_are_taken() {
        let today = d("2026-11-26");
        let approved = SessionStatus::Approved;
        assert_eq!(
            SessionState::of(approved, d("2026-11-25"), today),
            SessionState::Taken
        );
        assert_eq!(
            SessionState::of(approved, d("2026-11-26"), today),
            SessionState::Approved
        );
        assert_eq!(
            SessionState::of(SessionStatus::Requested, d("2026-11-27"), today),
            SessionState::AwaitingDecision
        );
        assert_eq!(
            SessionState::of(SessionStatus::Requested, d("2026-11-01"), today),
            SessionState::Lapsed,
            "a request nobody decided before its day no longer counts"
        );
    }

    #[test]
    fn totals_and_what_is_left() {
        let mut totals = PltTotals {
            allowance: 150,
            ..Default::default()
        };
        totals.add(SessionState::Taken, 30);
        totals.add(SessionState::Approved, 30);
        totals.add(SessionState::AwaitingDecision, 60);
        totals.add(SessionState::Declined, 30);
        assert_eq!(totals.remaining(), 90);
        assert_eq!(totals.bookable(), 30);
        totals.add(SessionState::Approved, 200);
        assert_eq!(totals.remaining(), 0, "never below zero");
    }

    #[test]
    fn session_dates_are_ahead_but_not_far_ahead() {
        let today = d("2026-11-26");
        assert!(check_session_date(today, today).is_ok());
        assert!(check_session_date(d("2026-11-25"), today).is_err());
        assert!(check_session_date(d("2030-01-01"), today).is_err());
        assert_eq!(
            SessionStatus::parse("approved"),
            Some(SessionStatus::Approved)
        );
    }
}
