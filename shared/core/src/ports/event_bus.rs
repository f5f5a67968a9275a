//! The event bus: domain events out to whoever subscribes (SNS in AWS, in-process locally).
//!
//! Publishing is at-least-once: events are first written to the outbox in the same
//! transaction as the state change (see `crate::commit`), then published. Consumers
//! therefore deduplicate on the event id.

use async_trait::async_trait;

use crate::events::{DomainEvent, EventKind};
use crate::Error;

#[async_trait]
pub trait EventPublisher: Send + Sync {
    async fn publish(&self, event: &DomainEvent) -> Result<(), Error>;
}

/// A subscriber of the bus (in AWS: a function with an SNS trigger).
#[async_trait]
pub trait EventHandler: Send + Sync {
    /// A short name for logs.
    fn name(&self) -> &'static str;
    /// The kinds it takes: in AWS its subscription's filter policy (a test holds the two
    /// equal); locally the bus delivers only these.
    fn handles(&self) -> &'static [EventKind] {
        EventKind::ALL
    }
    async fn handle(&self, event: &DomainEvent) -> Result<(), Error>;
}

/// The end of the line for an event whose handler kept failing (a dead-letter queue).
#[async_trait]
pub trait DeadLetter: Send + Sync {
    async fn dead_letter(&self, event: &DomainEvent, reason: &str) -> Result<(), Error>;
}
