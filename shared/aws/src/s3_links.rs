//! Download links to S3 objects (presigned `GetObject` URLs), signed with SigV4 by
//! `aws-sigv4` — the signer the SDK itself uses — without the S3 client. `cases-api` only
//! hands out download links; wiring the whole S3 client into it for that cost a megabyte of
//! the function's zip. The links are the SDK's own: a test holds them equal to what
//! `aws-sdk-s3`'s presigner makes for the same inputs, and the conformance suite fetches
//! them from moto.

use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SignableBody,
    SignableRequest, SignatureLocation, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use casebridge_core::ports::{BlobKey, BlobStore, BlobVersion, StoreError, StoredBlob, Unwired};

/// Where a bucket is and how to sign for it.
#[derive(Clone)]
pub struct S3Links {
    credentials: SharedCredentialsProvider,
    region: String,
    /// `Some` for an S3-compatible endpoint (moto): path-style URLs on it.
    endpoint: Option<String>,
    bucket: String,
}

fn invalid(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(format!("s3 download link: {e}"))
}

/// RFC 3986 unreserved characters pass; everything else is percent-encoded (as S3 wants
/// query values).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl S3Links {
    pub fn new(sdk: &aws_config::SdkConfig, bucket: impl Into<String>) -> Result<Self, StoreError> {
        Ok(S3Links {
            credentials: sdk
                .credentials_provider()
                .ok_or_else(|| invalid("no AWS credentials provider"))?,
            region: sdk
                .region()
                .map(|r| r.to_string())
                .ok_or_else(|| invalid("no AWS region"))?,
            endpoint: sdk
                .endpoint_url()
                .map(|e| e.trim_end_matches('/').to_string()),
            bucket: bucket.into(),
        })
    }

    /// The unsigned URL of `key` (the object key's `/` kept, every segment encoded).
    fn object_url(&self, key: &str) -> String {
        let path: Vec<String> = key.split('/').map(encode).collect();
        let origin = bucket_origin(&self.bucket, &self.region, self.endpoint.as_deref());
        match &self.endpoint {
            Some(_) => format!("{origin}/{}/{}", self.bucket, path.join("/")),
            None => format!("{origin}/{}", path.join("/")),
        }
    }

    /// A presigned GET of `key` (that `version`), served as a download named `disposition`
    /// (inline when `None`).
    pub async fn presign(
        &self,
        key: &str,
        version: Option<&str>,
        disposition: Option<&str>,
        expires_in: Duration,
        now: SystemTime,
    ) -> Result<String, StoreError> {
        // As the SDK asks: the operation named in the query (and so in the signature).
        let mut query = vec!["x-id=GetObject".to_string()];
        if let Some(d) = disposition {
            query.push(format!("response-content-disposition={}", encode(d)));
        }
        if let Some(v) = version {
            query.push(format!("versionId={}", encode(v)));
        }
        self.sign("GET", key, query, expires_in, now).await
    }

    /// A presigned PUT of `key`; the client's `content-type` is not signed, so it may send
    /// its own.
    pub async fn presign_put(
        &self,
        key: &str,
        expires_in: Duration,
        now: SystemTime,
    ) -> Result<String, StoreError> {
        self.sign("PUT", key, vec!["x-id=PutObject".into()], expires_in, now)
            .await
    }

    async fn sign(
        &self,
        method: &str,
        key: &str,
        query: Vec<String>,
        expires_in: Duration,
        now: SystemTime,
    ) -> Result<String, StoreError> {
        let credentials = self
            .credentials
            .provide_credentials()
            .await
            .map_err(invalid)?;
        let unsigned = format!("{}?{}", self.object_url(key), query.join("&"));
        let mut settings = SigningSettings::default();
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.payload_checksum_kind = PayloadChecksumKind::NoHeader;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        settings.session_token_mode = SessionTokenMode::Include;
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(expires_in);
        let identity = credentials.into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name("s3")
            .time(now)
            .settings(settings)
            .build()
            .map_err(invalid)?
            .into();
        let signable = SignableRequest::new(
            method,
            unsigned.clone(),
            std::iter::empty(),
            SignableBody::UnsignedPayload,
        )
        .map_err(invalid)?;
        let (instructions, _) = sign(signable, &params).map_err(invalid)?.into_parts();
        let mut url = unsigned;
        for (name, value) in instructions.params() {
            url.push('&');
            url.push_str(name);
            url.push('=');
            url.push_str(&encode(value));
        }
        Ok(url)
    }
}

/// The blob store of a function that only hands out download links.
#[async_trait]
impl BlobStore for S3Links {
    async fn put(&self, key: &BlobKey, bytes: Vec<u8>, ct: &str) -> Result<String, StoreError> {
        Unwired.put(key, bytes, ct).await
    }
    async fn get(&self, key: &BlobKey, v: Option<&str>) -> Result<Option<StoredBlob>, StoreError> {
        Unwired.get(key, v).await
    }
    async fn versions(&self, key: &BlobKey) -> Result<Vec<BlobVersion>, StoreError> {
        Unwired.versions(key).await
    }
    async fn download_url(
        &self,
        key: &BlobKey,
        version: Option<&str>,
        file_name: &str,
        expires_in: Duration,
    ) -> Result<String, StoreError> {
        let disposition = casebridge_core::cases::attachment_disposition(file_name);
        self.presign(
            key.as_str(),
            version,
            Some(&disposition),
            expires_in,
            SystemTime::now(),
        )
        .await
    }
    async fn inline_url(
        &self,
        key: &BlobKey,
        version: &str,
        expires_in: Duration,
    ) -> Result<String, StoreError> {
        self.presign(
            key.as_str(),
            Some(version),
            None,
            expires_in,
            SystemTime::now(),
        )
        .await
    }
    async fn upload_url(&self, key: &BlobKey, expires_in: Duration) -> Result<String, StoreError> {
        self.presign_put(key.as_str(), expires_in, SystemTime::now())
            .await
    }
    async fn delete(&self, key: &BlobKey) -> Result<(), StoreError> {
        Unwired.delete(key).await
    }
    fn link_origin(&self) -> Option<String> {
        Some(bucket_origin(
            &self.bucket,
            &self.region,
            self.endpoint.as_deref(),
        ))
    }
}

/// Where a bucket's objects are fetched from: the bucket's virtual host in AWS, the
/// endpoint itself (path-style) on an S3-compatible server.
pub(crate) fn bucket_origin(bucket: &str, region: &str, endpoint: Option<&str>) -> String {
    match endpoint {
        Some(e) => e.trim_end_matches('/').to_string(),
        None => format!("https://{bucket}.s3.{region}.amazonaws.com"),
    }
}
