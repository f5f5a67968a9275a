//! Delivering escalations (and reminders) to the group's Prokeep inbox. A transient failure
//! is returned as retryable (Lambda retries, then dead-letters it); a permanent one, or one
//! that outlived its retries, is recorded on the request and noted on the case.

use super::model::*;
use super::{load_request, request_write};
use crate::cases;
use crate::commit::{commit, Plan, Round};
use crate::dealers::{self, Dealer};
use crate::error::{Error, Result};
use crate::events::{DomainEvent, EventKind};
use crate::happened::Happened;
use crate::idempotency;
use crate::idempotency::IdempotencyScope;
use crate::ids::PartsRequestId;
use crate::ports::{DeadLetter, DeliveryError, EventHandler, ProkeepMessage, WriteOp};
use crate::App;

/// The events the Prokeep delivery takes (its SNS subscription's filter policy).
pub const DELIVERY_HANDLES: &[EventKind] = &[EventKind::PartsEscalated, EventKind::PartsReminder];

/// Which request a delivery event is about, and whether it is the reminder.
fn delivery_of(event: &DomainEvent) -> Option<(PartsRequestId, bool)> {
    match event.what().ok()? {
        Happened::PartsEscalated(r) => Some((r.request_id, false)),
        Happened::PartsReminder(r) => Some((r.request_id, true)),
        _ => None,
    }
}

fn handled(r: &PartsRequest, event: &DomainEvent) -> bool {
    r.history
        .iter()
        .any(|h| h.event_id.as_deref() == Some(event.id.as_str()))
}

/// How long a delivered event is remembered: longer than any redelivery of it.
const DELIVERED_KEPT: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 3600);

/// Sends an escalation (or its reminder) to the group's Prokeep inbox, once per event: the
/// event is claimed before the send (so two deliveries of it never both post), released
/// when the send fails transiently (so the retry posts), and completed in the transaction
/// that records the outcome on the request. `budget` is the time this invocation may still
/// take (the claim's expiry).
pub async fn deliver(app: &App, event: &DomainEvent, budget: std::time::Duration) -> Result<()> {
    let Some((request_id, reminder)) = delivery_of(event) else {
        return Ok(());
    };
    let request_id = &request_id;
    let dealer = dealers::load_dealer(app, &event.dealer_id).await?;
    let r = load_request(app, &dealer.id, request_id).await?;
    if handled(&r, event) {
        return Ok(()); // this event was delivered (or failed) already
    }
    let Some(guard) = claim_delivery(app, &dealer, event, budget).await? else {
        return Ok(());
    };
    let failure = match send(app, &dealer, &r, reminder).await {
        Ok(Ok(())) => None,
        Ok(Err(DeliveryError::Permanent(m))) => Some(m),
        Ok(Err(DeliveryError::Transient(m))) => {
            guard.release(app).await?;
            return Err(Error::Upstream(m));
        }
        Err(e) => {
            guard.release(app).await?;
            return Err(e);
        }
    };
    // The message is out (or refused for good): record it, holding the claim until then.
    let done = guard.completion_op(app, &true)?;
    crate::commit::after_effect(|| {
        record_delivery(
            app,
            &dealer,
            request_id,
            event,
            failure.clone(),
            Some(done.clone()),
        )
    })
    .await
}

/// Claims the event before the send, so two deliveries of it never both post. `None` when
/// it was delivered already.
async fn claim_delivery(
    app: &App,
    dealer: &Dealer,
    event: &DomainEvent,
    budget: std::time::Duration,
) -> Result<Option<idempotency::Guard>> {
    let key = idempotency::key(&dealer.id, IdempotencyScope::ProkeepDelivery, &event.id);
    let window = idempotency::Window {
        in_progress: budget,
        keep: DELIVERED_KEPT,
    };
    let what = format!("the delivery of event {}", event.id);
    let hash = idempotency::payload_hash(event.id.as_bytes());
    match idempotency::claim::<bool>(app, key, &hash, window, &what).await? {
        idempotency::Claim::Fresh(guard) => Ok(Some(guard)),
        idempotency::Claim::Done(_) => Ok(None),
        idempotency::Claim::InProgress => {
            Err(Error::Unavailable(format!("{what} is under way; retry")))
        }
    }
}

/// Posts the request (or its reminder) to the group's inbox. A refusal that no retry
/// changes (the connector off, no credentials) is a permanent delivery error.
async fn send(
    app: &App,
    dealer: &Dealer,
    r: &PartsRequest,
    reminder: bool,
) -> Result<std::result::Result<(), DeliveryError>> {
    let case = cases::load_case(app, &dealer.id, &r.case_id).await?;
    if !dealer.settings.prokeep_connector_enabled {
        // Turned off after the escalation was queued: it does not go out.
        return Ok(Err(DeliveryError::Permanent(format!(
            "the Prokeep connector is turned off for dealer {}",
            dealer.id
        ))));
    }
    let secrets = app.secrets.dealer(&dealer.id).await?;
    let Some(c) = &secrets.prokeep_api else {
        return Ok(Err(DeliveryError::Permanent(format!(
            "dealer {} has no Prokeep API credentials",
            dealer.id
        ))));
    };
    let message = ProkeepMessage {
        from: c.sender.clone(),
        to: r.group_id.clone(),
        text: super::prokeep_text(&case, r, reminder, &dealer.settings),
    };
    Ok(app.prokeep.send(c, &message).await)
}

/// The dead-letter end of delivery: every retry failed. The case shows it.
pub async fn delivery_gave_up(app: &App, event: &DomainEvent, reason: &str) -> Result<()> {
    let Some((request_id, _)) = delivery_of(event) else {
        return Ok(());
    };
    let request_id = &request_id;
    crate::measures::dead_lettered("parts delivery");
    let dealer = dealers::load_dealer(app, &event.dealer_id).await?;
    // record_delivery does nothing when this event's outcome is recorded already.
    record_delivery(
        app,
        &dealer,
        request_id,
        event,
        Some(format!("still failing after retries: {reason}")),
        None,
    )
    .await
}

/// The request after one delivery attempt of `event_id`: delivered, or failed with a reason.
pub(crate) fn decide_delivery(
    r: &PartsRequest,
    event_id: &str,
    failure: Option<&str>,
    now: jiff::Timestamp,
) -> PartsRequest {
    let mut r = r.clone();
    let what = match failure {
        None => {
            r.delivery = Delivery {
                status: DeliveryStatus::Delivered,
                sends: r.delivery.sends + 1,
                last_error: None,
                delivered_at: Some(now),
            };
            format!("delivered to {} in Prokeep", r.group_name)
        }
        Some(reason) => {
            r.delivery = Delivery {
                status: DeliveryStatus::Failed,
                last_error: Some(reason.to_string()),
                ..r.delivery.clone()
            };
            format!("delivery failed: {reason}")
        }
    };
    r.history.push(HistoryEntry {
        what,
        at: now,
        by: "casebridge".into(),
        event_id: Some(event_id.to_string()),
        state: r.state,
    });
    r.updated_at = now;
    r
}

async fn record_delivery(
    app: &App,
    dealer: &Dealer,
    request_id: &PartsRequestId,
    event: &DomainEvent,
    failure: Option<String>,
    claim_done: Option<WriteOp>,
) -> Result<()> {
    let failure = failure.as_deref();
    let claim_done = &claim_done;
    let result = commit(app, &format!("parts request {request_id}"), || async move {
        let read = load_request(app, &dealer.id, request_id).await?;
        if handled(&read, event) {
            return Ok(Round::Done(()));
        }
        let mut r = decide_delivery(&read, &event.id, failure, app.clock.now());
        let mut plan = Plan::new(()).write(request_write(&dealer.id, read.version, &mut r)?);
        if let Some(done) = claim_done {
            plan = plan.write(done.clone());
        }
        if let Some(reason) = failure {
            let text = format!("Delivery failed: parts request {} did not reach the Prokeep group {}. The parts counter has not been notified; call them. ({reason})", r.label(), r.group_name);
            let note = cases::prepare_system_note(app, &dealer.id, &r.case_id, text)?;
            plan = note.into_plan(plan);
        }
        Ok(Round::Write(plan))
    })
    .await;
    // A request that keeps changing is worth another delivery attempt, not a dropped event.
    result.map_err(|e| match e {
        Error::Conflict(m) => Error::Unavailable(m),
        e => e,
    })
}

/// The Prokeep delivery as a bus subscriber and as the dead-letter consumer (the local
/// server wires it behind its asynchronous invoker; in AWS the functions call the services).
pub struct ProkeepDelivery {
    pub app: App,
}

#[async_trait::async_trait]
impl EventHandler for ProkeepDelivery {
    fn name(&self) -> &'static str {
        "prokeep-delivery"
    }
    fn handles(&self) -> &'static [EventKind] {
        DELIVERY_HANDLES
    }
    async fn handle(&self, event: &DomainEvent) -> Result<()> {
        deliver(&self.app, event, crate::notifications::LOCAL_BUDGET).await
    }
}

#[async_trait::async_trait]
impl DeadLetter for ProkeepDelivery {
    async fn dead_letter(&self, event: &DomainEvent, reason: &str) -> Result<()> {
        delivery_gave_up(&self.app, event, reason).await
    }
}
