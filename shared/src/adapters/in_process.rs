//! The event bus inside one process (the local server, tests): publishing calls every
//! subscriber in turn, as SNS would invoke each subscribed function. A subscriber's failure
//! fails the publish, so the event stays in the outbox and the relay delivers it again —
//! subscribers are idempotent, as in AWS.

use std::sync::{Arc, RwLock};

use async_trait::async_trait;

use crate::events::DomainEvent;
use crate::ports::{EventHandler, EventPublisher};
use crate::Error;

#[derive(Default)]
pub struct InProcessBus {
    subscribers: RwLock<Vec<Arc<dyn EventHandler>>>,
}

impl InProcessBus {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn subscribe(&self, handler: Arc<dyn EventHandler>) {
        self.subscribers
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .push(handler);
    }
}

#[async_trait]
impl EventPublisher for InProcessBus {
    async fn publish(&self, event: &DomainEvent) -> Result<(), Error> {
        let subscribers = self
            .subscribers
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let mut failed = Vec::new();
        for s in subscribers {
            if let Err(e) = s.handle(event).await {
                tracing::warn!(subscriber = s.name(), event_id = %event.id, error = %e, "subscriber failed");
                failed.push(s.name());
            }
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(Error::Unavailable(format!(
                "subscribers failed: {}",
                failed.join(", ")
            )))
        }
    }
}

/// Remembers every event it sees (tests, and `casebridge` dev tooling).
#[derive(Default)]
pub struct RecordingSubscriber {
    seen: std::sync::Mutex<Vec<DomainEvent>>,
}

impl RecordingSubscriber {
    pub fn events(&self) -> Vec<DomainEvent> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

#[async_trait]
impl EventHandler for RecordingSubscriber {
    fn name(&self) -> &'static str {
        "recorder"
    }
    async fn handle(&self, event: &DomainEvent) -> Result<(), Error> {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(event.clone());
        Ok(())
    }
}
