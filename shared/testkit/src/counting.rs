//! What an operation costs: a store that counts its reads and keeps what each write touched,
//! and a blob store that counts its PUTs. Wrap the App's, run the operation, read the counts.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use casebridge_core::ports::{
    BlobKey, BlobStore, BlobVersion, Cond, Item, ItemStore, Page, PageRequest, StoreError,
    StoredBlob, WriteOp,
};
use casebridge_core::App;

/// Counts reads; keeps the sort keys each write touched (a put is a write of one).
pub struct CountingStore {
    inner: Arc<dyn ItemStore>,
    gets: AtomicUsize,
    queries: AtomicUsize,
    writes: Mutex<Vec<Vec<String>>>,
    partitions: Mutex<std::collections::BTreeSet<String>>,
}

impl CountingStore {
    /// Wraps `app`'s store, and puts the counting one in its place.
    pub fn wrap(app: &mut App) -> Arc<Self> {
        let counting = Arc::new(CountingStore {
            inner: app.store.clone(),
            gets: AtomicUsize::new(0),
            queries: AtomicUsize::new(0),
            writes: Mutex::new(Vec::new()),
            partitions: Mutex::default(),
        });
        app.store = counting.clone();
        counting
    }

    pub fn gets(&self) -> usize {
        self.gets.load(Ordering::SeqCst)
    }

    pub fn queries(&self) -> usize {
        self.queries.load(Ordering::SeqCst)
    }

    /// The sort keys of each write, in order.
    pub fn writes(&self) -> Vec<Vec<String>> {
        self.writes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Every partition key written since the last reset.
    pub fn partitions(&self) -> std::collections::BTreeSet<String> {
        self.partitions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Starts counting again from zero.
    pub fn reset(&self) {
        self.partitions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.gets.store(0, Ordering::SeqCst);
        self.queries.store(0, Ordering::SeqCst);
        self.writes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    fn wrote_to(&self, pks: impl IntoIterator<Item = String>) {
        self.partitions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(pks);
    }

    fn wrote(&self, keys: Vec<String>) {
        self.writes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(keys);
    }
}

#[async_trait]
impl ItemStore for CountingStore {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        self.gets.fetch_add(1, Ordering::SeqCst);
        self.inner.get(pk, sk).await
    }
    async fn put(&self, item: Item, cond: Cond) -> Result<(), StoreError> {
        self.wrote(vec![item.sk.clone()]);
        self.wrote_to([item.pk.clone()]);
        self.inner.put(item, cond).await
    }
    async fn query(&self, pk: &str, prefix: &str, page: PageRequest) -> Result<Page, StoreError> {
        self.queries.fetch_add(1, Ordering::SeqCst);
        self.inner.query(pk, prefix, page).await
    }
    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        self.wrote(ops.iter().map(|o| o.key().1.to_string()).collect());
        self.wrote_to(ops.iter().map(|o| o.key().0.to_string()));
        self.inner.transact(ops).await
    }
}

/// Counts PUTs.
pub struct CountingBlobs {
    inner: Arc<dyn BlobStore>,
    puts: AtomicUsize,
}

impl CountingBlobs {
    /// Wraps `app`'s blob store, and puts the counting one in its place.
    pub fn wrap(app: &mut App) -> Arc<Self> {
        let counting = Arc::new(CountingBlobs {
            inner: app.blobs.clone(),
            puts: AtomicUsize::new(0),
        });
        app.blobs = counting.clone();
        counting
    }

    pub fn puts(&self) -> usize {
        self.puts.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl BlobStore for CountingBlobs {
    async fn put(&self, key: &BlobKey, bytes: Vec<u8>, ct: &str) -> Result<String, StoreError> {
        self.puts.fetch_add(1, Ordering::SeqCst);
        self.inner.put(key, bytes, ct).await
    }
    async fn get(&self, key: &BlobKey, v: Option<&str>) -> Result<Option<StoredBlob>, StoreError> {
        self.inner.get(key, v).await
    }
    async fn versions(&self, key: &BlobKey) -> Result<Vec<BlobVersion>, StoreError> {
        self.inner.versions(key).await
    }
    async fn download_url(
        &self,
        key: &BlobKey,
        v: Option<&str>,
        name: &str,
        expires: std::time::Duration,
    ) -> Result<String, StoreError> {
        self.inner.download_url(key, v, name, expires).await
    }
    async fn inline_url(
        &self,
        key: &BlobKey,
        v: &str,
        e: std::time::Duration,
    ) -> Result<String, StoreError> {
        self.inner.inline_url(key, v, e).await
    }
    async fn upload_url(
        &self,
        key: &BlobKey,
        e: std::time::Duration,
    ) -> Result<String, StoreError> {
        self.inner.upload_url(key, e).await
    }
    async fn delete(&self, key: &BlobKey) -> Result<(), StoreError> {
        self.inner.delete(key).await
    }
    fn link_origin(&self) -> Option<String> {
        self.inner.link_origin()
    }
}
