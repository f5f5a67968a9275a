//! Secrets: what must never sit in the table, be answered by the API or be logged — each
//! dealer's connector secrets, Prokeep API password and Procede API key. AWS Secrets
//! Manager holds them in AWS (one secret per dealer, read once per container and cached for
//! a few minutes so a rotation arrives); locally a mode-600 file per dealer in the data
//! folder. In memory they are `SecretString`s: redacted in `Debug`, zeroed when dropped.
//!
//! The table keeps only what may be shown: which connector secrets exist (ids, dates).

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::{ProkeepCredentials, StoreError};
use crate::ids::DealerId;

/// One connector secret: its id (shown) and its value (shown once, when created).
#[derive(Debug, Clone)]
pub struct ConnectorSecret {
    pub id: String,
    pub secret: SecretString,
}

/// A dealer's secrets.
#[derive(Debug, Clone, Default)]
pub struct DealerSecrets {
    /// The connector's signing secrets, newest first (two during a rotation).
    pub connector: Vec<ConnectorSecret>,
    pub prokeep_api: Option<ProkeepCredentials>,
    pub procede_api_key: Option<SecretString>,
}

/// How the secrets are written down (Secrets Manager's value, the local file).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    #[serde(default)]
    connector: Vec<DocumentSecret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prokeep_api: Option<DocumentProkeep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    procede_api_key: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct DocumentSecret {
    id: String,
    secret: String,
}

#[derive(Serialize, Deserialize)]
struct DocumentProkeep {
    username: String,
    password: String,
    sender: String,
}

impl DealerSecrets {
    /// The values to check a connector signature against.
    pub fn connector_values(&self) -> Vec<String> {
        self.connector
            .iter()
            .map(|c| c.secret.expose_secret().to_string())
            .collect()
    }

    /// The stored form (JSON). Only adapters call this.
    pub fn to_document(&self) -> String {
        let doc = Document {
            connector: self
                .connector
                .iter()
                .map(|c| DocumentSecret {
                    id: c.id.clone(),
                    secret: c.secret.expose_secret().to_string(),
                })
                .collect(),
            prokeep_api: self.prokeep_api.as_ref().map(|p| DocumentProkeep {
                username: p.username.clone(),
                password: p.password.expose_secret().to_string(),
                sender: p.sender.clone(),
            }),
            procede_api_key: self
                .procede_api_key
                .as_ref()
                .map(|k| k.expose_secret().to_string()),
        };
        serde_json::to_string(&doc).unwrap_or_default()
    }

    /// Reads the stored form back.
    pub fn from_document(json: &str) -> Result<Self, StoreError> {
        let doc: Document = serde_json::from_str(json)
            .map_err(|e| StoreError::Codec(format!("dealer secrets: {}", e.classify_name())))?;
        Ok(DealerSecrets {
            connector: doc
                .connector
                .into_iter()
                .map(|c| ConnectorSecret {
                    id: c.id,
                    secret: c.secret.into(),
                })
                .collect(),
            prokeep_api: doc.prokeep_api.map(|p| ProkeepCredentials {
                username: p.username,
                password: p.password.into(),
                sender: p.sender,
            }),
            procede_api_key: doc.procede_api_key.map(Into::into),
        })
    }
}

/// Names a serde error's kind without quoting the secret document it came from.
trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "unreadable",
            serde_json::error::Category::Syntax => "not JSON",
            serde_json::error::Category::Data => "not the expected shape",
            serde_json::error::Category::Eof => "cut short",
        }
    }
}

#[async_trait]
pub trait SecretStore: Send + Sync {
    /// The dealer's secrets; empty when none were ever set.
    async fn dealer(&self, dealer: &DealerId) -> Result<DealerSecrets, StoreError>;
    /// The dealer's secrets as stored now, past any cache (before a read-modify-write, and
    /// when the dealer lists a connector secret the cached copy lacks).
    async fn dealer_uncached(&self, dealer: &DealerId) -> Result<DealerSecrets, StoreError> {
        self.dealer(dealer).await
    }
    /// Replaces the dealer's secrets.
    async fn put_dealer(
        &self,
        dealer: &DealerId,
        secrets: &DealerSecrets,
    ) -> Result<(), StoreError>;
}
