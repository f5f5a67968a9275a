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
