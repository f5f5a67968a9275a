//! The estimates' records: each lives with its case, one item per estimate (its versions
//! and decisions inside), written on its version.

use super::model::Estimate;
use crate::error::{Error, Result};
use crate::ids::{CaseId, DealerId, EstimateId};
use crate::keys;
use crate::ports::{Cond, Item, PageRequest, WriteOp};
use crate::{App, Listing};

fn item(dealer: &DealerId, e: &Estimate) -> Result<Item> {
    let (pk, sk) = keys::estimate(dealer, &e.case_id, &e.id);
    Ok(Item::from_record(pk, sk, e)?)
}

/// An estimate of one of `dealer`'s cases.
pub async fn load(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    estimate_id: &EstimateId,
) -> Result<Estimate> {
    let (pk, sk) = keys::estimate(dealer, case_id, estimate_id);
    match app.store.get(&pk, &sk).await? {
        Some(item) => Ok(item.record()?),
        None => Err(Error::not_found(format!("estimate {estimate_id}"))),
    }
}

/// One page of the case's estimates, oldest first.
pub async fn list(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    page: PageRequest,
) -> Result<Listing<Estimate>> {
    let pk = keys::case_partition(dealer, case_id);
    Listing::from_page(app.store.query(&pk, keys::ESTIMATE_PREFIX, page).await?)
}

/// The write of a new estimate (its id free).
pub(crate) fn create_op(dealer: &DealerId, e: &Estimate) -> Result<WriteOp> {
    Ok(WriteOp::put_if(item(dealer, e)?, Cond::NotExists))
}

/// Writes `after` over `before`, on condition nobody changed it since it was read (a lost
/// race re-reads and decides again).
pub(crate) fn replace_op(
    dealer: &DealerId,
    before: &Estimate,
    after: &Estimate,
) -> Result<WriteOp> {
    Ok(WriteOp::put_if(
        item(dealer, after)?,
        Cond::AttrEquals("version".into(), before.version.into()),
    ))
}

/// An approval request waiting for its reminder: which version, asked when (a reminder
/// scheduled before a later asking is dropped: that asking scheduled its own).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ApprovalReminder {
    pub dealer_id: DealerId,
    pub case_id: CaseId,
    pub estimate_id: EstimateId,
    pub version: u32,
    pub asked_at: jiff::Timestamp,
}

/// The write that schedules `r` for `at`.
pub(crate) fn schedule_reminder_op(r: &ApprovalReminder, at: jiff::Timestamp) -> Result<WriteOp> {
    let sk = keys::approval_reminder_sk(at, &r.dealer_id, &r.estimate_id, r.version);
    Ok(WriteOp::put(Item::from_record(
        keys::APPROVAL_REMINDERS.partition(r.estimate_id.as_str()),
        sk,
        r,
    )?))
}

/// The reminders due by `now` (at most 100 a run; the next run takes the rest), each with
/// the write that clears it.
pub(crate) async fn due_reminders(
    app: &App,
    now: jiff::Timestamp,
) -> Result<Vec<(ApprovalReminder, WriteOp)>> {
    crate::ports::due_by(app, keys::APPROVAL_REMINDERS, now).await
}

/// What a version said when it was sent: its lines and totals (the estimate itself keeps
/// only the current lines). One item per version, beside the estimate.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VersionSnapshot {
    pub number: u32,
    pub lines: Vec<super::model::EstimateLine>,
    pub totals: super::model::Totals,
}

pub(crate) fn snapshot_op(dealer: &DealerId, e: &Estimate, s: &VersionSnapshot) -> Result<WriteOp> {
    let (pk, sk) = keys::estimate_version(dealer, &e.case_id, &e.id, s.number);
    Ok(WriteOp::put(Item::from_record(pk, sk, s)?))
}

/// The version as sent, if it was kept (versions sent before snapshots were kept are not).
pub(crate) async fn load_snapshot(
    app: &App,
    dealer: &DealerId,
    e: &Estimate,
    n: u32,
) -> Result<Option<VersionSnapshot>> {
    let (pk, sk) = keys::estimate_version(dealer, &e.case_id, &e.id, n);
    Ok(match app.store.get(&pk, &sk).await? {
        Some(item) => Some(item.record()?),
        None => None,
    })
}
