//! The customers' records: the customer (versioned), its line in the dealer's list, the
//! link from a Procede id to the one Case customer made of it, the customer's assets, and
//! which customer a VIN belongs to.

use serde::{Deserialize, Serialize};

use super::model::{Customer, CustomerAsset, CustomerSummary};
use crate::error::{Error, Result};
use crate::ids::{CustomerId, DealerId};
use crate::keys;
use crate::ports::{Cond, Item, Order, PageRequest, StoreError, WriteOp};
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

/// The words a customer is found by: its name, number and city first, then its phones.
pub(crate) fn words(c: &Customer) -> Vec<String> {
    let texts = [Some(&c.name), c.customer_number.as_ref(), c.city.as_ref()];
    let mut words = crate::search::text_words(texts.into_iter().flatten().map(String::as_str));
    for phone in &c.phones {
        words.extend(crate::search::text_words([phone.as_str()]));
        words.extend(crate::search::phone_words(phone));
    }
    crate::search::kept(words)
}

/// The customer's entries in the dealer's word index, moved from the words it had.
fn word_ops(before: &[String], c: &Customer) -> Result<Vec<WriteOp>> {
    crate::search::entry_ops(
        &keys::customer_words_partition(&c.dealer_id),
        keys::CUSTOMER_WORDS,
        c.id.as_str(),
        before,
        &words(c),
        &CustomerSummary::from(c),
    )
}

/// The writes of a new customer: the customer (its id free), its line in the list and its
/// words in the search index.
pub(crate) fn create_ops(c: &Customer) -> Result<Vec<WriteOp>> {
    let mut ops = vec![WriteOp::put_if(item(c)?, Cond::NotExists), index_op(c)?];
    ops.extend(word_ops(&[], c)?);
    Ok(ops)
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

/// The writes of `c` over the customer as read, with its list line and its words.
/// `bump`: a change (the version moves); otherwise only the same-version guard.
pub(crate) fn replace_ops(read: &Customer, c: &mut Customer, bump: bool) -> Result<Vec<WriteOp>> {
    let read_version = read.version;
    let (pk, sk) = keys::customer(&c.dealer_id, &c.id);
    let op = if bump {
        crate::commit::put_versioned(&pk, &sk, read_version, c)?
    } else {
        WriteOp::put_if(
            Item::from_record(&pk, &sk, c)?,
            Cond::AttrEquals("version".into(), read_version.into()),
        )
    };
    let mut ops = vec![op, index_op(c)?];
    ops.extend(word_ops(&words(read), c)?);
    Ok(ops)
}

/// One page of the dealer's customers.
pub async fn list(
    app: &App,
    dealer: &DealerId,
    page: PageRequest,
) -> Result<Listing<CustomerSummary>> {
    let pk = keys::customer_index_partition(dealer);
    Listing::from_page(app.store.query(&pk, "", page).await?)
}

/// Writes the customer's word entries as the customer is now, on the condition it does not
/// change meanwhile (read again and retried when it did). For customers stored before the
/// index existed; running it twice writes the same entries. `false`: the customer is gone.
pub(crate) async fn write_words(app: &App, dealer: &DealerId, id: &CustomerId) -> Result<bool> {
    for _ in 0..3 {
        let c = match load(app, dealer, id).await {
            Ok(c) => c,
            Err(Error::NotFound(_)) => return Ok(false),
            Err(e) => return Err(e),
        };
        let (pk, sk) = keys::customer(dealer, id);
        let mut ops = vec![WriteOp::Check {
            pk,
            sk,
            cond: Cond::AttrEquals("version".into(), c.version.into()),
        }];
        ops.extend(word_ops(&[], &c)?);
        match app.store.transact(ops).await {
            Ok(()) => return Ok(true),
            Err(StoreError::ConditionFailed { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Conflict(format!(
        "customer {id} kept changing while it was indexed; run it again"
    )))
}

/// One page of the dealer's customers every token starts a word of (at most `max_scanned`
/// index entries read).
pub async fn search(
    app: &App,
    dealer: &DealerId,
    tokens: &[String],
    page: PageRequest,
    max_scanned: usize,
) -> Result<Listing<CustomerSummary>> {
    let pk = keys::customer_words_partition(dealer);
    crate::search::find(
        app,
        &pk,
        &[keys::CUSTOMER_WORDS],
        tokens,
        page,
        max_scanned,
        |_| true,
    )
    .await
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
