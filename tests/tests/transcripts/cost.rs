//! What an attach costs in the store and the blob store.

use super::*;

/// Counts what an operation costs in writes.
struct Counting {
    store: Arc<dyn casebridge_core::ports::ItemStore>,
    blobs: Arc<dyn BlobStore>,
    transactions: std::sync::Mutex<Vec<Vec<String>>>,
    puts: std::sync::atomic::AtomicUsize,
}

#[async_trait]
impl casebridge_core::ports::ItemStore for Counting {
    async fn get(
        &self,
        pk: &str,
        sk: &str,
    ) -> Result<Option<casebridge_core::ports::Item>, StoreError> {
        self.store.get(pk, sk).await
    }
    async fn put(
        &self,
        item: casebridge_core::ports::Item,
        cond: casebridge_core::ports::Cond,
    ) -> Result<(), StoreError> {
        self.transactions
            .lock()
            .unwrap()
            .push(vec![format!("put {}", item.sk)]);
        self.store.put(item, cond).await
    }
    async fn query(
        &self,
        pk: &str,
        p: &str,
        page: casebridge_core::ports::PageRequest,
    ) -> Result<casebridge_core::ports::Page, StoreError> {
        self.store.query(pk, p, page).await
    }
    async fn transact(&self, ops: Vec<casebridge_core::ports::WriteOp>) -> Result<(), StoreError> {
        self.transactions
            .lock()
            .unwrap()
            .push(ops.iter().map(|o| o.key().1.to_string()).collect());
        self.store.transact(ops).await
    }
}

#[async_trait]
impl BlobStore for Counting {
    async fn put(&self, key: &BlobKey, bytes: Vec<u8>, ct: &str) -> Result<String, StoreError> {
        self.puts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.blobs.put(key, bytes, ct).await
    }
    async fn get(&self, key: &BlobKey, v: Option<&str>) -> Result<Option<StoredBlob>, StoreError> {
        self.blobs.get(key, v).await
    }
    async fn versions(&self, key: &BlobKey) -> Result<Vec<BlobVersion>, StoreError> {
        self.blobs.versions(key).await
    }
    async fn download_url(
        &self,
        key: &BlobKey,
        v: Option<&str>,
        n: &str,
        e: std::time::Duration,
    ) -> Result<String, StoreError> {
        self.blobs.download_url(key, v, n, e).await
    }
}

#[tokio::test]
async fn one_attach_costs_one_pdf_put_and_one_transaction() {
    let mut b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let counting = Arc::new(Counting {
        store: b.app.store.clone(),
        blobs: b.app.blobs.clone(),
        transactions: Default::default(),
        puts: 0.into(),
    });
    b.app.store = counting.clone();
    b.app.blobs = counting.clone();
    let (s, _) = attach(&b.app, "t1", &case, thread("open", &["hi"])).await;
    assert_eq!(s, 201);
    assert_eq!(
        counting.puts.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "one S3 PUT"
    );
    let writes = counting.transactions.lock().unwrap().clone();
    // The attach's one transaction, then the outbox clean-up once the event is out
    assert_eq!(writes.len(), 2, "{writes:?}");
    assert!(
        writes[0].iter().any(|sk| sk == "ATT#thread-t1") && writes[0].len() == 4,
        "{writes:?}"
    );
    assert_eq!(writes[1].len(), 1, "outbox clean-up: {writes:?}");
}
