//! SMS locally: every text is appended, one JSON object a line, to `<data>/outbox/sms.jsonl`
//! (printed by `casebridge outbox sms`), with a message id as SNS would give.

use std::io::Write;
use std::path::PathBuf;

use async_trait::async_trait;

use crate::ports::{OutgoingSms, SmsError, SmsSender};

pub struct RecordingSms {
    file: PathBuf,
    lock: std::sync::Mutex<()>,
}

impl RecordingSms {
    pub fn new(file: impl Into<PathBuf>) -> Self {
        RecordingSms {
            file: file.into(),
            lock: std::sync::Mutex::new(()),
        }
    }

    pub fn recorded(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }
}

#[async_trait]
impl SmsSender for RecordingSms {
    async fn send(&self, sms: &OutgoingSms) -> Result<String, SmsError> {
        let id = uuid::Uuid::now_v7().to_string();
        let line = serde_json::json!({"messageId": id, "at": jiff::Timestamp::now(), "from": sms.from, "to": sms.to, "body": sms.body});
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let write = || -> std::io::Result<()> {
            if let Some(dir) = self.file.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.file)?;
            writeln!(f, "{line}")
        };
        write().map_err(|e| {
            SmsError::Transient(format!("local SMS outbox {}: {e}", self.file.display()))
        })?;
        Ok(id)
    }
}
