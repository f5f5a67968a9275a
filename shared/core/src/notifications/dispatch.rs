//! `case-notify`: when an external note is posted, a Quick Action moves the case (Check-in,
//! Request for Approval, Asset Ready, Asset in Service) or an estimate is sent for approval,
//! every recipient of the case (or the contacts the advisor named) hears of it — by text if
//! the contact takes texts, by email if it takes email. Each (event, contact, channel) is
//! sent at most once however often the event arrives, and each is logged. A send the
//! provider refuses for good is logged failed and noted on the case at once; one that keeps
//! failing for now is retried with the event, and noted when the retries run out.

use super::email;
use super::log::{self, Channel, DeliveryStatus, NotNotifiedReason, Notification};
use super::reach::{self, Pending};
pub use super::sending::{what_happened, Message};
use super::sending::{Outcome, Sending};
use crate::cases::{self, Case};
use crate::contacts::{self, Contact};
use crate::dealers::{self, Dealer};
use crate::error::{Error, Result};
use crate::events::{DomainEvent, EventKind};
use crate::idempotency;
use crate::idempotency::IdempotencyScope;
use crate::ids::CaseId;
use crate::ports::WriteOp;
use crate::sms::notify::{self as text, Sent};
use crate::App;

/// The events `case-notify` takes (its SNS subscription's filter policy).
pub const NOTIFY_HANDLES: &[EventKind] = &[
    EventKind::NoteCreated,
    EventKind::CaseStatusChanged,
    EventKind::EstimateSent,
    EventKind::EstimateReminded,
    EventKind::EstimateOpened,
    EventKind::EstimateDecided,
];

/// The time a local delivery may take (Lambda's function timeout stands in for it in AWS).
pub const LOCAL_BUDGET: std::time::Duration = std::time::Duration::from_secs(30);

/// How long an (event, contact, channel) is remembered: longer than any redelivery.
const NOTIFIED_KEPT: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

/// The idempotency unit of one send (texts keep the unit they had before email existed).
fn unit(event: &DomainEvent, contact: &Contact, channel: Channel) -> String {
    match channel {
        Channel::Sms => format!("{}#{}", event.id, contact.id),
        Channel::Email => format!("{}#{}#email", event.id, contact.id),
        Channel::Page => format!("{}#{}#page", event.id, contact.id),
    }
}

/// The sends of an event that have not gone out (or been settled) yet.
pub struct PendingSends {
    pub case_id: CaseId,
    pub sends: Vec<Pending>,
}

/// What an event calls for: its message, dealer, case, every (recipient, channel), and the
/// recipients nobody will text or email.
async fn planned(app: &App, event: &DomainEvent) -> Result<Option<Planned>> {
    let Some(message) = what_happened(event) else {
        return Ok(None);
    };
    let Some(case_id) = event.case_id.as_ref() else {
        return Ok(None);
    };
    let dealer = dealers::load_dealer(app, &event.dealer_id).await?;
    let case = cases::load_case(app, &dealer.id, case_id).await?;
    let recipients = contacts::recipients(app, &dealer.id, &case.id).await?;
    let (sends, unreached) = reach::plan(&dealer, recipients, message.audience());
    Ok(Some(Planned {
        message,
        dealer,
        case,
        sends,
        unreached,
    }))
}

struct Planned {
    message: Message,
    dealer: Dealer,
    case: Case,
    sends: Vec<Pending>,
    unreached: Vec<reach::Unreached>,
}

/// The sends of `event` with no recorded outcome (what a dead letter reports as failed).
pub async fn pending(app: &App, event: &DomainEvent) -> Result<Option<PendingSends>> {
    let Some(Planned {
        dealer,
        case,
        sends,
        ..
    }) = planned(app, event).await?
    else {
        return Ok(None);
    };
    let mut open = Vec::new();
    for p in sends {
        let unit = unit(event, &p.contact, p.channel);
        let key = idempotency::key(&dealer.id, IdempotencyScope::Notify, &unit);
        let payload = idempotency::payload_hash(unit.as_bytes());
        if idempotency::saved::<Outcome>(app, &key, &payload, &unit)
            .await?
            .is_none()
        {
            open.push(p);
        }
    }
    Ok(Some(PendingSends {
        case_id: case.id,
        sends: open,
    }))
}

/// Handles one case event; answers how many texts and emails were sent. Each (event,
/// contact, channel) is an idempotent unit: a redelivery sends nothing twice; a failure
/// before the send frees the unit for the retry; a failure after it (recording the send)
/// keeps the unit held until the hold expires, so the retry does not send again meanwhile.
/// `budget` is the time this invocation may still take.
pub async fn notify_case_event(
    app: &App,
    event: &DomainEvent,
    budget: std::time::Duration,
) -> Result<usize> {
    if only_recorded(app, event).await? {
        return Ok(0);
    }
    let Some(Planned {
        message,
        dealer,
        case,
        sends,
        unreached,
    }) = planned(app, event).await?
    else {
        return Ok(0);
    };
    if !dealer.settings.mobile_communications_enabled {
        tracing::info!(dealer = %dealer.id, event_id = %event.id, "mobile communications are off for this dealer: nobody is notified");
    }
    reach::log_unreached(app, event, &dealer, &case, &unreached).await?;
    let oem = dealers::load_oem(app, &dealer.oem_id).await?;
    let sending = Sending {
        app,
        event,
        dealer: &dealer,
        case: &case,
        mode: dealers::effective_reply_mode(&dealer, &oem),
        message: &message,
    };
    let window = idempotency::Window {
        in_progress: budget,
        keep: NOTIFIED_KEPT,
    };
    let (mut sent, mut busy, mut failed) = (0, false, None);
    for p in sends {
        // One send failing for now (SMS down) does not hold up the others (the email); the
        // event is retried for what failed.
        match send_once(&sending, &p.contact, p.channel, &p.to, window).await {
            Ok(Once::Sent) => sent += 1,
            Ok(Once::Busy) => busy = true,
            Ok(Once::Done) => {}
            Err(e) => {
                tracing::warn!(event_id = %event.id, channel = p.channel.as_str(), error = %e, "a notification failed; the event will be retried");
                failed.get_or_insert(e);
            }
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    if busy {
        return Err(Error::Unavailable(format!(
            "event {} is being sent by another delivery; retry",
            event.id
        )));
    }
    Ok(sent)
}

enum Once {
    Sent,
    Done,
    /// Another delivery of the event holds this unit.
    Busy,
}

async fn send_once(
    s: &Sending<'_>,
    contact: &Contact,
    channel: Channel,
    to: &str,
    window: idempotency::Window,
) -> Result<Once> {
    let app = s.app;
    let unit = unit(s.event, contact, channel);
    let key = idempotency::key(&s.dealer.id, IdempotencyScope::Notify, &unit);
    let what = format!(
        "the {} of event {} to contact {}",
        channel.as_str(),
        s.event.id,
        contact.id
    );
    let guard = match idempotency::claim::<Outcome>(
        app,
        key,
        &idempotency::payload_hash(unit.as_bytes()),
        window,
        &what,
    )
    .await?
    {
        idempotency::Claim::Fresh(guard) => guard,
        idempotency::Claim::Done(_) => return Ok(Once::Done),
        idempotency::Claim::InProgress => return Ok(Once::Busy),
    };
    let attempt = match channel {
        Channel::Sms => text_to(s, contact, to).await,
        Channel::Email => email::send_to(s, contact, to).await,
        // The page is where a customer opens things; nothing is sent to it.
        Channel::Page => Err(Error::Internal("nothing is sent to the page".into())),
    };
    let outcome = match attempt {
        Ok(outcome) => outcome,
        Err(e) => {
            // Nothing went out: the retry may send it.
            guard.release(app).await?;
            return Err(e);
        }
    };
    let done = guard.completion_op(app, &outcome)?;
    record_outcome(s, contact, channel, to, &outcome, done).await?;
    if let Outcome::Failed { reason } = &outcome {
        super::failures::send_failed(app, s.event, &s.case.id, contact, channel, reason).await?;
    }
    Ok(match outcome {
        Outcome::Sent { .. } => Once::Sent,
        _ => Once::Done,
    })
}

/// The send's log entry, its claim completed, and (for a sent text or email) what a reply
/// or a report about it finds its case by: one write after the send.
async fn record_outcome(
    s: &Sending<'_>,
    contact: &Contact,
    channel: Channel,
    to: &str,
    outcome: &Outcome,
    done: WriteOp,
) -> Result<()> {
    let app = s.app;
    let entry = entry_for(s, contact, channel, to, outcome);
    let log_key = log::key_of(&s.dealer.id, &s.case.id, s.event, &entry)?;
    let mut ops = vec![log::record_op(log_key.clone(), &entry)?, done];
    if let Outcome::Sent { message_id } = outcome {
        ops.extend(match channel {
            Channel::Sms => {
                text::remember_ops(app, s.dealer, to, message_id, &s.case.id, &contact.id)?
            }
            Channel::Email => vec![email::remember_op(
                app, s.dealer, message_id, &log_key, contact, to,
            )?],
            Channel::Page => vec![],
        });
    }
    text::write_after_send(app, ops).await
}

/// The log entry of a send's outcome.
fn entry_for(
    s: &Sending<'_>,
    contact: &Contact,
    channel: Channel,
    to: &str,
    outcome: &Outcome,
) -> Notification {
    let (status, provider_message_id, detail) = match outcome {
        Outcome::Sent { message_id } => (DeliveryStatus::Sent, Some(message_id.clone()), None),
        Outcome::Unconfirmed => (
            DeliveryStatus::Sent,
            None,
            Some("the provider did not confirm the send; it was not sent again".into()),
        ),
        Outcome::OptedOut => (
            DeliveryStatus::OptedOut,
            None,
            Some(match channel {
                Channel::Sms => "the number replied STOP".to_string(),
                Channel::Email | Channel::Page => {
                    "the contact unsubscribed from emails".to_string()
                }
            }),
        ),
        Outcome::Suppressed { detail } => (DeliveryStatus::Suppressed, None, Some(detail.clone())),
        Outcome::Failed { reason } => (DeliveryStatus::Failed, None, Some(reason.clone())),
    };
    let reason = matches!(outcome, Outcome::OptedOut).then_some(NotNotifiedReason::OptedOut);
    Notification {
        reason,
        event_id: s.event.id.clone(),
        event: s.event.kind().as_str().to_string(),
        contact_id: contact.id.clone(),
        contact_name: contact.name.clone(),
        channel,
        to: to.to_string(),
        status,
        provider_message_id,
        detail,
        at: s.app.clock.now(),
    }
}

/// The text to one contact: opt-out checked, a fresh link, at most two segments.
async fn text_to(s: &Sending<'_>, contact: &Contact, mobile: &str) -> Result<Outcome> {
    if text::opted_out(s.app, &s.dealer.id, mobile).await? {
        return Ok(Outcome::OptedOut);
    }
    let link =
        crate::mobile::links::issue_to(s.app, &s.dealer.id, &s.case.id, &contact.id, s.opens())
            .await?;
    let language = crate::contacts::reads_in(Some(contact), None);
    let headline = s.message.headline.in_language(language);
    let said = (headline.as_str(), s.message.detail.as_deref());
    let about = text::About::of(s.dealer, s.case);
    let body = text::compose(&about, said, (s.mode, language), &link);
    Ok(match text::send(s.app, s.dealer, mobile, body).await? {
        Sent::Sent(message_id) => Outcome::Sent { message_id },
        Sent::OptedOut => Outcome::OptedOut,
        Sent::Unconfirmed => Outcome::Unconfirmed,
        Sent::Refused(reason) => Outcome::Failed { reason },
    })
}

/// What the customer side did goes on the dealer's activity; an estimate opened goes on the
/// delivery log and is all there is to do (answers true then).
async fn only_recorded(app: &App, event: &DomainEvent) -> Result<bool> {
    crate::activity::from_event(app, event).await?;
    log_opened(app, event).await
}

/// The delivery log's entry for an estimate opened on the page (once, however often the
/// event arrives). Answers whether the event was one.
async fn log_opened(app: &App, event: &DomainEvent) -> Result<bool> {
    let Ok(crate::happened::Happened::EstimateOpened(o)) = event.what() else {
        return Ok(false);
    };
    let (Some(case_id), Ok(contact_id)) = (
        event.case_id.as_ref(),
        crate::ids::ContactId::parse(&o.contact_id),
    ) else {
        return Ok(true);
    };
    let n = Notification {
        reason: None,
        event_id: event.id.clone(),
        event: event.kind().as_str().to_string(),
        contact_id,
        contact_name: o.contact_name.clone(),
        channel: Channel::Page,
        to: format!("estimate version {}", o.version),
        status: DeliveryStatus::Opened,
        provider_message_id: None,
        detail: Some(format!(
            "{} opened estimate version {}",
            o.contact_name, o.version
        )),
        at: event.occurred_at,
    };
    let key = log::key_of(&event.dealer_id, case_id, event, &n)?;
    super::store::record_unless_sent(app, key, &n).await?;
    Ok(true)
}
