//! The delivery log's entry: one send (or one not sent) to one contact on one channel.

use serde::{Deserialize, Serialize};

use crate::ids::ContactId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Sms,
    Email,
    /// The mobile page (an estimate opened there).
    Page,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
            Channel::Page => "page",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Handed to the provider (SNS, SES).
    Sent,
    /// The receiving mail server took it (SES reported the delivery).
    Delivered,
    /// Refused, bounced, or still failing after retries.
    Failed,
    /// The person said STOP (texts) or unsubscribed (email): nothing was sent.
    OptedOut,
    /// Nothing was sent: the address bounced or complained before, or the recipient could not
    /// be reached at all (see the entry's `reason`).
    Suppressed,
    /// The contact opened what was sent (an estimate's view, the first time).
    Opened,
}

/// Why a recipient was not texted or emailed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotNotifiedReason {
    /// The location does not text or email customers (its OEM turned it off).
    MobileCommunicationsOff,
    /// The contact has a number or address but agreed to neither texts nor emails.
    NoConsent,
    /// The number said STOP, or the contact unsubscribed from emails.
    OptedOut,
    /// The contact has neither a mobile number nor an email address.
    NoAddress,
    /// The contact takes email only, and the location has no email sender set up.
    NoSender,
}

impl NotNotifiedReason {
    pub(crate) fn in_words(self) -> &'static str {
        match self {
            NotNotifiedReason::MobileCommunicationsOff => {
                "not notified: mobile communications are off at this location"
            }
            NotNotifiedReason::NoConsent => {
                "not notified: the contact agreed to neither texts nor emails"
            }
            NotNotifiedReason::OptedOut => "not notified: the contact opted out",
            NotNotifiedReason::NoAddress => {
                "not notified: the contact has no mobile number or email address"
            }
            NotNotifiedReason::NoSender => {
                "not notified: the contact takes email only and this location has no email sender"
            }
        }
    }
}

impl DeliveryStatus {
    /// A later report may move an entry on, never back (a late "delivered" does not undo
    /// a bounce).
    pub(super) fn rank(self) -> u8 {
        match self {
            DeliveryStatus::Sent => 0,
            DeliveryStatus::Delivered => 1,
            _ => 2,
        }
    }
}

/// One notification to one contact on one channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// What it was about: `note.created`, `case.status_changed`, `estimate.sent`.
    pub event: String,
    /// Which event it was (its id).
    pub event_id: String,
    #[schema(value_type = String)]
    pub contact_id: ContactId,
    pub contact_name: String,
    pub channel: Channel,
    /// The number or address it went (or would have gone) to.
    pub to: String,
    pub status: DeliveryStatus,
    /// The provider's message id (SNS, SES), once sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_message_id: Option<String>,
    /// Why it failed or was not sent, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Why the recipient was not notified (`opted_out` and `suppressed` entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<NotNotifiedReason>,
    /// When the status was last set.
    #[schema(value_type = String, format = DateTime)]
    pub at: jiff::Timestamp,
}
