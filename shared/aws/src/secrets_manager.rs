//! Dealers' secrets in AWS Secrets Manager: one secret per dealer, named
//! `<prefix>/dealers/<dealer>` (the prefix is the stack's, `CASEBRIDGE_SECRETS_PREFIX`), its
//! value the JSON document of `DealerSecrets`. Read once per container and cached for
//! [`CACHE_FOR`] (read again at once when the dealer lists a connector secret the cached
//! copy lacks, so a new secret works as soon as it is issued); written by the
//! administration routes (create on first write). Values never reach a log: errors
//! name the dealer and the failure's kind only.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use aws_sdk_secretsmanager::error::SdkError;
use aws_sdk_secretsmanager::Client;
use casebridge_core::dealers::DealerId;
use casebridge_core::ports::{DealerSecrets, SecretStore, StoreError};

/// How long a read answers from the container's memory.
pub const CACHE_FOR: Duration = Duration::from_secs(300);

pub struct SecretsManagerStore {
    client: Client,
    prefix: String,
    cache: Mutex<HashMap<String, (Instant, DealerSecrets)>>,
}

impl SecretsManagerStore {
    pub fn new(client: Client, prefix: impl Into<String>) -> Self {
        SecretsManagerStore {
            client,
            prefix: prefix.into().trim_end_matches('/').to_string(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The secret's name for a dealer.
    pub fn name(&self, dealer: &DealerId) -> String {
        format!("{}/dealers/{dealer}", self.prefix)
    }
}

fn unavailable<E, R>(what: &str, e: &SdkError<E, R>) -> StoreError {
    // The SDK's own text can quote the request; say what failed and its kind only.
    let kind = match e {
        SdkError::ConstructionFailure(_) => "could not build the request",
        SdkError::TimeoutError(_) => "timed out",
        SdkError::DispatchFailure(_) => "could not reach Secrets Manager",
        SdkError::ResponseError(_) => "unreadable answer",
        SdkError::ServiceError(_) => "refused by Secrets Manager",
        _ => "failed",
    };
    StoreError::Unavailable(format!("secrets manager: {what}: {kind}"))
}

#[async_trait]
impl SecretStore for SecretsManagerStore {
    async fn dealer(&self, dealer: &DealerId) -> Result<DealerSecrets, StoreError> {
        let name = self.name(dealer);
        if let Some((at, secrets)) = self
            .cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&name)
        {
            if at.elapsed() < CACHE_FOR {
                return Ok(secrets.clone());
            }
        }
        self.dealer_uncached(dealer).await
    }

    async fn dealer_uncached(&self, dealer: &DealerId) -> Result<DealerSecrets, StoreError> {
        let name = self.name(dealer);
        let read = self.client.get_secret_value().secret_id(&name).send().await;
        let secrets = match read {
            Ok(out) => DealerSecrets::from_document(out.secret_string().unwrap_or("{}"))?,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception()) =>
            {
                DealerSecrets::default()
            }
            Err(e) => return Err(unavailable(&format!("reading {name}"), &e)),
        };
        self.cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name, (Instant::now(), secrets.clone()));
        Ok(secrets)
    }

    async fn put_dealer(
        &self,
        dealer: &DealerId,
        secrets: &DealerSecrets,
    ) -> Result<(), StoreError> {
        let name = self.name(dealer);
        let document = secrets.to_document();
        let put = self
            .client
            .put_secret_value()
            .secret_id(&name)
            .secret_string(&document)
            .send()
            .await;
        match put {
            Ok(_) => {}
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception()) =>
            {
                self.client
                    .create_secret()
                    .name(&name)
                    .description(format!("casebridge: secrets of dealer {dealer}"))
                    .secret_string(&document)
                    .send()
                    .await
                    .map_err(|e| unavailable(&format!("creating {name}"), &e))?;
            }
            Err(e) => return Err(unavailable(&format!("writing {name}"), &e)),
        }
        self.cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name, (Instant::now(), secrets.clone()));
        Ok(())
    }
}

/// One secret's string value (the mobile-link key), read once when first needed.
pub async fn read_secret_string(client: &Client, id: &str) -> Result<String, StoreError> {
    let out = client
        .get_secret_value()
        .secret_id(id)
        .send()
        .await
        .map_err(|e| unavailable("reading the mobile-link key", &e))?;
    out.secret_string()
        .map(str::to_string)
        .ok_or_else(|| StoreError::Invalid("the mobile-link key secret has no string value".into()))
}
