//! One page of a list as the API answers it, read from the item store a page at a time.

use super::{Order, Page, PageRequest};
use crate::{App, Result};

/// One page of a list, as the API answers it: `{"items": [...], "nextPage": "..."|null}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// Pass as `page` to read the next page; `null` on the last page.
    pub next_page: Option<String>,
}

impl<T: serde::de::DeserializeOwned> Listing<T> {
    pub(crate) fn from_page(page: Page) -> Result<Self> {
        let items = page
            .items
            .iter()
            .map(|i| i.record())
            .collect::<std::result::Result<Vec<T>, _>>()?;
        Ok(Listing {
            items,
            next_page: page.next,
        })
    }
}

impl<T: serde::de::DeserializeOwned> Listing<T> {
    /// One page of the records under `prefix` of `pk` that `keep` accepts (a search the
    /// store cannot index). The store is asked for no more than the page still lacks, so
    /// its cursor is always exactly where the next page goes on from; at most `max_scanned`
    /// records are read for one page (a page may then come back short, with a cursor).
    pub(crate) async fn scan(
        app: &App,
        pk: &str,
        prefix: &str,
        page: PageRequest,
        max_scanned: usize,
        mut keep: impl FnMut(&T) -> bool,
    ) -> Result<Self> {
        let (limit, mut scanned, mut cursor) = (page.limit, 0, page.after.clone());
        let mut items = Vec::new();
        loop {
            let want = PageRequest {
                limit: limit - items.len(),
                order: page.order,
                after: cursor.clone(),
            };
            let batch = app.store.query(pk, prefix, want).await?;
            scanned += batch.items.len();
            for item in &batch.items {
                let record: T = item.record()?;
                if keep(&record) {
                    items.push(record);
                }
            }
            cursor = batch.next;
            if items.len() >= limit || cursor.is_none() || scanned >= max_scanned {
                return Ok(Listing {
                    items,
                    next_page: cursor,
                });
            }
        }
    }
}

impl<T> Listing<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Listing<U> {
        Listing {
            items: self.items.into_iter().map(f).collect(),
            next_page: self.next_page,
        }
    }
}

/// Every record under `prefix` of `pk`, oldest first, 100 a read (for the short lists a case
/// or a thread keeps: its parts requests, the cases a thread is on).
pub async fn read_all<T: serde::de::DeserializeOwned>(
    app: &App,
    pk: &str,
    prefix: &str,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    let mut page = PageRequest::first(100, Order::Ascending);
    loop {
        let found = app.store.query(pk, prefix, page.clone()).await?;
        for item in &found.items {
            out.push(item.record()?);
        }
        match found.next {
            Some(next) => page.after = Some(next),
            None => return Ok(out),
        }
    }
}

/// The records of a queue kept in time order (sort keys `<time>#…`, as
/// `crate::keys::sortable` writes times) that are due by `now`, oldest first in each shard,
/// at most 100 a run (the next run takes the rest), each with the delete that clears it.
pub(crate) async fn due_by<T: serde::de::DeserializeOwned>(
    app: &App,
    queue: crate::keys::Queue,
    now: jiff::Timestamp,
) -> Result<Vec<(T, super::WriteOp)>> {
    const PER_RUN: usize = 100;
    let now = crate::keys::sortable(now);
    let mut due = Vec::new();
    for pk in queue.partitions() {
        if due.len() >= PER_RUN {
            break;
        }
        let page = PageRequest::first(PER_RUN - due.len(), Order::Ascending);
        let items = app.store.query(&pk, "", page).await?.items;
        for item in items
            .iter()
            // Due at its time, to the second (the key goes on past the time).
            .filter(|i| i.sk.split('#').next().is_some_and(|at| at <= now.as_str()))
        {
            due.push((item.record()?, super::WriteOp::delete(&pk, item.sk.clone())));
        }
    }
    Ok(due)
}
