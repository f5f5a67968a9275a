//! The Procede DMS (the dealer's customer master), read-only.

use std::sync::Arc;

use async_trait::async_trait;

use crate::dealers::DealerId;

/// Whose DMS, with which key (the key from the dealer's secrets).
#[derive(Debug, Clone)]
pub struct ProcedeAccount {
    pub dealer: DealerId,
    pub api_key: Option<secrecy::SecretString>,
}
use crate::procede::{DmsCustomer, Prepared, Query};

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
