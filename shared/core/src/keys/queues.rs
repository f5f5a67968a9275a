//! The platform's queues in the table: the outbox, the parked events and the reminders. Every
//! dealer writes to them, so each is spread over [`SHARDS`] partitions by a hash of what it
//! holds (one DynamoDB partition key takes about 1,000 writes a second; the platform's notes,
//! status changes and decisions would otherwise share one). A reader takes every shard, and
//! the unsharded partition earlier releases wrote until it is empty.

use sha2::{Digest, Sha256};

/// How many partitions each queue is spread over.
pub const SHARDS: u8 = 16;

/// Events written with their change, waiting to be published.
pub const OUTBOX: Queue = Queue("OUTBOX");
/// Events the relay gave up on, kept for a person to look at (and alarmed on).
pub const OUTBOX_PARKED: Queue = Queue("OUTBOX_PARKED");
/// Parts requests waiting for their reminder, in the order they fall due.
pub(crate) const PARTS_REMINDERS: Queue = Queue("PARTS_REMIND");

/// A queue by its name (the first part of its partition keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Queue(pub(crate) &'static str);

impl Queue {
    /// The partition `of` (an event id, a request id) goes to: `<name>#<00..15>`, the same
    /// for the same `of` wherever it is computed.
    pub fn partition(self, of: &str) -> String {
        let digest = Sha256::digest(of.as_bytes());
        format!("{}#{:02}", self.0, digest[0] % SHARDS)
    }

    /// Every partition a reader takes: the shards, then the one partition of before the
    /// shards (read until the last entry written there is gone).
    pub fn partitions(self) -> impl Iterator<Item = String> {
        (0..SHARDS)
            .map(move |n| format!("{}#{n:02}", self.0))
            .chain(std::iter::once(self.0.to_string()))
    }

    /// A queue by its name (tests, tools).
    pub const fn named(name: &'static str) -> Queue {
        Queue(name)
    }

    pub fn name(self) -> &'static str {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_spread_over_every_shard_and_land_where_the_reader_looks() {
        let outbox = Queue("OUTBOX");
        let used: std::collections::BTreeSet<String> = (0..1_000)
            .map(|i| outbox.partition(&format!("event-{i}")))
            .collect();
        assert_eq!(used.len(), usize::from(SHARDS), "{used:?}");
        let read: std::collections::BTreeSet<String> = outbox.partitions().collect();
        assert!(used.is_subset(&read));
        assert!(
            read.contains("OUTBOX"),
            "the partition of before the shards is read too"
        );
        assert_eq!(outbox.partition("e1"), outbox.partition("e1"));
    }
}
