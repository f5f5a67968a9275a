//! Texts to a case's contacts: the 2-segment text with its signed link, the opt-out check
//! before every send, and what a reply needs to find its case (the last text to each phone,
//! each message by its id). Who is texted about what is decided in
//! [`crate::notifications::dispatch`].

use crate::ids::ContactId;

use super::segments::fit;
use crate::cases;
use crate::dealers::{Dealer, ReplyMode};
use crate::error::{Error, Result};
use crate::ids::CaseId;
use crate::ids::DealerId;
use crate::mobile::links::LINK_TTL_SECS;
use crate::ports::{OutgoingSms, WriteOp};
use crate::words::say;
use crate::{App, Language};

/// Notifications fit in two SMS segments.
pub(crate) const MAX_SEGMENTS: usize = 2;
const ROUTING_TTL_SECS: i64 = LINK_TTL_SECS * 4;

pub use super::store::SentText;

/// Whether the number said STOP (and not START since).
pub async fn opted_out(app: &App, dealer: &DealerId, phone: &str) -> Result<bool> {
    super::store::opted_out(app, dealer, phone).await
}

/// The text for one contact, in their language.
pub(crate) fn compose(
    dealer: &Dealer,
    case: &cases::Case,
    (what, language): (&str, Language),
    mode: ReplyMode,
    link: &str,
) -> String {
    let head = say(
        language,
        "text-head",
        &[
            ("dealer", (&dealer.name).into()),
            ("case", case.label().into()),
            ("unit", (&case.asset.unit_number).into()),
            ("what", crate::text::sentence(what).into()),
        ],
    );
    let reply = match mode {
        ReplyMode::SmsAndMobile => "text-reply-sms",
        ReplyMode::MobileOnly => "text-reply-page",
    };
    let tail = format!(" {}", say(language, reply, &[("link", link.into())]));
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
    /// The SMS service refused it for good (a number it cannot reach): retrying cannot help.
    Refused(String),
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
        Err(crate::ports::SmsError::Refused(m)) => Ok(Sent::Refused(m)),
        Err(e) => Err(e.into()),
    }
}

/// The writes that let a reply find its case: the last text to the phone, and the message
/// by its id (what a reply quotes).
pub(crate) fn remember_ops(
    app: &App,
    dealer: &Dealer,
    to: &str,
    message_id: &str,
    case_id: &CaseId,
    contact_id: &ContactId,
) -> Result<Vec<WriteOp>> {
    let sent = SentText {
        case_id: case_id.clone(),
        contact_id: contact_id.into(),
        message_id: message_id.to_string(),
        sent_at: app.clock.now(),
    };
    let ttl = app.clock.now().as_second() + ROUTING_TTL_SECS;
    super::store::remember_ops(&dealer.id, to, &sent, ttl)
}

/// A write after a text went out: tried a few times, since giving up means the next attempt
/// may text the person again.
pub(crate) async fn write_after_send(app: &App, ops: Vec<WriteOp>) -> Result<()> {
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
pub(crate) async fn send_and_remember(
    app: &App,
    dealer: &Dealer,
    to: &str,
    body: String,
    case_id: &CaseId,
    contact_id: &ContactId,
) -> Result<Option<String>> {
    let message_id = match send(app, dealer, to, body).await? {
        Sent::Sent(message_id) => message_id,
        Sent::Refused(m) => return Err(crate::ports::SmsError::Refused(m).into()),
        Sent::OptedOut | Sent::Unconfirmed => return Ok(None),
    };
    let ops = remember_ops(app, dealer, to, &message_id, case_id, contact_id)?;
    write_after_send(app, ops).await?;
    Ok(Some(message_id))
}
