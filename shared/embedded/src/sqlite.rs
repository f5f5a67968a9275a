//! The embedded item store: one SQLite file, one table shaped like the DynamoDB table.
//!
//! Conditions are evaluated in Rust inside an immediate (write-locked) transaction, with the
//! same `cond_holds` that defines the semantics, so both backends agree by construction.
//! SQLite compares TEXT bytewise, as DynamoDB compares string keys, so sort orders match.

use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use casebridge_core::ports::item_store::{check_item, check_transaction, cond_holds, cursor};
use casebridge_core::ports::{
    Clock, Cond, Item, ItemStore, Order, Page, PageRequest, StoreError, WriteOp,
};

pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    clock: Arc<dyn Clock>,
}

fn unavailable(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(format!("sqlite: {e}"))
}

impl SqliteStore {
    /// Opens (creating if needed) the database file.
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(unavailable)?;
        }
        Self::with_connection(Connection::open(path).map_err(unavailable)?, clock)
    }

    /// A private in-memory database (tests).
    pub fn in_memory(clock: Arc<dyn Clock>) -> Result<Self, StoreError> {
        Self::with_connection(Connection::open_in_memory().map_err(unavailable)?, clock)
    }

    fn with_connection(conn: Connection, clock: Arc<dyn Clock>) -> Result<Self, StoreError> {
        // WAL lets the dev CLI read while the server writes; the busy timeout makes the
        // two processes wait for each other instead of failing.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(unavailable)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(unavailable)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS items (
                pk   TEXT NOT NULL,
                sk   TEXT NOT NULL,
                ttl  INTEGER,
                data TEXT NOT NULL,
                PRIMARY KEY (pk, sk)
            ) WITHOUT ROWID;",
        )
        .map_err(unavailable)?;
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            clock,
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection, i64) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = self.conn.clone();
        let now = self.clock.now().as_second();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| unavailable("connection poisoned"))?;
            f(&mut guard, now)
        })
        .await
        .map_err(unavailable)?
    }
}

fn read_row(conn: &Connection, pk: &str, sk: &str, now: i64) -> Result<Option<Item>, StoreError> {
    let row: Option<(Option<i64>, String)> = conn
        .query_row(
            "SELECT ttl, data FROM items WHERE pk = ?1 AND sk = ?2",
            params![pk, sk],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(unavailable)?;
    match row {
        None => Ok(None),
        Some((ttl, data)) => {
            let item = to_item(pk.to_string(), sk.to_string(), ttl, &data)?;
            Ok((!item.is_expired(now)).then_some(item))
        }
    }
}

fn to_item(pk: String, sk: String, ttl: Option<i64>, data: &str) -> Result<Item, StoreError> {
    let attrs = serde_json::from_str(data).map_err(|e| StoreError::Codec(e.to_string()))?;
    Ok(Item { pk, sk, ttl, attrs })
}

fn write_row(conn: &Connection, item: &Item) -> Result<(), StoreError> {
    let data = serde_json::to_string(&item.attrs).map_err(|e| StoreError::Codec(e.to_string()))?;
    conn.execute(
        "INSERT INTO items (pk, sk, ttl, data) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (pk, sk) DO UPDATE SET ttl = excluded.ttl, data = excluded.data",
        params![item.pk, item.sk, item.ttl, data],
    )
    .map_err(unavailable)?;
    Ok(())
}

/// A page's query: `?1` pk, `?2` prefix, `?3` now, `?4` the cursor's key (or NULL), `?5`
/// the limit, `?6` the prefix followed by U+10FFFF. The range lets SQLite seek the key index
/// to the prefix and stop after it (a prefix test alone walks the whole partition); no key
/// holds U+10FFFF.
fn query_sql(order: Order, after: bool) -> String {
    let (cmp, dir) = match order {
        Order::Ascending => (">", "ASC"),
        Order::Descending => ("<", "DESC"),
    };
    let after_clause = match after {
        true => format!("AND sk {cmp} ?4"),
        false => "AND ?4 IS NULL".to_string(),
    };
    format!(
        "SELECT sk, ttl, data FROM items
         WHERE pk = ?1 AND sk >= ?2 AND sk < ?6 AND substr(sk, 1, length(?2)) = ?2
           AND (ttl IS NULL OR ttl > ?3) {after_clause}
         ORDER BY sk {dir} LIMIT ?5"
    )
}

#[async_trait]
impl ItemStore for SqliteStore {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let (pk, sk) = (pk.to_string(), sk.to_string());
        self.run(move |conn, now| read_row(conn, &pk, &sk, now))
            .await
    }

    async fn put(&self, item: Item, cond: Cond) -> Result<(), StoreError> {
        check_item(&item)?;
        self.run(move |conn, now| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(unavailable)?;
            let current = read_row(&tx, &item.pk, &item.sk, now)?;
            if !cond_holds(&cond, current.as_ref()) {
                return Err(StoreError::ConditionFailed { op: None });
            }
            write_row(&tx, &item)?;
            tx.commit().map_err(unavailable)
        })
        .await
    }

    async fn query(
        &self,
        pk: &str,
        sk_prefix: &str,
        page: PageRequest,
    ) -> Result<Page, StoreError> {
        if page.limit == 0 {
            return Err(StoreError::Invalid("a page holds at least one item".into()));
        }
        let after = page
            .after
            .as_deref()
            .map(|c| cursor::decode(c, sk_prefix))
            .transpose()?;
        let (pk, prefix) = (pk.to_string(), sk_prefix.to_string());
        let past_prefix = format!("{prefix}\u{10FFFF}");
        self.run(move |conn, now| {
            let sql = query_sql(page.order, after.is_some());
            let mut stmt = conn.prepare_cached(&sql).map_err(unavailable)?;
            let rows = stmt
                .query_map(
                    params![pk, prefix, now, after, (page.limit + 1) as i64, past_prefix],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, Option<i64>>(1)?,
                            r.get::<_, String>(2)?,
                        ))
                    },
                )
                .map_err(unavailable)?;
            let mut items = Vec::new();
            for row in rows {
                let (sk, ttl, data) = row.map_err(unavailable)?;
                items.push(to_item(pk.clone(), sk, ttl, &data)?);
            }
            let more = items.len() > page.limit;
            items.truncate(page.limit);
            let next = if more {
                items.last().map(|i| cursor::encode(&i.sk))
            } else {
                None
            };
            Ok(Page { items, next })
        })
        .await
    }

    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        check_transaction(&ops)?;
        for op in &ops {
            if let WriteOp::Put { item, .. } = op {
                check_item(item)?;
            }
        }
        self.run(move |conn, now| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(unavailable)?;
            for (i, op) in ops.iter().enumerate() {
                let (pk, sk) = op.key();
                let current = read_row(&tx, pk, sk, now)?;
                if !cond_holds(op.cond(), current.as_ref()) {
                    // Dropping `tx` rolls back; nothing was written yet anyway.
                    return Err(StoreError::ConditionFailed { op: Some(i) });
                }
            }
            for op in &ops {
                match op {
                    WriteOp::Put { item, .. } => write_row(&tx, item)?,
                    WriteOp::Delete { pk, sk, .. } => {
                        tx.execute(
                            "DELETE FROM items WHERE pk = ?1 AND sk = ?2",
                            params![pk, sk],
                        )
                        .map_err(unavailable)?;
                    }
                    WriteOp::Check { .. } => {}
                }
            }
            tx.commit().map_err(unavailable)
        })
        .await
    }
}
