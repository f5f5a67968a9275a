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
use crate::keys::{self, IdempotencyScope};
use crate::ports::{Cond, Item, OutgoingSms, WriteOp};
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
pub const NOTIFY_HANDLES: &[EventKind] = &[EventKind::NoteCreated, EventKind::CaseStatusChanged];

/// Whether the number said STOP (and not START since).
pub async fn opted_out(app: &App, dealer: &DealerId, phone: &str) -> Result<bool> {
    let (pk, sk) = keys::opt_out(dealer, phone);
    Ok(app.store.get(&pk, &sk).await?.is_some())
}

/// What a case event means to a customer, if anything.
fn what_happened(event: &DomainEvent) -> Option<(String, Option<String>)> {
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
        dealer.name, case.id, case.asset.unit_number
    );
    let tail = match mode {
        ReplyMode::SmsAndMobile => format!(" Reply to this text or open {link}"),
        ReplyMode::MobileOnly => format!(" Replies only via {link}"),
    };
    fit(&head, &tail, MAX_SEGMENTS)
}

/// Sends `body` to `to` for `case`/`contact` and remembers it for replies. Checks the
/// opt-out first; answers `None` when the number opted out.
pub async fn send_and_remember(
    app: &App,
    dealer: &Dealer,
    to: &str,
    body: String,
    case_id: &str,
    contact_id: &str,
) -> Result<Option<String>> {
    if opted_out(app, &dealer.id, to).await? {
        return Ok(None);
    }
    let from = dealer.sms_origination_number.clone().ok_or_else(|| {
        Error::Internal(format!(
            "dealer {} has no SMS origination number",
            dealer.id
        ))
    })?;
    let message_id = app
        .sms
        .send(&OutgoingSms {
            from,
            to: to.to_string(),
            body,
        })
        .await?;
    let sent = SentText {
        case_id: case_id.into(),
        contact_id: contact_id.into(),
        message_id: message_id.clone(),
        sent_at: app.clock.now(),
    };
    let ttl = app.clock.now().as_second() + ROUTING_TTL_SECS;
    let (mpk, msk) = keys::sent_message(&dealer.id, &message_id);
    let (lpk, lsk) = keys::last_text(&dealer.id, to);
    app.store
        .transact(vec![
            WriteOp::put(Item::from_record(lpk, lsk, &sent)?.with_ttl(ttl)),
            WriteOp::put(Item::from_record(mpk, msk, &sent)?.with_ttl(ttl)),
        ])
        .await?;
    Ok(Some(message_id))
}

/// Handles one case event; answers how many texts were sent.
pub async fn notify_case_event(app: &App, event: &DomainEvent) -> Result<usize> {
    let Some((what, skip)) = what_happened(event) else {
        return Ok(0);
    };
    let Some(case_id) = event.case_id.as_deref() else {
        return Ok(0);
    };
    let dealer = dealers::load_dealer(app, &event.dealer_id).await?;
    let oem = dealers::load_oem(app, &dealer.oem_id).await?;
    let mode = dealers::effective_reply_mode(&dealer.settings, &oem);
    let case = cases::load_case(app, &dealer.id, case_id).await?;
    let mut sent = 0;
    for contact in contacts::invited(app, &dealer.id, &case.id).await? {
        let Some(mobile) = eligible(&contact, skip.as_deref()) else {
            continue;
        };
        // Claim (event, contact) first: a redelivered event finds the claim and skips.
        let (claim_pk, claim_sk) = keys::idempotency(
            &dealer.id,
            IdempotencyScope::Notify,
            &format!("{}#{}", event.id, contact.id),
        );
        let ttl = app.clock.now().as_second() + DEDUPE_TTL_SECS;
        let claimed = app
            .store
            .put(
                Item::new(&claim_pk, &claim_sk, Default::default()).with_ttl(ttl),
                Cond::NotExists,
            )
            .await;
        match claimed {
            Ok(()) => {}
            Err(crate::ports::StoreError::ConditionFailed { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
        let link = super::links::issue(app, &dealer.id, &case.id, &contact.id).await?;
        let body = compose(&dealer, &case, &what, mode, &link);
        match send_and_remember(app, &dealer, &mobile, body, &case.id, &contact.id).await {
            Ok(Some(_)) => sent += 1,
            Ok(None) => {}
            Err(e) => {
                // Release the claim so the retry of this event can send it.
                let _ = app
                    .store
                    .transact(vec![WriteOp::delete(claim_pk, claim_sk)])
                    .await;
                return Err(e);
            }
        }
    }
    Ok(sent)
}

fn eligible(c: &Contact, skip: Option<&str>) -> Option<String> {
    if !c.sms_opt_in || skip == Some(c.id.as_str()) {
        return None;
    }
    c.mobile.clone()
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
        notify_case_event(&self.app, event).await.map(|_| ())
    }
}

#[async_trait::async_trait]
impl crate::ports::DeadLetter for CaseNotify {
    async fn dead_letter(&self, event: &DomainEvent, reason: &str) -> Result<()> {
        tracing::error!(event_id = %event.id, reason, "notification texts failed after retries");
        Ok(())
    }
}
