//! SMS locally: every text is appended, one JSON object a line, to `<data>/outbox/sms.jsonl`
//! (printed by `casebridge outbox sms`), with a message id as SNS would give.

use std::path::PathBuf;

use async_trait::async_trait;

use crate::jsonl::JsonLines;
use casebridge_core::ports::{OutgoingSms, SmsError, SmsSender};

pub struct RecordingSms {
    log: JsonLines,
}

impl RecordingSms {
    pub fn new(file: impl Into<PathBuf>) -> Self {
        RecordingSms {
            log: JsonLines::new(file),
        }
    }

    pub fn recorded(&self) -> Vec<serde_json::Value> {
        self.log.read()
    }
}

#[async_trait]
impl SmsSender for RecordingSms {
    async fn send(&self, sms: &OutgoingSms) -> Result<String, SmsError> {
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
