//! Prokeep locally: every message that would go to Prokeep is appended, one JSON object a
//! line, to `<data>/outbox/prokeep.jsonl` (printed by `casebridge outbox prokeep`).

use std::path::PathBuf;

use async_trait::async_trait;

use crate::jsonl::JsonLines;
use casebridge_core::ports::{DeliveryError, ProkeepApi, ProkeepCredentials, ProkeepMessage};

pub struct RecordingProkeep {
    log: JsonLines,
}

impl RecordingProkeep {
    pub fn new(file: impl Into<PathBuf>) -> Self {
        RecordingProkeep {
            log: JsonLines::new(file),
        }
    }

    /// Everything recorded so far, oldest first.
    pub fn recorded(&self) -> Vec<serde_json::Value> {
        self.log.read()
    }
}

#[async_trait]
impl ProkeepApi for RecordingProkeep {
    async fn send(
        &self,
        creds: &ProkeepCredentials,
        message: &ProkeepMessage,
    ) -> Result<(), DeliveryError> {
        let line = serde_json::json!({
            "at": jiff::Timestamp::now(),
            "endpoint": "POST /rest/v1/messages",
            "username": creds.username,
            "from": message.from,
            "to": message.to,
            "text": message.text,
        });
        self.log.append(&line).map_err(|e| {
            DeliveryError::Transient(format!("local outbox {}: {e}", self.log.path().display()))
        })
    }
}
