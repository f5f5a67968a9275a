//! Domain events and the transactional outbox.
//!
//! A service that changes state and raises an event writes both in one store transaction:
//! the state items plus an outbox item ([`outbox_op`]). After the commit it publishes the
//! event and deletes the outbox item ([`deliver`]). If the process dies in between, the
//! outbox relay ([`relay_pending`], run on a schedule in AWS and on a timer locally) publishes
//! it later. So no event is lost; an event may be published twice, and every consumer
//! deduplicates on `id`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::dealers::DealerId;
use crate::error::{Error, Result};
use crate::keys;
use crate::ports::{Item, Order, PageRequest, WriteOp};
use crate::App;

/// What happened, to whom, when. The JSON is the SNS message body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainEvent {
    /// Unique; consumers use it as their idempotency key.
    pub id: String,
    /// `case.created`, `case.status_changed`, `note.created`, `attachment.visibility_changed`, …
    #[serde(rename = "type")]
    pub kind: String,
    pub dealer_id: DealerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
    pub occurred_at: jiff::Timestamp,
    pub data: Value,
}

impl DomainEvent {
    pub fn new(
        app: &App,
        kind: &str,
        dealer: &DealerId,
        case_id: Option<&str>,
        data: impl Serialize,
    ) -> Result<Self> {
        Ok(DomainEvent {
            id: app.ids.new_id(),
            kind: kind.to_string(),
            dealer_id: dealer.clone(),
            case_id: case_id.map(str::to_string),
            occurred_at: app.clock.now(),
            data: serde_json::to_value(data).map_err(|e| Error::Internal(e.to_string()))?,
        })
    }

    fn outbox_sk(&self) -> String {
        format!("{}#{}", keys::sortable(self.occurred_at), self.id)
    }
}

/// The outbox write to put in the same transaction as the state change.
pub fn outbox_op(event: &DomainEvent) -> Result<WriteOp> {
    Ok(WriteOp::put(Item::from_record(
        keys::OUTBOX_PK,
        event.outbox_sk(),
        event,
    )?))
}

/// Publishes committed events and clears them from the outbox. A failure leaves the event
/// in the outbox for the relay; the caller's write has succeeded either way.
pub async fn deliver(app: &App, events: &[DomainEvent]) {
    for event in events {
        if let Err(e) = publish_and_clear(app, event).await {
            tracing::warn!(event_id = %event.id, kind = %event.kind, error = %e,
                "event left in the outbox for the relay");
        }
    }
}

async fn publish_and_clear(app: &App, event: &DomainEvent) -> Result<()> {
    app.events.publish(event).await?;
    app.store
        .transact(vec![WriteOp::delete(keys::OUTBOX_PK, event.outbox_sk())])
        .await?;
    Ok(())
}

/// Publishes outbox entries older than `min_age` (younger ones are still being delivered
/// by the request that wrote them). Returns how many were published.
pub async fn relay_pending(app: &App, min_age: jiff::SignedDuration) -> Result<usize> {
    let cutoff = keys::sortable(app.clock.now() - min_age);
    let mut published = 0;
    let mut page = PageRequest::first(100, Order::Ascending);
    loop {
        let batch = app.store.query(keys::OUTBOX_PK, "", page.clone()).await?;
        for item in &batch.items {
            if item.sk.as_str() > cutoff.as_str() {
                return Ok(published);
            }
            let event: DomainEvent = item.record()?;
            publish_and_clear(app, &event).await?;
            published += 1;
        }
        match batch.next {
            Some(next) => page.after = Some(next),
            None => return Ok(published),
        }
    }
}
