//! What texting keeps per dealer and phone: the opt-out, the last text (and its case), the
//! text a message id was (what a reply quotes), and the hourly auto-answer marker.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::ids::{CaseId, ContactId, DealerId};
use crate::keys;
use crate::ports::{Cond, Item, StoreError, WriteOp};
use crate::App;

/// The last text sent to a phone: what a reply without a quoted message answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SentText {
    #[schema(value_type = String)]
    pub case_id: CaseId,
    #[schema(value_type = String)]
    pub contact_id: ContactId,
    pub message_id: String,
    #[schema(value_type = String, format = DateTime)]
    pub sent_at: jiff::Timestamp,
}

/// Whether the number said STOP (and not START since).
pub async fn opted_out(app: &App, dealer: &DealerId, phone: &str) -> Result<bool> {
    let (pk, sk) = keys::opt_out(dealer, phone);
    Ok(app.store.get(&pk, &sk).await?.is_some())
}

/// Records STOP from the number, at `at`.
pub(crate) async fn opt_out(
    app: &App,
    dealer: &DealerId,
    phone: &str,
    at: jiff::Timestamp,
) -> Result<()> {
    let mut attrs = serde_json::Map::new();
    attrs.insert("at".into(), at.to_string().into());
    let (pk, sk) = keys::opt_out(dealer, phone);
    Ok(app
        .store
        .put(Item::new(pk, sk, attrs), Cond::Always)
        .await?)
}

/// Records START from the number.
pub(crate) async fn opt_in(app: &App, dealer: &DealerId, phone: &str) -> Result<()> {
    let (pk, sk) = keys::opt_out(dealer, phone);
    Ok(app.store.transact(vec![WriteOp::delete(pk, sk)]).await?)
}

/// The writes that let a reply find its case (kept until `ttl`): the last text to the
/// phone, and the message by its id.
pub(crate) fn remember_ops(
    dealer: &DealerId,
    to: &str,
    sent: &SentText,
    ttl: i64,
) -> Result<Vec<WriteOp>> {
    let (mpk, msk) = keys::sent_message(dealer, &sent.message_id);
    let (lpk, lsk) = keys::last_text(dealer, to);
    Ok(vec![
        WriteOp::put(Item::from_record(lpk, lsk, sent)?.with_ttl(ttl)),
        WriteOp::put(Item::from_record(mpk, msk, sent)?.with_ttl(ttl)),
    ])
}

/// The text a reply answers: the quoted message if it names one we sent, else the last
/// text to the phone.
pub async fn answered(
    app: &App,
    dealer: &DealerId,
    phone: &str,
    quoted: Option<&str>,
) -> Result<Option<SentText>> {
    if let Some(id) = quoted.filter(|id| !id.is_empty() && id.len() <= 256) {
        let (pk, sk) = keys::sent_message(dealer, id);
        if let Some(item) = app.store.get(&pk, &sk).await? {
            return Ok(Some(item.record()?));
        }
    }
    let (pk, sk) = keys::last_text(dealer, phone);
    Ok(match app.store.get(&pk, &sk).await? {
        Some(item) => Some(item.record()?),
        None => None,
    })
}

/// Takes the hour's auto-answer for (phone, contact) until `ttl`; `false` when it was
/// taken already.
pub(crate) async fn take_auto_answer(
    app: &App,
    dealer: &DealerId,
    phone: &str,
    contact: &ContactId,
    ttl: i64,
) -> Result<bool> {
    let (pk, sk) = keys::auto_reply(dealer, phone, contact);
    let once = Item::new(pk, sk, Default::default()).with_ttl(ttl);
    match app.store.put(once, Cond::NotExists).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Gives the hour's auto-answer back (the answer did not go out).
pub(crate) async fn return_auto_answer(
    app: &App,
    dealer: &DealerId,
    phone: &str,
    contact: &ContactId,
) -> Result<()> {
    let (pk, sk) = keys::auto_reply(dealer, phone, contact);
    Ok(app.store.transact(vec![WriteOp::delete(pk, sk)]).await?)
}
