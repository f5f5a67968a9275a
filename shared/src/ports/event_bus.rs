//! The event bus: domain events out to whoever subscribes (SNS in AWS, in-process locally).
//!
//! Publishing is at-least-once: events are first written to the outbox in the same
//! transaction as the state change (`crate::events::Outbox`), then published. Consumers
//! therefore deduplicate on the event id.

use async_trait::async_trait;

use crate::events::DomainEvent;
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
    async fn handle(&self, event: &DomainEvent) -> Result<(), Error>;
}
