//! Argon2id password hashing with OWASP parameters (19 MiB, t=2, p=1), run
//! on a few threads of their own at a lower scheduling priority than the
//! threads serving pages, so that a burst of sign-ins neither starves the
//! async runtime nor slows other people's pages, and at most one 19 MiB
//! block per thread is in use.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString, rand_core::OsRng,
};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};

pub struct Passwords {
    workers: HashWorkers,
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
            workers: HashWorkers::start(hashing_threads())?,
            dummy_hash,
        }))
    }

    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        self.workers.run(move || hash_now(&password)).await?
    }

    /// True when `password` matches `hash`. With no hash (no such account)
    /// it does the same work against a dummy hash and returns false.
    pub async fn verify(&self, password: String, hash: Option<String>) -> bool {
        let exists = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.clone());
        let matched = self
            .workers
            .run(move || {
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

/// How much nicer the hashing threads are than the process: at nice 0,
/// pages get about ten times the hashing threads' share of a busy core.
const HASHING_NICE_INCREMENT: i32 = 10;

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads and their queue. They stop when it is dropped.
struct HashWorkers {
    jobs: mpsc::Sender<Job>,
}

impl HashWorkers {
    fn start(threads: usize) -> Result<HashWorkers, HashError> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || {
                    lower_priority();
                    loop {
                        let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
                        match next {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })
                .map_err(|e| HashError(e.to_string()))?;
        }
        Ok(HashWorkers { jobs })
    }

    /// Runs `work` on a hashing thread, after those queued before it.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = answer.send(work());
            }))
            .map_err(|_| HashError("the hashing threads have stopped".into()))?;
        answered
            .await
            .map_err(|_| HashError("a hashing thread stopped".into()))
    }
}

/// Lowers the calling thread's priority (on Linux the nice value is per
/// thread). Only ever lowers it, so it needs no privilege; where it fails,
/// hashing still works.
#[cfg(target_os = "linux")]
fn lower_priority() {
    use rustix::process::{getpriority_process, setpriority_process};
    let thread = Some(rustix::thread::gettid());
    let lowered = getpriority_process(thread)
        .and_then(|nice| setpriority_process(thread, (nice + HASHING_NICE_INCREMENT).min(19)));
    if let Err(error) = lowered {
        tracing::debug!("could not lower the hashing thread's priority: {error}");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {
    let _ = HASHING_NICE_INCREMENT;
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

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_threads_run_at_a_lower_priority() {
        let passwords = Passwords::new().unwrap();
        let nice = passwords
            .workers
            .run(|| rustix::process::getpriority_process(Some(rustix::thread::gettid())))
            .await
            .unwrap()
            .unwrap();
        let page_thread =
            rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap();
        assert!(
            nice > page_thread || page_thread == 19,
            "hashing nice {nice}, page thread {page_thread}"
        );
    }
}
