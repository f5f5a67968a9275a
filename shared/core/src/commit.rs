//! Every state change goes the same way: read what is there, decide what to write (a pure
//! function of what was read), write it in one transaction together with the events it
//! raises (the outbox), start over from the read when another writer got there first, and
//! publish the events once the write stands. [`commit`] owns that loop, so a service is a
//! read, a `decide_*` function that tests call without a backend, and a [`Plan`].
//!
//! A lost race is a failed condition (or DynamoDB's `TransactionConflict`); the round is
//! re-read and decided again, at most `ATTEMPTS` times, then the caller gets 409. A
//! condition whose failure is an answer rather than a race (the case does not exist) is
//! declared with `Plan::refuse_if_fails`.

use std::future::Future;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::events::{self, DomainEvent};
use crate::ports::{Cond, Item, StoreError, WriteOp};
use crate::App;

/// Rounds before a write that keeps losing races gives up with 409.
pub(crate) const ATTEMPTS: usize = 5;

/// What one round decided to write, and what the caller gets once it is written.
pub struct Plan<T> {
    ops: Vec<WriteOp>,
    events: Vec<DomainEvent>,
    outcome: T,
    /// Operations whose failed condition is an answer, not a lost race.
    refusals: Vec<(usize, Error)>,
}

impl<T> Plan<T> {
    pub fn new(outcome: T) -> Self {
        Plan {
            ops: Vec::new(),
            events: Vec::new(),
            outcome,
            refusals: Vec::new(),
        }
    }

    pub fn write(mut self, op: WriteOp) -> Self {
        self.ops.push(op);
        self
    }

    pub fn writes(mut self, ops: impl IntoIterator<Item = WriteOp>) -> Self {
        self.ops.extend(ops);
        self
    }

    /// Raises an event: its outbox item is written with the plan, and it is published after.
    pub(crate) fn raise(mut self, event: DomainEvent) -> Self {
        self.events.push(event);
        self
    }

    /// If the condition of the operation added last fails, answer `error` instead of retrying.
    pub(crate) fn refuse_if_fails(mut self, error: Error) -> Self {
        if let Some(last) = self.ops.len().checked_sub(1) {
            self.refusals.push((last, error));
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty() && self.events.is_empty()
    }
}

/// One round's decision.
pub enum Round<T> {
    /// Nothing to write (already done, a repeat): answer this.
    Done(T),
    Write(Plan<T>),
}

/// Runs `round` (read, decide, plan) until its plan is written, at most `ATTEMPTS` times;
/// `what` names the record in the 409 that ends a losing streak ("case c-1").
pub async fn commit<T, F, Fut>(app: &App, what: &str, mut round: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Round<T>>>,
{
    for _ in 0..ATTEMPTS {
        let plan = match round().await? {
            Round::Done(outcome) => return Ok(outcome),
            Round::Write(plan) => plan,
        };
        match write(app, plan).await? {
            Written::Yes(outcome) => return Ok(outcome),
            Written::LostRace => continue,
        }
    }
    Err(Error::Conflict(format!(
        "{what} is being changed by someone else; try again"
    )))
}

/// Writes one plan without retrying (a lost race is a 409 for the caller).
pub(crate) async fn commit_once<T>(app: &App, what: &str, plan: Plan<T>) -> Result<T> {
    match write(app, plan).await? {
        Written::Yes(outcome) => Ok(outcome),
        Written::LostRace => Err(Error::Conflict(format!(
            "{what} is being changed by someone else; try again"
        ))),
    }
}

enum Written<T> {
    Yes(T),
    LostRace,
}

async fn write<T>(app: &App, plan: Plan<T>) -> Result<Written<T>> {
    let Plan {
        mut ops,
        events: raised,
        outcome,
        mut refusals,
    } = plan;
    for event in &raised {
        ops.push(events::outbox_op(event)?);
    }
    if !ops.is_empty() {
        match app.store.transact(ops).await {
            Ok(()) => {}
            Err(StoreError::ConditionFailed { op: Some(i) }) => {
                return match refusals.iter().position(|(at, _)| *at == i) {
                    Some(r) => Err(refusals.swap_remove(r).1),
                    None => Ok(Written::LostRace),
                };
            }
            Err(StoreError::ConditionFailed { op: None } | StoreError::Conflict) => {
                return Ok(Written::LostRace)
            }
            Err(e) => return Err(e.into()),
        }
    }
    events::deliver(app, &raised).await;
    Ok(Written::Yes(outcome))
}

/// Records what follows an effect that cannot be taken back (a text sent, a message posted
/// to Prokeep): a store hiccup is retried here, a few times, because a retry of the whole
/// unit would repeat the effect.
pub(crate) async fn after_effect<T, F, Fut>(mut record: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let mut attempt = 0u32;
    loop {
        match record().await {
            Err(e) if e.is_retryable() && attempt < 2 => {
                tracing::warn!(error = %e, "recording after a sent message failed; trying again");
                tokio::time::sleep(std::time::Duration::from_millis(50 << attempt)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Records with an optimistic-concurrency counter.
pub trait Versioned {
    fn version(&self) -> u64;
    fn set_version(&mut self, v: u64);
}

/// The write of a changed versioned record: on condition nobody wrote it since `read`.
pub(crate) fn put_versioned<T: Serialize + Versioned>(
    pk: &str,
    sk: &str,
    read_version: u64,
    record: &mut T,
) -> Result<WriteOp> {
    record.set_version(read_version + 1);
    Ok(WriteOp::put_if(
        Item::from_record(pk, sk, record)?,
        Cond::AttrEquals("version".into(), read_version.into()),
    ))
}

/// Applies `change` to the versioned record at (`pk`, `sk`) until the write wins; `what`
/// names the record in errors ("customer c-1").
pub async fn update<T, F>(app: &App, pk: &str, sk: &str, what: &str, change: F) -> Result<T>
where
    T: Serialize + DeserializeOwned + Versioned + Clone,
    F: Fn(&mut T) -> Result<()>,
{
    let change = &change;
    commit(app, what, || async move {
        let mut record: T = app
            .store
            .get(pk, sk)
            .await?
            .ok_or_else(|| Error::not_found(what))?
            .record()?;
        let read = record.version();
        change(&mut record)?;
        let op = put_versioned(pk, sk, read, &mut record)?;
        Ok(Round::Write(Plan::new(record).write(op)))
    })
    .await
}
