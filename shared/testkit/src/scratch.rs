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

/// The text of a PDF, as `pdftotext` (poppler-utils) reads it.
pub fn pdf_text(pdf: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("casebridge-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&path, pdf).unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "pdftotext is needed (poppler-utils; bash infra/scripts/test.sh installs it): {e}"
            )
        });
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "pdftotext could not read the PDF");
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{e}"))
}
