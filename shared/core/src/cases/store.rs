//! The case's records in the table: the case, its index items in the dealer's lists, its
//! number counter, its notes and its attachments. Keys are [`crate::keys`]'; the services
//! say `store::load(app, dealer, case)` and decide in the dealer's words.

use super::model::*;
use crate::error::{Error, Result};
use crate::ids::{AttachmentId, CaseId, DealerId};
use crate::keys;
pub use crate::keys::CaseList;
use crate::ports::{Cond, Item, PageRequest, StoreError, WriteOp};
use crate::{App, Listing};

/// The number the dealer's last case got.
#[derive(serde::Serialize, serde::Deserialize)]
struct CaseCounter {
    last: u64,
}

/// The lists a case is in, given its status.
pub(super) fn lists_of(case: &Case) -> Vec<CaseList> {
    let mut lists = vec![CaseList::All, CaseList::Status(case.status.as_str())];
    if case.status != CaseStatus::Closed {
        lists.push(CaseList::Active);
    }
    lists
}

/// The words a case is found by: its number, its customer's name, its unit number and
/// VIN, and the VIN's last 8 and last 6 characters (how a VIN is read out over the phone).
pub(crate) fn words(case: &Case) -> Vec<String> {
    let number = case.number.to_string();
    let mut texts = vec![
        number.as_str(),
        &case.customer.name,
        &case.asset.unit_number,
    ];
    let vin = case.asset.vin.as_deref().unwrap_or_default();
    let tails: Vec<&str> = [8, 6]
        .into_iter()
        .filter(|&n| vin.is_ascii() && vin.len() > n)
        .map(|n| &vin[vin.len() - n..])
        .collect();
    texts.push(vin);
    texts.extend(tails);
    crate::search::words_of(texts.into_iter().filter(|t| !t.is_empty() && *t != "0"))
}

/// The index items a case has: its lines in its dealer's case lists, and its words in the
/// search index (in the section of open cases, or of closed ones).
fn index_items(case: &Case) -> Result<Vec<Item>> {
    let pk = keys::case_index_partition(&case.dealer_id);
    let summary = CaseSummary::from(case);
    let mut items = lists_of(case)
        .into_iter()
        .map(|list| {
            Ok(Item::from_record(
                pk.clone(),
                list.sk(case.opened_at, case.id.as_str()),
                &summary,
            )?)
        })
        .collect::<Result<Vec<Item>>>()?;
    let section = match case.status {
        CaseStatus::Closed => keys::CLOSED_CASE_WORDS,
        _ => keys::OPEN_CASE_WORDS,
    };
    items.extend(crate::search::entries(
        &keys::case_words_partition(&case.dealer_id),
        section,
        case.id.as_str(),
        &words(case),
        &summary,
    )?);
    Ok(items)
}

fn case_item(case: &Case) -> Result<Item> {
    let pk = keys::case_partition(&case.dealer_id, &case.id);
    Ok(Item::from_record(pk, keys::CASE_SK, case)?)
}

/// A case of `dealer`. Another dealer's case is simply not in this dealer's partition.
pub async fn load(app: &App, dealer: &DealerId, case_id: &CaseId) -> Result<Case> {
    let pk = keys::case_partition(dealer, case_id);
    match app.store.get(&pk, keys::CASE_SK).await? {
        Some(item) => Ok(item.record()?),
        None => Err(Error::not_found(format!("case {case_id}"))),
    }
}

/// The writes of a new case: the case (if its id is free) and its index items.
pub(crate) fn create_ops(case: &Case) -> Result<Vec<WriteOp>> {
    let mut ops = vec![WriteOp::put_if(case_item(case)?, Cond::NotExists)];
    ops.extend(index_items(case)?.into_iter().map(WriteOp::put));
    Ok(ops)
}

/// Stores a new case as given; `false` when its id exists already.
pub(crate) async fn create_unless_exists(app: &App, case: &Case) -> Result<bool> {
    match app.store.transact(create_ops(case)?).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { op: Some(0) }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The writes that move `old` to `new`: the case on its version, and the index items of the
/// old status replaced by the new status's.
pub(crate) fn status_ops(old: &Case, new: &Case) -> Result<Vec<WriteOp>> {
    let mut ops = vec![WriteOp::put_if(
        case_item(new)?,
        Cond::AttrEquals("version".into(), old.version.into()),
    )];
    let new_index = index_items(new)?;
    for old_item in index_items(old)? {
        if !new_index.iter().any(|n| n.sk == old_item.sk) {
            ops.push(WriteOp::delete(old_item.pk, old_item.sk));
        }
    }
    ops.extend(new_index.into_iter().map(WriteOp::put));
    Ok(ops)
}

/// Writes the case's word entries as the case is now, on the condition it does not change
/// meanwhile (read again and retried when it did). For cases stored before the index
/// existed; running it twice writes the same entries. `false`: the case is gone.
pub(crate) async fn write_words(app: &App, dealer: &DealerId, id: &CaseId) -> Result<bool> {
    for _ in 0..3 {
        let case = match load(app, dealer, id).await {
            Ok(c) => c,
            Err(Error::NotFound(_)) => return Ok(false),
            Err(e) => return Err(e),
        };
        let mut ops = vec![WriteOp::Check {
            pk: keys::case_partition(dealer, id),
            sk: keys::CASE_SK.into(),
            cond: Cond::AttrEquals("version".into(), case.version.into()),
        }];
        let words_pk = keys::case_words_partition(dealer);
        let entries = index_items(&case)?.into_iter().filter(|i| i.pk == words_pk);
        ops.extend(entries.map(WriteOp::put));
        match app.store.transact(ops).await {
            Ok(()) => return Ok(true),
            Err(StoreError::ConditionFailed { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Conflict(format!(
        "case {id} kept changing while it was indexed; run it again"
    )))
}

/// The write that fails, and the error it stands for, when the case is gone: for writes on
/// a case that must still be there.
pub(crate) fn exists_check(dealer: &DealerId, case_id: &CaseId) -> (WriteOp, Error) {
    let pk = keys::case_partition(dealer, case_id);
    (
        WriteOp::Check {
            pk,
            sk: keys::CASE_SK.into(),
            cond: Cond::Exists,
        },
        Error::not_found(format!("case {case_id}")),
    )
}

/// The dealer's case numbers: the last one given, read with the condition a write of the
/// next one must meet (so two cases never get the same number).
pub(crate) struct NumberCounter {
    pub last: u64,
    cond: Cond,
}

pub(crate) async fn number_counter(app: &App, dealer: &DealerId) -> Result<NumberCounter> {
    let (pk, sk) = keys::case_counter(dealer);
    Ok(match app.store.get(&pk, &sk).await? {
        Some(item) => {
            let last = item.record::<CaseCounter>()?.last;
            NumberCounter {
                last,
                cond: Cond::AttrEquals("last".into(), last.into()),
            }
        }
        None => NumberCounter {
            last: super::FIRST_CASE_NUMBER - 1,
            cond: Cond::NotExists,
        },
    })
}

/// The write that moves the counter to `number`, if nobody moved it since it was read.
pub(crate) fn number_op(dealer: &DealerId, read: &NumberCounter, number: u64) -> Result<WriteOp> {
    let (pk, sk) = keys::case_counter(dealer);
    let counter = Item::from_record(pk, sk, &CaseCounter { last: number })?;
    Ok(WriteOp::put_if(counter, read.cond.clone()))
}

/// One page of the dealer's cases in `list`.
pub async fn list(
    app: &App,
    dealer: &DealerId,
    list: CaseList,
    page: PageRequest,
) -> Result<Listing<CaseSummary>> {
    let pk = keys::case_index_partition(dealer);
    Listing::from_page(app.store.query(&pk, &list.prefix(), page).await?)
}

/// One page of the dealer's cases in `list` that `keep` accepts (at most `max_scanned` read).
pub async fn scan(
    app: &App,
    dealer: &DealerId,
    list: CaseList,
    page: PageRequest,
    max_scanned: usize,
    keep: impl FnMut(&CaseSummary) -> bool,
) -> Result<Listing<CaseSummary>> {
    let pk = keys::case_index_partition(dealer);
    Listing::scan(app, &pk, &list.prefix(), page, max_scanned, keep).await
}

/// One page of the dealer's cases every token starts a word of, open ones first and closed
/// ones after them when `closed_too`, that `keep` accepts (at most `max_scanned` index
/// entries read).
pub async fn search(
    app: &App,
    dealer: &DealerId,
    tokens: &[String],
    closed_too: bool,
    page: PageRequest,
    max_scanned: usize,
    keep: impl FnMut(&CaseSummary) -> bool,
) -> Result<Listing<CaseSummary>> {
    let pk = keys::case_words_partition(dealer);
    let sections: &[&str] = match closed_too {
        true => &[keys::OPEN_CASE_WORDS, keys::CLOSED_CASE_WORDS],
        false => &[keys::OPEN_CASE_WORDS],
    };
    crate::search::find(app, &pk, sections, tokens, page, max_scanned, keep).await
}

/// The writes of a note: the note (once) and, for an external one, its copy in the
/// external notes the customer's page reads.
pub(crate) fn note_ops(dealer: &DealerId, note: &Note) -> Result<Vec<WriteOp>> {
    let pk = keys::case_partition(dealer, &note.case_id);
    let mut ops = vec![WriteOp::put_if(
        Item::from_record(&pk, keys::note_sk(note.created_at, &note.id), note)?,
        Cond::NotExists,
    )];
    if note.visibility == Visibility::External {
        ops.push(WriteOp::put(Item::from_record(
            &pk,
            keys::external_note_sk(note.created_at, &note.id),
            note,
        )?));
    }
    Ok(ops)
}

/// One page of the case's notes (`external`: only those the customer sees).
pub async fn notes(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    external: bool,
    page: PageRequest,
) -> Result<Listing<Note>> {
    let pk = keys::case_partition(dealer, case_id);
    let prefix = match external {
        true => keys::EXTERNAL_NOTE_PREFIX,
        false => keys::NOTE_PREFIX,
    };
    Listing::from_page(app.store.query(&pk, prefix, page).await?)
}

/// One page of the case's attachments.
pub async fn attachments(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    page: PageRequest,
) -> Result<Listing<Attachment>> {
    let pk = keys::case_partition(dealer, case_id);
    Listing::from_page(app.store.query(&pk, keys::ATTACHMENT_PREFIX, page).await?)
}

/// An attachment of the dealer's case, if there is one by that id.
pub async fn attachment(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    attachment_id: &AttachmentId,
) -> Result<Option<Attachment>> {
    let pk = keys::case_partition(dealer, case_id);
    match app
        .store
        .get(&pk, &keys::attachment_sk(attachment_id))
        .await?
    {
        Some(item) => Ok(Some(item.record()?)),
        None => Ok(None),
    }
}

/// The write of an attachment: new (its id free), or over the version that was read.
pub(crate) fn attachment_op(
    dealer: &DealerId,
    att: &Attachment,
    read: Option<&Attachment>,
) -> Result<WriteOp> {
    let pk = keys::case_partition(dealer, &att.case_id);
    let cond = match read {
        None => Cond::NotExists,
        Some(a) => Cond::AttrEquals("blobVersionId".into(), a.blob_version_id.clone().into()),
    };
    Ok(WriteOp::put_if(
        Item::from_record(pk, keys::attachment_sk(&att.id), att)?,
        cond,
    ))
}
