//! SMS locally: every text is appended, one JSON object a line, to `<data>/outbox/sms.jsonl`
//! (printed by `casebridge outbox sms`), with a message id as SNS would give. Numbers named
//! unreachable (`CASEBRIDGE_SMS_UNREACHABLE` on the local server) are refused as a carrier
//! refuses a number it cannot reach, so that path can be tried without a cloud.

use std::path::PathBuf;

use async_trait::async_trait;

use crate::jsonl::JsonLines;
use casebridge_core::ports::{OutgoingSms, SmsError, SmsSender};

pub struct RecordingSms {
    log: JsonLines,
    unreachable: Vec<String>,
}

impl RecordingSms {
    pub fn new(file: impl Into<PathBuf>) -> Self {
        RecordingSms {
            log: JsonLines::new(file),
            unreachable: Vec::new(),
        }
    }

    /// Refuses texts to these numbers ("number unreachable"), recording nothing.
    pub fn with_unreachable(mut self, numbers: Vec<String>) -> Self {
        self.unreachable = numbers;
        self
    }

    pub fn recorded(&self) -> Vec<serde_json::Value> {
        self.log.read()
    }
}

#[async_trait]
impl SmsSender for RecordingSms {
    async fn send(&self, sms: &OutgoingSms) -> Result<String, SmsError> {
        if self.unreachable.contains(&sms.to) {
            return Err(SmsError::Refused("number unreachable".into()));
        }
        let id = uuid::Uuid::now_v7().to_string();
        let line = serde_json::json!({"messageId": id, "at": jiff::Timestamp::now(), "from": sms.from, "to": sms.to, "body": sms.body});
        self.log.append(&line).map_err(|e| {
            SmsError::Transient(format!(
                "local SMS outbox {}: {e}",
                self.log.path().display()
            ))
        })?;
        Ok(id)
    }
}
