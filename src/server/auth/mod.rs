//! Who is asking: database-backed sessions, the sign-in flow with its
//! throttle, and the middleware that resolves the session cookie once per
//! request.

pub mod middleware;
pub mod sessions;
pub mod sign_in;
pub mod throttle;

use crate::domain::roles::Role;
use crate::server::versioned_cache::OwnVersions;

/// The signed-in user, resolved from the session cookie by the middleware
/// and stored in the request's extensions.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user_id: i32,
    pub person_id: i32,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// SHA-256 of the session token, the key of the `sessions` row.
    pub session_hash: String,
    /// The versions of the person's own records, read with the session:
    /// their kept home page figures are good for these.
    pub own_versions: OwnVersions,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }
}

/// The client's address, used to throttle sign-in failures per address.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}
