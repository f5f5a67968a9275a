//! What every test starts from: a directory of its own and a clock that stands still.

use std::path::PathBuf;
use std::sync::Arc;

use casebridge_core::ports::FixedClock;

pub fn temp_dir(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("casebridge-{label}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
    dir
}

pub fn test_clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at(
        "2026-11-23T09:00:00Z"
            .parse()
            .unwrap_or_else(|e| panic!("{e}")),
    ))
}
