//! Idempotency: a unit of work keyed by the caller's idempotency key runs once, with the
//! semantics of Powertools for AWS Lambda's idempotency utility.
//!
//! - The key is taken by one conditional put of an **in-progress** record whose expiry is
//!   the time the work may still take (the invocation's remaining time). The record's TTL
//!   is that expiry, so a holder that died (timeout, `kill -9`) stops holding the key when
//!   it passes, and the store's "absent or expired" condition lets the next attempt in.
//! - Work that succeeds turns the record **completed**, with its result, for the record's
//!   lifetime (24 hours for an HTTP `Idempotency-Key`, the provider's redelivery window for
//!   events); a repeat with the same payload answers that result, one with another payload
//!   is refused (409).
//! - Work that fails **releases** the key (deletes the record), so the retry can run. The
//!   release and the completion are conditional on the holder's lock id, so a holder that
//!   outlived its expiry cannot clobber the one that took over.
//! - A repeat while the work is in progress is told so ([`Claim::InProgress`]): an HTTP
//!   caller gets 409 "retry shortly", an event consumer fails retryably.
//!
//! The variant for work that is itself one store transaction (the parts callbacks) writes
//! the completed record inside that transaction (`completed_op`) after looking for a
//! saved result ([`saved`]): then there is no in-progress state at all.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::ids::DealerId;
pub use crate::keys::{IdempotencyScope, Key};
use crate::ports::{Cond, Item, StoreError, WriteOp};
use crate::App;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    InProgress,
    Completed,
}

/// The stored record of one key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Record {
    status: Status,
    /// SHA-256 of what the key was first used with.
    payload_sha256: String,
    /// Who holds (or completed) the key.
    lock: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    result: Option<serde_json::Value>,
}

/// SHA-256 (hex) of a payload, as the record keeps it.
/// The key of one unit of work of `scope` for the dealer (any text: it is hashed).
pub fn key(dealer: &DealerId, scope: IdempotencyScope, unit: &str) -> Key {
    crate::keys::idempotency(dealer, scope, unit)
}

pub fn payload_hash(payload: &[u8]) -> String {
    hex::encode(Sha256::digest(payload))
}

/// How long the work may take and how long its result is kept.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// The in-progress expiry: the time left to do the work (the invocation's remaining
    /// time; never less than a second).
    pub in_progress: std::time::Duration,
    /// How long a completed result answers repeats.
    pub keep: std::time::Duration,
}

/// What claiming a key found.
pub enum Claim<T> {
    /// This call holds the key: do the work, then [`Guard::complete`] or [`Guard::release`].
    Fresh(Guard),
    /// The work was done before with this payload: its result.
    Done(T),
    /// Another call is doing the work now.
    InProgress,
}

/// The key, held.
pub struct Guard {
    key: Key,
    lock: String,
    payload_sha256: String,
    keep: std::time::Duration,
}

fn conflict(what: &str) -> Error {
    Error::Conflict(format!(
        "{what} was already used with a different request; use a new key for a new request"
    ))
}

fn saved_result<T: DeserializeOwned>(
    record: Record,
    payload_sha256: &str,
    what: &str,
) -> Result<Option<T>> {
    if record.status != Status::Completed {
        return Ok(None);
    }
    if record.payload_sha256 != payload_sha256 {
        return Err(conflict(what));
    }
    let value = record.result.unwrap_or(serde_json::Value::Null);
    serde_json::from_value(value)
        .map(Some)
        .map_err(|e| Error::Internal(format!("saved result of {what}: {e}")))
}

/// Takes `key` for work on `payload_sha256`, or says why not. `what` names the key in
/// errors ("Idempotency-Key abc").
pub async fn claim<T: DeserializeOwned>(
    app: &App,
    key: Key,
    payload_sha256: &str,
    window: Window,
    what: &str,
) -> Result<Claim<T>> {
    let lock = app.ids.new_id();
    let now = app.clock.now().as_second();
    let in_progress = (window.in_progress.as_secs().max(1)) as i64;
    let record = Record {
        status: Status::InProgress,
        payload_sha256: payload_sha256.to_string(),
        lock: lock.clone(),
        result: None,
    };
    // Absent, expired, or released between our put and our read: try again a little.
    for _ in 0..3 {
        let item = Item::from_record(&key.0, &key.1, &record)?.with_ttl(now + in_progress);
        match app.store.put(item, Cond::NotExists).await {
            Ok(()) => {
                return Ok(Claim::Fresh(Guard {
                    key,
                    lock,
                    payload_sha256: payload_sha256.to_string(),
                    keep: window.keep,
                }))
            }
            Err(StoreError::ConditionFailed { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        let Some(existing) = app.store.get(&key.0, &key.1).await? else {
            continue;
        };
        let existing: Record = existing.record()?;
        if existing.status == Status::InProgress {
            if existing.payload_sha256 != payload_sha256 {
                return Err(conflict(what));
            }
            return Ok(Claim::InProgress);
        }
        if let Some(result) = saved_result(existing, payload_sha256, what)? {
            return Ok(Claim::Done(result));
        }
    }
    Ok(Claim::InProgress)
}

impl Guard {
    fn completed_item<T: Serialize>(&self, app: &App, result: &T) -> Result<Item> {
        let record = Record {
            status: Status::Completed,
            payload_sha256: self.payload_sha256.clone(),
            // Not the holder's lock: a release after a completion whose answer was lost
            // must not delete the completed record.
            lock: format!("{}+done", self.lock),
            result: Some(serde_json::to_value(result).map_err(|e| Error::Internal(e.to_string()))?),
        };
        let ttl = app.clock.now().as_second() + self.keep.as_secs() as i64;
        Ok(Item::from_record(&self.key.0, &self.key.1, &record)?.with_ttl(ttl))
    }

    /// The completion as a write, for work that commits in a transaction of its own: it
    /// holds only while this guard still holds the key.
    pub(crate) fn completion_op<T: Serialize>(&self, app: &App, result: &T) -> Result<WriteOp> {
        Ok(WriteOp::put_if(
            self.completed_item(app, result)?,
            Cond::AttrEquals("lock".into(), self.lock.clone().into()),
        ))
    }

    /// The work succeeded: repeats answer `result` from now on.
    pub async fn complete<T: Serialize>(&self, app: &App, result: &T) -> Result<()> {
        let item = self.completed_item(app, result)?;
        match app
            .store
            .put(
                item,
                Cond::AttrEquals("lock".into(), self.lock.clone().into()),
            )
            .await
        {
            Ok(()) => Ok(()),
            // Our hold expired and another attempt took the key: its record stands.
            Err(StoreError::ConditionFailed { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The work failed: the key is free for the retry.
    pub async fn release(self, app: &App) -> Result<()> {
        let op = WriteOp::Delete {
            pk: self.key.0,
            sk: self.key.1,
            cond: Cond::AttrEquals("lock".into(), self.lock.into()),
        };
        match app.store.transact(vec![op]).await {
            Ok(()) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// What [`once`] answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Once<T> {
    pub value: T,
    /// True when this is the saved result of an earlier call.
    pub repeated: bool,
}

/// Runs `work` once per key (Powertools' decorator): a repeat answers the saved result, a
/// repeat during the work is `in_progress` (the caller's error: 409 over HTTP, retryable
/// for an event), a failure releases the key.
pub async fn once<T, F, Fut>(
    app: &App,
    key: Key,
    payload_sha256: &str,
    window: Window,
    what: &str,
    in_progress: impl FnOnce() -> Error,
    work: F,
) -> Result<Once<T>>
where
    T: Serialize + DeserializeOwned,
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let guard = match claim(app, key, payload_sha256, window, what).await? {
        Claim::Done(value) => {
            return Ok(Once {
                value,
                repeated: true,
            })
        }
        Claim::InProgress => return Err(in_progress()),
        Claim::Fresh(guard) => guard,
    };
    match work().await {
        Ok(value) => {
            guard.complete(app, &value).await?;
            Ok(Once {
                value,
                repeated: false,
            })
        }
        Err(e) => {
            if let Err(release) = guard.release(app).await {
                tracing::warn!(error = %release, "idempotency key not released; it frees itself at its expiry");
            }
            Err(e)
        }
    }
}

/// For work that is one store transaction: the saved result of `key`, if the work was done
/// (another payload under the same key is a conflict).
pub async fn saved<T: DeserializeOwned>(
    app: &App,
    key: &Key,
    payload_sha256: &str,
    what: &str,
) -> Result<Option<T>> {
    match app.store.get(&key.0, &key.1).await? {
        Some(item) => saved_result(item.record()?, payload_sha256, what),
        None => Ok(None),
    }
}

/// For work that is one store transaction: the completed record to write in it, on
/// condition nobody wrote one first (then the transaction fails and the retry finds it).
pub(crate) fn completed_op<T: Serialize>(
    app: &App,
    key: &Key,
    payload_sha256: &str,
    result: &T,
    keep: std::time::Duration,
) -> Result<WriteOp> {
    let record = Record {
        status: Status::Completed,
        payload_sha256: payload_sha256.to_string(),
        lock: app.ids.new_id(),
        result: Some(serde_json::to_value(result).map_err(|e| Error::Internal(e.to_string()))?),
    };
    let ttl = app.clock.now().as_second() + keep.as_secs() as i64;
    Ok(WriteOp::put_if(
        Item::from_record(&key.0, &key.1, &record)?.with_ttl(ttl),
        Cond::NotExists,
    ))
}
