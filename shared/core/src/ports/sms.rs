//! Sending one SMS (SNS `Publish` to a phone number in AWS, a recording file locally).

use async_trait::async_trait;

/// One outgoing text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingSms {
    /// The dealer's origination number (E.164).
    pub from: String,
    /// The contact's mobile (E.164).
    pub to: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmsError {
    /// Not sent: retrying is safe.
    #[error("SMS could not be sent now: {0}")]
    Transient(String),
    /// The request went out but its answer was lost (a timeout, an unreadable answer): the
    /// text may have been sent. Retrying could text the person twice, so callers do not.
    #[error("SMS may have been sent (no confirmation): {0}")]
    Unconfirmed(String),
    #[error("SMS refused: {0}")]
    Refused(String),
}

#[async_trait]
pub trait SmsSender: Send + Sync {
    /// Sends the text; answers the provider's message id (replies quote it back).
    async fn send(&self, sms: &OutgoingSms) -> Result<String, SmsError>;
}
