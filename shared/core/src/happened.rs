//! What happened: the payload of every domain event, one variant per [`EventKind`].
//!
//! The envelope, the outbox and the kinds are the ground floor ([`crate::events`]); the
//! payloads are the feature areas' records, so they live here, a floor up, where a service
//! names what happened (`DomainEvent::new(app, dealer, case, Happened::NoteCreated(note))`)
//! and a consumer reads it back (`event.what()?`).

use serde::{Deserialize, Serialize};

use crate::cases::{AttachmentView, Author, Case, CaseStatus, CaseSummary, Note, Visibility};
use crate::error::{Error, Result};
use crate::events::{DomainEvent, EventKind};
use crate::ids::{AttachmentId, CaseId, DealerId, EstimateId, PartsRequestId};
use crate::parts::EventResult;
use crate::App;

/// Declares each kind's payload once; a kind without one does not compile.
macro_rules! happened {
    ($($(#[$doc:meta])* $variant:ident ($payload:ty),)+) => {
        /// What happened, with its payload.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Happened {
            $($(#[$doc])* $variant($payload),)+
        }

        impl Happened {
            pub fn kind(&self) -> EventKind {
                match self {
                    $(Happened::$variant(_) => EventKind::$variant,)+
                }
            }

            fn data(&self) -> serde_json::Result<serde_json::Value> {
                match self {
                    $(Happened::$variant(p) => serde_json::to_value(p),)+
                }
            }

            /// The payload of an event of `kind`.
            pub fn read(kind: EventKind, data: &serde_json::Value) -> serde_json::Result<Self> {
                match kind {
                    $(EventKind::$variant => <$payload>::deserialize(data).map(Happened::$variant),)+
                }
            }
        }
    };
}

happened! {
    /// A case was opened.
    CaseCreated (Case),
    /// A case moved to another status (a Quick Action, a Case user).
    CaseStatusChanged (StatusChanged),
    /// A note was put on a case (Case user, Prokeep, a contact, casebridge).
    NoteCreated (Note),
    /// A file was put on a case.
    AttachmentCreated (AttachmentView),
    /// A draft transcript got a new version (its thread changed while still open).
    AttachmentUpdated (AttachmentView),
    /// A draft transcript was replaced by the final one.
    AttachmentReplaced (AttachmentReplaced),
    AttachmentVisibilityChanged (VisibilityChanged),
    /// An advisor escalated a Parts Hold case to a Prokeep group (delivery pending).
    PartsEscalated (PartsRequestRef),
    /// An unclaimed escalation is to be sent to the group again.
    PartsReminder (PartsRequestRef),
    PartsClaimed (EventResult),
    PartsOrdered (EventResult),
    PartsBackordered (EventResult),
    PartsReceived (EventResult),
    PartsCancelled (EventResult),
    /// An estimate version went to the customer for approval.
    EstimateSent (EstimateSent),
    /// The customer (or an advisor for them) decided lines of an estimate.
    EstimateDecided (EstimateDecided),
    /// A contact opened a version's estimate view for the first time.
    EstimateOpened (EstimateOpened),
    /// An approval request nobody answered was sent again, on the dealer's schedule.
    EstimateReminded (EstimateReminded),
}

/// `estimate.sent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimateSent {
    pub estimate_id: EstimateId,
    pub version: u32,
    pub asked_line_ids: Vec<String>,
    pub by: Author,
    /// The invited contacts asked to decide (texted by case-notify).
    #[serde(default)]
    pub contact_ids: Vec<String>,
    /// The estimate's total, so the text names the amount asked (absent in events raised
    /// before it was carried).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_cents: Option<i64>,
}

/// `estimate.decided`: what one submission decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimateDecided {
    pub estimate_id: EstimateId,
    pub version: u32,
    pub decisions: Vec<crate::estimates::Decision>,
    pub approved_cents: i64,
}

/// `estimate.opened`: the first time a contact opened a version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimateOpened {
    pub estimate_id: EstimateId,
    pub version: u32,
    pub contact_id: String,
    pub contact_name: String,
}

/// `estimate.reminded`: the `reminder`-th (1 or 2) reminder about a version still waiting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimateReminded {
    pub estimate_id: EstimateId,
    pub version: u32,
    pub reminder: u32,
    /// The contacts asked (texted again); empty when every recipient was asked.
    pub contact_ids: Vec<String>,
    pub total_cents: i64,
}

/// `case.status_changed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusChanged {
    pub from: CaseStatus,
    pub to: CaseStatus,
    pub by: Author,
    pub case: CaseSummary,
    /// Which invited contacts to text about it: all (absent), or only these (a Quick Action
    /// whose own event does the texting names none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_only: Option<Vec<String>>,
}

/// `attachment.replaced`: the attachment as it is now, and the version it replaced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentReplaced {
    pub attachment: AttachmentView,
    pub replaced_version: u32,
}

/// `attachment.visibility_changed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VisibilityChanged {
    pub attachment_id: AttachmentId,
    pub visibility: Visibility,
    pub by: Author,
}

/// Names a parts request (`parts.escalated`, `parts.reminder`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartsRequestRef {
    pub request_id: PartsRequestId,
}

impl DomainEvent {
    /// A new event about the dealer's case (or the dealer), now.
    pub fn new(app: &App, dealer: &DealerId, case_id: Option<&CaseId>, what: Happened) -> Self {
        Self::at(app.ids.new_id(), dealer, case_id, app.clock.now(), what)
    }

    /// An event with a given id and time (the relay's and the tests' events).
    pub fn at(
        id: String,
        dealer: &DealerId,
        case_id: Option<&CaseId>,
        occurred_at: jiff::Timestamp,
        what: Happened,
    ) -> Self {
        DomainEvent {
            id,
            dealer_id: dealer.clone(),
            case_id: case_id.cloned(),
            occurred_at,
            kind: what.kind(),
            // Plain records with string keys: serialising them cannot fail.
            data: what.data().unwrap_or_default(),
            correlation_id: crate::events::correlation_id(),
        }
    }

    /// What happened, read from the payload. An event whose payload is not its kind's is
    /// malformed (no retry can make it read).
    pub fn what(&self) -> Result<Happened> {
        Happened::read(self.kind, &self.data).map_err(|e| {
            Error::bad_field(
                "data",
                format!("a {} event that does not read: {e}", self.kind),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_reads_back_as_what_happened() {
        let dealer = DealerId::parse("d1").unwrap_or_else(|e| panic!("{e}"));
        let what = Happened::PartsEscalated(PartsRequestRef {
            request_id: "r1".into(),
        });
        let event = DomainEvent::at(
            "e1".into(),
            &dealer,
            Some(&CaseId::parse("c1").unwrap_or_else(|e| panic!("{e}"))),
            jiff::Timestamp::UNIX_EPOCH,
            what.clone(),
        );
        assert_eq!(event.kind(), EventKind::PartsEscalated);
        assert_eq!(event.data, serde_json::json!({"requestId": "r1"}));
        assert_eq!(event.what().ok(), Some(what));
    }

    #[test]
    fn a_payload_that_is_not_its_kinds_is_refused() {
        let dealer = DealerId::parse("d1").unwrap_or_else(|e| panic!("{e}"));
        let mut event = DomainEvent::at(
            "e1".into(),
            &dealer,
            None,
            jiff::Timestamp::UNIX_EPOCH,
            Happened::PartsEscalated(PartsRequestRef {
                request_id: "r1".into(),
            }),
        );
        event.kind = EventKind::CaseCreated;
        assert!(matches!(event.what(), Err(Error::BadRequest { .. })));
    }
}
