//! Personal development plan (PDP) objectives.

use serde::{Deserialize, Serialize};

/// Longest objective title.
pub const MAX_OBJECTIVE_TITLE: usize = 200;
/// Longest objective description.
pub const MAX_OBJECTIVE_DESCRIPTION: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ObjectiveStatus {
    NotStarted,
    InProgress,
    Achieved,
    Dropped,
}

impl ObjectiveStatus {
    pub const ALL: [ObjectiveStatus; 4] = [
        ObjectiveStatus::NotStarted,
        ObjectiveStatus::InProgress,
        ObjectiveStatus::Achieved,
        ObjectiveStatus::Dropped,
    ];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectiveStatus::NotStarted => "not_started",
            ObjectiveStatus::InProgress => "in_progress",
            ObjectiveStatus::Achieved => "achieved",
            ObjectiveStatus::Dropped => "dropped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ObjectiveStatus::NotStarted => "Not started",
            ObjectiveStatus::InProgress => "In progress",
            ObjectiveStatus::Achieved => "Achieved",
            ObjectiveStatus::Dropped => "No longer needed",
        }
    }

    pub fn parse(raw: &str) -> Option<ObjectiveStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw.trim())
    }

    /// Still something to work towards: offered when linking activities.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ObjectiveStatus::NotStarted | ObjectiveStatus::InProgress
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for status in ObjectiveStatus::ALL {
            assert_eq!(ObjectiveStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(ObjectiveStatus::parse("finished"), None);
        assert!(ObjectiveStatus::InProgress.is_open());
        assert!(!ObjectiveStatus::Achieved.is_open());
    }
}
