//! The notifications' records: the delivery log's entries, the addresses a dealer no longer
//! emails, what an email's message id leads back to, and whom an unsubscribe link is for.

use serde::{Deserialize, Serialize};

use super::model::{DeliveryStatus, Notification};
use crate::contacts::EmailStopReason;
use crate::error::Result;
use crate::events::DomainEvent;
use crate::ids::{CaseId, ContactId, DealerId};
use crate::keys;

/// Where a delivery log entry lives (SES reports find it through the email's message id).
pub use crate::keys::Key as EntryKey;
use crate::ports::{Cond, Item, PageRequest, StoreError, WriteOp};
use crate::{App, Listing};

/// An address the dealer no longer emails, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Suppression {
    pub reason: EmailStopReason,
    pub detail: String,
    pub at: jiff::Timestamp,
}

/// Whom an unsubscribe link is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UnsubscribeClaims {
    pub dealer: DealerId,
    pub contact_id: ContactId,
    pub email: String,
}

/// What an email's message id leads back to (SES's notifications carry only the id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SentEmail {
    pub dealer: DealerId,
    pub contact_id: ContactId,
    pub address: String,
    pub log_pk: String,
    pub log_sk: String,
}

/// Where an entry lives.
pub fn key_of(
    dealer: &DealerId,
    case_id: &CaseId,
    event: &DomainEvent,
    n: &Notification,
) -> Result<keys::Key> {
    Ok(keys::notification(
        dealer,
        case_id,
        event.occurred_at,
        &event.id,
        n.channel.as_str(),
        &n.contact_id,
    ))
}

/// The write that records `n` (part of the transaction that completes its send).
pub fn record_op(key: keys::Key, n: &Notification) -> Result<WriteOp> {
    Ok(WriteOp::put(Item::from_record(key.0, key.1, n)?))
}

/// Moves the entry at `key` to `status` (if that is a step on), with `detail`.
pub async fn advance(
    app: &App,
    key: &keys::Key,
    status: DeliveryStatus,
    detail: Option<String>,
) -> Result<()> {
    let Some(item) = app.store.get(&key.0, &key.1).await? else {
        return Ok(());
    };
    let mut n: Notification = item.record()?;
    if status.rank() < n.status.rank() || (status == n.status && detail == n.detail) {
        return Ok(());
    }
    n.status = status;
    n.detail = detail;
    n.at = app.clock.now();
    app.store
        .transact(vec![record_op(key.clone(), &n)?])
        .await?;
    Ok(())
}

/// One page of the case's delivery log, newest first.
pub(super) async fn log_page(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    page: PageRequest,
) -> Result<Listing<Notification>> {
    let pk = keys::notification_partition(dealer, case_id);
    Listing::from_page(app.store.query(&pk, "", page).await?)
}

/// Records a send that never happened, unless a send recorded the entry already.
pub(super) async fn record_unless_sent(app: &App, key: keys::Key, n: &Notification) -> Result<()> {
    match app
        .store
        .transact(vec![WriteOp::put_if(
            Item::from_record(key.0, key.1, n)?,
            Cond::NotExists,
        )])
        .await
    {
        Ok(()) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Why the dealer no longer emails `address`, if it does not.
pub(super) async fn suppression(
    app: &App,
    dealer: &DealerId,
    address: &str,
) -> Result<Option<Suppression>> {
    let (pk, sk) = keys::email_suppressed(dealer, address);
    Ok(match app.store.get(&pk, &sk).await? {
        Some(item) => Some(item.record()?),
        None => None,
    })
}

/// Stops the dealer emailing `address`.
pub(super) async fn suppress(
    app: &App,
    dealer: &DealerId,
    address: &str,
    marker: &Suppression,
) -> Result<()> {
    let (pk, sk) = keys::email_suppressed(dealer, address);
    Ok(app
        .store
        .transact(vec![WriteOp::put(Item::from_record(pk, sk, marker)?)])
        .await?)
}

/// The write that lets SES's reports about `message_id` find the log entry (until `ttl`).
pub(super) fn sent_email_op(message_id: &str, sent: &SentEmail, ttl: i64) -> Result<WriteOp> {
    let (pk, sk) = keys::email_message(message_id);
    Ok(WriteOp::put(Item::from_record(pk, sk, sent)?.with_ttl(ttl)))
}

/// What an email's message id leads back to, if it is one of ours.
pub(super) async fn sent_email(app: &App, message_id: &str) -> Result<Option<SentEmail>> {
    let (pk, sk) = keys::email_message(message_id);
    Ok(match app.store.get(&pk, &sk).await? {
        Some(item) => Some(item.record()?),
        None => None,
    })
}

/// Keeps whom a new unsubscribe link is for, until `ttl`.
pub(super) async fn save_unsubscribe(
    app: &App,
    id: &[u8; 16],
    claims: &UnsubscribeClaims,
    ttl: i64,
) -> Result<()> {
    let (pk, sk) = keys::unsubscribe_link(id);
    Ok(app
        .store
        .put(
            Item::from_record(pk, sk, claims)?.with_ttl(ttl),
            Cond::NotExists,
        )
        .await?)
}

/// Whom an unsubscribe link is for (`None`: never issued, or forgotten).
pub(super) async fn unsubscribe(app: &App, id: &[u8; 16]) -> Result<Option<UnsubscribeClaims>> {
    let (pk, sk) = keys::unsubscribe_link(id);
    Ok(match app.store.get(&pk, &sk).await? {
        Some(item) => Some(item.record()?),
        None => None,
    })
}
