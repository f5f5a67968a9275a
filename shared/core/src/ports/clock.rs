//! Time and identifiers, injectable so tests can say "at 09:00" and "the next id is c-2".

use jiff::{SignedDuration, Timestamp};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        // Milliseconds: what sort keys and the API show, so stored and shown times agree.
        Timestamp::now()
            .round(jiff::Unit::Millisecond)
            .unwrap_or_else(|_| Timestamp::now())
    }
}

/// A clock that stands still until a test moves it.
pub struct FixedClock(Mutex<Timestamp>);

impl FixedClock {
    pub fn at(t: Timestamp) -> Self {
        FixedClock(Mutex::new(t))
    }
    pub fn advance(&self, by: SignedDuration) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *t += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub trait IdGen: Send + Sync {
    fn new_id(&self) -> String;
}

/// Time-ordered ids, so ids created later sort later.
pub struct UuidV7Ids;

impl IdGen for UuidV7Ids {
    fn new_id(&self) -> String {
        uuid::Uuid::now_v7().to_string()
    }
}

/// `prefix-1`, `prefix-2`, … for readable tests.
pub struct SequentialIds {
    prefix: String,
    next: AtomicU64,
}

impl SequentialIds {
    pub fn new(prefix: &str) -> Self {
        SequentialIds {
            prefix: prefix.to_string(),
            next: AtomicU64::new(1),
        }
    }
}

impl IdGen for SequentialIds {
    fn new_id(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::SeqCst);
        format!("{}-{n:06}", self.prefix)
    }
}
