//! Funded CPD (DOMAIN.md: Funded CPD): money in integer pence, the cost of a
//! request, funding sources and their eligibility rules, the request
//! workflow, and a budget's committed, spent and remaining figures.
//!
//! An approved request commits its estimated cost against its budget; a
//! completed one counts its actual cost as spent instead; a cancelled one
//! releases the commitment.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in pence (negative for a budget overspent).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Pence(pub i64);

/// The largest single amount accepted: one million pounds.
pub const MAX_AMOUNT: Pence = Pence(100_000_000);

impl Pence {
    /// "1234.56", "£1,234.56", "1234", "0.5" (50p). At most two decimal
    /// places, not negative, at most one million pounds.
    pub fn parse(raw: &str) -> Result<Pence, String> {
        let message = || "Enter an amount in pounds, like 250 or 1,234.50".to_string();
        let cleaned: String = raw
            .trim()
            .trim_start_matches('£')
            .chars()
            .filter(|c| *c != ',')
            .collect();
        if cleaned.is_empty() {
            return Err(message());
        }
        let (pounds, pence) = match cleaned.split_once('.') {
            Some((p, d)) => (p, d),
            None => (cleaned.as_str(), ""),
        };
        if pounds.is_empty() && pence.is_empty()
            || !pounds.chars().all(|c| c.is_ascii_digit())
            || !pence.chars().all(|c| c.is_ascii_digit())
        {
            return Err(message());
        }
        if pence.len() > 2 {
            return Err("Use at most two decimal places (pence)".into());
        }
        let pounds: i64 = if pounds.is_empty() {
            0
        } else {
            pounds.parse().map_err(|_| message())?
        };
        let pence: i64 = match pence.len() {
            0 => 0,
            1 => pence.parse::<i64>().map_err(|_| message())? * 10,
            _ => pence.parse().map_err(|_| message())?,
        };
        let total = pounds
            .checked_mul(100)
            .and_then(|p| p.checked_add(pence))
            .ok_or_else(message)?;
        if total > MAX_AMOUNT.0 {
            return Err("That is more than one million pounds".into());
        }
        Ok(Pence(total))
    }

    pub fn checked_add(self, other: Pence) -> Option<Pence> {
        self.0.checked_add(other.0).map(Pence)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl Pence {
    /// The amount as a form shows it for editing: "1234.50", "0" for none.
    pub fn plain(self) -> String {
        match self.0 {
            0 => "0".into(),
            p => format!("{}.{:02}", p / 100, p.unsigned_abs() % 100),
        }
    }
}

impl std::ops::Add for Pence {
    type Output = Pence;
    fn add(self, other: Pence) -> Pence {
        Pence(self.0.saturating_add(other.0))
    }
}

impl std::ops::Sub for Pence {
    type Output = Pence;
    fn sub(self, other: Pence) -> Pence {
        Pence(self.0.saturating_sub(other.0))
    }
}

impl std::iter::Sum for Pence {
    fn sum<I: Iterator<Item = Pence>>(iter: I) -> Pence {
        iter.fold(Pence(0), |a, b| a + b)
    }
}

impl fmt::Display for Pence {
    /// "£1,234.50"; "-£20.00" when negative.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let pounds = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in pounds.chars().enumerate() {
            if i > 0 && (pounds.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}£{grouped}.{:02}", abs % 100)
    }
}

/// What a request costs, by part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cost {
    pub fee: Pence,
    pub travel: Pence,
    pub subsistence: Pence,
    pub backfill: Pence,
}

impl Cost {
    pub fn total(&self) -> Pence {
        self.fee + self.travel + self.subsistence + self.backfill
    }
}

/// Where the money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Source {
    TrustStudyBudget,
    NationalCpdFunding,
    CharitableFunds,
    Other,
}

impl Source {
    pub const ALL: [Source; 4] = [
        Source::TrustStudyBudget,
        Source::NationalCpdFunding,
        Source::CharitableFunds,
        Source::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::TrustStudyBudget => "trust",
            Source::NationalCpdFunding => "national",
            Source::CharitableFunds => "charitable",
            Source::Other => "other",
        }
    }

    pub fn parse(raw: &str) -> Option<Source> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::TrustStudyBudget => "Trust study budget",
            Source::NationalCpdFunding => "National CPD funding",
            Source::CharitableFunds => "Charitable funds",
            Source::Other => "Other",
        }
    }
}

/// A source's eligibility rules, set per source by administrators.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Eligibility {
    /// The source does not pay for backfill.
    pub excludes_backfill: bool,
    /// Staff groups that may not draw on it (e.g. healthcare scientists for
    /// national CPD funding).
    pub excluded_staff_groups: Vec<String>,
}

impl Eligibility {
    /// Problems as (field, message): what stops a request from this source
    /// being submitted.
    pub fn check(
        &self,
        source: Source,
        cost: &Cost,
        staff_group: &str,
    ) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if self.excludes_backfill && cost.backfill.0 > 0 {
            problems.push((
                "backfill",
                format!(
                    "{} does not pay for backfill: set backfill to 0 or choose another source",
                    source.label()
                ),
            ));
        }
        if self
            .excluded_staff_groups
            .iter()
            .any(|g| g.eq_ignore_ascii_case(staff_group.trim()))
        {
            problems.push((
                "source",
                format!(
                    "{staff_group} are not eligible for {}: choose another source",
                    source.label()
                ),
            ));
        }
        problems
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    Draft,
    Submitted,
    Approved,
    Declined,
    Returned,
    Completed,
    Cancelled,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 7] = [
        RequestStatus::Draft,
        RequestStatus::Submitted,
        RequestStatus::Approved,
        RequestStatus::Declined,
        RequestStatus::Returned,
        RequestStatus::Completed,
        RequestStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Draft => "draft",
            RequestStatus::Submitted => "submitted",
            RequestStatus::Approved => "approved",
            RequestStatus::Declined => "declined",
            RequestStatus::Returned => "returned",
            RequestStatus::Completed => "completed",
            RequestStatus::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Draft => "Draft",
            RequestStatus::Submitted => "Submitted",
            RequestStatus::Approved => "Approved",
            RequestStatus::Declined => "Declined",
            RequestStatus::Returned => "Returned",
            RequestStatus::Completed => "Completed",
            RequestStatus::Cancelled => "Cancelled",
        }
    }

    /// Whether the viewer may take the request from this status to `to`:
    /// its owner submits, and completes or cancels it; an approver (line
    /// manager or head of service) decides, completes, and cancels an
    /// approved one. Nobody acts outside the workflow.
    pub fn may_become(self, to: RequestStatus, owner: bool, approver: bool) -> bool {
        self.permits(to, owner, approver) && self.can_become(to)
    }

    /// The role half of [`may_become`](Self::may_become): whether this kind
    /// of viewer takes such a step at all (an approver cancels only an
    /// approved request; the owner withdraws their own at any stage).
    pub fn permits(self, to: RequestStatus, owner: bool, approver: bool) -> bool {
        use RequestStatus::*;
        match to {
            Submitted => owner,
            Approved | Declined | Returned => approver,
            Completed => owner || approver,
            Cancelled => owner || (approver && self == Approved),
            Draft => false,
        }
    }

    /// The workflow step (the action's name) that leads to `self`.
    pub fn action(self) -> &'static str {
        match self {
            RequestStatus::Draft => "edit",
            RequestStatus::Submitted => "submit",
            RequestStatus::Approved => "approve",
            RequestStatus::Declined => "decline",
            RequestStatus::Returned => "return",
            RequestStatus::Completed => "complete",
            RequestStatus::Cancelled => "cancel",
        }
    }

    pub fn from_action(action: &str) -> Option<RequestStatus> {
        Self::ALL
            .into_iter()
            .find(|s| s.action() == action && *s != RequestStatus::Draft)
    }

    pub fn parse(raw: &str) -> Option<RequestStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Whether `to` may follow this status.
    pub fn can_become(self, to: RequestStatus) -> bool {
        use RequestStatus::*;
        matches!(
            (self, to),
            (Draft | Returned, Submitted)
                | (Submitted, Approved | Declined | Returned)
                | (Approved, Completed | Cancelled)
                | (Draft | Returned | Submitted, Cancelled)
        )
    }
}

/// One request as a budget sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    pub status: RequestStatus,
    pub estimated: Pence,
    /// The actual cost, once completed.
    pub actual: Option<Pence>,
}

/// A budget's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BudgetFigures {
    pub budget: Pence,
    /// Approved and not yet completed: their estimated cost.
    pub committed: Pence,
    /// Completed: their actual cost.
    pub spent: Pence,
}

impl BudgetFigures {
    pub fn of(budget: Pence, requests: impl IntoIterator<Item = Drawn>) -> BudgetFigures {
        let mut figures = BudgetFigures {
            budget,
            ..Default::default()
        };
        for r in requests {
            match r.status {
                RequestStatus::Approved => figures.committed = figures.committed + r.estimated,
                RequestStatus::Completed => {
                    figures.spent = figures.spent + r.actual.unwrap_or(r.estimated)
                }
                _ => {}
            }
        }
        figures
    }

    /// Budget less committed and spent.
    pub fn remaining(&self) -> Pence {
        self.budget - self.committed - self.spent
    }

    /// Whether approving `amount` more would take the budget below zero
    /// (then the approver must override with a reason).
    pub fn would_overspend(&self, amount: Pence) -> bool {
        (self.remaining() - amount).is_negative()
    }

    /// Committed and spent as a share of the budget, 0-100 (100 when there
    /// is no budget but money is drawn).
    pub fn percent_used(&self) -> u8 {
        let used = (self.committed + self.spent).0.max(0);
        if self.budget.0 <= 0 {
            return if used > 0 { 100 } else { 0 };
        }
        (used.saturating_mul(100) / self.budget.0).min(100) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pounds: i64) -> Pence {
        Pence(pounds * 100)
    }

    #[test]
    fn amounts_parse_from_pounds_and_show_as_pounds() {
        assert_eq!(Pence::parse("250"), Ok(p(250)));
        assert_eq!(Pence::parse("£1,234.5"), Ok(Pence(123_450)));
        assert_eq!(Pence::parse(".99"), Ok(Pence(99)));
        assert!(Pence::parse("12.345").is_err());
        assert!(Pence::parse("-5").is_err());
        assert!(Pence::parse("1e3").is_err());
        assert!(Pence::parse("").is_err());
        assert!(Pence::parse("1000000.01").is_err());
        assert_eq!(Pence(123_456_789).to_string(), "£1,234,567.89");
        assert_eq!(Pence(-2000).to_string(), "-£20.00");
        assert_eq!(Pence(5).to_string(), "£0.05");
    }

    #[test]
    fn a_request_costs_its_fee_travel_subsistence_and_backfill() {
        let cost = Cost {
            fee: p(450),
            travel: Pence(8_640),
            subsistence: p(35),
            backfill: p(300),
        };
        assert_eq!(cost.total(), Pence(87_140));
    }

    /// Budget £2,000: one approved £600 (committed), one completed estimated
    /// at £500 that cost £420 (spent), one declined and one cancelled after
    /// approval (neither counts): £980 remaining.
    #[test]
    fn approval_commits_completion_spends_the_actual_cost_and_cancellation_releases() {
        let figures = BudgetFigures::of(
            p(2000),
            [
                Drawn {
                    status: RequestStatus::Approved,
                    estimated: p(600),
                    actual: None,
                },
                Drawn {
                    status: RequestStatus::Completed,
                    estimated: p(500),
                    actual: Some(p(420)),
                },
                Drawn {
                    status: RequestStatus::Declined,
                    estimated: p(900),
                    actual: None,
                },
                Drawn {
                    status: RequestStatus::Cancelled,
                    estimated: p(700),
                    actual: None,
                },
            ],
        );
        assert_eq!(figures.committed, p(600));
        assert_eq!(figures.spent, p(420));
        assert_eq!(figures.remaining(), p(980));
        assert_eq!(figures.percent_used(), 51);
        assert!(RequestStatus::Approved.can_become(RequestStatus::Cancelled));
        assert!(!RequestStatus::Completed.can_become(RequestStatus::Cancelled));
    }

    /// £980 remaining: approving £980 is fine, £980.01 needs an override;
    /// an overridden approval leaves the budget negative and says so.
    #[test]
    fn approval_beyond_the_budget_needs_an_override_and_shows_the_overspend() {
        let figures = BudgetFigures::of(
            p(1000),
            [Drawn {
                status: RequestStatus::Completed,
                estimated: p(20),
                actual: None,
            }],
        );
        assert!(!figures.would_overspend(p(980)));
        assert!(figures.would_overspend(Pence(98_001)));
        let over = BudgetFigures::of(
            p(1000),
            [Drawn {
                status: RequestStatus::Approved,
                estimated: p(1200),
                actual: None,
            }],
        );
        assert_eq!(over.remaining(), p(-200));
        assert_eq!(over.remaining().to_string(), "-£200.00");
        assert_eq!(over.percent_used(), 100);
    }

    #[test]
    fn the_workflow_allows_only_its_documented_steps() {
        use RequestStatus::*;
        assert!(Draft.can_become(Submitted));
        assert!(Returned.can_become(Submitted));
        assert!(Submitted.can_become(Approved));
        assert!(Submitted.can_become(Declined));
        assert!(Submitted.can_become(Returned));
        assert!(Approved.can_become(Completed));
        assert!(!Draft.can_become(Approved));
        assert!(!Declined.can_become(Approved));
        assert!(!Completed.can_become(Approved));
        assert!(!Cancelled.can_become(Submitted));
        for s in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn eligibility_excludes_backfill_and_staff_groups_per_source() {
        let national = Eligibility {
            excludes_backfill: true,
            excluded_staff_groups: vec!["Healthcare Scientists".into()],
        };
        let cost = Cost {
            fee: p(300),
            backfill: p(150),
            ..Default::default()
        };
        let problems = national.check(Source::NationalCpdFunding, &cost, "healthcare scientists");
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["backfill", "source"]);
        let fine = Cost {
            fee: p(300),
            ..Default::default()
        };
        assert!(
            national
                .check(
                    Source::NationalCpdFunding,
                    &fine,
                    "Allied Health Professionals"
                )
                .is_empty()
        );
        assert!(
            Eligibility::default()
                .check(Source::TrustStudyBudget, &cost, "Healthcare Scientists")
                .is_empty()
        );
    }

    #[test]
    fn owners_submit_and_withdraw_approvers_decide_and_nobody_skips_a_step() {
        use RequestStatus::*;
        // (from, to, owner may, approver may)
        let cases = [
            (Draft, Submitted, true, false),
            (Returned, Submitted, true, false),
            (Submitted, Approved, false, true),
            (Submitted, Declined, false, true),
            (Submitted, Returned, false, true),
            (Submitted, Cancelled, true, false),
            (Approved, Completed, true, true),
            (Approved, Cancelled, true, true),
            (Draft, Approved, false, false),
            (Declined, Submitted, false, false),
            (Completed, Cancelled, false, false),
            (Cancelled, Submitted, false, false),
        ];
        for (from, to, owner, approver) in cases {
            assert_eq!(
                from.may_become(to, true, false),
                owner,
                "owner {from:?} -> {to:?}"
            );
            assert_eq!(
                from.may_become(to, false, true),
                approver,
                "approver {from:?} -> {to:?}"
            );
            assert!(
                !from.may_become(to, false, false),
                "outsider {from:?} -> {to:?}"
            );
        }
    }

    #[test]
    fn actions_name_the_step_to_each_status() {
        for status in RequestStatus::ALL {
            if status == RequestStatus::Draft {
                assert_eq!(RequestStatus::from_action("edit"), None);
            } else {
                assert_eq!(RequestStatus::from_action(status.action()), Some(status));
            }
        }
        assert_eq!(RequestStatus::from_action("approve!"), None);
    }

    #[test]
    fn amounts_show_plainly_for_editing_and_parse_back() {
        for pence in [0, 5, 50, 100, 123_450, 100_000_000] {
            let plain = Pence(pence).plain();
            assert!(!plain.contains(['£', ',']), "{plain}");
            assert_eq!(Pence::parse(&plain), Ok(Pence(pence)), "{plain}");
        }
        assert_eq!(Pence(123_450).plain(), "1234.50");
    }
}
