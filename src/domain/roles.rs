use serde::{Deserialize, Serialize};
use std::fmt;

/// What a user account may do. One person may hold several roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Staff,
    Manager,
    HeadOfService,
    Hr,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Staff,
        Role::Manager,
        Role::HeadOfService,
        Role::Hr,
        Role::Admin,
    ];

    /// The stored and command-line name, e.g. `head_of_service`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Manager => "manager",
            Role::HeadOfService => "head_of_service",
            Role::Hr => "hr",
            Role::Admin => "admin",
        }
    }

    /// The name people read in the interface.
    pub fn label(self) -> &'static str {
        match self {
            Role::Staff => "Staff member",
            Role::Manager => "Line manager",
            Role::HeadOfService => "Head of service",
            Role::Hr => "HR",
            Role::Admin => "Administrator",
        }
    }

    pub fn parse(value: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == value.trim())
            .ok_or_else(|| {
                format!(
                    "unknown role '{value}' (expected one of: {})",
                    Role::ALL.map(Role::as_str).join(", ")
                )
            })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
    }

    #[test]
    fn unknown_role_names_the_choices() {
        let err = Role::parse("boss").unwrap_err();
        assert!(err.contains("head_of_service"), "{err}");
    }
}
