//! Domain events and the transactional outbox.
//!
//! Every event kind is declared once in [`EventKind`] with its `type` name (what the
//! template's SNS filter policies match); its payload type is one variant of
//! [`crate::happened::Happened`], which reads and writes `data`. An event travels as
//! `{"id","type","dealerId","caseId"?,"occurredAt","data"}`. This floor knows kinds and the
//! envelope only, so it imports no feature area.
//!
//! A service that changes state and raises events commits both in one store transaction
//! (the state items plus one outbox item per event; see [`crate::commit`]). After the commit
//! it publishes the events and deletes their outbox items ([`deliver`]). If the process dies
//! in between, the outbox relay ([`relay_pending`], on a schedule in AWS and a timer locally)
//! publishes them later. So no event is lost; an event may be published twice, and every
//! consumer deduplicates on `id`.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::ids::{CaseId, DealerId};
use crate::keys;
use crate::ports::{Item, Order, PageRequest, WriteOp};
use crate::App;

/// Declares the event kinds once: variant and `type` name (what the template's SNS filter
/// policies match). Their payloads are [`crate::happened::Happened`]'s, a floor up.
macro_rules! event_kinds {
    ($($variant:ident = $name:literal,)+) => {
        /// The kind of an event, without its payload (filter policies, handler declarations).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventKind {
            $($variant,)+
        }

        impl EventKind {
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant,)+];

            /// The `type` name on the wire and in the template's filter policies.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(EventKind::$variant => $name,)+
                }
            }

            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(EventKind::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

event_kinds! {
    CaseCreated = "case.created",
    CaseStatusChanged = "case.status_changed",
    NoteCreated = "note.created",
    AttachmentCreated = "attachment.created",
    AttachmentUpdated = "attachment.updated",
    AttachmentReplaced = "attachment.replaced",
    AttachmentVisibilityChanged = "attachment.visibility_changed",
    PartsEscalated = "parts.escalated",
    PartsReminder = "parts.reminder",
    PartsClaimed = "parts.claimed",
    PartsOrdered = "parts.ordered",
    PartsBackordered = "parts.backordered",
    PartsReceived = "parts.received",
    PartsCancelled = "parts.cancelled",
    EstimateSent = "estimate.sent",
    EstimateDecided = "estimate.decided",
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(d)?;
        EventKind::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown event type {name:?}")))
    }
}

/// What happened, to which dealer's case, when. The JSON is the SNS message body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainEvent {
    /// Unique; consumers use it as their idempotency key.
    pub id: String,
    pub dealer_id: DealerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<CaseId>,
    pub occurred_at: jiff::Timestamp,
    /// The event's `type` name.
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// The payload, as [`crate::happened::Happened`] reads it for this kind.
    pub data: serde_json::Value,
}

impl DomainEvent {
    pub fn kind(&self) -> EventKind {
        self.kind
    }

    fn outbox_sk(&self) -> String {
        format!("{}#{}", keys::sortable(self.occurred_at), self.id)
    }
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
            tracing::warn!(event_id = %event.id, kind = %event.kind(), error = %e,
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
    let parked = Item::new(keys::OUTBOX_PARKED_PK, item.sk.clone(), item.attrs.clone());
    app.store
        .transact(vec![
            WriteOp::put(parked),
            WriteOp::delete(keys::OUTBOX_PK, item.sk.clone()),
        ])
        .await?;
    Ok(())
}

/// Publishes outbox entries older than `min_age` (younger ones are still being delivered
/// by the request that wrote them), oldest first. An event that fails is counted and left
/// for the next run; after [`RELAY_ATTEMPTS`] failures it is parked. The run goes on past
/// failures: one stuck event never blocks the others.
pub async fn relay_pending(app: &App, min_age: jiff::SignedDuration) -> Result<RelayReport> {
    let cutoff = keys::sortable(app.clock.now() - min_age);
    let mut report = RelayReport::default();
    let mut page = PageRequest::first(100, Order::Ascending);
    loop {
        let batch = app.store.query(keys::OUTBOX_PK, "", page.clone()).await?;
        for item in &batch.items {
            if item.sk.as_str() > cutoff.as_str() {
                return Ok(report);
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
            match publish_and_clear(app, &event).await {
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
            None => return Ok(report),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_too_large_for_sns_is_refused_before_it_is_written() {
        let event = |id: String| DomainEvent {
            id,
            dealer_id: DealerId::parse("d1").unwrap_or_else(|e| panic!("{e}")),
            case_id: Some(CaseId::parse("c1").unwrap_or_else(|e| panic!("{e}"))),
            occurred_at: jiff::Timestamp::UNIX_EPOCH,
            kind: EventKind::PartsEscalated,
            data: serde_json::json!({"requestId": "r1"}),
        };
        assert!(outbox_op(&event("e1".into())).is_ok());
        let err = outbox_op(&event("e".repeat(MAX_EVENT_BYTES))).err();
        assert!(
            matches!(err, Some(crate::Error::Unprocessable { .. })),
            "{err:?}"
        );
    }

    #[test]
    fn an_event_travels_as_type_and_data_and_reads_back_the_same() {
        let event = DomainEvent {
            id: "e1".into(),
            dealer_id: DealerId::parse("d1").unwrap_or_else(|e| panic!("{e}")),
            case_id: Some(CaseId::parse("c1").unwrap_or_else(|e| panic!("{e}"))),
            occurred_at: "2026-11-23T09:00:00Z"
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
            kind: EventKind::PartsEscalated,
            data: serde_json::json!({"requestId": "r1"}),
        };
        let json = serde_json::to_value(&event).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"id": "e1", "dealerId": "d1", "caseId": "c1",
                "occurredAt": "2026-11-23T09:00:00Z", "type": "parts.escalated",
                "data": {"requestId": "r1"}})
        );
        let back: DomainEvent = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, event);
        assert_eq!(back.kind(), EventKind::PartsEscalated);
    }

    #[test]
    fn every_kind_has_a_distinct_dotted_name() {
        let mut names: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        assert!(names.iter().all(|n| n.contains('.')));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), EventKind::ALL.len());
    }
}
