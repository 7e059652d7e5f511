//! The job-plan workflow: Draft -> Submitted (by the person) -> Agreed (by
//! the line manager) -> Signed off (by the head of service); either approver
//! may return it to draft; an administrator may reopen a signed-off plan.
//! A plan is current for 12 months from sign-off.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Months a signed-off plan stays current.
pub const CURRENT_FOR_MONTHS: u32 = 12;
/// The share of staff the NHS expects to have a current plan.
pub const EXPECTED_SHARE_PERCENT: u8 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlanStatus {
    Draft,
    Submitted,
    Agreed,
    SignedOff,
    /// A signed-off version an administrator reopened: it no longer counts,
    /// and a new draft version carries its content forward.
    Reopened,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 5] = [
        PlanStatus::Draft,
        PlanStatus::Submitted,
        PlanStatus::Agreed,
        PlanStatus::SignedOff,
        PlanStatus::Reopened,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Submitted => "submitted",
            PlanStatus::Agreed => "agreed",
            PlanStatus::SignedOff => "signed_off",
            PlanStatus::Reopened => "reopened",
        }
    }

    pub fn parse(raw: &str) -> Option<PlanStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Draft => "Draft",
            PlanStatus::Submitted => "Submitted",
            PlanStatus::Agreed => "Agreed",
            PlanStatus::SignedOff => "Signed off",
            PlanStatus::Reopened => "Reopened",
        }
    }

    /// Only a draft's content may change.
    pub fn is_editable(self) -> bool {
        self == PlanStatus::Draft
    }
}

/// A workflow step someone takes on a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanAction {
    /// The person sends their draft for agreement.
    Submit,
    /// The person takes a submitted plan back to draft.
    Withdraw,
    /// The line manager agrees a submitted plan.
    Agree,
    /// A head of service signs off an agreed plan.
    SignOff,
    /// Either approver sends it back to draft with a comment.
    Return,
    /// An administrator reopens a signed-off plan with a reason.
    Reopen,
}

impl PlanAction {
    pub const ALL: [PlanAction; 6] = [
        PlanAction::Submit,
        PlanAction::Withdraw,
        PlanAction::Agree,
        PlanAction::SignOff,
        PlanAction::Return,
        PlanAction::Reopen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanAction::Submit => "submit",
            PlanAction::Withdraw => "withdraw",
            PlanAction::Agree => "agree",
            PlanAction::SignOff => "sign_off",
            PlanAction::Return => "return",
            PlanAction::Reopen => "reopen",
        }
    }

    pub fn parse(raw: &str) -> Option<PlanAction> {
        Self::ALL.into_iter().find(|a| a.as_str() == raw)
    }

    /// The statuses it applies to.
    pub fn from(self) -> &'static [PlanStatus] {
        match self {
            PlanAction::Submit => &[PlanStatus::Draft],
            PlanAction::Withdraw => &[PlanStatus::Submitted],
            PlanAction::Agree => &[PlanStatus::Submitted],
            PlanAction::SignOff => &[PlanStatus::Agreed],
            PlanAction::Return => &[PlanStatus::Submitted, PlanStatus::Agreed],
            PlanAction::Reopen => &[PlanStatus::SignedOff],
        }
    }

    pub fn to(self) -> PlanStatus {
        match self {
            PlanAction::Submit => PlanStatus::Submitted,
            PlanAction::Withdraw | PlanAction::Return => PlanStatus::Draft,
            PlanAction::Agree => PlanStatus::Agreed,
            PlanAction::SignOff => PlanStatus::SignedOff,
            PlanAction::Reopen => PlanStatus::Reopened,
        }
    }

    /// The history's word for it.
    pub fn past_tense(self) -> &'static str {
        match self {
            PlanAction::Submit => "submitted",
            PlanAction::Withdraw => "withdrawn",
            PlanAction::Agree => "agreed",
            PlanAction::SignOff => "signed_off",
            PlanAction::Return => "returned",
            PlanAction::Reopen => "reopened",
        }
    }

    /// Whether a comment must come with it.
    pub fn needs_comment(self) -> bool {
        matches!(self, PlanAction::Return | PlanAction::Reopen)
    }
}

/// A history entry's words: "Submitted", "Returned to draft", ...
pub fn event_label(action: &str) -> &'static str {
    match action {
        "created" => "Started",
        "saved" => "Saved",
        "submitted" => "Submitted",
        "withdrawn" => "Withdrawn to draft",
        "agreed" => "Agreed",
        "signed_off" => "Signed off",
        "returned" => "Returned to draft",
        "reopened" => "Reopened",
        "new_version" => "New version started",
        "next_year" => "Copied from the previous year",
        _ => "Changed",
    }
}

/// The day a plan signed off on `signed_off` is due for review.
pub fn review_due(signed_off: NaiveDate) -> NaiveDate {
    signed_off
        .checked_add_months(Months::new(CURRENT_FOR_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

/// Signed off within the last 12 months.
pub fn is_current(signed_off: NaiveDate, today: NaiveDate) -> bool {
    signed_off <= today && today < review_due(signed_off)
}

/// Whole-number percentage, to the nearest, of `part` in `whole` (0 when
/// there is nobody).
pub fn percent(part: usize, whole: usize) -> u8 {
    (part * 100 + whole / 2)
        .checked_div(whole)
        .map_or(0, |p| p.min(100) as u8)
}

/// At least 90% have a current plan, compared exactly (89.6% is not 90%).
pub fn meets_expectation(current: usize, staff: usize) -> bool {
    staff > 0 && current * 100 >= usize::from(EXPECTED_SHARE_PERCENT) * staff
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_plan_is_current_for_12_months_from_sign_off() {
        assert_eq!(review_due(d("2025-11-27")), d("2026-11-27"));
        assert!(is_current(d("2025-11-27"), d("2026-11-26")));
        assert!(!is_current(d("2025-11-26"), d("2026-11-26")));
        assert_eq!(review_due(d("2024-02-29")), d("2025-02-28"));
    }

    #[test]
    fn every_action_leads_from_and_to_the_documented_statuses() {
        use PlanAction::*;
        use PlanStatus::*;
        assert_eq!(Submit.from(), [Draft]);
        assert_eq!(Agree.to(), Agreed);
        assert_eq!(SignOff.from(), [Agreed]);
        assert_eq!(Return.from(), [Submitted, Agreed]);
        assert_eq!(Return.to(), Draft);
        assert_eq!(Reopen.from(), [SignedOff]);
        for a in PlanAction::ALL {
            assert_eq!(PlanAction::parse(a.as_str()), Some(a));
        }
        for s in PlanStatus::ALL {
            assert_eq!(PlanStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(percent(31, 40), 78);
        assert!(!meets_expectation(259, 289), "89.6% is below 90%");
        assert!(meets_expectation(9, 10));
        assert_eq!(percent(0, 0), 0);
    }
}
