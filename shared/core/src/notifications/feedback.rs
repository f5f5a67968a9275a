//! What SES reports about an email after it went out (its configuration set's event
//! destination publishes to the email-feedback topic): a delivery moves the log entry to
//! `delivered`; a hard bounce marks it `failed` and stops the address for that dealer; a
//! soft bounce or a rejection marks it `failed`; a complaint stops the address. Reports
//! about messages casebridge does not know are ignored. Every report is safe to handle twice.

use serde::Deserialize;

use super::email;
use super::log::{self, DeliveryStatus};
use super::store::SentEmail;
use crate::contacts::EmailStopReason;
use crate::error::{Error, Result};
use crate::App;

/// An SES notification (event publishing says `eventType`, identity notifications
/// `notificationType`; both carry `mail.messageId`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SesNotification {
    #[serde(alias = "notificationType")]
    pub event_type: String,
    pub mail: Mail,
    #[serde(default)]
    pub bounce: Option<Bounce>,
    #[serde(default)]
    pub complaint: Option<Complaint>,
    #[serde(default)]
    pub reject: Option<Reject>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mail {
    pub message_id: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bounce {
    /// `Permanent`, `Transient` or `Undetermined`.
    pub bounce_type: String,
    #[serde(default)]
    pub bounce_sub_type: Option<String>,
    #[serde(default)]
    pub bounced_recipients: Vec<Recipient>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    pub email_address: String,
    #[serde(default)]
    pub diagnostic_code: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Complaint {
    #[serde(default)]
    pub complained_recipients: Vec<Recipient>,
    #[serde(default)]
    pub complaint_feedback_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reject {
    #[serde(default)]
    pub reason: Option<String>,
}

/// Reads one SNS message from the email-feedback topic.
pub fn parse(message: &str) -> Result<SesNotification> {
    serde_json::from_str(message)
        .map_err(|e| Error::bad_field("message", format!("not an SES notification: {e}")))
}

/// What a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// The log entry moved on (and the address was stopped, for a hard bounce).
    Recorded,
    /// An email casebridge did not send (or no longer remembers), or a report it does not use.
    Ignored,
}

/// Applies one SES report.
pub async fn handle(app: &App, n: &SesNotification) -> Result<Handled> {
    if n.mail.message_id.is_empty() || n.mail.message_id.len() > 256 {
        return Ok(Handled::Ignored);
    }
    let Some(sent) = super::store::sent_email(app, &n.mail.message_id).await? else {
        tracing::info!(message_id = %n.mail.message_id, kind = %n.event_type, "an SES report about an email casebridge does not know");
        return Ok(Handled::Ignored);
    };
    let entry = (sent.log_pk.clone(), sent.log_sk.clone());
    match n.event_type.as_str() {
        "Delivery" => log::advance(app, &entry, DeliveryStatus::Delivered, None).await?,
        "Bounce" => match &n.bounce {
            Some(b) => bounced(app, &sent, b).await?,
            None => return Ok(Handled::Ignored),
        },
        "Complaint" => {
            let kind = n
                .complaint
                .as_ref()
                .and_then(|c| c.complaint_feedback_type.clone())
                .unwrap_or_else(|| "complaint".into());
            let detail = format!("the recipient marked an email as spam ({kind})");
            stop_address(app, &sent, EmailStopReason::Complained, detail).await?;
        }
        "Reject" => {
            let reason = n
                .reject
                .as_ref()
                .and_then(|r| r.reason.clone())
                .unwrap_or_else(|| "rejected".into());
            let detail = format!("SES rejected the email: {reason}");
            log::advance(app, &entry, DeliveryStatus::Failed, Some(detail)).await?;
        }
        _ => return Ok(Handled::Ignored),
    }
    Ok(Handled::Recorded)
}

/// A bounce fails the log entry; a hard one also stops email to the address.
async fn bounced(app: &App, sent: &SentEmail, b: &Bounce) -> Result<()> {
    let why = diagnostic(&b.bounced_recipients, &sent.address);
    let hard = b.bounce_type == "Permanent";
    let detail = if hard {
        format!("the address bounced: {why}")
    } else {
        format!(
            "the email bounced for now ({}): {why}",
            b.bounce_sub_type.as_deref().unwrap_or(&b.bounce_type)
        )
    };
    let entry = (sent.log_pk.clone(), sent.log_sk.clone());
    log::advance(app, &entry, DeliveryStatus::Failed, Some(detail.clone())).await?;
    if hard {
        stop_address(app, sent, EmailStopReason::Bounced, detail).await?;
    }
    Ok(())
}

async fn stop_address(
    app: &App,
    sent: &SentEmail,
    reason: EmailStopReason,
    detail: String,
) -> Result<()> {
    email::suppress(
        app,
        &sent.dealer,
        &sent.contact_id,
        &sent.address,
        reason,
        detail,
    )
    .await
}

/// The receiving server's words about `address`, if it gave any.
fn diagnostic(recipients: &[super::feedback::Recipient], address: &str) -> String {
    recipients
        .iter()
        .find(|r| r.email_address.eq_ignore_ascii_case(address))
        .or(recipients.first())
        .and_then(|r| r.diagnostic_code.clone())
        .map(|d| d.chars().take(300).collect())
        .unwrap_or_else(|| "no reason given".into())
}
