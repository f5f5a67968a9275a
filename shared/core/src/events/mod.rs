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

use crate::ids::{CaseId, DealerId};

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

            pub(crate) fn from_name(name: &str) -> Option<Self> {
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
    EstimateOpened = "estimate.opened",
    EstimateReminded = "estimate.reminded",
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
    /// The request (or event) that raised it, so one id follows a change from the API into
    /// the logs of every function that handles it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
}

tokio::task_local! {
    static CORRELATION: String;
}

/// Runs `work` on behalf of request (or event) `id`: the events it raises carry the id.
pub async fn carrying<F: std::future::Future>(id: String, work: F) -> F::Output {
    CORRELATION.scope(id, work).await
}

/// The id of the request (or event) being handled, if any.
pub fn correlation_id() -> Option<String> {
    CORRELATION.try_with(|id| id.clone()).ok()
}

impl DomainEvent {
    pub fn kind(&self) -> EventKind {
        self.kind
    }

    /// What subscriptions filter on (SNS message attributes): the type, the dealer, and for a
    /// note whether customers see it, so a function that tells customers is not even invoked
    /// for an internal note.
    pub fn routing(&self) -> Vec<(&'static str, String)> {
        let mut attributes = vec![
            ("type", self.kind.as_str().to_string()),
            ("dealerId", self.dealer_id.to_string()),
        ];
        if self.kind == EventKind::NoteCreated {
            if let Some(v) = self.data.get("visibility").and_then(|v| v.as_str()) {
                attributes.push(("visibility", v.to_string()));
            }
        }
        attributes
    }
}

mod outbox;

pub use outbox::{
    deliver, outbox_op, relay, relay_pending, RelayReport, MAX_EVENT_BYTES, RELAY_ATTEMPTS,
    RELAY_MIN_AGE,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_event_raised_while_handling_a_request_carries_its_id() {
        let raise = || {
            DomainEvent::at(
                "e1".into(),
                &DealerId::parse("d1").unwrap_or_else(|e| panic!("{e}")),
                None,
                jiff::Timestamp::UNIX_EPOCH,
                crate::happened::Happened::PartsEscalated(crate::happened::PartsRequestRef {
                    request_id: crate::ids::PartsRequestId::parse("r1")
                        .unwrap_or_else(|e| panic!("{e}")),
                }),
            )
        };
        let inside = carrying("req-1".into(), async { raise() }).await;
        assert_eq!(inside.correlation_id.as_deref(), Some("req-1"));
        assert_eq!(raise().correlation_id, None);
        let json = serde_json::to_value(&inside).unwrap_or_default();
        assert_eq!(json["correlationId"], "req-1");
    }

    #[test]
    fn a_note_says_whether_customers_see_it_where_subscriptions_can_filter() {
        let note = |visibility: &str| DomainEvent {
            id: "e1".into(),
            dealer_id: DealerId::parse("d1").unwrap_or_else(|e| panic!("{e}")),
            case_id: None,
            occurred_at: jiff::Timestamp::UNIX_EPOCH,
            kind: EventKind::NoteCreated,
            data: serde_json::json!({"visibility": visibility, "text": "x"}),
            correlation_id: None,
        };
        assert_eq!(
            note("internal").routing(),
            vec![
                ("type", "note.created".to_string()),
                ("dealerId", "d1".to_string()),
                ("visibility", "internal".to_string())
            ]
        );
        let mut status = note("external");
        status.kind = EventKind::CaseStatusChanged;
        assert_eq!(status.routing().len(), 2, "only a note says its visibility");
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
            correlation_id: None,
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
