//! Delivering escalations (and reminders) to the group's Prokeep inbox. A transient failure
//! is returned as retryable (Lambda retries, then dead-letters it); a permanent one, or one
//! that outlived its retries, is recorded on the request and noted on the case.

use super::model::*;
use super::{load_request, request_write, system_author};
use crate::cases::{self, NoteSource, Visibility};
use crate::commit::{commit, Plan, Round};
use crate::dealers::{self, Dealer};
use crate::error::{Error, Result};
use crate::events::{DomainEvent, EventKind, Happened};
use crate::ports::{DeadLetter, DeliveryError, EventHandler, ProkeepMessage};
use crate::App;

/// The events the Prokeep delivery takes (its SNS subscription's filter policy).
pub const DELIVERY_HANDLES: &[EventKind] = &[EventKind::PartsEscalated, EventKind::PartsReminder];

/// Which request a delivery event is about, and whether it is the reminder.
fn delivery_of(event: &DomainEvent) -> Option<(&str, bool)> {
    match &event.what {
        Happened::PartsEscalated(r) => Some((&r.request_id, false)),
        Happened::PartsReminder(r) => Some((&r.request_id, true)),
        _ => None,
    }
}

fn handled(r: &PartsRequest, event: &DomainEvent) -> bool {
    r.history
        .iter()
        .any(|h| h.event_id.as_deref() == Some(event.id.as_str()))
}

/// Sends an escalation (or its reminder) to the group's Prokeep inbox. Idempotent per event.
pub async fn deliver(app: &App, event: &DomainEvent) -> Result<()> {
    let Some((request_id, reminder)) = delivery_of(event) else {
        return Ok(());
    };
    let dealer = dealers::load_dealer(app, &event.dealer_id).await?;
    let r = load_request(app, &dealer.id, request_id).await?;
    if handled(&r, event) {
        return Ok(()); // this event was delivered (or failed) already
    }
    let case = cases::load_case(app, &dealer.id, &r.case_id).await?;
    let secrets = app.secrets.dealer(&dealer.id).await?;
    let outcome = match &secrets.prokeep_api {
        None => Err(DeliveryError::Permanent(format!(
            "dealer {} has no Prokeep API credentials",
            dealer.id
        ))),
        Some(c) => {
            let message = ProkeepMessage {
                from: c.sender.clone(),
                to: r.group_id.clone(),
                text: super::prokeep_text(&case, &r, reminder),
            };
            app.prokeep.send(c, &message).await
        }
    };
    match outcome {
        Ok(()) => record_delivery(app, &dealer, request_id, event, None).await,
        Err(DeliveryError::Transient(m)) => Err(Error::Upstream(m)),
        Err(DeliveryError::Permanent(m)) => {
            record_delivery(app, &dealer, request_id, event, Some(m)).await
        }
    }
}

/// The dead-letter end of delivery: every retry failed. The case shows it.
pub async fn delivery_gave_up(app: &App, event: &DomainEvent, reason: &str) -> Result<()> {
    let Some((request_id, _)) = delivery_of(event) else {
        return Ok(());
    };
    let dealer = dealers::load_dealer(app, &event.dealer_id).await?;
    // record_delivery does nothing when this event's outcome is recorded already.
    record_delivery(
        app,
        &dealer,
        request_id,
        event,
        Some(format!("still failing after retries: {reason}")),
    )
    .await
}

/// The request after one delivery attempt of `event_id`: delivered, or failed with a reason.
pub fn decide_delivery(
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
    request_id: &str,
    event: &DomainEvent,
    failure: Option<String>,
) -> Result<()> {
    let failure = failure.as_deref();
    let result = commit(app, &format!("parts request {request_id}"), || async move {
        let read = load_request(app, &dealer.id, request_id).await?;
        if handled(&read, event) {
            return Ok(Round::Done(()));
        }
        let mut r = decide_delivery(&read, &event.id, failure, app.clock.now());
        let mut plan = Plan::new(()).write(request_write(&dealer.id, read.version, &mut r)?);
        if let Some(reason) = failure {
            let text = format!("Delivery failed: parts request {} did not reach the Prokeep group {}. The parts counter has not been notified; call them. ({reason})", r.id, r.group_name);
            let note = cases::prepare_note(
                app,
                &dealer.id,
                &r.case_id,
                text,
                Visibility::Internal,
                NoteSource::System,
                system_author(),
            )?;
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
        deliver(&self.app, event).await
    }
}

#[async_trait::async_trait]
impl DeadLetter for ProkeepDelivery {
    async fn dead_letter(&self, event: &DomainEvent, reason: &str) -> Result<()> {
        delivery_gave_up(&self.app, event, reason).await
    }
}
