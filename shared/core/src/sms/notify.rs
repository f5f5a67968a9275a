//! `case-notify`: texts the invited contacts of a case when an external note is posted or
//! a Quick Action moves the case to Check-in, Request for Approval, Asset Ready or Asset in
//! Service. Each (event, contact) is texted at most once however often the event arrives;
//! every send checks the number's opt-out first; the last text to each phone is remembered
//! so a reply finds its case.

use serde::{Deserialize, Serialize};

use super::links::LINK_TTL_SECS;
use super::segments::fit;
use crate::cases::{self, CaseStatus, NoteSource, Visibility};
use crate::contacts::{self, Contact};
use crate::dealers::{self, Dealer, DealerId, ReplyMode};
use crate::error::{Error, Result};
use crate::events::{DomainEvent, EventKind, Happened};
use crate::idempotency;
use crate::keys::{self, IdempotencyScope};
use crate::ports::{Item, OutgoingSms, WriteOp};
use crate::App;

/// Notifications fit in two SMS segments.
pub const MAX_SEGMENTS: usize = 2;
const DEDUPE_TTL_SECS: i64 = 30 * 24 * 3600;
const ROUTING_TTL_SECS: i64 = LINK_TTL_SECS * 4;

/// The last text sent to a phone: what a reply without a quoted message answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SentText {
    pub case_id: String,
    pub contact_id: String,
    pub message_id: String,
    #[schema(value_type = String, format = DateTime)]
    pub sent_at: jiff::Timestamp,
}

/// The events `case-notify` takes (its SNS subscription's filter policy).
pub const NOTIFY_HANDLES: &[EventKind] = &[
    EventKind::NoteCreated,
    EventKind::CaseStatusChanged,
    EventKind::EstimateSent,
];

/// What a case event means to a customer, and who of the invited contacts hears of it.
struct Message {
    what: String,
    /// A contact's own reply is not texted back to them.
    skip: Option<String>,
    /// Only these contacts (`None`: every invited contact).
    only: Option<Vec<String>>,
}

/// Whether the number said STOP (and not START since).
pub async fn opted_out(app: &App, dealer: &DealerId, phone: &str) -> Result<bool> {
    let (pk, sk) = keys::opt_out(dealer, phone);
    Ok(app.store.get(&pk, &sk).await?.is_some())
}

/// What a case event means to a customer, if anything.
fn what_happened(event: &DomainEvent) -> Option<Message> {
    let (what, skip, only) = match &event.what {
        Happened::EstimateSent(sent) => (
            format!("estimate version {} needs your approval", sent.version),
            None,
            Some(sent.contact_ids.clone()),
        ),
        Happened::CaseStatusChanged(change) => {
            let (what, skip) = what_happened_to_case(event)?;
            (what, skip, change.notify_only.clone())
        }
        _ => {
            let (what, skip) = what_happened_to_case(event)?;
            (what, skip, None)
        }
    };
    Some(Message { what, skip, only })
}

fn what_happened_to_case(event: &DomainEvent) -> Option<(String, Option<String>)> {
    match &event.what {
        Happened::NoteCreated(note) => {
            if note.visibility != Visibility::External {
                return None;
            }
            // A contact's own reply is not texted back to them.
            let author = matches!(note.source, NoteSource::Sms | NoteSource::Mobile)
                .then(|| note.author.id.clone())
                .flatten();
            Some((format!("new message: {}", note.text), author))
        }
        Happened::CaseStatusChanged(change) => {
            let what = match change.to {
                CaseStatus::CheckIn => "your asset is checked in",
                CaseStatus::RequestForApproval => "an estimate needs your approval",
                CaseStatus::AssetReady => "your asset is ready",
                CaseStatus::AssetInService => "your asset is in service",
                _ => return None,
            };
            Some((what.to_string(), None))
        }
        _ => None,
    }
}

/// The text for one contact.
pub fn compose(
    dealer: &Dealer,
    case: &cases::Case,
    what: &str,
    mode: ReplyMode,
    link: &str,
) -> String {
    let head = format!(
        "{}: case {} (unit {}) - {what}.",
        dealer.name,
        case.label(),
        case.asset.unit_number
    );
    let tail = match mode {
        ReplyMode::SmsAndMobile => format!(" Reply to this text or open {link}"),
        ReplyMode::MobileOnly => format!(" Replies only via {link}"),
    };
    fit(&head, &tail, MAX_SEGMENTS)
}

/// What sending a text came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Sent(String),
    /// The number said STOP: nothing was sent.
    OptedOut,
    /// The SMS service may have sent it, but its answer was lost: not sent again.
    Unconfirmed,
}

/// Sends `body` to `to` from the dealer's number, unless the number opted out.
pub async fn send(app: &App, dealer: &Dealer, to: &str, body: String) -> Result<Sent> {
    if opted_out(app, &dealer.id, to).await? {
        return Ok(Sent::OptedOut);
    }
    let from = dealer.sms_origination_number.clone().ok_or_else(|| {
        Error::Internal(format!(
            "dealer {} has no SMS origination number",
            dealer.id
        ))
    })?;
    match app
        .sms
        .send(&OutgoingSms {
            from,
            to: to.to_string(),
            body,
        })
        .await
    {
        Ok(message_id) => Ok(Sent::Sent(message_id)),
        Err(crate::ports::SmsError::Unconfirmed(m)) => {
            tracing::warn!(dealer = %dealer.id, error = %m, "a text may have been sent; not sending it again");
            Ok(Sent::Unconfirmed)
        }
        Err(e) => Err(e.into()),
    }
}

/// The writes that let a reply find its case: the last text to the phone, and the message
/// by its id (what a reply quotes).
pub fn remember_ops(
    app: &App,
    dealer: &Dealer,
    to: &str,
    message_id: &str,
    case_id: &str,
    contact_id: &str,
) -> Result<Vec<WriteOp>> {
    let sent = SentText {
        case_id: case_id.into(),
        contact_id: contact_id.into(),
        message_id: message_id.to_string(),
        sent_at: app.clock.now(),
    };
    let ttl = app.clock.now().as_second() + ROUTING_TTL_SECS;
    let (mpk, msk) = keys::sent_message(&dealer.id, message_id);
    let (lpk, lsk) = keys::last_text(&dealer.id, to);
    Ok(vec![
        WriteOp::put(Item::from_record(lpk, lsk, &sent)?.with_ttl(ttl)),
        WriteOp::put(Item::from_record(mpk, msk, &sent)?.with_ttl(ttl)),
    ])
}

/// A write after a text went out: tried a few times, since giving up means the next attempt
/// may text the person again.
async fn write_after_send(app: &App, ops: Vec<WriteOp>) -> Result<()> {
    crate::commit::after_effect(|| async {
        match app.store.transact(ops.clone()).await {
            // Only a completion guards its write: it landed already (a lost answer).
            Ok(()) | Err(crate::ports::StoreError::ConditionFailed { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// Sends `body` to `to` for `case`/`contact` and remembers it for replies. Answers `None`
/// when the number opted out.
pub async fn send_and_remember(
    app: &App,
    dealer: &Dealer,
    to: &str,
    body: String,
    case_id: &str,
    contact_id: &str,
) -> Result<Option<String>> {
    let Sent::Sent(message_id) = send(app, dealer, to, body).await? else {
        return Ok(None);
    };
    let ops = remember_ops(app, dealer, to, &message_id, case_id, contact_id)?;
    write_after_send(app, ops).await?;
    Ok(Some(message_id))
}

/// What texting one contact about one event came to (kept as the idempotency result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Texted {
    Sent {
        message_id: String,
    },
    OptedOut,
    /// The SMS service did not confirm; it was not sent again.
    Unconfirmed,
}

/// How long an (event, contact) is remembered: longer than any redelivery of the event.
const NOTIFIED_KEPT: std::time::Duration = std::time::Duration::from_secs(DEDUPE_TTL_SECS as u64);

/// Handles one case event; answers how many texts were sent. Each (event, contact) is an
/// idempotent unit: a redelivery texts nobody twice; a failure before the text went out
/// frees the contact for the retry; a failure after it (recording the send) keeps the
/// contact held until the hold expires, so the retry does not text again meanwhile.
/// `budget` is the time this invocation may still take.
pub async fn notify_case_event(
    app: &App,
    event: &DomainEvent,
    budget: std::time::Duration,
) -> Result<usize> {
    let Some(Message { what, skip, only }) = what_happened(event) else {
        return Ok(0);
    };
    let Some(case_id) = event.case_id.as_deref() else {
        return Ok(0);
    };
    let dealer = dealers::load_dealer(app, &event.dealer_id).await?;
    let oem = dealers::load_oem(app, &dealer.oem_id).await?;
    let mode = dealers::effective_reply_mode(&dealer.settings, &oem);
    let case = cases::load_case(app, &dealer.id, case_id).await?;
    let window = idempotency::Window {
        in_progress: budget,
        keep: NOTIFIED_KEPT,
    };
    let (mut sent, mut busy) = (0, false);
    for contact in contacts::invited(app, &dealer.id, &case.id).await? {
        if only.as_ref().is_some_and(|ids| !ids.contains(&contact.id)) {
            continue;
        }
        let Some(mobile) = eligible(&contact, skip.as_deref()) else {
            continue;
        };
        let unit = format!("{}#{}", event.id, contact.id);
        let key = keys::idempotency(&dealer.id, IdempotencyScope::Notify, &unit);
        let what_key = format!("the text of event {} to contact {}", event.id, contact.id);
        let guard = match idempotency::claim::<Texted>(
            app,
            key,
            &idempotency::payload_hash(unit.as_bytes()),
            window,
            &what_key,
        )
        .await?
        {
            idempotency::Claim::Fresh(guard) => guard,
            idempotency::Claim::Done(_) => continue,
            idempotency::Claim::InProgress => {
                busy = true;
                continue;
            }
        };
        let text = async {
            let link = super::links::issue(app, &dealer.id, &case.id, &contact.id).await?;
            let body = compose(&dealer, &case, &what, mode, &link);
            send(app, &dealer, &mobile, body).await
        };
        match text.await {
            Err(e) => {
                // Nothing went out: the retry may text this contact.
                guard.release(app).await?;
                return Err(e);
            }
            Ok(Sent::OptedOut) => guard.complete(app, &Texted::OptedOut).await?,
            Ok(Sent::Unconfirmed) => {
                crate::commit::after_effect(|| guard.complete(app, &Texted::Unconfirmed)).await?
            }
            Ok(Sent::Sent(message_id)) => {
                let mut ops =
                    remember_ops(app, &dealer, &mobile, &message_id, &case.id, &contact.id)?;
                ops.push(guard.completion_op(app, &Texted::Sent { message_id })?);
                write_after_send(app, ops).await?;
                sent += 1;
            }
        }
    }
    if busy {
        return Err(Error::Unavailable(format!(
            "event {} is being texted by another delivery; retry",
            event.id
        )));
    }
    Ok(sent)
}

fn eligible(c: &Contact, skip: Option<&str>) -> Option<String> {
    if !c.sms_opt_in || skip == Some(c.id.as_str()) {
        return None;
    }
    c.mobile.clone()
}

/// The time a local delivery may take (Lambda's function timeout stands in for it in AWS).
pub const LOCAL_BUDGET: std::time::Duration = std::time::Duration::from_secs(30);

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
        tracing::error!(event_id = %event.id, reason, "notification texts failed after retries");
        super::failures::notify_gave_up(&self.app, event, reason)
            .await
            .map(|_| ())
    }
}
