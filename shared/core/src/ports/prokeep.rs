//! Prokeep's inbox API, as the parts workflow needs it: post one message to a group.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// The dealer's Prokeep API credentials (HTTP Basic). Kept with the dealer's secrets;
/// never shown by the API or logged (the password is redacted even in `Debug`).
#[derive(Debug, Clone)]
pub struct ProkeepCredentials {
    pub username: String,
    pub password: secrecy::SecretString,
    /// The sender the messages come from in Prokeep.
    pub sender: String,
}

/// `POST /rest/v1/messages` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProkeepMessage {
    pub from: String,
    pub to: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// Worth retrying: 5xx, 429, timeouts, connection failures.
    #[error("Prokeep is unavailable: {0}")]
    Transient(String),
    /// Retrying cannot help: 4xx (bad credentials, unknown group), no credentials.
    #[error("Prokeep refused the message: {0}")]
    Permanent(String),
}

#[async_trait]
pub trait ProkeepApi: Send + Sync {
    async fn send(
        &self,
        creds: &ProkeepCredentials,
        message: &ProkeepMessage,
    ) -> Result<(), DeliveryError>;
}
