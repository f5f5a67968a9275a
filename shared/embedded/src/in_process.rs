//! The event bus inside one process (the local server, tests): publishing calls every
//! subscriber that takes the event's kind, in turn, as SNS invokes each function whose filter
//! policy matches. A subscriber's failure fails the publish, so the event stays in the outbox
//! and the relay delivers it again — subscribers are idempotent, as in AWS.

use std::sync::{Arc, RwLock};

use async_trait::async_trait;

use casebridge_core::events::DomainEvent;
use casebridge_core::events::EventKind;
use casebridge_core::ports::{DeadLetter, EventHandler, EventPublisher};
use casebridge_core::Error;

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
            if !s.handles().contains(&event.kind()) {
                continue;
            }
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

/// Delivers like Lambda's asynchronous invocation from SNS: the publisher does not wait;
/// the handler runs in the background, a retryable failure is retried (`attempts` in all,
/// with a pause between), and what still fails goes to the dead letter.
pub struct AsyncInvoke {
    pub handler: Arc<dyn EventHandler>,
    pub dead_letter: Arc<dyn DeadLetter>,
    pub attempts: u32,
    pub pause: std::time::Duration,
}

#[async_trait]
impl EventHandler for AsyncInvoke {
    fn name(&self) -> &'static str {
        self.handler.name()
    }

    fn handles(&self) -> &'static [EventKind] {
        self.handler.handles()
    }

    async fn handle(&self, event: &DomainEvent) -> Result<(), Error> {
        let (handler, dead_letter) = (self.handler.clone(), self.dead_letter.clone());
        let (attempts, pause, event) = (self.attempts.max(1), self.pause, event.clone());
        tokio::spawn(async move {
            let mut last = String::new();
            for attempt in 1..=attempts {
                match handler.handle(&event).await {
                    Ok(()) => return,
                    Err(e) if !e.is_retryable() => {
                        tracing::error!(subscriber = handler.name(), event_id = %event.id, error = %e, "event dropped: retrying cannot fix this");
                        return;
                    }
                    Err(e) => {
                        tracing::warn!(subscriber = handler.name(), event_id = %event.id, attempt, error = %e, "will retry");
                        last = e.to_string();
                        tokio::time::sleep(pause * attempt).await;
                    }
                }
            }
            if let Err(e) = dead_letter.dead_letter(&event, &last).await {
                tracing::error!(event_id = %event.id, error = %e, "dead letter handling failed");
            }
        });
        Ok(())
    }
}
