//! When Lambda gives up: the dead letters `delivery-failures` reads, and case-notify as a bus
//! subscriber (the local server's), whose dead letters end here too. Whatever was not sent is
//! noted on its case ([`super::failures`]), once.

use super::dispatch::{self, notify_case_event, LOCAL_BUDGET, NOTIFY_HANDLES};
use super::failures::{excerpt, inbound_gave_up, send_failed};
use super::feedback;
use super::reach::Pending;
use super::{log, DeliveryStatus, Notification};
use crate::error::Result;
use crate::events::{DomainEvent, EventKind};
use crate::App;

/// An invocation Lambda gave up on, from any of the on-failure queues `delivery-failures`
/// reads: a domain event case-notify could not finish (its sends noted), an SES report
/// email-feedback could not apply (applied once more, so a bounced address is still
/// stopped), or a customer's text sms-inbound could not handle (put on its case).
pub async fn gave_up(app: &App, message: &str, reason: &str) -> Result<()> {
    if let Ok(event) = serde_json::from_str::<DomainEvent>(message) {
        crate::measures::dead_lettered("notification");
        return notify_gave_up(app, &event, reason).await.map(|_| ());
    }
    if let Ok(report) = feedback::parse(message) {
        crate::measures::dead_lettered("email report");
        return feedback::handle(app, &report).await.map(|_| ());
    }
    let sms = crate::sms::inbound::parse(message)?;
    crate::measures::dead_lettered("inbound text");
    inbound_gave_up(app, &sms, reason).await.map(|_| ())
}

/// The texts and emails about `event` could not all be sent, even after retries: each one
/// that never went out is logged `failed` and noted on the case.
pub async fn notify_gave_up(app: &App, event: &DomainEvent, reason: &str) -> Result<bool> {
    let Some(pending) = dispatch::pending(app, event).await? else {
        return Ok(false);
    };
    let mut noted = false;
    for Pending {
        contact,
        channel,
        to,
    } in pending.sends
    {
        let entry = Notification {
            event_id: event.id.clone(),
            event: event.kind().as_str().to_string(),
            contact_id: contact.id.clone(),
            contact_name: contact.name.clone(),
            channel,
            to,
            status: DeliveryStatus::Failed,
            provider_message_id: None,
            detail: Some(format!("not sent, even after retries: {}", excerpt(reason))),
            reason: None,
            at: app.clock.now(),
        };
        let key = log::key_of(&event.dealer_id, &pending.case_id, event, &entry)?;
        // Never over what a send recorded.
        super::store::record_unless_sent(app, key, &entry).await?;
        noted |= send_failed(app, event, &pending.case_id, &contact, channel, reason).await?;
    }
    Ok(noted)
}

/// The notification sender as a bus subscriber (the local server wires it behind
/// `AsyncInvoke`; in AWS `case-notify` calls [`notify_case_event`]).
pub struct CaseNotify {
    pub app: App,
}

#[async_trait::async_trait]
impl crate::ports::EventHandler for CaseNotify {
    fn name(&self) -> &'static str {
        "case-notify"
    }
    fn handles(&self) -> &'static [EventKind] {
        NOTIFY_HANDLES
    }
    async fn handle(&self, event: &DomainEvent) -> Result<()> {
        notify_case_event(&self.app, event, LOCAL_BUDGET)
            .await
            .map(|_| ())
    }
}

#[async_trait::async_trait]
impl crate::ports::DeadLetter for CaseNotify {
    async fn dead_letter(&self, event: &DomainEvent, reason: &str) -> Result<()> {
        tracing::error!(event_id = %event.id, reason, "notifications failed after retries");
        notify_gave_up(&self.app, event, reason).await.map(|_| ())
    }
}
