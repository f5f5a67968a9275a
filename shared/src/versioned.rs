//! Optimistic concurrency for records with a `version` attribute: read, change, write on
//! condition that nobody wrote in between, and start over if somebody did.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ports::{Cond, Item, StoreError};
use crate::App;

/// How many times a lost race is re-read and retried before the caller gets 409.
pub const ATTEMPTS: usize = 3;

pub trait Versioned {
    fn version(&self) -> u64;
    fn set_version(&mut self, v: u64);
}

/// Applies `change` to the record at (`pk`, `sk`) until the write wins; `what` names the
/// record in errors ("customer c-1").
pub async fn update<T, F>(app: &App, pk: &str, sk: &str, what: &str, mut change: F) -> Result<T>
where
    T: Serialize + DeserializeOwned + Versioned,
    F: FnMut(&mut T) -> Result<()>,
{
    for _ in 0..ATTEMPTS {
        let item = app
            .store
            .get(pk, sk)
            .await?
            .ok_or_else(|| Error::not_found(what))?;
        let mut record: T = item.record()?;
        let old = record.version();
        change(&mut record)?;
        record.set_version(old + 1);
        let write = Item::from_record(pk, sk, &record)?;
        match app
            .store
            .put(write, Cond::AttrEquals("version".into(), old.into()))
            .await
        {
            Ok(()) => return Ok(record),
            Err(StoreError::ConditionFailed { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Conflict(format!(
        "{what} is being changed by someone else; try again"
    )))
}
