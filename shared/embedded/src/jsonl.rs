//! An append-only JSON-lines file: what the local stand-ins for outside partners (Prokeep,
//! SMS) record as "sent", readable by the dev CLI and by tests.

use std::io::Write;
use std::path::PathBuf;

pub struct JsonLines {
    file: PathBuf,
    lock: std::sync::Mutex<()>,
}

impl JsonLines {
    pub fn new(file: impl Into<PathBuf>) -> Self {
        JsonLines {
            file: file.into(),
            lock: std::sync::Mutex::new(()),
        }
    }

    pub fn append(&self, value: &serde_json::Value) -> std::io::Result<()> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(dir) = self.file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.file)?;
        writeln!(f, "{value}")
    }

    /// Everything recorded so far, oldest first.
    pub fn read(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    pub fn path(&self) -> &std::path::Path {
        &self.file
    }
}
