//! The transactional outbox: an event is written in its change's transaction, published
//! after the commit and cleared; the relay publishes what a dead process left behind, and
//! sets aside an event the bus keeps refusing.

use serde::Serialize;

use super::DomainEvent;
use crate::error::Result;
use crate::keys;
use crate::ports::{Item, Order, PageRequest, WriteOp};
use crate::App;

/// The event's place in the outbox: oldest first.
fn outbox_sk(event: &DomainEvent) -> String {
    format!("{}#{}", keys::sortable(event.occurred_at), event.id)
}

/// SNS takes messages of at most 256 KiB, attributes included.
pub const MAX_EVENT_BYTES: usize = 250 * 1024;

/// The outbox write that goes in the same transaction as the state change. An event the bus
/// could never carry is refused here, before anything is written.
pub fn outbox_op(event: &DomainEvent) -> Result<WriteOp> {
    let size = serde_json::to_vec(event)
        .map(|b| b.len())
        .map_err(|e| crate::Error::Internal(e.to_string()))?;
    if size > MAX_EVENT_BYTES {
        return Err(crate::Error::invalid(vec![crate::FieldError::new(
            "body",
            format!(
                "this change is too large to announce ({size} bytes; at most {MAX_EVENT_BYTES})"
            ),
        )]));
    }
    Ok(WriteOp::put(Item::from_record(
        keys::OUTBOX.partition(&event.id),
        outbox_sk(event),
        event,
    )?))
}

/// Publishes committed events and clears them from the outbox. A failure leaves the event
/// in the outbox for the relay; the caller's write has succeeded either way.
pub async fn deliver(app: &App, events: &[DomainEvent]) {
    for event in events {
        if let Err(e) = publish_and_clear(app, event, &keys::OUTBOX.partition(&event.id)).await {
            tracing::warn!(event_id = %event.id, kind = %event.kind(), error = %e,
                "event left in the outbox for the relay");
        }
    }
}

/// Publishes `event`, then clears it from the outbox partition `pk` it was read from.
async fn publish_and_clear(app: &App, event: &DomainEvent, pk: &str) -> Result<()> {
    app.events.publish(event).await?;
    app.store
        .transact(vec![WriteOp::delete(pk, outbox_sk(event))])
        .await?;
    Ok(())
}

/// Events younger than this are still being published by the request that wrote them.
pub const RELAY_MIN_AGE: jiff::SignedDuration = jiff::SignedDuration::from_secs(30);

/// After this many failed publications an event is set aside (and alarmed on), so one event
/// the bus refuses cannot hold up every later event.
pub const RELAY_ATTEMPTS: u64 = 5;

/// What one relay run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RelayReport {
    pub published: usize,
    /// Failed this run; tried again next run.
    pub failed: usize,
    /// Failed [`RELAY_ATTEMPTS`] times (or unreadable): moved to the parked partition.
    pub parked: usize,
}

/// The outbox relay's run (`outbox-relay` every minute; a timer in the local server).
pub async fn relay(app: &App) -> Result<RelayReport> {
    let report = relay_pending(app, RELAY_MIN_AGE).await?;
    if report != RelayReport::default() {
        tracing::info!(
            published = report.published,
            failed = report.failed,
            parked = report.parked,
            "relayed events left in the outbox"
        );
    }
    Ok(report)
}

const ATTEMPTS_ATTR: &str = "relayAttempts";

/// Sets an event that cannot be published aside, out of the relay's way.
async fn park(app: &App, item: &Item, reason: &str) -> Result<()> {
    tracing::error!(outbox_sk = %item.sk, reason, "event set aside: it could not be published");
    let parked = Item::new(
        keys::OUTBOX_PARKED.partition(&item.sk),
        item.sk.clone(),
        item.attrs.clone(),
    );
    app.store
        .transact(vec![
            WriteOp::put(parked),
            WriteOp::delete(item.pk.clone(), item.sk.clone()),
        ])
        .await?;
    Ok(())
}

/// Publishes outbox entries older than `min_age` (younger ones are still being delivered
/// by the request that wrote them), shard by shard, oldest first in each. An event that
/// fails is counted and left for the next run; after [`RELAY_ATTEMPTS`] failures it is
/// parked. The run goes on past failures: one stuck event never blocks the others.
pub async fn relay_pending(app: &App, min_age: jiff::SignedDuration) -> Result<RelayReport> {
    let cutoff = keys::sortable(app.clock.now() - min_age);
    let mut report = RelayReport::default();
    for pk in keys::OUTBOX.partitions() {
        relay_partition(app, &pk, &cutoff, &mut report).await?;
    }
    Ok(report)
}

/// [`relay_pending`] in one outbox partition.
async fn relay_partition(
    app: &App,
    pk: &str,
    cutoff: &str,
    report: &mut RelayReport,
) -> Result<()> {
    let mut page = PageRequest::first(100, Order::Ascending);
    loop {
        let batch = app.store.query(pk, "", page.clone()).await?;
        for item in &batch.items {
            if item.sk.as_str() > cutoff {
                return Ok(());
            }
            let attempts = item
                .attrs
                .get(ATTEMPTS_ATTR)
                .and_then(|v| v.as_u64())
                .unwrap_or(0);
            let mut bare = item.clone();
            bare.attrs.remove(ATTEMPTS_ATTR);
            let event: DomainEvent = match bare.record() {
                Ok(e) => e,
                Err(e) => {
                    park(app, &bare, &e.to_string()).await?;
                    report.parked += 1;
                    continue;
                }
            };
            match publish_and_clear(app, &event, pk).await {
                Ok(()) => report.published += 1,
                Err(e) if attempts + 1 >= RELAY_ATTEMPTS => {
                    park(app, &bare, &e.to_string()).await?;
                    report.parked += 1;
                }
                Err(e) => {
                    tracing::warn!(event_id = %event.id, attempts = attempts + 1, error = %e,
                        "event not published; the relay tries again next run");
                    let mut counted = item.clone();
                    counted
                        .attrs
                        .insert(ATTEMPTS_ATTR.into(), (attempts + 1).into());
                    // Only if it is still there (a late publish may have cleared it).
                    match app.store.put(counted, crate::ports::Cond::Exists).await {
                        Ok(()) | Err(crate::ports::StoreError::ConditionFailed { .. }) => {}
                        Err(e) => return Err(e.into()),
                    }
                    report.failed += 1;
                }
            }
        }
        match batch.next {
            Some(next) => page.after = Some(next),
            None => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::EventKind;
    use crate::ids::{CaseId, DealerId};

    #[test]
    fn an_event_too_large_for_sns_is_refused_before_it_is_written() {
        let event = |id: String| DomainEvent {
            id,
            dealer_id: DealerId::parse("d1").unwrap_or_else(|e| panic!("{e}")),
            case_id: Some(CaseId::parse("c1").unwrap_or_else(|e| panic!("{e}"))),
            occurred_at: jiff::Timestamp::UNIX_EPOCH,
            kind: EventKind::PartsEscalated,
            data: serde_json::json!({"requestId": "r1"}),
            correlation_id: None,
        };
        assert!(outbox_op(&event("e1".into())).is_ok());
        let err = outbox_op(&event("e".repeat(MAX_EVENT_BYTES))).err();
        assert!(
            matches!(err, Some(crate::Error::Unprocessable { .. })),
            "{err:?}"
        );
    }
}
