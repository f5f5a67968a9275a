//! Prokeep's REST API: `POST {base}/rest/v1/messages`, JSON `{from, to, text}`, HTTP Basic
//! auth, `202 Accepted` on success. 5xx, 429, timeouts and connection failures are
//! transient (the event is retried, then dead-lettered); other answers are permanent.

use std::time::Duration;

use async_trait::async_trait;

use casebridge_core::ports::{DeliveryError, ProkeepApi, ProkeepCredentials, ProkeepMessage};

pub struct ProkeepRest {
    base: String,
    client: reqwest::Client,
}

impl ProkeepRest {
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, DeliveryError> {
        super::install_tls_provider();
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| DeliveryError::Permanent(format!("HTTP client: {e}")))?;
        Ok(ProkeepRest {
            base: base_url.trim_end_matches('/').to_string(),
            client,
        })
    }
}

#[async_trait]
impl ProkeepApi for ProkeepRest {
    async fn send(
        &self,
        creds: &ProkeepCredentials,
        message: &ProkeepMessage,
    ) -> Result<(), DeliveryError> {
        let resp = self
            .client
            .post(format!("{}/rest/v1/messages", self.base))
            .basic_auth(
                &creds.username,
                Some(secrecy::ExposeSecret::expose_secret(&creds.password)),
            )
            .json(message)
            .send()
            .await
            .map_err(|e| {
                let what = if e.is_timeout() {
                    "timed out"
                } else {
                    "could not be reached"
                };
                DeliveryError::Transient(format!("Prokeep {what}: {e}"))
            })?;
        let status = resp.status();
        if status.as_u16() == 202 || status.is_success() {
            return Ok(());
        }
        let body: String = resp
            .text()
            .await
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect();
        let detail = format!("Prokeep answered {status}: {body}");
        if status.is_server_error() || status.as_u16() == 429 || status.as_u16() == 408 {
            Err(DeliveryError::Transient(detail))
        } else {
            Err(DeliveryError::Permanent(detail))
        }
    }
}

/// Where no Prokeep endpoint is configured: every send is refused, visibly.
pub struct ProkeepNotConfigured;

#[async_trait]
impl ProkeepApi for ProkeepNotConfigured {
    async fn send(&self, _: &ProkeepCredentials, _: &ProkeepMessage) -> Result<(), DeliveryError> {
        Err(DeliveryError::Permanent(
            "CASEBRIDGE_PROKEEP_BASE_URL is not set for this function".into(),
        ))
    }
}
