//! Sending one email (SES v2 `SendEmail` in AWS, a recording file locally).

use async_trait::async_trait;

/// One outgoing email: a plain-text and an HTML part, and the headers the mail needs
/// (`List-Unsubscribe`, `List-Unsubscribe-Post`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// The dealer's verified sender, e.g. `Lone Star Truck Center <service@lonestar.example>`.
    pub from: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub headers: Vec<(String, String)>,
    /// Tags SES repeats in its delivery, bounce and complaint notifications.
    pub tags: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Not sent: retrying is safe.
    #[error("email could not be sent now: {0}")]
    Transient(String),
    /// The request went out but its answer was lost: the email may have been sent, so
    /// callers do not send it again.
    #[error("email may have been sent (no confirmation): {0}")]
    Unconfirmed(String),
    /// Refused for good (an unverified sender, an address SES will not send to).
    #[error("email refused: {0}")]
    Refused(String),
}

#[async_trait]
pub trait EmailSender: Send + Sync {
    /// Sends the email; answers the provider's message id (its notifications name it).
    async fn send(&self, email: &OutgoingEmail) -> Result<String, EmailError>;
}
