//! The activity's records: one partition per dealer, sorted by time, each item kept once by
//! its id and forgotten after 90 days.

use super::Activity;
use crate::error::Result;
use crate::ids::DealerId;
use crate::keys;
use crate::ports::{Cond, Item, PageRequest, StoreError, WriteOp};
use crate::{App, Listing};

const KEPT_SECS: i64 = 90 * 24 * 3600;

pub(super) async fn keep(app: &App, dealer: &DealerId, a: &Activity) -> Result<()> {
    let (pk, sk) = keys::activity(dealer, a.at, &a.id);
    let item = Item::from_record(pk, sk, a)?.with_ttl(a.at.as_second() + KEPT_SECS);
    match app
        .store
        .transact(vec![WriteOp::put_if(item, Cond::NotExists)])
        .await
    {
        // Kept already (the same event delivered again).
        Ok(()) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// A page, newest first, stopping at `since`.
pub(super) async fn newest(
    app: &App,
    dealer: &DealerId,
    since: Option<jiff::Timestamp>,
    page: PageRequest,
) -> Result<Listing<Activity>> {
    let pk = keys::activity_partition(dealer);
    let found = app.store.query(&pk, "", page).await?;
    let mut listing: Listing<Activity> = Listing::from_page(found)?;
    if let Some(since) = since {
        let before = listing.items.len();
        listing.items.retain(|a| a.at >= since);
        if listing.items.len() < before {
            listing.next_page = None; // older ones were reached: nothing newer follows
        }
    }
    Ok(listing)
}
