//! Email locally: every email is appended, one JSON object a line, to
//! `<data>/outbox/email.jsonl` (printed by `casebridge outbox email`) with `to`, `subject`,
//! `text`, `html` and `headers`, and a message id as SES would give.
//!
//! Like SES, the mailbox simulator's addresses answer: mail to
//! `bounce@simulator.amazonses.com` bounces and mail to `complaint@simulator.amazonses.com`
//! is complained about. The notification SES would publish goes to the feedback channel
//! the local server listens on, so the whole bounce path runs without a cloud.

use std::path::PathBuf;

use async_trait::async_trait;

use crate::jsonl::JsonLines;
use casebridge_core::ports::{EmailError, EmailSender, OutgoingEmail};

/// SES's mailbox simulator: addresses that bounce or complain on purpose.
pub const SIMULATOR_BOUNCE: &str = "bounce@simulator.amazonses.com";
pub const SIMULATOR_COMPLAINT: &str = "complaint@simulator.amazonses.com";

pub struct RecordingEmail {
    log: JsonLines,
    /// Where simulated SES notifications (JSON, as SNS would carry them) go.
    feedback: Option<tokio::sync::mpsc::UnboundedSender<String>>,
}

impl RecordingEmail {
    pub fn new(file: impl Into<PathBuf>) -> Self {
        RecordingEmail {
            log: JsonLines::new(file),
            feedback: None,
        }
    }

    /// Answers the mailbox simulator's addresses with SES-shaped notifications on `tx`.
    pub fn with_simulator(mut self, tx: tokio::sync::mpsc::UnboundedSender<String>) -> Self {
        self.feedback = Some(tx);
        self
    }

    pub fn recorded(&self) -> Vec<serde_json::Value> {
        self.log.read()
    }
}

/// The notification SES publishes for a simulator address, if it is one.
pub fn simulated_notification(
    to: &str,
    message_id: &str,
    from: &str,
    at: jiff::Timestamp,
) -> Option<serde_json::Value> {
    let mail = serde_json::json!({
        "timestamp": at, "messageId": message_id, "source": from, "destination": [to],
    });
    match to.to_ascii_lowercase().as_str() {
        SIMULATOR_BOUNCE => Some(serde_json::json!({
            "eventType": "Bounce",
            "bounce": {
                "bounceType": "Permanent", "bounceSubType": "General", "timestamp": at,
                "bouncedRecipients": [{
                    "emailAddress": to, "action": "failed", "status": "5.1.1",
                    "diagnosticCode": "smtp; 550 5.1.1 user unknown",
                }],
            },
            "mail": mail,
        })),
        SIMULATOR_COMPLAINT => Some(serde_json::json!({
            "eventType": "Complaint",
            "complaint": {
                "complainedRecipients": [{"emailAddress": to}],
                "complaintFeedbackType": "abuse", "timestamp": at,
            },
            "mail": mail,
        })),
        _ => None,
    }
}

#[async_trait]
impl EmailSender for RecordingEmail {
    async fn send(&self, email: &OutgoingEmail) -> Result<String, EmailError> {
        let id = uuid::Uuid::now_v7().to_string();
        let at = jiff::Timestamp::now();
        let headers: serde_json::Map<String, serde_json::Value> = email
            .headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_str().into()))
            .collect();
        let line = serde_json::json!({
            "messageId": id, "at": at, "from": email.from.as_str(), "to": email.to.as_str(),
            "subject": email.subject.as_str(), "text": email.text, "html": email.html,
            "headers": headers,
        });
        self.log.append(&line).map_err(|e| {
            EmailError::Transient(format!(
                "local email outbox {}: {e}",
                self.log.path().display()
            ))
        })?;
        if let (Some(tx), Some(n)) = (
            &self.feedback,
            simulated_notification(&email.to, &id, &email.from, at),
        ) {
            let _ = tx.send(n.to_string());
        }
        Ok(id)
    }
}
