//! Argon2id password hashing with OWASP parameters (19 MiB, t=2, p=1), run
//! on blocking threads and bounded so that a burst of sign-ins cannot starve
//! the async runtime or exhaust memory.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString, rand_core::OsRng,
};
use std::sync::Arc;
use tokio::sync::Semaphore;

pub struct Passwords {
    permits: Semaphore,
    /// Verified against when an account does not exist, so that an unknown
    /// email costs the same time as a wrong password.
    dummy_hash: String,
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

impl Passwords {
    pub fn new() -> Result<Arc<Passwords>, HashError> {
        let dummy_hash = hash_now(&uuid::Uuid::new_v4().to_string())?;
        Ok(Arc::new(Passwords {
            permits: Semaphore::new(hashing_threads()),
            dummy_hash,
        }))
    }

    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| HashError(e.to_string()))?;
        tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .map_err(|e| HashError(e.to_string()))?
    }

    /// True when `password` matches `hash`. With no hash (no such account)
    /// it does the same work against a dummy hash and returns false.
    pub async fn verify(&self, password: String, hash: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        let exists = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.clone());
        let matched = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash)
                .map(|parsed| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        exists && matched
    }
}

/// How many hashes may run at once: every core but one (at least one), so
/// that a burst of sign-ins leaves a core for pages. Each hash is about
/// 20 ms of one core, so 50 queued sign-ins still finish within seconds.
fn hashing_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get().saturating_sub(1))
        .unwrap_or(1)
        .max(1)
}

fn hash_now(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_unknown_accounts_never_match() {
        let passwords = Passwords::new().unwrap();
        let hash = passwords.hash("kettle-orbit-meadow".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            passwords
                .verify("kettle-orbit-meadow".into(), Some(hash.clone()))
                .await
        );
        assert!(
            !passwords
                .verify("kettle-orbit-meadoW".into(), Some(hash))
                .await
        );
        assert!(!passwords.verify("anything".into(), None).await);
    }
}
