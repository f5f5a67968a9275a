//! The parts counter's steps in Prokeep (claimed, ordered, backordered, received, cancelled)
//! land on the case, each exactly once, in any order, the state never moving backwards.

use serde::{Deserialize, Serialize};

use super::model::*;
use super::{load_request, prokeep_author, request_write, DO_NOT_REPLY};
use crate::cases::{self, NoteSource, Visibility};
use crate::commit::{commit, Plan, Round};
use crate::dealers::Dealer;
use crate::error::Result;
use crate::events::DomainEvent;
use crate::happened::Happened;
use crate::idempotency;
use crate::idempotency::IdempotencyScope;
#[cfg(test)]
use crate::ids::CaseId;
use crate::ids::PartsRequestId;
use crate::App;

/// How long a Prokeep event id is remembered (duplicates later than this are new events).
const EVENT_ID_KEPT: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

/// What applying a Prokeep event did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventResult {
    #[schema(value_type = String)]
    pub request_id: PartsRequestId,
    pub event_id: String,
    /// The request's state after the event (never earlier than before it).
    pub state: PartsState,
    pub note_id: String,
    /// True when this call applied the event; false when it answers a repeat.
    #[serde(default)]
    pub applied: bool,
}

/// The request after `event`: the state moves forward only, a first claim is kept, an
/// order's confirmation and ETA are recorded even when it arrives late, and the step goes
/// into the history.
pub(crate) fn decide_event(
    r: &PartsRequest,
    event: &ProkeepEvent,
    now: jiff::Timestamp,
) -> PartsRequest {
    let mut r = r.clone();
    r.state = r.state.advance(event.kind.state());
    match event.kind {
        ProkeepEventType::Claimed if r.claim.is_none() => {
            r.claim = Some(Claim {
                by: event.actor.name.clone(),
                at: event.occurred_at,
            });
        }
        ProkeepEventType::Ordered | ProkeepEventType::Backordered => {
            r.confirmation = event.data.confirmation.clone().or(r.confirmation);
            r.eta = event.data.eta.or(r.eta);
        }
        _ => {}
    }
    r.history.push(HistoryEntry {
        what: event.kind.as_str().into(),
        at: event.occurred_at,
        by: event.actor.name.clone(),
        event_id: Some(event.event_id.clone()),
        state: r.state,
    });
    r.updated_at = now;
    r
}

/// The internal note a step puts on the case (one-way: it ends with `PLEASE DO NOT REPLY`).
pub(crate) fn event_note(r: &PartsRequest, e: &ProkeepEvent, tz: &str) -> String {
    let when = jiff::tz::TimeZone::get(tz)
        .map(|z| {
            e.occurred_at
                .to_zoned_datetime(z)
                .strftime("%Y-%m-%d %H:%M %Z")
                .to_string()
        })
        .unwrap_or_else(|_| e.occurred_at.to_string());
    let who = &e.actor.name;
    let eta = e.data.eta.map(|d| format!(" ETA {d}.")).unwrap_or_default();
    let body = match e.kind {
        ProkeepEventType::Claimed => format!(
            "Parts request {} was claimed by {who} ({}) at {when}.",
            r.label(),
            r.group_name
        ),
        ProkeepEventType::Ordered => format!(
            "Parts for request {} were ordered by {who} at {when}. Order confirmation: {}.{eta}",
            r.label(),
            e.data.confirmation.as_deref().unwrap_or("not given")
        ),
        ProkeepEventType::Backordered => format!(
            "Parts for request {} are backordered ({who}, {when}).{eta}",
            r.label()
        ),
        ProkeepEventType::Received => {
            let lines: Vec<String> = r
                .lines
                .iter()
                .map(|l| format!("{} x {}", l.quantity, l.part_number))
                .collect();
            format!(
                "Parts for request {} were received at the counter by {who} at {when}: {}.",
                r.label(),
                lines.join(", ")
            )
        }
        ProkeepEventType::Cancelled => format!(
            "Parts request {} was cancelled by {who} at {when}.{}",
            r.label(),
            e.data
                .reason
                .as_deref()
                .map(|x| format!(" Reason: {x}."))
                .unwrap_or_default()
        ),
    };
    format!("{body}\n{DO_NOT_REPLY}")
}

fn parts_happened(kind: ProkeepEventType, result: EventResult) -> Happened {
    match kind {
        ProkeepEventType::Claimed => Happened::PartsClaimed(result),
        ProkeepEventType::Ordered => Happened::PartsOrdered(result),
        ProkeepEventType::Backordered => Happened::PartsBackordered(result),
        ProkeepEventType::Received => Happened::PartsReceived(result),
        ProkeepEventType::Cancelled => Happened::PartsCancelled(result),
    }
}

/// A request claimed (or finished) before its reminder went out: the reminder is no longer
/// needed.
fn reminder_not_needed(
    dealer: &crate::ids::DealerId,
    before: &PartsRequest,
    after: &PartsRequest,
) -> Option<crate::ports::WriteOp> {
    let claimed = before.state == PartsState::Escalated && after.state != PartsState::Escalated;
    match after.remind_at {
        Some(at) if claimed && after.reminded_at.is_none() => {
            Some(super::store::reminder_done_op(dealer, after, at))
        }
        _ => None,
    }
}

/// Applies one Prokeep callback exactly once: a repeat (same event id, same body) answers
/// the first result; the same id with another body is a conflict. The event id is written
/// as an idempotency key in the same transaction as the request, the note and the events
/// (the in-transaction variant of [`crate::idempotency`]).
pub async fn apply_prokeep_event(
    app: &App,
    dealer: &Dealer,
    request_id: &PartsRequestId,
    event: ProkeepEvent,
) -> Result<EventResult> {
    let result = apply_once(app, dealer, request_id, event).await?;
    if result.applied {
        crate::measures::callback_applied();
    }
    Ok(result)
}

async fn apply_once(
    app: &App,
    dealer: &Dealer,
    request_id: &PartsRequestId,
    event: ProkeepEvent,
) -> Result<EventResult> {
    event.validate()?;
    // Named by its id or its reference alike: the key is kept under the id.
    let request_id = &super::request_id_of(app, &dealer.id, request_id).await?;
    // The request id is part of what the key was used with: the same event id for another
    // request is a conflict, not a repeat.
    let body = serde_json::to_vec(&(request_id, &event)).unwrap_or_default();
    let payload = idempotency::payload_hash(&body);
    let key = idempotency::key(&dealer.id, IdempotencyScope::ProkeepEvent, &event.event_id);
    let what = format!("Prokeep event {}", event.event_id);
    let (event, key, payload, what) = (&event, &key, &payload, &what);
    commit(app, &format!("parts request {request_id}"), || async move {
        if let Some(first) = idempotency::saved::<EventResult>(app, key, payload, what).await? {
            return Ok(Round::Done(EventResult {
                applied: false,
                ..first
            }));
        }
        let before = load_request(app, &dealer.id, request_id).await?;
        let mut r = decide_event(&before, event, app.clock.now());
        let note = cases::prepare_note(
            app,
            &dealer.id,
            &r.case_id,
            event_note(&r, event, &dealer.settings.time_zone),
            Visibility::Internal,
            NoteSource::Prokeep,
            prokeep_author(&event.actor.name),
        )?;
        let result = EventResult {
            request_id: r.id.clone(),
            event_id: event.event_id.clone(),
            state: r.state,
            note_id: note.note.id.clone(),
            applied: true,
        };
        let raised = DomainEvent::new(
            app,
            &dealer.id,
            Some(&r.case_id),
            parts_happened(event.kind, result.clone()),
        );
        let remembered = idempotency::completed_op(app, key, payload, &result, EVENT_ID_KEPT)?;
        let mut plan = Plan::new(result).write(remembered).write(request_write(
            &dealer.id,
            before.version,
            &mut r,
        )?);
        plan = note.into_plan(plan).raise(raised);
        Ok(Round::Write(
            plan.writes(reminder_not_needed(&dealer.id, &before, &r)),
        ))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::Author;

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn request() -> PartsRequest {
        PartsRequest {
            id: "r1".into(),
            reference: "PR-1001-1".into(),
            case_id: CaseId::parse("c1").unwrap_or_else(|e| panic!("{e}")),
            group_id: "parts-counter".into(),
            group_name: "Parts".into(),
            lines: vec![PartLine {
                part_number: "TRB-4471".into(),
                description: "Turbo actuator".into(),
                quantity: 1,
            }],
            note: None,
            state: PartsState::Escalated,
            requested_by: Author {
                id: None,
                name: "Ann".into(),
            },
            claim: None,
            confirmation: None,
            eta: None,
            delivery: Delivery {
                status: DeliveryStatus::Delivered,
                sends: 1,
                last_error: None,
                delivered_at: None,
            },
            history: vec![],
            remind_at: None,
            reminded_at: None,
            created_at: at("2026-11-23T09:00:00Z"),
            updated_at: at("2026-11-23T09:00:00Z"),
            version: 1,
        }
    }

    fn event(id: &str, kind: ProkeepEventType, confirmation: Option<&str>) -> ProkeepEvent {
        ProkeepEvent {
            event_id: id.into(),
            kind,
            occurred_at: at("2026-11-23T10:00:00Z"),
            actor: Actor {
                name: "Pat Counter".into(),
            },
            data: ProkeepEventData {
                confirmation: confirmation.map(str::to_string),
                ..Default::default()
            },
        }
    }

    #[test]
    fn received_before_ordered_stays_received_and_keeps_the_late_confirmation() {
        let now = at("2026-11-23T11:00:00Z");
        let received = decide_event(
            &request(),
            &event("e3", ProkeepEventType::Received, None),
            now,
        );
        let late_order = decide_event(
            &received,
            &event("e2", ProkeepEventType::Ordered, Some("PO-1")),
            now,
        );
        assert_eq!(late_order.state, PartsState::Received);
        assert_eq!(late_order.confirmation.as_deref(), Some("PO-1"));
        assert_eq!(late_order.history.len(), 2);
    }

    #[test]
    fn the_first_claim_is_kept_and_every_note_says_do_not_reply() {
        let now = at("2026-11-23T11:00:00Z");
        let first = decide_event(
            &request(),
            &event("e1", ProkeepEventType::Claimed, None),
            now,
        );
        let mut again = event("e9", ProkeepEventType::Claimed, None);
        again.actor.name = "Someone Else".into();
        let second = decide_event(&first, &again, now);
        assert_eq!(second.claim.map(|c| c.by).as_deref(), Some("Pat Counter"));
        let note = event_note(&first, &again, "America/Chicago");
        assert!(note.ends_with("\nPLEASE DO NOT REPLY"), "{note}");
        assert!(note.contains("CST"), "the dealer's time zone: {note}");
    }
}
