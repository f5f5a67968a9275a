//! Prokeep locally: every message that would go to Prokeep is appended, one JSON object a
//! line, to `<data>/outbox/prokeep.jsonl` (printed by `casebridge outbox prokeep`).

use std::io::Write;
use std::path::PathBuf;

use async_trait::async_trait;

use crate::ports::{DeliveryError, ProkeepApi, ProkeepCredentials, ProkeepMessage};

pub struct RecordingProkeep {
    file: PathBuf,
    lock: std::sync::Mutex<()>,
}

impl RecordingProkeep {
    pub fn new(file: impl Into<PathBuf>) -> Self {
        RecordingProkeep {
            file: file.into(),
            lock: std::sync::Mutex::new(()),
        }
    }

    /// Everything recorded so far, oldest first.
    pub fn recorded(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
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
            DeliveryError::Transient(format!("local outbox {}: {e}", self.file.display()))
        })
    }
}
