//! The Procede DMS over HTTP. Assumed contract (documented in the README):
//! `GET {base}/api/v1/customers?by=<field>&q=<text>` → JSON array of customer records,
//! `GET {base}/api/v1/customers/{procedeId}` → the record or 404, both with
//! `Authorization: Bearer <dealer's Procede API key>`. Timeouts and 5xx are retried twice;
//! what still fails is a 502 for the caller, with nothing written.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use casebridge_core::ports::{ProcedeAccount, ProcedeDms, ProcedeError};
use casebridge_core::procede::{DmsCustomer, Prepared, Query};

pub struct ProcedeHttp {
    base: String,
    client: reqwest::Client,
    retries: u32,
}

impl ProcedeHttp {
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, ProcedeError> {
        super::install_tls_provider();
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| ProcedeError::Refused(format!("HTTP client: {e}")))?;
        Ok(ProcedeHttp {
            base: base_url.trim_end_matches('/').to_string(),
            client,
            retries: 2,
        })
    }

    async fn get(
        &self,
        account: &ProcedeAccount,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Option<bytes::Bytes>, ProcedeError> {
        let key = account
            .api_key
            .as_ref()
            .map(secrecy::ExposeSecret::expose_secret)
            .ok_or_else(|| {
                ProcedeError::Refused(format!("dealer {} has no Procede API key", account.dealer))
            })?;
        let mut last = String::new();
        for attempt in 0..=self.retries {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(100 * attempt as u64)).await;
            }
            let sent = self
                .client
                .get(format!("{}{path}", self.base))
                .bearer_auth(key)
                .query(query)
                .send()
                .await;
            let resp = match sent {
                Ok(r) => r,
                Err(e) => {
                    last = if e.is_timeout() {
                        "timed out".into()
                    } else {
                        e.to_string()
                    };
                    continue;
                }
            };
            let status = resp.status();
            if status.as_u16() == 404 {
                return Ok(None);
            }
            if status.is_server_error() || status.as_u16() == 429 {
                last = format!("answered {status}");
                continue;
            }
            if !status.is_success() {
                return Err(ProcedeError::Refused(format!("answered {status}")));
            }
            return resp
                .bytes()
                .await
                .map(Some)
                .map_err(|e| ProcedeError::Unavailable(e.to_string()));
        }
        Err(ProcedeError::Unavailable(last))
    }
}

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ProcedeError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ProcedeError::Refused(format!("unreadable answer: {e}")))
}

#[async_trait]
impl ProcedeDms for ProcedeHttp {
    async fn candidates(
        &self,
        account: &ProcedeAccount,
        query: &Query,
    ) -> Result<Arc<Prepared>, ProcedeError> {
        let q = query.tokens.join(" ");
        let q = if q.is_empty() {
            query.digits.clone()
        } else {
            q
        };
        let body = self
            .get(
                account,
                "/api/v1/customers",
                &[("by", query.field.as_str()), ("q", &q)],
            )
            .await?
            .unwrap_or_default();
        let records: Vec<DmsCustomer> = if body.is_empty() {
            Vec::new()
        } else {
            decode(&body)?
        };
        Ok(Arc::new(Prepared::new(records)))
    }

    async fn customer(
        &self,
        account: &ProcedeAccount,
        procede_id: &str,
    ) -> Result<Option<DmsCustomer>, ProcedeError> {
        let id: String = form_urlencoded::byte_serialize(procede_id.as_bytes()).collect();
        match self
            .get(account, &format!("/api/v1/customers/{id}"), &[])
            .await?
        {
            Some(b) => Ok(Some(decode(&b)?)),
            None => Ok(None),
        }
    }
}

/// Where no Procede endpoint is configured.
pub struct ProcedeNotConfigured;

#[async_trait]
impl ProcedeDms for ProcedeNotConfigured {
    async fn candidates(
        &self,
        _: &ProcedeAccount,
        _: &Query,
    ) -> Result<Arc<Prepared>, ProcedeError> {
        Err(ProcedeError::Refused(
            "CASEBRIDGE_PROCEDE_BASE_URL is not set for this function".into(),
        ))
    }
    async fn customer(
        &self,
        _: &ProcedeAccount,
        _: &str,
    ) -> Result<Option<DmsCustomer>, ProcedeError> {
        Err(ProcedeError::Refused(
            "CASEBRIDGE_PROCEDE_BASE_URL is not set for this function".into(),
        ))
    }
}
