use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::model::*;
use crate::auth::{Caller, Role};
use crate::cases::{self, Author, CaseStatus, NoteSource, PendingNote, Visibility};
use crate::dealers::{self, Dealer, DealerId};
use crate::error::{Error, Result};
use crate::events::{self, DomainEvent};
use crate::keys::{self, CaseKeyId};
use crate::ports::{
    Cond, DeliveryError, Item, Order, PageRequest, ProkeepMessage, StoreError, WriteOp,
};
use crate::{App, Listing};

const ATTEMPTS: usize = 5;
/// How long a Prokeep event id is remembered (duplicates later than this are new events).
const EVENT_ID_TTL_SECS: i64 = 30 * 24 * 3600;
pub const DO_NOT_REPLY: &str = "PLEASE DO NOT REPLY";

/// Finds a request from its id alone (what Prokeep quotes back).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestPointer {
    case_id: String,
}

/// An unclaimed escalation waiting for its reminder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reminder {
    dealer_id: DealerId,
    case_id: String,
    request_id: String,
}

/// A Prokeep event already applied: a repeat answers the same result.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AppliedEvent {
    request_id: String,
    body_sha256: String,
    result: EventResult,
}

/// What applying a Prokeep event did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventResult {
    pub request_id: String,
    pub event_id: String,
    /// The request's state after the event (never earlier than before it).
    pub state: PartsState,
    pub note_id: String,
    /// True when this call applied the event; false when it answers a repeat.
    #[serde(default)]
    pub applied: bool,
}

const REMIND_PK: &str = "PARTS_REMIND";

fn pointer_key(dealer: &DealerId, request_id: &str) -> (String, String) {
    (format!("D#{dealer}#PR#{request_id}"), "PR".into())
}

fn request_sk(request_id: &str) -> String {
    format!("PARTS#{request_id}")
}

fn remind_sk(at: jiff::Timestamp, dealer: &DealerId, request_id: &str) -> String {
    format!("{}#{dealer}#{request_id}", keys::sortable(at))
}

fn request_item(dealer: &DealerId, r: &PartsRequest) -> Result<Item> {
    let pk = keys::case_partition(dealer, &CaseKeyId::parse(&r.case_id)?);
    Ok(Item::from_record(pk, request_sk(&r.id), r)?)
}

fn prokeep_author(name: &str) -> Author {
    Author {
        id: None,
        name: format!("{name} (Prokeep)"),
    }
}

fn system_author() -> Author {
    Author {
        id: None,
        name: "casebridge".into(),
    }
}

/// The text Prokeep's group receives.
pub fn prokeep_text(case: &cases::Case, r: &PartsRequest, reminder: bool) -> String {
    let mut t = String::new();
    if reminder {
        t.push_str("REMINDER: not claimed yet.\n");
    }
    t.push_str(&format!(
        "Parts request {} (quote this id when you answer)\n",
        r.id
    ));
    let a = &case.asset;
    let vin = a
        .vin
        .as_deref()
        .map(|v| format!(", VIN {v}"))
        .unwrap_or_default();
    let mm = [a.make.as_deref(), a.model.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    t.push_str(&format!(
        "Case {}: {} - unit {}{vin} {mm}\n",
        case.id, case.customer.name, a.unit_number
    ));
    t.push_str("Parts:\n");
    for l in &r.lines {
        t.push_str(&format!(
            "- {} x {} {}\n",
            l.quantity, l.part_number, l.description
        ));
    }
    if let Some(n) = &r.note {
        t.push_str(&format!("Note: {n}\n"));
    }
    t.push_str(&format!("Requested by {}", r.requested_by.name));
    t
}

/// An advisor escalates a Parts Hold case to one of the location's Prokeep groups.
pub async fn escalate(
    app: &App,
    caller: &Caller,
    case_id: &str,
    new: NewEscalation,
) -> Result<PartsRequest> {
    if caller.role == Role::OemAdmin {
        return Err(Error::Forbidden(
            "parts escalations are made by the dealer's advisors".into(),
        ));
    }
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    new.validate()?;
    let dealer = dealers::load_dealer(app, &caller.dealer).await?;
    if !dealer.settings.parts_counter_uses_prokeep {
        return Err(Error::Conflict(format!(
            "the parts counter of {} does not use Prokeep; escalate through the counter's own system",
            dealer.name
        )));
    }
    if case.status != CaseStatus::PartsHold {
        return Err(Error::Conflict(format!(
            "case {} is {}, not parts_hold: put it on Parts Hold before escalating",
            case.id,
            case.status.as_str()
        )));
    }
    let group = dealer
        .settings
        .prokeep_groups
        .iter()
        .find(|g| g.id == new.group_id)
        .ok_or_else(|| {
            let known: Vec<&str> = dealer
                .settings
                .prokeep_groups
                .iter()
                .map(|g| g.id.as_str())
                .collect();
            Error::invalid(vec![crate::FieldError::new(
                "groupId",
                format!(
                    "{:?} is not one of this location's Prokeep groups ({})",
                    new.group_id,
                    known.join(", ")
                ),
            )])
        })?;
    let now = app.clock.now();
    let by = Author {
        id: Some(caller.user_id.clone()),
        name: caller.display_name().to_string(),
    };
    let remind_at =
        now + jiff::SignedDuration::from_mins(dealer.settings.parts_reminder_minutes as i64);
    let request = PartsRequest {
        id: app.ids.new_id(),
        case_id: case.id.clone(),
        group_id: group.id.clone(),
        group_name: group.name.clone(),
        lines: new.lines,
        note: new.note.filter(|n| !n.trim().is_empty()),
        state: PartsState::Escalated,
        requested_by: by.clone(),
        claim: None,
        confirmation: None,
        eta: None,
        delivery: Delivery {
            status: DeliveryStatus::Pending,
            sends: 0,
            last_error: None,
            delivered_at: None,
        },
        history: vec![HistoryEntry {
            what: format!("escalated to {}", group.name),
            at: now,
            by: by.name.clone(),
            event_id: None,
            state: PartsState::Escalated,
        }],
        remind_at: Some(remind_at),
        reminded_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let event = DomainEvent::new(
        app,
        "parts.escalated",
        &dealer.id,
        Some(&case.id),
        json!({ "requestId": request.id }),
    )?;
    let (ppk, psk) = pointer_key(&dealer.id, &request.id);
    let reminder = Reminder {
        dealer_id: dealer.id.clone(),
        case_id: case.id.clone(),
        request_id: request.id.clone(),
    };
    app.store
        .transact(vec![
            WriteOp::put_if(request_item(&dealer.id, &request)?, Cond::NotExists),
            WriteOp::put_if(
                Item::from_record(
                    ppk,
                    psk,
                    &RequestPointer {
                        case_id: case.id.clone(),
                    },
                )?,
                Cond::NotExists,
            ),
            WriteOp::put(Item::from_record(
                REMIND_PK,
                remind_sk(remind_at, &dealer.id, &request.id),
                &reminder,
            )?),
            events::outbox_op(&event)?,
        ])
        .await?;
    events::deliver(app, &[event]).await;
    Ok(request)
}

pub async fn list_for_case(
    app: &App,
    caller: &Caller,
    case_id: &str,
) -> Result<Listing<PartsRequest>> {
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    let pk = keys::case_partition(&caller.dealer, &CaseKeyId::parse(&case.id)?);
    Listing::from_page(
        app.store
            .query(&pk, "PARTS#", PageRequest::first(100, Order::Ascending))
            .await?,
    )
}

async fn load_request(app: &App, dealer: &DealerId, request_id: &str) -> Result<PartsRequest> {
    let not_found = || Error::not_found(format!("parts request {request_id}"));
    if !dealers::is_safe_id(request_id) {
        return Err(not_found());
    }
    let (ppk, psk) = pointer_key(dealer, request_id);
    let pointer: RequestPointer = app
        .store
        .get(&ppk, &psk)
        .await?
        .ok_or_else(not_found)?
        .record()?;
    let pk = keys::case_partition(dealer, &CaseKeyId::parse(&pointer.case_id)?);
    app.store
        .get(&pk, &request_sk(request_id))
        .await?
        .ok_or_else(not_found)?
        .record()
        .map_err(Into::into)
}

fn event_note(r: &PartsRequest, e: &ProkeepEvent, tz: &str) -> String {
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
            r.id, r.group_name
        ),
        ProkeepEventType::Ordered => format!(
            "Parts for request {} were ordered by {who} at {when}. Order confirmation: {}.{eta}",
            r.id,
            e.data.confirmation.as_deref().unwrap_or("not given")
        ),
        ProkeepEventType::Backordered => format!(
            "Parts for request {} are backordered ({who}, {when}).{eta}",
            r.id
        ),
        ProkeepEventType::Received => {
            let lines: Vec<String> = r
                .lines
                .iter()
                .map(|l| format!("{} x {}", l.quantity, l.part_number))
                .collect();
            format!(
                "Parts for request {} were received at the counter by {who} at {when}: {}.",
                r.id,
                lines.join(", ")
            )
        }
        ProkeepEventType::Cancelled => format!(
            "Parts request {} was cancelled by {who} at {when}.{}",
            r.id,
            e.data
                .reason
                .as_deref()
                .map(|x| format!(" Reason: {x}."))
                .unwrap_or_default()
        ),
    };
    format!("{body}\n{DO_NOT_REPLY}")
}

/// Applies one Prokeep callback exactly once: a repeat (same event id, same body) answers
/// the first result; the same id with another body is a conflict. Events may come in any
/// order: each is recorded and noted, and the state only ever moves forward.
pub async fn apply_prokeep_event(
    app: &App,
    dealer: &Dealer,
    request_id: &str,
    event: ProkeepEvent,
) -> Result<EventResult> {
    if event.event_id.trim().is_empty() || event.event_id.len() > 200 {
        return Err(Error::bad_field("eventId", "1 to 200 characters"));
    }
    let body_sha256 = hex::encode(Sha256::digest(
        serde_json::to_vec(&event).unwrap_or_default(),
    ));
    let idem_pk = keys::idempotency_partition(&dealer.id);
    let idem_sk = format!(
        "prokeep-event#{}",
        hex::encode(Sha256::digest(event.event_id.as_bytes()))
    );
    let repeat = |applied: AppliedEvent| {
        if applied.body_sha256 == body_sha256 && applied.request_id == request_id {
            Ok(EventResult {
                applied: false,
                ..applied.result
            })
        } else {
            Err(Error::Conflict(format!(
                "event {} was already received with a different body",
                event.event_id
            )))
        }
    };
    for _ in 0..ATTEMPTS {
        if let Some(item) = app.store.get(&idem_pk, &idem_sk).await? {
            return repeat(item.record()?);
        }
        let mut r = load_request(app, &dealer.id, request_id).await?;
        let before = r.clone();
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
        r.updated_at = app.clock.now();
        r.version += 1;
        let PendingNote {
            note,
            ops: note_ops,
            event: note_event,
        } = cases::prepare_note(
            app,
            &dealer.id,
            &r.case_id,
            event_note(&r, &event, &dealer.settings.time_zone),
            Visibility::Internal,
            NoteSource::Prokeep,
            prokeep_author(&event.actor.name),
        )?;
        let result = EventResult {
            request_id: r.id.clone(),
            event_id: event.event_id.clone(),
            state: r.state,
            note_id: note.id.clone(),
            applied: true,
        };
        let parts_event = DomainEvent::new(
            app,
            &format!("parts.{}", event.kind.as_str()),
            &dealer.id,
            Some(&r.case_id),
            &result,
        )?;
        let applied = AppliedEvent {
            request_id: r.id.clone(),
            body_sha256: body_sha256.clone(),
            result: result.clone(),
        };
        let ttl = app.clock.now().as_second() + EVENT_ID_TTL_SECS;
        let mut ops = vec![
            WriteOp::put_if(
                Item::from_record(&idem_pk, &idem_sk, &applied)?.with_ttl(ttl),
                Cond::NotExists,
            ),
            WriteOp::put_if(
                request_item(&dealer.id, &r)?,
                Cond::AttrEquals("version".into(), before.version.into()),
            ),
        ];
        ops.extend(note_ops);
        ops.push(events::outbox_op(&parts_event)?);
        // Claimed (or finished) before the reminder: it is no longer needed.
        if before.state == PartsState::Escalated
            && r.state != PartsState::Escalated
            && r.reminded_at.is_none()
        {
            if let Some(at) = r.remind_at {
                ops.push(WriteOp::delete(REMIND_PK, remind_sk(at, &dealer.id, &r.id)));
            }
        }
        match app.store.transact(ops).await {
            Ok(()) => {
                events::deliver(app, &[note_event, parts_event]).await;
                return Ok(result);
            }
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Conflict(format!(
        "parts request {request_id} is being changed concurrently; retry"
    )))
}

/// Which request a `parts.escalated` / `parts.reminder` event is about.
fn request_of(event: &DomainEvent) -> Result<String> {
    event
        .data
        .get("requestId")
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .ok_or_else(|| Error::Internal(format!("event {} has no requestId", event.id)))
}

/// Events the Prokeep delivery handles.
pub fn is_delivery_event(event: &DomainEvent) -> bool {
    matches!(event.kind.as_str(), "parts.escalated" | "parts.reminder")
}

/// Sends an escalation (or its reminder) to the group's Prokeep inbox. Idempotent per event.
/// A transient failure is returned as retryable (Lambda retries, then dead-letters it);
/// a permanent one is recorded on the case at once.
pub async fn deliver(app: &App, event: &DomainEvent) -> Result<()> {
    if !is_delivery_event(event) {
        return Ok(());
    }
    let request_id = request_of(event)?;
    let dealer = dealers::load_dealer(app, &event.dealer_id).await?;
    let r = load_request(app, &dealer.id, &request_id).await?;
    if r.history
        .iter()
        .any(|h| h.event_id.as_deref() == Some(event.id.as_str()))
    {
        return Ok(()); // this event was delivered (or failed) already
    }
    let case = cases::load_case(app, &dealer.id, &r.case_id).await?;
    let creds = dealer.prokeep_api.clone();
    let outcome = match &creds {
        None => Err(DeliveryError::Permanent(format!(
            "dealer {} has no Prokeep API credentials",
            dealer.id
        ))),
        Some(c) => {
            let message = ProkeepMessage {
                from: c.sender.clone(),
                to: r.group_id.clone(),
                text: prokeep_text(&case, &r, event.kind == "parts.reminder"),
            };
            app.prokeep.send(c, &message).await
        }
    };
    match outcome {
        Ok(()) => record_delivery(app, &dealer, &request_id, event, None).await,
        Err(DeliveryError::Transient(m)) => Err(Error::Upstream(m)),
        Err(DeliveryError::Permanent(m)) => {
            record_delivery(app, &dealer, &request_id, event, Some(m)).await
        }
    }
}

/// The dead-letter end of delivery: every retry failed. The case shows it.
pub async fn delivery_gave_up(app: &App, event: &DomainEvent, reason: &str) -> Result<()> {
    if !is_delivery_event(event) {
        return Ok(());
    }
    let dealer = dealers::load_dealer(app, &event.dealer_id).await?;
    let request_id = request_of(event)?;
    // record_delivery does nothing when this event's outcome is recorded already.
    record_delivery(
        app,
        &dealer,
        &request_id,
        event,
        Some(format!("still failing after retries: {reason}")),
    )
    .await
}

async fn record_delivery(
    app: &App,
    dealer: &Dealer,
    request_id: &str,
    event: &DomainEvent,
    failure: Option<String>,
) -> Result<()> {
    for _ in 0..ATTEMPTS {
        let mut r = load_request(app, &dealer.id, request_id).await?;
        if r.history
            .iter()
            .any(|h| h.event_id.as_deref() == Some(event.id.as_str()))
        {
            return Ok(());
        }
        let now = app.clock.now();
        let version = r.version;
        let mut ops = Vec::new();
        let mut events_out = Vec::new();
        match &failure {
            None => {
                r.delivery = Delivery {
                    status: DeliveryStatus::Delivered,
                    sends: r.delivery.sends + 1,
                    last_error: None,
                    delivered_at: Some(now),
                };
                r.history.push(HistoryEntry {
                    what: format!("delivered to {} in Prokeep", r.group_name),
                    at: now,
                    by: "casebridge".into(),
                    event_id: Some(event.id.clone()),
                    state: r.state,
                });
            }
            Some(reason) => {
                r.delivery = Delivery {
                    status: DeliveryStatus::Failed,
                    last_error: Some(reason.clone()),
                    ..r.delivery.clone()
                };
                r.history.push(HistoryEntry {
                    what: format!("delivery failed: {reason}"),
                    at: now,
                    by: "casebridge".into(),
                    event_id: Some(event.id.clone()),
                    state: r.state,
                });
                let text = format!("Delivery failed: parts request {} did not reach the Prokeep group {}. The parts counter has not been notified; call them. ({reason})", r.id, r.group_name);
                let pending = cases::prepare_note(
                    app,
                    &dealer.id,
                    &r.case_id,
                    text,
                    Visibility::Internal,
                    NoteSource::System,
                    system_author(),
                )?;
                ops.extend(pending.ops);
                events_out.push(pending.event);
            }
        }
        r.updated_at = now;
        r.version += 1;
        ops.insert(
            0,
            WriteOp::put_if(
                request_item(&dealer.id, &r)?,
                Cond::AttrEquals("version".into(), version.into()),
            ),
        );
        match app.store.transact(ops).await {
            Ok(()) => {
                events::deliver(app, &events_out).await;
                return Ok(());
            }
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Unavailable(format!(
        "parts request {request_id} kept changing; retry"
    )))
}

/// Re-sends, once, every escalation not claimed within its dealer's reminder window, and
/// notes it on the case. Run every minute. Answers how many were re-sent.
pub async fn send_reminders(app: &App) -> Result<usize> {
    let now = keys::sortable(app.clock.now());
    let due = app
        .store
        .query(REMIND_PK, "", PageRequest::first(100, Order::Ascending))
        .await?;
    let mut sent = 0;
    for item in due.items.iter().filter(|i| i.sk <= now) {
        let reminder: Reminder = item.record()?;
        let done = WriteOp::delete(REMIND_PK, item.sk.clone());
        let r = match load_request(app, &reminder.dealer_id, &reminder.request_id).await {
            Ok(r) => r,
            Err(Error::NotFound(_)) => {
                app.store.transact(vec![done]).await?;
                continue;
            }
            Err(e) => return Err(e),
        };
        if r.state != PartsState::Escalated || r.reminded_at.is_some() {
            app.store.transact(vec![done]).await?;
            continue;
        }
        let mut updated = r.clone();
        let at = app.clock.now();
        updated.reminded_at = Some(at);
        updated.history.push(HistoryEntry {
            what: "not claimed in time: re-sent to the group".into(),
            at,
            by: "casebridge".into(),
            event_id: None,
            state: r.state,
        });
        updated.version += 1;
        let minutes = r
            .remind_at
            .map(|t| (t - r.created_at).as_mins())
            .unwrap_or_default();
        let text = format!(
            "Parts request {} was not claimed within {minutes} minutes; it was sent to {} again.",
            r.id, r.group_name
        );
        let pending = cases::prepare_note(
            app,
            &reminder.dealer_id,
            &r.case_id,
            text,
            Visibility::Internal,
            NoteSource::System,
            system_author(),
        )?;
        let resend = DomainEvent::new(
            app,
            "parts.reminder",
            &reminder.dealer_id,
            Some(&r.case_id),
            json!({ "requestId": r.id }),
        )?;
        let mut ops = vec![
            WriteOp::put_if(
                request_item(&reminder.dealer_id, &updated)?,
                Cond::AttrEquals("version".into(), r.version.into()),
            ),
            done,
        ];
        ops.extend(pending.ops);
        ops.push(events::outbox_op(&resend)?);
        match app.store.transact(ops).await {
            Ok(()) => {
                events::deliver(app, &[pending.event, resend]).await;
                sent += 1;
            }
            // Claimed meanwhile: the next run finds it claimed and drops the reminder.
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(sent)
}

/// The Prokeep delivery as a bus subscriber and as the dead-letter consumer (the local
/// server wires it behind `AsyncInvoke`; in AWS the functions call the same services).
pub struct ProkeepDelivery {
    pub app: App,
}

#[async_trait::async_trait]
impl crate::ports::EventHandler for ProkeepDelivery {
    fn name(&self) -> &'static str {
        "prokeep-delivery"
    }
    async fn handle(&self, event: &DomainEvent) -> Result<()> {
        deliver(&self.app, event).await
    }
}

#[async_trait::async_trait]
impl crate::adapters::in_process::DeadLetter for ProkeepDelivery {
    async fn dead_letter(&self, event: &DomainEvent, reason: &str) -> Result<()> {
        delivery_gave_up(&self.app, event, reason).await
    }
}
