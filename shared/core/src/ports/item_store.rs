//! The item store: a single-table key/value store with sorted keys.
//!
//! Semantics both backends honour (and the conformance suite checks):
//! - an item whose `ttl` (unix seconds) is in the past is invisible to `get` and `query`,
//!   and counts as absent for `Cond::NotExists` (DynamoDB deletes expired items lazily, so
//!   the adapters must not rely on the deletion having happened);
//! - `query` returns items of one partition whose sort key starts with a prefix, in sort-key
//!   order, `limit` at a time, with an opaque cursor that is `None` exactly when nothing is left;
//! - `transact` applies all operations or none; a failed condition names the operation.

use async_trait::async_trait;
use serde_json::{Map, Value};

/// One stored item: partition key, sort key, optional expiry, and its attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub pk: String,
    pub sk: String,
    /// Unix seconds after which the item no longer exists.
    pub ttl: Option<i64>,
    /// The item's own attributes (never `pk`, `sk` or `ttl`).
    pub attrs: Map<String, Value>,
}

impl Item {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>, attrs: Map<String, Value>) -> Self {
        Item {
            pk: pk.into(),
            sk: sk.into(),
            ttl: None,
            attrs,
        }
    }

    /// Builds an item from any serialisable record (it must serialise to a JSON object).
    pub(crate) fn from_record<T: serde::Serialize>(
        pk: impl Into<String>,
        sk: impl Into<String>,
        record: &T,
    ) -> Result<Self, StoreError> {
        match serde_json::to_value(record).map_err(|e| StoreError::Codec(e.to_string()))? {
            Value::Object(attrs) => Ok(Item::new(pk, sk, attrs)),
            _ => Err(StoreError::Codec(
                "a record must serialise to an object".into(),
            )),
        }
    }

    pub fn with_ttl(mut self, ttl: i64) -> Self {
        self.ttl = Some(ttl);
        self
    }

    /// Reads the attributes back as a record.
    pub fn record<T: serde::de::DeserializeOwned>(&self) -> Result<T, StoreError> {
        serde_json::from_value(Value::Object(self.attrs.clone()))
            .map_err(|e| StoreError::Codec(format!("{} {}: {e}", self.pk, self.sk)))
    }

    pub fn is_expired(&self, now: i64) -> bool {
        self.ttl.is_some_and(|t| t <= now)
    }
}

/// A condition on the current state of one item, checked atomically with the write.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// No condition.
    Always,
    /// The item does not exist (or has expired).
    NotExists,
    /// The item exists (and has not expired).
    Exists,
    /// The item exists and its attribute equals this value (optimistic concurrency on a
    /// version counter, or a state guard). Values must be strings, numbers or booleans.
    AttrEquals(String, Value),
}

/// One write in a transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOp {
    Put { item: Item, cond: Cond },
    Delete { pk: String, sk: String, cond: Cond },
    Check { pk: String, sk: String, cond: Cond },
}

impl WriteOp {
    pub fn put(item: Item) -> Self {
        WriteOp::Put {
            item,
            cond: Cond::Always,
        }
    }
    pub fn put_if(item: Item, cond: Cond) -> Self {
        WriteOp::Put { item, cond }
    }
    pub fn delete(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        WriteOp::Delete {
            pk: pk.into(),
            sk: sk.into(),
            cond: Cond::Always,
        }
    }
    pub fn key(&self) -> (&str, &str) {
        match self {
            WriteOp::Put { item, .. } => (&item.pk, &item.sk),
            WriteOp::Delete { pk, sk, .. } | WriteOp::Check { pk, sk, .. } => (pk, sk),
        }
    }
    pub fn cond(&self) -> &Cond {
        match self {
            WriteOp::Put { cond, .. }
            | WriteOp::Delete { cond, .. }
            | WriteOp::Check { cond, .. } => cond,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Ascending,
    Descending,
}

/// Which page of a query to read.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRequest {
    pub limit: usize,
    pub order: Order,
    /// The `next` of the previous page.
    pub after: Option<String>,
}

/// A page a client asks for when it names no size.
pub(crate) const DEFAULT_PAGE_SIZE: usize = 25;
/// The largest page a client may ask for.
pub(crate) const MAX_PAGE_SIZE: usize = 100;

impl PageRequest {
    /// The page a client asked for (`limit`, and the `page` cursor of the previous answer);
    /// a size outside 1..=100 is refused naming `limit`.
    pub fn asked(
        limit: Option<usize>,
        after: Option<String>,
        order: Order,
    ) -> crate::Result<PageRequest> {
        let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            return Err(crate::Error::bad_field(
                "limit",
                format!("must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        Ok(PageRequest {
            limit,
            order,
            after,
        })
    }

    pub fn first(limit: usize, order: Order) -> Self {
        PageRequest {
            limit,
            order,
            after: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    /// Cursor for the following page; `None` when this page is the last.
    pub next: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A condition did not hold. In a transaction, `op` is the index of the failed operation.
    #[error("condition failed{}", .op.map(|i| format!(" on operation {i}")).unwrap_or_default())]
    ConditionFailed { op: Option<usize> },
    /// Another writer touched the same items at the same time; safe to retry.
    #[error("conflicting concurrent write")]
    Conflict,
    #[error("bad paging cursor")]
    BadCursor,
    #[error("item codec: {0}")]
    Codec(String),
    #[error("invalid request to the store: {0}")]
    Invalid(String),
    /// The backend failed (network, throttling, disk). Retrying later may succeed.
    #[error("store unavailable: {0}")]
    Unavailable(String),
}

/// The one storage port. Keys are built by `crate::keys`, which always starts a dealer's
/// partition with the dealer id.
#[async_trait]
pub trait ItemStore: Send + Sync {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError>;
    async fn put(&self, item: Item, cond: Cond) -> Result<(), StoreError>;
    async fn query(&self, pk: &str, sk_prefix: &str, page: PageRequest)
        -> Result<Page, StoreError>;
    /// All or nothing; at most 100 operations, each on a distinct key.
    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError>;
}

/// Shared validation (for the adapters) so both refuse the same malformed transactions.
pub fn check_transaction(ops: &[WriteOp]) -> Result<(), StoreError> {
    if ops.is_empty() || ops.len() > 100 {
        return Err(StoreError::Invalid(format!(
            "a transaction holds 1 to 100 operations, not {}",
            ops.len()
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for op in ops {
        if !seen.insert(op.key()) {
            let (pk, sk) = op.key();
            return Err(StoreError::Invalid(format!(
                "two operations on the same item {pk} {sk}"
            )));
        }
    }
    Ok(())
}

/// The adapters keep `pk`, `sk` and `ttl` as their own columns; an item may not reuse them.
pub fn check_item(item: &Item) -> Result<(), StoreError> {
    match ["pk", "sk", "ttl"]
        .iter()
        .find(|r| item.attrs.contains_key(**r))
    {
        Some(reserved) => Err(StoreError::Invalid(format!(
            "attribute {reserved:?} is reserved"
        ))),
        None => Ok(()),
    }
}

/// Whether `cond` holds for the current (already TTL-filtered) item.
pub fn cond_holds(cond: &Cond, current: Option<&Item>) -> bool {
    match cond {
        Cond::Always => true,
        Cond::NotExists => current.is_none(),
        Cond::Exists => current.is_some(),
        Cond::AttrEquals(name, want) => current.and_then(|i| i.attrs.get(name)) == Some(want),
    }
}

/// Cursors are the last sort key returned, so a cursor can only ever move within the
/// partition the caller already asked for.
pub mod cursor {
    use super::StoreError;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    pub fn encode(last_sk: &str) -> String {
        URL_SAFE_NO_PAD.encode(last_sk.as_bytes())
    }

    pub fn decode(cursor: &str, sk_prefix: &str) -> Result<String, StoreError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(cursor)
            .map_err(|_| StoreError::BadCursor)?;
        let sk = String::from_utf8(bytes).map_err(|_| StoreError::BadCursor)?;
        if !sk.starts_with(sk_prefix) {
            return Err(StoreError::BadCursor);
        }
        Ok(sk)
    }
}
