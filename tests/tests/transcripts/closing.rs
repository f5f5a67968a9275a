//! Closing a thread: its draft replaced by the final PDF, whatever order the close and the
//! attach arrive in, racing or not.

use super::*;

async fn closing_a_thread_replaces_its_draft_by_the_final_pdf(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let (_, draft) = attach(&b.app, "t1", &case, thread("open", &["hello"])).await;
    let draft_bytes = b
        .app
        .blobs
        .get(
            &BlobKey::for_dealer(
                &DealerId::parse("d1").unwrap(),
                &["cases", &case, "threads", "t1.pdf"],
            )
            .unwrap(),
            None,
        )
        .await
        .unwrap()
        .unwrap()
        .bytes;
    // When the thread closes with its final snapshot
    let (s, closed) = close(&b.app, "t1", thread("closed", &["hello", "bye"])).await;
    assert_eq!(s, 200, "{closed}");
    // Then the same attachment is final, version 2, and the draft is the older S3 version
    let att = &closed["attachments"][0];
    assert_eq!(
        (
            att["id"].clone(),
            att["state"].as_str(),
            att["version"].as_u64()
        ),
        (draft["id"].clone(), Some("final"), Some(2))
    );
    let versions = pdf_versions(&b.app, &case, "t1").await;
    assert_eq!(versions.len(), 2);
    let key = BlobKey::for_dealer(
        &DealerId::parse("d1").unwrap(),
        &["cases", &case, "threads", "t1.pdf"],
    )
    .unwrap();
    assert_eq!(
        b.app
            .blobs
            .get(&key, Some(&versions[1].version_id))
            .await
            .unwrap()
            .unwrap()
            .bytes,
        draft_bytes
    );
    assert!(b.events.kinds().contains(&"attachment.replaced"));
    // A second close changes nothing; a later attach of the open snapshot keeps it final
    let (s, _) = close(&b.app, "t1", thread("closed", &["hello", "bye", "late"])).await;
    assert_eq!(s, 200);
    let (_, later) = attach(&b.app, "t1", &case, thread("open", &["hello"])).await;
    assert_eq!(
        (later["state"].as_str(), later["version"].as_u64()),
        (Some("final"), Some(2))
    );
    assert_eq!(pdf_versions(&b.app, &case, "t1").await.len(), 2);
    let list = attachments(&b.app, &case).await;
    assert_eq!((list.len(), list[0]["state"].as_str()), (1, Some("final")));
}

async fn a_close_before_the_attach_makes_the_attach_final_directly(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let (s, c) = close(&b.app, "t9", thread("closed", &["done"])).await;
    assert_eq!(
        (s, c["attachments"].as_array().map(Vec::len)),
        (200, Some(0))
    );
    let (s, a) = attach(&b.app, "t9", &case, thread("open", &["done"])).await;
    assert_eq!(
        (s, a["state"].as_str(), a["version"].as_u64()),
        (201, Some("final"), Some(1))
    );
    assert_eq!(pdf_versions(&b.app, &case, "t9").await.len(), 1);
}

/// Holds the first transcript PUT until released, so a close can land between an
/// attach's PUT and its transaction.
struct GatedBlobs {
    inner: Arc<dyn BlobStore>,
    reached: Notify,
    release: Notify,
    armed: std::sync::atomic::AtomicBool,
}

#[async_trait]
impl BlobStore for GatedBlobs {
    async fn put(&self, key: &BlobKey, bytes: Vec<u8>, ct: &str) -> Result<String, StoreError> {
        let v = self.inner.put(key, bytes, ct).await;
        if key.as_str().ends_with(".pdf")
            && self.armed.swap(false, std::sync::atomic::Ordering::SeqCst)
        {
            self.reached.notify_one();
            self.release.notified().await;
        }
        v
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
        n: &str,
        e: std::time::Duration,
    ) -> Result<String, StoreError> {
        self.inner.download_url(key, v, n, e).await
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

async fn a_close_that_lands_inside_an_attach_still_ends_with_one_final_pdf(mut b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let gate = Arc::new(GatedBlobs {
        inner: b.app.blobs.clone(),
        reached: Notify::new(),
        release: Notify::new(),
        armed: true.into(),
    });
    b.app.blobs = gate.clone();
    let app = b.app.clone();
    let c = case.clone();
    // Given an attach that has stored its draft PDF but not yet recorded it
    let attaching =
        tokio::spawn(async move { attach(&app, "t5", &c, thread("open", &["hi"])).await });
    gate.reached.notified().await;
    // When the close arrives and completes in between
    let (s, closed) = close(&b.app, "t5", thread("closed", &["hi", "bye"])).await;
    assert_eq!(s, 200, "{closed}");
    gate.release.notify_one();
    // Then the attach notices, and the case ends with the final PDF only
    let (s, a) = attaching.await.unwrap();
    assert_eq!((s, a["state"].as_str()), (201, Some("final")), "{a}");
    let list = attachments(&b.app, &case).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["state"], "final");
}

async fn attaches_and_closes_racing_end_with_exactly_one_final_pdf_per_case_and_thread(
    b: TestBackend,
) {
    seed_dealers(&b.app).await;
    let cases = [
        new_case(&b.app, "d1", "A").await,
        new_case(&b.app, "d1", "B").await,
    ];
    for round in 0..4 {
        let thread_id = format!("race-{round}");
        let (a1, a2, c1, c2) = tokio::join!(
            attach(&b.app, &thread_id, &cases[0], thread("open", &["x"])),
            attach(&b.app, &thread_id, &cases[1], thread("open", &["x"])),
            close(&b.app, &thread_id, thread("closed", &["x", "y"])),
            close(&b.app, &thread_id, thread("closed", &["x", "y"])),
        );
        for (s, body) in [a1, a2, c1, c2] {
            assert!(s == 200 || s == 201, "{s} {body}");
        }
        for case in &cases {
            let mine: Vec<Value> = attachments(&b.app, case)
                .await
                .into_iter()
                .filter(|a| a["threadId"] == thread_id.as_str())
                .collect();
            assert_eq!(mine.len(), 1, "round {round}: {mine:?}");
            assert_eq!(mine[0]["state"], "final", "round {round}");
        }
    }
}

casebridge_testkit::on_every_backend!(
    closing_a_thread_replaces_its_draft_by_the_final_pdf,
    a_close_before_the_attach_makes_the_attach_final_directly,
    a_close_that_lands_inside_an_attach_still_ends_with_one_final_pdf,
    attaches_and_closes_racing_end_with_exactly_one_final_pdf_per_case_and_thread,
);
