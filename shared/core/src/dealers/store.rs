//! The dealers' and OEMs' records: a dealer (settings, secrets' ids, versioned), an OEM, the
//! OEM's list of its dealers, and which dealer a texting number belongs to.

use super::{Dealer, DealerId, Oem};
use crate::error::{Error, Result};
use crate::ids::OemId;
use crate::keys;
use crate::ports::{Cond, Item, Page, PageRequest, StoreError, WriteOp};
use crate::App;

pub async fn load(app: &App, dealer: &DealerId) -> Result<Dealer> {
    let (pk, sk) = keys::dealer(dealer);
    match app.store.get(&pk, &sk).await? {
        Some(item) => Ok(item.record()?),
        None => Err(Error::not_found(format!("dealer {dealer}"))),
    }
}

pub async fn load_oem(app: &App, oem_id: &OemId) -> Result<Oem> {
    let (pk, sk) = keys::oem(oem_id);
    match app.store.get(&pk, &sk).await? {
        Some(item) => Ok(item.record()?),
        None => Err(Error::not_found(format!("OEM {oem_id}"))),
    }
}

/// Changes the dealer as it is now (re-read and re-applied on a lost race).
pub async fn update(
    app: &App,
    dealer: &DealerId,
    change: impl Fn(&mut Dealer) -> Result<()>,
) -> Result<Dealer> {
    let (pk, sk) = keys::dealer(dealer);
    crate::commit::update(app, &pk, &sk, &format!("dealer {dealer}"), change).await
}

/// The write of `after` over the dealer as read (at `read_version`).
pub(crate) fn replace_op(read_version: u64, after: &mut Dealer) -> Result<WriteOp> {
    let (pk, sk) = keys::dealer(&after.id);
    crate::commit::put_versioned(&pk, &sk, read_version, after)
}

/// A new OEM; 409 when its id is taken.
pub async fn create_oem(app: &App, oem: &Oem) -> Result<()> {
    let (pk, sk) = keys::oem(&oem.id);
    match app
        .store
        .put(Item::from_record(pk, sk, oem)?, Cond::NotExists)
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => {
            Err(Error::Conflict(format!("OEM {} exists already", oem.id)))
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes an OEM that exists.
pub(crate) async fn save_oem(app: &App, oem: &Oem) -> Result<()> {
    let (pk, sk) = keys::oem(&oem.id);
    Ok(app
        .store
        .put(Item::from_record(pk, sk, oem)?, Cond::Exists)
        .await?)
}

/// A new dealer, in its OEM's list; 409 when its id is taken.
pub async fn create(app: &App, dealer: &Dealer) -> Result<()> {
    let (pk, sk) = keys::dealer(&dealer.id);
    let (lpk, lsk) = keys::oem_dealer(&dealer.oem_id, &dealer.id);
    match app
        .store
        .transact(vec![
            WriteOp::put_if(Item::from_record(pk, sk, dealer)?, Cond::NotExists),
            WriteOp::put(Item::new(lpk, lsk, serde_json::Map::new())),
        ])
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => Err(Error::Conflict(format!(
            "dealer {} exists already",
            dealer.id
        ))),
        Err(e) => Err(e.into()),
    }
}

/// One page of the ids of an OEM's dealers.
pub(crate) async fn oem_dealer_ids(
    app: &App,
    oem_id: &OemId,
    page: PageRequest,
) -> Result<(Vec<DealerId>, Option<String>)> {
    let (pk, _) = keys::oem(oem_id);
    let Page { items, next } = app.store.query(&pk, keys::OEM_DEALER_PREFIX, page).await?;
    let ids = items
        .iter()
        .filter_map(|link| link.sk.strip_prefix(keys::OEM_DEALER_PREFIX))
        .map(DealerId::parse)
        .collect::<Result<_>>()?;
    Ok((ids, next))
}

/// The dealer a texting number belongs to (inbound SMS arrive with no dealer).
pub(crate) async fn number_owner(app: &App, number: &str) -> Result<Option<DealerId>> {
    let (pk, sk) = keys::number_owner(number);
    Ok(app
        .store
        .get(&pk, &sk)
        .await?
        .and_then(|i| {
            i.attrs
                .get("dealerId")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
        .and_then(|d| DealerId::parse(&d).ok()))
}

fn owner_item(dealer: &DealerId, number: &str) -> Item {
    let (pk, sk) = keys::number_owner(number);
    let mut owner = serde_json::Map::new();
    owner.insert("dealerId".into(), dealer.as_str().into());
    Item::new(pk, sk, owner)
}

/// The writes that give `number` to the dealer (only if no other dealer has it) and free the
/// number it had.
pub(crate) fn number_change_ops(
    dealer: &DealerId,
    number: &str,
    old: Option<&str>,
) -> Vec<WriteOp> {
    let mut ops = vec![WriteOp::put_if(owner_item(dealer, number), Cond::NotExists)];
    if let Some(old) = old {
        let (pk, sk) = keys::number_owner(old);
        // The old number was this dealer's (its record says so).
        ops.push(WriteOp::Delete {
            pk,
            sk,
            cond: Cond::Always,
        });
    }
    ops
}

/// Writes a dealer as given with its number and its OEM's list entry (seeding, tests);
/// `false` when it was stored exactly so already.
pub async fn seed(app: &App, dealer: &Dealer) -> Result<bool> {
    if let Some(n) = &dealer.sms_origination_number {
        app.store
            .put(owner_item(&dealer.id, n), Cond::Always)
            .await?;
    }
    let (lpk, lsk) = keys::oem_dealer(&dealer.oem_id, &dealer.id);
    app.store
        .put(Item::new(lpk, lsk, serde_json::Map::new()), Cond::Always)
        .await?;
    put_unless_same(app, keys::dealer(&dealer.id), dealer).await
}

/// Writes an OEM as given (seeding, tests); `false` when it was stored exactly so already.
pub async fn seed_oem(app: &App, oem: &Oem) -> Result<bool> {
    put_unless_same(app, keys::oem(&oem.id), oem).await
}

/// Writes `record` at `key` unless it is stored exactly so already; answers whether it wrote.
async fn put_unless_same<T>(app: &App, (pk, sk): keys::Key, record: &T) -> Result<bool>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq,
{
    if let Some(existing) = app.store.get(&pk, &sk).await? {
        if existing.record::<T>()? == *record {
            return Ok(false);
        }
    }
    app.store
        .put(Item::from_record(pk, sk, record)?, Cond::Always)
        .await?;
    Ok(true)
}
