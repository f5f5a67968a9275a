//! The photos' records: one item per photo, beside its estimate.

use super::model::{LinePhoto, PhotoState};
use crate::error::{Error, Result};
use crate::ids::{CaseId, DealerId, EstimateId, PhotoId};
use crate::keys;
use crate::ports::{Cond, Item, Order, PageRequest, StoreError, WriteOp};
use crate::App;

fn photo_item(dealer: &DealerId, p: &LinePhoto) -> Result<Item> {
    let (pk, sk) = keys::estimate_photo(dealer, &p.case_id, &p.estimate_id, &p.id);
    Ok(Item::from_record(pk, sk, p)?)
}

/// Records a photo the advisor is about to upload (its id is new).
pub(crate) async fn add_photo(app: &App, dealer: &DealerId, p: &LinePhoto) -> Result<()> {
    app.store
        .put(photo_item(dealer, p)?, Cond::NotExists)
        .await?;
    Ok(())
}

pub(crate) async fn load_photo(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    photo: &PhotoId,
) -> Result<Option<LinePhoto>> {
    let (pk, sk) = keys::estimate_photo(dealer, case_id, estimate_id, photo);
    Ok(match app.store.get(&pk, &sk).await? {
        Some(item) => Some(item.record()?),
        None => None,
    })
}

/// Every photo of an estimate, oldest first (a line keeps at most a few, an estimate at
/// most a hundred lines).
pub(crate) async fn estimate_photos(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    estimate_id: &EstimateId,
) -> Result<Vec<LinePhoto>> {
    let pk = keys::case_partition(dealer, case_id);
    let prefix = keys::estimate_photos_prefix(estimate_id);
    let mut photos = Vec::new();
    let mut page = PageRequest::first(100, Order::Ascending);
    loop {
        let found = app.store.query(&pk, &prefix, page.clone()).await?;
        for item in &found.items {
            photos.push(item.record()?);
        }
        match found.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    photos.sort_by_key(|p: &LinePhoto| p.added_at);
    Ok(photos)
}

/// Writes a checked photo over its waiting record; `false` when another check settled it
/// first (or it was removed).
pub(crate) async fn settle_photo(app: &App, dealer: &DealerId, p: &LinePhoto) -> Result<bool> {
    let waiting =
        serde_json::to_value(PhotoState::Waiting).map_err(|e| Error::Internal(e.to_string()))?;
    match app
        .store
        .put(
            photo_item(dealer, p)?,
            Cond::AttrEquals("state".into(), waiting),
        )
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn remove_photo(app: &App, dealer: &DealerId, p: &LinePhoto) -> Result<()> {
    let (pk, sk) = keys::estimate_photo(dealer, &p.case_id, &p.estimate_id, &p.id);
    app.store.transact(vec![WriteOp::delete(pk, sk)]).await?;
    Ok(())
}
