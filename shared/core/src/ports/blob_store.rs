//! The blob store: versioned files (attachments, transcript PDFs, estimate photos). Keys
//! always start with the dealer.

use async_trait::async_trait;

use super::StoreError;
use crate::ids::DealerId;

/// A blob's key. Only constructible under a dealer, so one dealer's file can never be
/// addressed with another dealer's key by accident.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BlobKey(String);

impl BlobKey {
    /// `dealers/<dealer>/<path>`; `path` segments are restricted to a safe alphabet.
    pub fn for_dealer(dealer: &DealerId, path: &[&str]) -> Result<Self, StoreError> {
        let mut key = format!("dealers/{}", dealer.as_str());
        for seg in path {
            let ok = !seg.is_empty()
                && *seg != "."
                && *seg != ".."
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !ok {
                return Err(StoreError::Invalid(format!(
                    "unsafe blob key segment {seg:?}"
                )));
            }
            key.push('/');
            key.push_str(seg);
        }
        Ok(BlobKey(key))
    }

    /// Rebuilds a key read back from the store; checks it still belongs to `dealer`.
    pub fn parse_for(dealer: &DealerId, raw: &str) -> Result<Self, StoreError> {
        let prefix = format!("dealers/{}/", dealer.as_str());
        let rest = raw
            .strip_prefix(&prefix)
            .ok_or_else(|| StoreError::Invalid("blob key of another dealer".into()))?;
        let segs: Vec<&str> = rest.split('/').collect();
        Self::for_dealer(dealer, &segs)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BlobVersion {
    pub version_id: String,
    pub size: u64,
    pub last_modified: jiff::Timestamp,
    pub is_latest: bool,
}

#[derive(Debug, Clone)]
pub struct StoredBlob {
    pub bytes: Vec<u8>,
    pub content_type: String,
    pub version_id: String,
}

#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores a new version; the previous ones stay readable. Returns the new version id.
    async fn put(
        &self,
        key: &BlobKey,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<String, StoreError>;
    /// The latest version, or the named one. `None` if the key (or version) does not exist.
    async fn get(
        &self,
        key: &BlobKey,
        version: Option<&str>,
    ) -> Result<Option<StoredBlob>, StoreError>;
    /// Every version, newest first.
    async fn versions(&self, key: &BlobKey) -> Result<Vec<BlobVersion>, StoreError>;
    /// A URL a browser can fetch the version from until `expires_in` has passed.
    async fn download_url(
        &self,
        key: &BlobKey,
        version: Option<&str>,
        file_name: &str,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError>;
    /// A URL a browser can show the version from (inline, as an image) until `expires_in`.
    async fn inline_url(
        &self,
        key: &BlobKey,
        version: &str,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError>;
    /// A URL a client can `PUT` one file to, with its own `content-type`, until `expires_in`
    /// has passed (S3's presigned PUT). Nothing is checked on the way in: whoever handed it
    /// out checks what arrived.
    async fn upload_url(
        &self,
        key: &BlobKey,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError>;
    /// Removes every version of `key` (nothing there is not an error).
    async fn delete(&self, key: &BlobKey) -> Result<(), StoreError>;
    /// The origin the links it hands out point at, when it is not the page's own (a page
    /// that shows them as images allows it in its policy).
    fn link_origin(&self) -> Option<String> {
        None
    }
}
