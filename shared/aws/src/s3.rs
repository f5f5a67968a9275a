//! The blob store on S3: a versioned bucket (created so by `template.yaml`); every put makes
//! a new version and the older ones stay readable for audit.

use async_trait::async_trait;
use aws_sdk_s3::error::{DisplayErrorContext, SdkError};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::Client;

use casebridge_core::ports::{BlobKey, BlobStore, BlobVersion, StoreError, StoredBlob};

pub struct S3Blobs {
    client: Client,
    bucket: String,
}

impl S3Blobs {
    pub fn new(client: Client, bucket: impl Into<String>) -> Self {
        S3Blobs {
            client,
            bucket: bucket.into(),
        }
    }
}

fn unavailable<E: std::error::Error + 'static, R: std::fmt::Debug>(
    e: SdkError<E, R>,
) -> StoreError {
    StoreError::Unavailable(format!("s3: {}", DisplayErrorContext(&e)))
}

fn presigning(expires_in: std::time::Duration) -> Result<PresigningConfig, StoreError> {
    PresigningConfig::expires_in(expires_in).map_err(|e| StoreError::Invalid(e.to_string()))
}

impl S3Blobs {
    /// A presigned GET of `key` (that `version`): a download named by `disposition`, or
    /// shown inline without one.
    async fn presigned_get(
        &self,
        key: &BlobKey,
        version: Option<&str>,
        disposition: Option<String>,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError> {
        let req = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .set_version_id(version.map(str::to_string))
            .set_response_content_disposition(disposition)
            .presigned(presigning(expires_in)?)
            .await
            .map_err(unavailable)?;
        Ok(req.uri().to_string())
    }
}

fn to_timestamp(t: Option<&aws_sdk_s3::primitives::DateTime>) -> jiff::Timestamp {
    t.and_then(|t| jiff::Timestamp::new(t.secs(), t.subsec_nanos() as i32).ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

#[async_trait]
impl BlobStore for S3Blobs {
    async fn put(
        &self,
        key: &BlobKey,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<String, StoreError> {
        let out = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(content_type)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(unavailable)?;
        out.version_id.filter(|v| v != "null").ok_or_else(|| {
            StoreError::Unavailable(format!("bucket {} is not versioned", self.bucket))
        })
    }

    async fn get(
        &self,
        key: &BlobKey,
        version: Option<&str>,
    ) -> Result<Option<StoredBlob>, StoreError> {
        let res = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .set_version_id(version.map(str::to_string))
            .send()
            .await;
        let out = match res {
            Ok(out) => out,
            Err(e) => {
                let missing = e.as_service_error().is_some_and(|s| s.is_no_such_key())
                    || e.raw_response()
                        .is_some_and(|r| matches!(r.status().as_u16(), 404 | 400));
                return if missing {
                    Ok(None)
                } else {
                    Err(unavailable(e))
                };
            }
        };
        let content_type = out
            .content_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".into());
        let version_id = out.version_id.clone().unwrap_or_default();
        let bytes = out
            .body
            .collect()
            .await
            .map_err(|e| StoreError::Unavailable(format!("s3 body: {e}")))?
            .into_bytes()
            .to_vec();
        Ok(Some(StoredBlob {
            bytes,
            content_type,
            version_id,
        }))
    }

    async fn versions(&self, key: &BlobKey) -> Result<Vec<BlobVersion>, StoreError> {
        let mut versions = Vec::new();
        let mut key_marker = None;
        let mut version_marker = None;
        loop {
            let out = self
                .client
                .list_object_versions()
                .bucket(&self.bucket)
                .prefix(key.as_str())
                .set_key_marker(key_marker.take())
                .set_version_id_marker(version_marker.take())
                .send()
                .await
                .map_err(unavailable)?;
            for v in out.versions() {
                // The prefix also matches longer keys; keep the exact key only.
                if v.key() == Some(key.as_str()) {
                    versions.push(BlobVersion {
                        version_id: v.version_id().unwrap_or_default().to_string(),
                        size: v.size().unwrap_or_default().max(0) as u64,
                        last_modified: to_timestamp(v.last_modified()),
                        is_latest: v.is_latest().unwrap_or(false),
                    });
                }
            }
            if out.is_truncated() == Some(true) {
                key_marker = out.next_key_marker().map(str::to_string);
                version_marker = out.next_version_id_marker().map(str::to_string);
            } else {
                break;
            }
        }
        // S3 lists versions newest first; keep it so even if a listing interleaves.
        versions.sort_by(|a, b| {
            b.is_latest
                .cmp(&a.is_latest)
                .then(b.last_modified.cmp(&a.last_modified))
        });
        Ok(versions)
    }

    async fn download_url(
        &self,
        key: &BlobKey,
        version: Option<&str>,
        file_name: &str,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError> {
        let disposition = casebridge_core::cases::attachment_disposition(file_name);
        self.presigned_get(key, version, Some(disposition), expires_in)
            .await
    }

    async fn inline_url(
        &self,
        key: &BlobKey,
        version: &str,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError> {
        self.presigned_get(key, Some(version), None, expires_in)
            .await
    }

    async fn upload_url(
        &self,
        key: &BlobKey,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError> {
        let req = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .presigned(presigning(expires_in)?)
            .await
            .map_err(unavailable)?;
        Ok(req.uri().to_string())
    }

    async fn delete(&self, key: &BlobKey) -> Result<(), StoreError> {
        for v in self.versions(key).await? {
            self.client
                .delete_object()
                .bucket(&self.bucket)
                .key(key.as_str())
                .version_id(v.version_id)
                .send()
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }
}
