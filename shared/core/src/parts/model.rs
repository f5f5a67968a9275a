use crate::ids::PartsRequestId;
use serde::{Deserialize, Serialize};

use crate::cases::Author;
use crate::error::{Error, FieldError};
use crate::ids::CaseId;

/// Where a parts request stands. The order of the variants is progress: a request never
/// moves to an earlier rank (ordered and backordered share one; cancelled ends it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartsState {
    Escalated,
    Claimed,
    Ordered,
    Backordered,
    Received,
    Cancelled,
}

impl PartsState {
    fn rank(self) -> u8 {
        match self {
            PartsState::Escalated => 0,
            PartsState::Claimed => 1,
            PartsState::Ordered | PartsState::Backordered => 2,
            PartsState::Received => 3,
            PartsState::Cancelled => 4,
        }
    }

    /// The state after an event of kind `to` arrives, whatever order events come in:
    /// never backwards, and nothing after a cancellation or past received (except cancel).
    pub fn advance(self, to: PartsState) -> PartsState {
        match (self, to) {
            (PartsState::Cancelled, _) => PartsState::Cancelled,
            (PartsState::Received, PartsState::Cancelled) => PartsState::Received,
            (_, PartsState::Cancelled) => PartsState::Cancelled,
            (PartsState::Ordered, PartsState::Backordered)
            | (PartsState::Backordered, PartsState::Ordered) => to,
            (from, to) if to.rank() > from.rank() => to,
            (from, _) => from,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartLine {
    #[schema(min_length = 1, max_length = 64)]
    pub part_number: String,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub description: String,
    #[schema(minimum = 1, maximum = 100000)]
    #[serde(deserialize_with = "crate::json::whole_number")]
    pub quantity: i64,
}

/// `POST /v1/cases/{caseId}/parts-escalations`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewEscalation {
    #[schema(max_length = 64)]
    pub group_id: String,
    #[schema(min_items = 1, max_items = 100)]
    pub lines: Vec<PartLine>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

impl NewEscalation {
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if self.group_id.chars().count() > 64 {
            errors.push(FieldError::new("groupId", "at most 64 characters"));
        }
        if self.lines.is_empty() {
            errors.push(FieldError::new("lines", "name at least one part"));
        }
        if self.lines.len() > 100 {
            errors.push(FieldError::new("lines", "at most 100 lines per request"));
        }
        for (i, l) in self.lines.iter().enumerate() {
            if l.part_number.trim().is_empty() || l.part_number.chars().count() > 64 {
                errors.push(FieldError::new(
                    format!("lines[{i}].partNumber"),
                    "1 to 64 characters",
                ));
            }
            crate::text::require_single_line(
                &mut errors,
                &format!("lines[{i}].partNumber"),
                Some(&l.part_number),
            );
            crate::text::require_single_line(
                &mut errors,
                &format!("lines[{i}].description"),
                Some(&l.description),
            );
            if l.description.chars().count() > 500 {
                errors.push(FieldError::new(
                    format!("lines[{i}].description"),
                    "at most 500 characters",
                ));
            }
            if !(1..=100_000).contains(&l.quantity) {
                errors.push(FieldError::new(
                    format!("lines[{i}].quantity"),
                    "a whole number from 1 to 100000",
                ));
            }
        }
        if self
            .note
            .as_ref()
            .is_some_and(|n| n.chars().count() > 2_000)
        {
            errors.push(FieldError::new("note", "at most 2,000 characters"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::invalid(errors))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    Delivered,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    pub status: DeliveryStatus,
    /// How many times the request was handed to Prokeep (the first send and the reminder).
    pub sends: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub delivered_at: Option<jiff::Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProkeepEventType {
    Claimed,
    Ordered,
    Backordered,
    Received,
    Cancelled,
}

impl ProkeepEventType {
    pub fn state(self) -> PartsState {
        match self {
            ProkeepEventType::Claimed => PartsState::Claimed,
            ProkeepEventType::Ordered => PartsState::Ordered,
            ProkeepEventType::Backordered => PartsState::Backordered,
            ProkeepEventType::Received => PartsState::Received,
            ProkeepEventType::Cancelled => PartsState::Cancelled,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ProkeepEventType::Claimed => "claimed",
            ProkeepEventType::Ordered => "ordered",
            ProkeepEventType::Backordered => "backordered",
            ProkeepEventType::Received => "received",
            ProkeepEventType::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProkeepEventData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation: Option<String>,
    /// A calendar date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub eta: Option<jiff::civil::Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /v1/prokeep/parts-requests/{requestId}/events`. Fields Prokeep may add later are
/// ignored rather than refused: a partner's new field must not stop the parts counter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProkeepEvent {
    #[schema(min_length = 1, max_length = 200)]
    pub event_id: String,
    #[serde(rename = "type")]
    pub kind: ProkeepEventType,
    #[schema(value_type = String, format = DateTime)]
    pub occurred_at: jiff::Timestamp,
    pub actor: Actor,
    #[serde(default)]
    pub data: ProkeepEventData,
}

impl ProkeepEvent {
    /// Bounds what goes onto the case: ids and names short, free text reasonable.
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if self.event_id.trim().is_empty() || self.event_id.len() > 200 {
            errors.push(FieldError::new("eventId", "1 to 200 characters"));
        }
        if self.actor.name.trim().is_empty() || self.actor.name.chars().count() > 200 {
            errors.push(FieldError::new("actor.name", "1 to 200 characters"));
        }
        crate::text::require_single_line(&mut errors, "actor.name", Some(&self.actor.name));
        crate::text::require_single_line(
            &mut errors,
            "data.confirmation",
            self.data.confirmation.as_deref(),
        );
        if self
            .data
            .confirmation
            .as_ref()
            .is_some_and(|c| c.chars().count() > 200)
        {
            errors.push(FieldError::new(
                "data.confirmation",
                "at most 200 characters",
            ));
        }
        if self
            .data
            .reason
            .as_ref()
            .is_some_and(|r| r.chars().count() > 1_000)
        {
            errors.push(FieldError::new("data.reason", "at most 1,000 characters"));
        }
        match errors.len() {
            0 => Ok(()),
            _ if errors.iter().all(|e| e.field == "eventId") => {
                Err(Error::bad_field("eventId", "1 to 200 characters"))
            }
            _ => Err(Error::invalid(errors)),
        }
    }
}

/// One entry of a request's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub what: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: jiff::Timestamp,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// The state after this entry.
    pub state: PartsState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Claim {
    pub by: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: jiff::Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartsRequest {
    #[schema(value_type = String)]
    pub id: PartsRequestId,
    /// What people quote: `PR-<case number>-<n>` (the case's n-th request); Prokeep's
    /// callbacks may name the request by it. Empty on requests made before it existed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
    #[schema(value_type = String)]
    pub case_id: CaseId,
    pub group_id: String,
    pub group_name: String,
    pub lines: Vec<PartLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub state: PartsState,
    pub requested_by: Author,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<Claim>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub eta: Option<jiff::civil::Date>,
    pub delivery: Delivery,
    pub history: Vec<HistoryEntry>,
    /// When an unclaimed request is re-sent to the group (once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub remind_at: Option<jiff::Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub reminded_at: Option<jiff::Timestamp>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: jiff::Timestamp,
    pub version: u64,
}

impl PartsRequest {
    /// How people name the request: its reference, or its id when it has none.
    pub fn label(&self) -> &str {
        if self.reference.is_empty() {
            self.id.as_str()
        } else {
            &self.reference
        }
    }
}
