//! How much awaits the signed-in approver, by kind: the figures behind the
//! home page's reminder (the Approvals page lists the items themselves).

use super::AppError;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ApprovalCounts {
    pub learning_time: u32,
    pub funding: u32,
    pub job_plans: u32,
}

impl ApprovalCounts {
    pub fn total(&self) -> u32 {
        self.learning_time + self.funding + self.job_plans
    }

    /// "2 learning time requests, 1 funding request and 1 job plan".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |n: u32, one: &str, many: &str| {
            if n > 0 {
                parts.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        };
        add(
            self.learning_time,
            "learning time request",
            "learning time requests",
        );
        add(self.funding, "funding request", "funding requests");
        add(self.job_plans, "job plan", "job plans");
        match parts.len() {
            0 => "nothing".into(),
            1 => parts.remove(0),
            _ => {
                let last = parts.pop().unwrap_or_default();
                format!("{} and {last}", parts.join(", "))
            }
        }
    }
}

#[server(endpoint = "approvals/counts")]
pub async fn awaiting_counts() -> Result<ApprovalCounts, AppError> {
    use super::guard;
    use crate::server::services::{funding_views, job_plans, plt};
    guard::read_once("awaiting_counts".to_string(), async move {
        let user = guard::require_any(&[Role::Manager, Role::HeadOfService])?;
        let state = guard::state()?;
        let count = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(ApprovalCounts {
            learning_time: count(plt::awaiting_count(&state.db, &user).await?),
            funding: count(funding_views::awaiting_count(&state.db, &user).await?),
            job_plans: count(job_plans::queue(&state.db, &user).await?.len() as u64),
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::ApprovalCounts;

    #[test]
    fn counts_read_as_a_sentence() {
        let c = |learning_time, funding, job_plans| ApprovalCounts {
            learning_time,
            funding,
            job_plans,
        };
        assert_eq!(c(0, 0, 0).describe(), "nothing");
        assert_eq!(c(1, 0, 0).describe(), "1 learning time request");
        assert_eq!(c(0, 2, 1).describe(), "2 funding requests and 1 job plan");
        assert_eq!(
            c(3, 1, 2).describe(),
            "3 learning time requests, 1 funding request and 2 job plans"
        );
        assert_eq!(c(3, 1, 2).total(), 6);
    }
}
