//! When a text or an email to a case's contact fails — refused for good by the provider, or
//! still failing after Lambda's retries (then Lambda's on-failure destination hands the
//! invocation to `delivery-failures`) — or a customer's text could not be put on its case,
//! the case shows it (an internal note: "Text to Jo Fleet failed: number unreachable") and
//! the delivery log says `failed`, so nobody waits for a message that never went out and no
//! reply is lost. Each failure is noted once, however often the queue delivers it.

use super::inbound::TwoWaySms;
use crate::cases;
use crate::commit::{commit_once, Plan};
use crate::contacts::Contact;
use crate::dealers::{self, DealerId};
use crate::error::{Error, Result};
use crate::events::{DomainEvent, Happened};
use crate::idempotency;
use crate::keys::{self, IdempotencyScope};
use crate::notifications::dispatch;
use crate::notifications::reach::Pending;
use crate::notifications::{log, Channel, DeliveryStatus, Notification};
use crate::ports::{Cond, Item, StoreError, WriteOp};
use crate::App;

/// How long a noted failure is remembered (the queue keeps messages 14 days).
const NOTED_KEPT: std::time::Duration = std::time::Duration::from_secs(15 * 24 * 3600);

/// Puts `text` on the case as an internal note, once per `unit`.
async fn note_once(
    app: &App,
    dealer: &DealerId,
    case_id: &str,
    unit: &str,
    text: String,
) -> Result<bool> {
    let key = keys::idempotency(dealer, IdempotencyScope::Failure, unit);
    let payload = idempotency::payload_hash(unit.as_bytes());
    if idempotency::saved::<bool>(app, &key, &payload, unit)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let note = cases::prepare_system_note(app, dealer, case_id, text)?;
    let (check, missing) = cases::case_exists(dealer, case_id)?;
    let plan =
        Plan::new(true)
            .write(check)
            .refuse_if_fails(missing)
            .write(idempotency::completed_op(
                app, &key, &payload, &true, NOTED_KEPT,
            )?);
    match commit_once(app, unit, note.into_plan(plan)).await {
        Ok(noted) => Ok(noted),
        // Noted by a concurrent delivery of the same failure.
        Err(Error::Conflict(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// An invocation Lambda gave up on, from any of the on-failure queues `delivery-failures`
/// reads: a domain event case-notify could not finish (its sends noted), an SES report
/// email-feedback could not apply (applied once more, so a bounced address is still
/// stopped), or a customer's text sms-inbound could not handle (put on its case).
pub async fn gave_up(app: &App, message: &str, reason: &str) -> Result<()> {
    if let Ok(event) = serde_json::from_str::<DomainEvent>(message) {
        return notify_gave_up(app, &event, reason).await.map(|_| ());
    }
    if let Ok(report) = crate::notifications::feedback::parse(message) {
        return crate::notifications::feedback::handle(app, &report)
            .await
            .map(|_| ());
    }
    let sms = super::inbound::parse(message)?;
    inbound_gave_up(app, &sms, reason).await.map(|_| ())
}

/// One send to one contact failed for good: noted on the case, once.
pub async fn send_failed(
    app: &App,
    event: &DomainEvent,
    case_id: &str,
    contact: &Contact,
    channel: Channel,
    reason: &str,
) -> Result<bool> {
    let what = match channel {
        Channel::Sms => "Text",
        Channel::Email => "Email",
    };
    let about = match &event.what {
        Happened::NoteCreated(note) => format!("the message \"{}\"", excerpt(&note.text)),
        Happened::CaseStatusChanged(change) => {
            format!(
                "the case moving to {}",
                change.to.as_str().replace('_', " ")
            )
        }
        Happened::EstimateSent(sent) => format!("estimate version {}", sent.version),
        _ => "the case".into(),
    };
    let text = format!(
        "{what} to {} failed: {} (about {about}). Call them if they should have had it.",
        contact.name,
        excerpt(reason)
    );
    note_once(
        app,
        &event.dealer_id,
        case_id,
        &format!("failed#{}#{}#{}", event.id, contact.id, channel.as_str()),
        text,
    )
    .await
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
        let (pk, sk) = log::key_of(&event.dealer_id, &pending.case_id, event, &entry)?;
        // Never over what a send recorded.
        match app
            .store
            .transact(vec![WriteOp::put_if(
                Item::from_record(pk, sk, &entry)?,
                Cond::NotExists,
            )])
            .await
        {
            Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        noted |= send_failed(app, event, &pending.case_id, &contact, channel, reason).await?;
    }
    Ok(noted)
}

/// A customer's text could not be handled, even after retries: its words go on the case
/// it answers (the quoted message's, else the last text's), so the reply is not lost.
pub async fn inbound_gave_up(app: &App, sms: &TwoWaySms, reason: &str) -> Result<bool> {
    let (Some(to), Some(from)) = (
        crate::contacts::normalize_phone(&sms.destination_number),
        crate::contacts::normalize_phone(&sms.origination_number),
    ) else {
        return Ok(false);
    };
    let Some(dealer) = dealers::dealer_of_number(app, &to).await? else {
        return Ok(false);
    };
    let quoted = match &sms.previous_published_message_id {
        Some(id) if !id.is_empty() && id.len() <= 256 => {
            let (pk, sk) = keys::sent_message(&dealer, id);
            app.store.get(&pk, &sk).await?
        }
        _ => None,
    };
    let answered = match quoted {
        Some(i) => Some(i),
        None => {
            let (pk, sk) = keys::last_text(&dealer, &from);
            app.store.get(&pk, &sk).await?
        }
    };
    let Some(answered) = answered else {
        tracing::error!(dealer = %dealer, "a text that failed handling answers no case; only the alarm shows it");
        return Ok(false);
    };
    let sent: super::notify::SentText = answered.record()?;
    let text = format!(
        "A text from {from} could not be handled, even after retries ({}). It said: \"{}\"",
        excerpt(reason),
        excerpt(&sms.message_body)
    );
    note_once(
        app,
        &dealer,
        &sent.case_id,
        &format!("inbound#{}", sms.inbound_message_id),
        text,
    )
    .await
}

/// At most 500 characters of a text, for a note about it.
fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(500).collect();
    if s.chars().count() > 500 {
        out.push('…');
    }
    out
}
