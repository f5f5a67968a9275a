//! The Procede DMS (the dealer's customer master), read-only: its records, and the search
//! index an adapter keeps them in (`search`: tokenising and ranking, whatever the source).

mod search;

pub use search::*;

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::DealerId;

/// Whose DMS, with which key (the key from the dealer's secrets).
#[derive(Debug, Clone)]
pub struct ProcedeAccount {
    pub dealer: DealerId,
    pub api_key: Option<secrecy::SecretString>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProcedeError {
    #[error("the Procede DMS did not answer in time or failed: {0}")]
    Unavailable(String),
    #[error("the Procede DMS refused the request: {0}")]
    Refused(String),
}

#[async_trait]
pub trait ProcedeDms: Send + Sync {
    /// Records that may match `query` (at least all that do), prepared for ranking.
    async fn candidates(
        &self,
        account: &ProcedeAccount,
        query: &Query,
    ) -> Result<Arc<Prepared>, ProcedeError>;
    /// One record; `None` when the DMS no longer has it.
    async fn customer(
        &self,
        account: &ProcedeAccount,
        procede_id: &str,
    ) -> Result<Option<DmsCustomer>, ProcedeError>;
}

/// A customer record of the Procede DMS, as the DMS (or the local DMS file) gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DmsCustomer {
    pub procede_id: String,
    pub name: String,
    #[serde(default)]
    pub customer_number: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub billing: Map<String, Value>,
}
