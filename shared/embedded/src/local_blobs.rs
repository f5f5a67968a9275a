//! The blob store in a local directory, versioned like S3:
//! `<root>/<key>/<version>.bin` with `<version>.json` beside it (content type, time).
//! Version ids are zero-padded counters, so name order is age order.
//!
//! Download URLs point at the local server (`/_local/blobs/...`) and are signed with an
//! expiry, the way S3 presigned URLs are, so a link cannot be forged or used forever. Upload
//! URLs (`/_local/uploads/...`, S3's presigned PUT) are signed the same way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use casebridge_core::ports::{BlobKey, BlobStore, BlobVersion, Clock, StoreError, StoredBlob};

pub const DOWNLOAD_PATH: &str = "/_local/blobs/";
pub const UPLOAD_PATH: &str = "/_local/uploads/";

pub struct LocalBlobs {
    root: PathBuf,
    base_url: String,
    secret: Vec<u8>,
    clock: Arc<dyn Clock>,
    write_lock: tokio::sync::Mutex<()>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Meta {
    content_type: String,
    created_at: jiff::Timestamp,
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Unavailable(format!("local blobs: {e}"))
}

fn is_version_id(v: &str) -> bool {
    v.len() == 10 && v.chars().all(|c| c.is_ascii_digit())
}

impl LocalBlobs {
    /// `base_url` is where the local server listens, e.g. `http://127.0.0.1:3000`.
    pub fn new(
        root: impl Into<PathBuf>,
        base_url: impl Into<String>,
        secret: Vec<u8>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        LocalBlobs {
            root: root.into(),
            base_url: base_url.into(),
            secret,
            clock,
            write_lock: tokio::sync::Mutex::new(()),
        }
    }

    fn dir(&self, key: &BlobKey) -> PathBuf {
        self.root.join(key.as_str())
    }

    fn link_mac(&self, key: &str, version: &str, expires: i64) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(format!("{key}\n{version}\n{expires}").as_bytes());
        mac
    }

    /// A signed link to one version, served inline (a download adds `&name=`).
    fn download_link(
        &self,
        key: &BlobKey,
        version: &str,
        expires_in: std::time::Duration,
    ) -> String {
        let expires = self.clock.now().as_second() + expires_in.as_secs() as i64;
        let sig = hex::encode(
            self.link_mac(key.as_str(), version, expires)
                .finalize()
                .into_bytes(),
        );
        format!(
            "{}{DOWNLOAD_PATH}{}?version={version}&expires={expires}&sig={sig}",
            self.base_url,
            key.as_str()
        )
    }

    /// What a signed download link serves (the link as handed out, or its path and query):
    /// its signature (constant-time) and expiry checked, then the version read. `None`
    /// when the file is gone.
    pub async fn open_link(&self, link: &str) -> Result<Option<StoredBlob>, StoreError> {
        let refused = || StoreError::Invalid("bad link signature".into());
        let (key, q) = parse_link(link, DOWNLOAD_PATH)?;
        let version = q.get("version").ok_or_else(refused)?;
        let expires = expires_of(&q)?;
        let tag = hex::decode(q.get("sig").ok_or_else(refused)?).map_err(|_| refused())?;
        self.link_mac(&key, version, expires)
            .verify_slice(&tag)
            .map_err(|_| refused())?;
        if self.clock.now().as_second() > expires {
            return Err(StoreError::Invalid("the link has expired".into()));
        }
        if !is_version_id(version) {
            return Ok(None);
        }
        read_version(&self.root.join(key_of(&key)?.as_str()), version).await
    }

    fn upload_mac(&self, key: &str, expires: i64) -> Hmac<Sha256> {
        // Another message than a download's, so neither signature stands for the other.
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(format!("PUT\n{key}\n{expires}").as_bytes());
        mac
    }

    /// Stores what an upload link's `PUT` carried (the link as handed out, or its path and
    /// query), as S3 would: the link's signature (constant-time) and expiry are checked,
    /// nothing else. Returns the blob's key.
    pub async fn accept_upload(
        &self,
        link: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<BlobKey, StoreError> {
        let refused = || StoreError::Invalid("bad upload link signature".into());
        let (raw_key, q) = parse_link(link, UPLOAD_PATH)?;
        let expires = expires_of(&q)?;
        let tag = hex::decode(q.get("sig").ok_or_else(refused)?).map_err(|_| refused())?;
        self.upload_mac(&raw_key, expires)
            .verify_slice(&tag)
            .map_err(|_| refused())?;
        if self.clock.now().as_second() > expires {
            return Err(StoreError::Invalid("the upload link has expired".into()));
        }
        let key = key_of(&raw_key)?;
        self.put(&key, bytes, content_type).await?;
        Ok(key)
    }
}

type LinkQuery = std::collections::HashMap<String, String>;

/// The raw key and the query of a link to `route` (`/_local/blobs/` or `/_local/uploads/`).
fn parse_link(link: &str, route: &str) -> Result<(String, LinkQuery), StoreError> {
    let (path, query) = link.split_once('?').unwrap_or((link, ""));
    let key = path
        .split_once(route)
        .map(|(_, k)| k.to_string())
        .ok_or_else(|| StoreError::Invalid(format!("not a {route} link")))?;
    Ok((
        key,
        form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect(),
    ))
}

fn expires_of(q: &LinkQuery) -> Result<i64, StoreError> {
    q.get("expires")
        .and_then(|e| e.parse().ok())
        .ok_or_else(|| StoreError::Invalid("the link has no expiry".into()))
}

/// A raw key this store signed (`dealers/<dealer>/...`), checked again segment by segment.
fn key_of(raw: &str) -> Result<BlobKey, StoreError> {
    let invalid = || StoreError::Invalid(format!("not a blob key: {raw:?}"));
    let rest = raw.strip_prefix("dealers/").ok_or_else(invalid)?;
    let (dealer, _) = rest.split_once('/').ok_or_else(invalid)?;
    let dealer = casebridge_core::ids::DealerId::parse(dealer).map_err(|_| invalid())?;
    BlobKey::parse_for(&dealer, raw)
}

async fn read_version(dir: &Path, version: &str) -> Result<Option<StoredBlob>, StoreError> {
    let bytes = match tokio::fs::read(dir.join(format!("{version}.bin"))).await {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    let meta: Meta = serde_json::from_slice(
        &tokio::fs::read(dir.join(format!("{version}.json")))
            .await
            .map_err(io)?,
    )
    .map_err(|e| StoreError::Codec(e.to_string()))?;
    Ok(Some(StoredBlob {
        bytes,
        content_type: meta.content_type,
        version_id: version.to_string(),
    }))
}

async fn version_ids(dir: &Path) -> Result<Vec<String>, StoreError> {
    let mut ids = Vec::new();
    let mut rd = match tokio::fs::read_dir(dir).await {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ids),
        Err(e) => return Err(io(e)),
    };
    while let Some(entry) = rd.next_entry().await.map_err(io)? {
        let name = entry.file_name().to_string_lossy().to_string();
        if let Some(v) = name.strip_suffix(".json") {
            if is_version_id(v) {
                ids.push(v.to_string());
            }
        }
    }
    ids.sort_by(|a, b| b.cmp(a));
    Ok(ids)
}

#[async_trait]
impl BlobStore for LocalBlobs {
    async fn put(
        &self,
        key: &BlobKey,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<String, StoreError> {
        let _guard = self.write_lock.lock().await;
        let dir = self.dir(key);
        tokio::fs::create_dir_all(&dir).await.map_err(io)?;
        let next = version_ids(&dir)
            .await?
            .first()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            + 1;
        let version = format!("{next:010}");
        // Bytes first, metadata last: a version is listed only once it is complete.
        tokio::fs::write(dir.join(format!("{version}.bin")), &bytes)
            .await
            .map_err(io)?;
        let meta = Meta {
            content_type: content_type.to_string(),
            created_at: self.clock.now(),
        };
        let meta = serde_json::to_vec(&meta).map_err(|e| StoreError::Codec(e.to_string()))?;
        let tmp = dir.join(format!("{version}.json.tmp"));
        tokio::fs::write(&tmp, meta).await.map_err(io)?;
        tokio::fs::rename(&tmp, dir.join(format!("{version}.json")))
            .await
            .map_err(io)?;
        Ok(version)
    }

    async fn get(
        &self,
        key: &BlobKey,
        version: Option<&str>,
    ) -> Result<Option<StoredBlob>, StoreError> {
        let dir = self.dir(key);
        let version = match version {
            Some(v) if is_version_id(v) => v.to_string(),
            Some(_) => return Ok(None),
            None => match version_ids(&dir).await?.into_iter().next() {
                Some(v) => v,
                None => return Ok(None),
            },
        };
        read_version(&dir, &version).await
    }

    async fn versions(&self, key: &BlobKey) -> Result<Vec<BlobVersion>, StoreError> {
        let dir = self.dir(key);
        let mut out = Vec::new();
        for (i, v) in version_ids(&dir).await?.into_iter().enumerate() {
            let meta: Meta = serde_json::from_slice(
                &tokio::fs::read(dir.join(format!("{v}.json")))
                    .await
                    .map_err(io)?,
            )
            .map_err(|e| StoreError::Codec(e.to_string()))?;
            let size = tokio::fs::metadata(dir.join(format!("{v}.bin")))
                .await
                .map_err(io)?
                .len();
            out.push(BlobVersion {
                version_id: v,
                size,
                last_modified: meta.created_at,
                is_latest: i == 0,
            });
        }
        Ok(out)
    }

    async fn download_url(
        &self,
        key: &BlobKey,
        version: Option<&str>,
        file_name: &str,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError> {
        let version = match version {
            Some(v) => v.to_string(),
            None => version_ids(&self.dir(key))
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| StoreError::Invalid(format!("no blob at {}", key.as_str())))?,
        };
        let name: String = form_urlencoded::byte_serialize(file_name.as_bytes()).collect();
        Ok(format!(
            "{}&name={name}",
            self.download_link(key, &version, expires_in)
        ))
    }

    /// A download link without a file name: the local server serves it inline.
    async fn inline_url(
        &self,
        key: &BlobKey,
        version: &str,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError> {
        Ok(self.download_link(key, version, expires_in))
    }

    async fn upload_url(
        &self,
        key: &BlobKey,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError> {
        let expires = self.clock.now().as_second() + expires_in.as_secs() as i64;
        let sig = hex::encode(
            self.upload_mac(key.as_str(), expires)
                .finalize()
                .into_bytes(),
        );
        Ok(format!(
            "{}{UPLOAD_PATH}{}?expires={expires}&sig={sig}",
            self.base_url,
            key.as_str()
        ))
    }

    async fn delete(&self, key: &BlobKey) -> Result<(), StoreError> {
        let _guard = self.write_lock.lock().await;
        let dir = self.dir(key);
        for v in version_ids(&dir).await? {
            for ext in ["json", "bin"] {
                match tokio::fs::remove_file(dir.join(format!("{v}.{ext}"))).await {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io(e)),
                }
            }
        }
        // Kept if a longer key lives under it.
        let _ = tokio::fs::remove_dir(&dir).await;
        Ok(())
    }
}
