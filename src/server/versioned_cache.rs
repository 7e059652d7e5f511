//! Answers that cost a lot to compute and change rarely (the retention
//! statistics), kept in each instance and keyed by the data version they
//! were computed at (`data_versions`, bumped by database triggers in the
//! same transaction as any change to the data behind them).
//!
//! Every request reads the version first (one small statement) and then
//! either shares a stored answer of that version or computes a new one, so
//! an answer is never older than the last change committed before the
//! request began, whichever instance made it. Concurrent requests for the
//! same missing answer compute it once.

use crate::api::retention::RetentionReport;
use crate::server::db::entities::data_version;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::OnceCell;

/// The area the retention statistics are computed from (people, their
/// history, departments, job plans, PLT and funding requests).
pub const WORKFORCE: &str = "workforce";

/// The area's current version (0 when the row is missing, which only a
/// database that skipped the migration could have).
pub async fn version(db: &impl ConnectionTrait, area: &str) -> Result<i64, DbErr> {
    Ok(data_version::Entity::find_by_id(area.to_string())
        .one(db)
        .await?
        .map(|row| row.version)
        .unwrap_or_default())
}

/// The caches an instance keeps.
#[derive(Default)]
pub struct Caches {
    pub retention: VersionedCache<RetentionReport>,
}

/// At most this many answers per cache; older versions go first.
const CAPACITY: usize = 256;

struct Slot<V> {
    version: i64,
    answer: Arc<OnceCell<Arc<V>>>,
}

pub struct VersionedCache<V> {
    slots: Mutex<HashMap<String, Slot<V>>>,
}

impl<V> Default for VersionedCache<V> {
    fn default() -> Self {
        VersionedCache {
            slots: Mutex::new(HashMap::new()),
        }
    }
}

impl<V> VersionedCache<V> {
    /// The answer for `key` at `version` (or at a newer version another
    /// request has already stored), computing it when there is none. A
    /// failed computation stores nothing.
    pub async fn get_or_compute<E, F, Fut>(
        &self,
        key: String,
        version: i64,
        compute: F,
    ) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        let answer = {
            let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            match slots.get(&key) {
                Some(slot) if slot.version >= version => slot.answer.clone(),
                _ => {
                    if slots.len() >= CAPACITY {
                        slots.retain(|_, slot| slot.version >= version);
                        if slots.len() >= CAPACITY {
                            slots.clear();
                        }
                    }
                    let answer = Arc::new(OnceCell::new());
                    slots.insert(
                        key,
                        Slot {
                            version,
                            answer: answer.clone(),
                        },
                    );
                    answer
                }
            }
        };
        answer
            .get_or_try_init(|| async { compute().await.map(Arc::new) })
            .await
            .cloned()
    }

    /// How many answers are kept (for tests).
    pub fn kept(&self) -> usize {
        self.slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    async fn ask(
        cache: &VersionedCache<usize>,
        key: &str,
        version: i64,
        runs: &AtomicUsize,
    ) -> usize {
        *cache
            .get_or_compute::<(), _, _>(key.to_string(), version, || async {
                Ok(runs.fetch_add(1, Ordering::SeqCst) + 1)
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn one_version_is_computed_once_and_a_new_version_again() {
        let cache = VersionedCache::default();
        let runs = AtomicUsize::new(0);
        assert_eq!(ask(&cache, "a", 1, &runs).await, 1);
        assert_eq!(ask(&cache, "a", 1, &runs).await, 1);
        assert_eq!(ask(&cache, "b", 1, &runs).await, 2);
        assert_eq!(ask(&cache, "a", 2, &runs).await, 3);
        // A request that read the version before the change shares the
        // newer answer rather than storing an older one over it.
        assert_eq!(ask(&cache, "a", 1, &runs).await, 3);
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn concurrent_requests_compute_once() {
        let cache = Arc::new(VersionedCache::<usize>::default());
        let runs = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (cache, runs) = (cache.clone(), runs.clone());
                tokio::spawn(async move {
                    *cache
                        .get_or_compute::<(), _, _>("k".into(), 7, || async {
                            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                            Ok(runs.fetch_add(1, Ordering::SeqCst))
                        })
                        .await
                        .unwrap()
                })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap(), 0);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failure_is_not_kept() {
        let cache = VersionedCache::<usize>::default();
        let failed = cache
            .get_or_compute("k".into(), 1, || async { Err::<usize, _>("down") })
            .await;
        assert!(failed.is_err());
        let answer = cache
            .get_or_compute::<&str, _, _>("k".into(), 1, || async { Ok(5) })
            .await;
        assert_eq!(answer.map(|a| *a), Ok(5));
    }

    #[tokio::test]
    async fn the_cache_stays_bounded() {
        let cache = VersionedCache::<usize>::default();
        let runs = AtomicUsize::new(0);
        for n in 0..(CAPACITY * 2) {
            ask(&cache, &n.to_string(), 1, &runs).await;
        }
        assert!(cache.kept() <= CAPACITY);
    }
}
