//! The customers' records: the customer (versioned), its line in the dealer's list, the
//! link from a Procede id to the one Case customer made of it, the customer's assets, and
//! which customer a VIN belongs to.

use serde::{Deserialize, Serialize};

use super::model::{Customer, CustomerAsset, CustomerSummary};
use crate::error::{Error, Result};
use crate::ids::{CustomerId, DealerId};
use crate::keys;
use crate::ports::{Cond, Item, Order, PageRequest, WriteOp};
use crate::{App, Listing};

fn item(c: &Customer) -> Result<Item> {
    let (pk, sk) = keys::customer(&c.dealer_id, &c.id);
    Ok(Item::from_record(pk, sk, c)?)
}

pub async fn load(app: &App, dealer: &DealerId, id: &CustomerId) -> Result<Customer> {
    let (pk, sk) = keys::customer(dealer, id);
    match app.store.get(&pk, &sk).await? {
        Some(item) => Ok(item.record()?),
        None => Err(Error::not_found(format!("customer {id}"))),
    }
}

/// The customer's line in the dealer's list (written with every write of the customer).
pub(crate) fn index_op(c: &Customer) -> Result<WriteOp> {
    let (pk, sk) = keys::customer_index(&c.dealer_id, &c.id);
    Ok(WriteOp::put(Item::from_record(
        pk,
        sk,
        &CustomerSummary::from(c),
    )?))
}

/// The writes of a new customer: the customer (its id free) and its line in the list.
pub(crate) fn create_ops(c: &Customer) -> Result<Vec<WriteOp>> {
    Ok(vec![
        WriteOp::put_if(item(c)?, Cond::NotExists),
        index_op(c)?,
    ])
}

/// The writes of a customer made of a Procede record: as [`create_ops`], and the link from
/// the Procede id, only if no other customer was made of it meanwhile.
pub(crate) fn create_from_procede_ops(c: &Customer, procede_id: &str) -> Result<Vec<WriteOp>> {
    let (pk, sk) = keys::procede_link(&c.dealer_id, procede_id);
    let mut ops = create_ops(c)?;
    ops.insert(
        1,
        WriteOp::put_if(
            Item::from_record(pk, sk, &serde_json::json!({ "customerId": c.id }))?,
            Cond::NotExists,
        ),
    );
    Ok(ops)
}

/// The Case customer made of a Procede id, if any.
pub(crate) async fn made_of_procede(
    app: &App,
    dealer: &DealerId,
    procede_id: &str,
) -> Result<Option<CustomerId>> {
    let (pk, sk) = keys::procede_link(dealer, procede_id);
    Ok(app.store.get(&pk, &sk).await?.and_then(|i| {
        i.attrs
            .get("customerId")
            .and_then(|v| v.as_str())
            .and_then(|id| CustomerId::parse(id).ok())
    }))
}

/// The writes of `c` over the customer as read (at `read_version`), with its list line.
/// `bump`: a change (the version moves); otherwise only the same-version guard.
pub(crate) fn replace_ops(read_version: u64, c: &mut Customer, bump: bool) -> Result<Vec<WriteOp>> {
    let (pk, sk) = keys::customer(&c.dealer_id, &c.id);
    let op = if bump {
        crate::commit::put_versioned(&pk, &sk, read_version, c)?
    } else {
        WriteOp::put_if(
            Item::from_record(&pk, &sk, c)?,
            Cond::AttrEquals("version".into(), read_version.into()),
        )
    };
    Ok(vec![op, index_op(c)?])
}

/// One page of the dealer's customers that `keep` accepts (at most `max_scanned` read).
pub async fn search(
    app: &App,
    dealer: &DealerId,
    page: PageRequest,
    max_scanned: usize,
    keep: impl FnMut(&CustomerSummary) -> bool,
) -> Result<Listing<CustomerSummary>> {
    let pk = keys::customer_index_partition(dealer);
    Listing::scan(app, &pk, "", page, max_scanned, keep).await
}

/// A customer's asset by its id (VIN, or unit number), with the condition a write over it
/// must meet.
pub async fn asset(
    app: &App,
    dealer: &DealerId,
    customer_id: &CustomerId,
    asset_id: &str,
) -> Result<(Option<CustomerAsset>, Cond)> {
    let (pk, sk) = keys::customer_asset(dealer, customer_id, asset_id);
    Ok(match app.store.get(&pk, &sk).await? {
        Some(item) => {
            let a: CustomerAsset = item.record()?;
            let cond = Cond::AttrEquals("version".into(), a.version.into());
            (Some(a), cond)
        }
        None => (None, Cond::NotExists),
    })
}

/// The write of an asset on the condition it was read with (`Cond::NotExists`: new).
pub(crate) fn asset_op(
    dealer: &DealerId,
    customer_id: &CustomerId,
    a: &CustomerAsset,
    cond: Cond,
) -> Result<WriteOp> {
    let (pk, sk) = keys::customer_asset(dealer, customer_id, &a.id);
    Ok(WriteOp::put_if(Item::from_record(pk, sk, a)?, cond))
}

/// The write of a new asset (refused when the customer has it already).
pub(crate) fn new_asset_op(
    dealer: &DealerId,
    customer_id: &CustomerId,
    a: &CustomerAsset,
) -> Result<WriteOp> {
    asset_op(dealer, customer_id, a, Cond::NotExists)
}

/// The customer's assets (at most 100).
pub async fn assets(
    app: &App,
    dealer: &DealerId,
    customer_id: &CustomerId,
) -> Result<Listing<CustomerAsset>> {
    let pk = keys::customer_partition(dealer, customer_id);
    let page = app
        .store
        .query(
            &pk,
            keys::ASSET_PREFIX,
            PageRequest::first(100, Order::Ascending),
        )
        .await?;
    Listing::from_page(page)
}

/// Who a VIN belongs to.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VinOwner {
    customer_id: CustomerId,
}

/// The customer a VIN is claimed by, if any (VINs seen since the claim was kept).
pub(crate) async fn vin_owner(
    app: &App,
    dealer: &DealerId,
    vin: &str,
) -> Result<Option<CustomerId>> {
    let (pk, sk) = keys::vin_owner(dealer, vin);
    Ok(match app.store.get(&pk, &sk).await? {
        Some(item) => Some(item.record::<VinOwner>()?.customer_id),
        None => None,
    })
}

/// The write that claims a VIN for the customer, if nobody claimed it meanwhile.
pub(crate) fn claim_vin_op(
    dealer: &DealerId,
    vin: &str,
    customer_id: &CustomerId,
) -> Result<WriteOp> {
    let (pk, sk) = keys::vin_owner(dealer, vin);
    let owner = VinOwner {
        customer_id: customer_id.clone(),
    };
    Ok(WriteOp::put_if(
        Item::from_record(pk, sk, &owner)?,
        Cond::NotExists,
    ))
}
