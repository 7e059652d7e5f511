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

use crate::api::people::PersonDetail;
use crate::api::progress::Progress;
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

/// The area of the names and targets a person's own figures are shown with
/// (people, departments, teams, staff group targets, CPD categories).
pub const ORGANISATION: &str = "organisation";

/// The area's current version (0 when the row is missing, which only a
/// database that skipped the migration could have).
pub async fn version(db: &impl ConnectionTrait, area: &str) -> Result<i64, DbErr> {
    Ok(data_version::Entity::find_by_id(area.to_string())
        .one(db)
        .await?
        .map(|row| row.version)
        .unwrap_or_default())
}

/// The versions a person's own figures (their home page) are kept under,
/// read with the session on every signed-in request (migration 18): the
/// person's own records, and the names and targets they are shown with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OwnVersions {
    pub person: i64,
    pub organisation: i64,
}

/// A version an answer was computed at.
pub trait Version: Copy {
    /// An answer computed at `self` may serve a request that read `asked`:
    /// no part of the data has changed since, as far as that request knows.
    fn covers(&self, asked: &Self) -> bool;
}

impl Version for i64 {
    fn covers(&self, asked: &Self) -> bool {
        self >= asked
    }
}

impl Version for OwnVersions {
    fn covers(&self, asked: &Self) -> bool {
        self.person >= asked.person && self.organisation >= asked.organisation
    }
}

/// The caches an instance keeps.
pub struct Caches {
    pub retention: VersionedCache<RetentionReport>,
    /// A staff member's own year at a glance, by person and day.
    pub own_progress: VersionedCache<Progress, OwnVersions>,
    /// A staff member's own staff record (not an administrator's, which
    /// also shows the account), by person.
    pub own_record: VersionedCache<PersonDetail, OwnVersions>,
    /// How many of a person's notifications are unread (every page's
    /// header), by person.
    pub own_unread: VersionedCache<u64, OwnVersions>,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            retention: VersionedCache::with_capacity(256),
            own_progress: VersionedCache::with_capacity(4096),
            own_record: VersionedCache::with_capacity(4096),
            own_unread: VersionedCache::with_capacity(4096),
        }
    }
}

struct Slot<V, Ver> {
    version: Ver,
    /// When the slot was made, in the cache's own count: the oldest half
    /// goes when the cache is full.
    made: u64,
    answer: Arc<OnceCell<Arc<V>>>,
}

struct Slots<V, Ver> {
    by_key: HashMap<String, Slot<V, Ver>>,
    made: u64,
}

pub struct VersionedCache<V, Ver = i64> {
    capacity: usize,
    slots: Mutex<Slots<V, Ver>>,
}

impl<V, Ver: Version> VersionedCache<V, Ver> {
    /// A cache that keeps at most `capacity` answers.
    pub fn with_capacity(capacity: usize) -> Self {
        VersionedCache {
            capacity: capacity.max(2),
            slots: Mutex::new(Slots {
                by_key: HashMap::new(),
                made: 0,
            }),
        }
    }

    /// The answer for `key` at `version` (or at a newer version another
    /// request has already stored), computing it when there is none. A
    /// failed computation stores nothing.
    pub async fn get_or_compute<E, F, Fut>(
        &self,
        key: String,
        version: Ver,
        compute: F,
    ) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        let answer = {
            let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            match slots.by_key.get(&key) {
                Some(slot) if slot.version.covers(&version) => slot.answer.clone(),
                _ => {
                    if slots.by_key.len() >= self.capacity {
                        slots.drop_oldest_half();
                    }
                    slots.made += 1;
                    let answer = Arc::new(OnceCell::new());
                    let slot = Slot {
                        version,
                        made: slots.made,
                        answer: answer.clone(),
                    };
                    slots.by_key.insert(key, slot);
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
            .by_key
            .len()
    }
}

impl<V, Ver> Slots<V, Ver> {
    fn drop_oldest_half(&mut self) {
        let mut made: Vec<u64> = self.by_key.values().map(|slot| slot.made).collect();
        let middle = made.len() / 2;
        let (_, &mut cut, _) = made.select_nth_unstable(middle);
        self.by_key.retain(|_, slot| slot.made >= cut);
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
        let cache = VersionedCache::with_capacity(8);
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
        let cache = Arc::new(VersionedCache::<usize>::with_capacity(8));
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
        let cache = VersionedCache::<usize>::with_capacity(8);
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
    async fn the_cache_stays_bounded_and_keeps_the_newest() {
        let cache = VersionedCache::<usize>::with_capacity(16);
        let runs = AtomicUsize::new(0);
        for n in 0..40 {
            ask(&cache, &n.to_string(), 1, &runs).await;
        }
        assert!(cache.kept() <= 16);
        assert_eq!(ask(&cache, "39", 1, &runs).await, 40, "the newest is kept");
        assert_eq!(ask(&cache, "0", 1, &runs).await, 41, "the oldest went");
    }

    #[tokio::test]
    async fn own_figures_are_kept_until_either_version_moves() {
        let cache = VersionedCache::<usize, OwnVersions>::with_capacity(8);
        let runs = AtomicUsize::new(0);
        let at = |person, organisation| OwnVersions {
            person,
            organisation,
        };
        let ask_at = async |version| {
            *cache
                .get_or_compute::<(), _, _>("p".into(), version, || async {
                    Ok(runs.fetch_add(1, Ordering::SeqCst) + 1)
                })
                .await
                .unwrap()
        };
        assert_eq!(ask_at(at(1, 1)).await, 1);
        assert_eq!(ask_at(at(1, 1)).await, 1);
        assert_eq!(ask_at(at(2, 1)).await, 2, "the person's records changed");
        assert_eq!(ask_at(at(2, 2)).await, 3, "a name or target changed");
        assert_eq!(
            ask_at(at(1, 2)).await,
            3,
            "an older reader shares the newer"
        );
        assert_eq!(
            ask_at(at(3, 1)).await,
            4,
            "one part newer, one older: ask again"
        );
    }
}
