//! The parts requests' records: the request (with its case), the pointers that find it
//! from its id or its reference, and the partition of reminders due.

use serde::{Deserialize, Serialize};

use super::model::PartsRequest;
use crate::error::{Error, Result};
use crate::ids::{CaseId, DealerId, PartsRequestId};
use crate::keys;
use crate::ports::{read_all, Cond, Item, WriteOp};
use crate::App;

/// An unclaimed escalation waiting for its reminder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Reminder {
    pub dealer_id: DealerId,
    pub case_id: CaseId,
    pub request_id: PartsRequestId,
}

/// Finds a request from its id or its reference alone (what Prokeep quotes back).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestPointer {
    case_id: CaseId,
    /// Set on a reference's pointer: the request it names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    request_id: Option<PartsRequestId>,
}

/// The request's id, from its id or its reference (`PR-1004-1`); 404 when neither.
pub async fn request_id_of(
    app: &App,
    dealer: &DealerId,
    id_or_reference: &PartsRequestId,
) -> Result<PartsRequestId> {
    Ok(pointer(app, dealer, id_or_reference)
        .await?
        .request_id
        .unwrap_or_else(|| id_or_reference.clone()))
}

async fn pointer(
    app: &App,
    dealer: &DealerId,
    id_or_reference: &PartsRequestId,
) -> Result<RequestPointer> {
    let not_found = || Error::not_found(format!("parts request {id_or_reference}"));
    let (ppk, psk) = keys::parts_request_pointer(dealer, id_or_reference);
    app.store
        .get(&ppk, &psk)
        .await?
        .ok_or_else(not_found)?
        .record()
        .map_err(Into::into)
}

fn request_item(dealer: &DealerId, r: &PartsRequest) -> Result<Item> {
    let (pk, sk) = keys::parts_request(dealer, &r.case_id, &r.id);
    Ok(Item::from_record(pk, sk, r)?)
}

/// The write of a changed request, on condition nobody changed it since it was read.
pub(super) fn request_write(
    dealer: &DealerId,
    read_version: u64,
    r: &mut PartsRequest,
) -> Result<WriteOp> {
    r.version = read_version + 1;
    Ok(WriteOp::put_if(
        request_item(dealer, r)?,
        Cond::AttrEquals("version".into(), read_version.into()),
    ))
}

pub(super) async fn load_request(
    app: &App,
    dealer: &DealerId,
    request_id: &PartsRequestId,
) -> Result<PartsRequest> {
    let not_found = || Error::not_found(format!("parts request {request_id}"));
    let pointer = pointer(app, dealer, request_id).await?;
    let request_id = pointer.request_id.as_ref().unwrap_or(request_id);
    let (pk, sk) = keys::parts_request(dealer, &pointer.case_id, request_id);
    app.store
        .get(&pk, &sk)
        .await?
        .ok_or_else(not_found)?
        .record()
        .map_err(Into::into)
}

/// The writes of a new request: the request, its id's and its reference's pointers (each
/// only if free), and its reminder.
pub(super) fn create_ops(
    dealer: &DealerId,
    request: &PartsRequest,
    reminder: &Reminder,
    remind_at: jiff::Timestamp,
) -> Result<Vec<WriteOp>> {
    let pointer = |key: keys::Key, request_id: Option<PartsRequestId>| -> Result<WriteOp> {
        let p = RequestPointer {
            case_id: request.case_id.clone(),
            request_id,
        };
        Ok(WriteOp::put_if(
            Item::from_record(key.0, key.1, &p)?,
            Cond::NotExists,
        ))
    };
    // A reference is `PR-<number>-<n>`: key-safe, made by the escalation.
    let reference = PartsRequestId::derived(request.reference.clone());
    Ok(vec![
        WriteOp::put_if(request_item(dealer, request)?, Cond::NotExists),
        pointer(keys::parts_request_pointer(dealer, &request.id), None)?,
        pointer(
            keys::parts_request_pointer(dealer, &reference),
            Some(request.id.clone()),
        )?,
        WriteOp::put(Item::from_record(
            keys::PARTS_REMINDERS.partition(request.id.as_str()),
            keys::parts_reminder_sk(remind_at, dealer, &request.id),
            reminder,
        )?),
    ])
}

/// The delete of a request's reminder (claimed, or reminded, before it was due).
pub(super) fn reminder_done_op(
    dealer: &DealerId,
    request: &PartsRequest,
    at: jiff::Timestamp,
) -> WriteOp {
    WriteOp::delete(
        keys::PARTS_REMINDERS.partition(request.id.as_str()),
        keys::parts_reminder_sk(at, dealer, &request.id),
    )
}

/// A reminder that is due, and the write that clears it.
pub(super) struct DueReminder {
    pub reminder: Reminder,
    pub done: WriteOp,
}

/// The reminders due by `now` (at most 100 a run; the next run takes the rest).
pub(super) async fn due_reminders(app: &App, now: jiff::Timestamp) -> Result<Vec<DueReminder>> {
    let due = crate::ports::due_by(app, keys::PARTS_REMINDERS, now).await?;
    Ok(due
        .into_iter()
        .map(|(reminder, done)| DueReminder { reminder, done })
        .collect())
}

/// Every parts request of a case, oldest first.
pub(super) async fn for_case(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
) -> Result<Vec<PartsRequest>> {
    let pk = keys::case_partition(dealer, case_id);
    read_all(app, &pk, keys::PARTS_PREFIX).await
}
