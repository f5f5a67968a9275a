//! Blob store scenarios. Each runs unchanged on a local directory and on S3 (moto).

use std::future::Future;
use std::pin::Pin;

use casebridge_core::dealers::DealerId;
use casebridge_core::ports::{BlobKey, BlobStore};

/// Fetches a download URL the way a browser would (differs per backend).
pub type Fetch<'a> = &'a (dyn Fn(String) -> Pin<Box<dyn Future<Output = Vec<u8>> + Send>> + Sync);

fn key(dealer: &str, name: &str) -> BlobKey {
    BlobKey::for_dealer(&DealerId::parse(dealer).unwrap(), &["cases", "c1", name]).unwrap()
}

pub async fn a_second_put_keeps_the_first_as_an_older_version(
    blobs: &dyn BlobStore,
    _f: Fetch<'_>,
) {
    // Given a draft transcript
    let k = key("d1", "transcript.pdf");
    let v1 = blobs
        .put(&k, b"draft".to_vec(), "application/pdf")
        .await
        .unwrap();
    // When the final one replaces it
    let v2 = blobs
        .put(&k, b"final!".to_vec(), "application/pdf")
        .await
        .unwrap();
    assert_ne!(v1, v2);
    // Then the latest is the final one and the draft is still readable by version
    let latest = blobs.get(&k, None).await.unwrap().unwrap();
    assert_eq!(latest.bytes, b"final!");
    assert_eq!(latest.version_id, v2);
    assert_eq!(latest.content_type, "application/pdf");
    assert_eq!(
        blobs.get(&k, Some(&v1)).await.unwrap().unwrap().bytes,
        b"draft"
    );
    let versions = blobs.versions(&k).await.unwrap();
    let ids: Vec<&str> = versions.iter().map(|v| v.version_id.as_str()).collect();
    assert_eq!(ids, vec![v2.as_str(), v1.as_str()], "newest first");
    assert!(versions[0].is_latest && !versions[1].is_latest);
    assert_eq!((versions[0].size, versions[1].size), (6, 5));
}

pub async fn a_missing_blob_reads_as_none(blobs: &dyn BlobStore, _f: Fetch<'_>) {
    let k = key("d1", "never.pdf");
    assert!(blobs.get(&k, None).await.unwrap().is_none());
    assert!(blobs.versions(&k).await.unwrap().is_empty());
    // A key that merely extends another is a different blob
    blobs
        .put(&key("d1", "a.pdf.old"), b"x".to_vec(), "text/plain")
        .await
        .unwrap();
    assert!(blobs
        .versions(&key("d1", "a.pdf"))
        .await
        .unwrap()
        .is_empty());
}

pub async fn a_download_link_serves_the_exact_version(blobs: &dyn BlobStore, fetch: Fetch<'_>) {
    let k = key("d1", "t.pdf");
    let v1 = blobs
        .put(&k, b"version one".to_vec(), "application/pdf")
        .await
        .unwrap();
    blobs
        .put(&k, b"version two".to_vec(), "application/pdf")
        .await
        .unwrap();
    let url = blobs
        .download_url(
            &k,
            Some(&v1),
            "Transcript 1.pdf",
            std::time::Duration::from_secs(60),
        )
        .await
        .unwrap();
    assert_eq!(fetch(url).await, b"version one");
}

pub async fn keys_belong_to_one_dealer(_blobs: &dyn BlobStore, _f: Fetch<'_>) {
    let d1 = DealerId::parse("d1").unwrap();
    let d2 = DealerId::parse("d2").unwrap();
    let k = BlobKey::for_dealer(&d1, &["cases", "c1", "x.pdf"]).unwrap();
    assert!(BlobKey::parse_for(&d1, k.as_str()).is_ok());
    assert!(
        BlobKey::parse_for(&d2, k.as_str()).is_err(),
        "d2 cannot address d1's file"
    );
    assert!(BlobKey::for_dealer(&d1, &["..", "d2"]).is_err());
    assert!(BlobKey::for_dealer(&d1, &["a/b"]).is_err());
}

pub async fn a_view_link_shows_one_version_and_removing_a_blob_removes_them_all(
    blobs: &dyn BlobStore,
    fetch: Fetch<'_>,
) {
    // Given a photo uploaded twice under one key
    let k = key("d1", "photo");
    let first = blobs
        .put(&k, b"first".to_vec(), "image/jpeg")
        .await
        .unwrap();
    blobs
        .put(&k, b"second".to_vec(), "image/png")
        .await
        .unwrap();
    // Then a view link to the first version serves the first, whatever came after
    let url = blobs
        .inline_url(&k, &first, std::time::Duration::from_secs(300))
        .await
        .unwrap();
    assert_eq!(fetch(url).await, b"first");
    // When it is removed
    blobs.delete(&k).await.unwrap();
    // Then no version is left, and removing it again is not an error
    assert!(blobs.versions(&k).await.unwrap().is_empty());
    assert!(blobs.get(&k, Some(&first)).await.unwrap().is_none());
    blobs.delete(&k).await.unwrap();
}
