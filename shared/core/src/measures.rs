//! What operators count, by one name each: texts and emails sent or failed, PDFs rendered,
//! Prokeep callbacks applied, what ended in a dead-letter queue. Recorded through the
//! `metrics` facade: each Lambda function writes them to its log in CloudWatch's Embedded
//! Metric Format (namespace [`NAMESPACE`], dimension `Function`); where no recorder is
//! installed (the local server, the tests) recording does nothing.

use std::time::Duration;

/// The CloudWatch namespace of every metric (the alarms and the dashboard read it).
pub const NAMESPACE: &str = "casebridge";

pub const TEXTS_SENT: &str = "TextsSent";
pub const TEXTS_FAILED: &str = "TextsFailed";
pub const EMAILS_SENT: &str = "EmailsSent";
pub const EMAILS_FAILED: &str = "EmailsFailed";
pub const PDFS_RENDERED: &str = "PdfsRendered";
pub const PDF_PAGES: &str = "PdfPages";
pub const PDF_RENDER_TIME: &str = "PdfRenderTime";
pub const CALLBACKS_APPLIED: &str = "CallbacksApplied";
pub const DEAD_LETTERED: &str = "DeadLettered";
pub const COLD_STARTS: &str = "ColdStarts";

/// Units, said once per process (EMF carries them with each metric).
pub fn describe() {
    use metrics::Unit;
    for name in [
        TEXTS_SENT,
        TEXTS_FAILED,
        EMAILS_SENT,
        EMAILS_FAILED,
        PDFS_RENDERED,
        CALLBACKS_APPLIED,
        DEAD_LETTERED,
        COLD_STARTS,
    ] {
        metrics::describe_counter!(name, Unit::Count, "");
    }
    metrics::describe_histogram!(PDF_PAGES, Unit::Count, "");
    metrics::describe_histogram!(PDF_RENDER_TIME, Unit::Milliseconds, "");
}

/// A text handed to the carrier (`sent`), or refused by it.
pub fn text(sent: bool) {
    metrics::counter!(if sent { TEXTS_SENT } else { TEXTS_FAILED }).increment(1);
}

/// An email accepted by SES (`sent`), or refused by it.
pub fn email(sent: bool) {
    metrics::counter!(if sent { EMAILS_SENT } else { EMAILS_FAILED }).increment(1);
}

/// A PDF of `kind` (`transcript`, `estimate`) rendered: its pages and how long it took.
pub fn pdf_rendered(kind: &'static str, pages: usize, took: Duration) {
    metrics::counter!(PDFS_RENDERED, "Kind" => kind).increment(1);
    metrics::histogram!(PDF_PAGES, "Kind" => kind).record(pages as f64);
    metrics::histogram!(PDF_RENDER_TIME, "Kind" => kind).record(took.as_secs_f64() * 1000.0);
}

/// A Prokeep callback that changed a parts request (not a repeat).
pub fn callback_applied() {
    metrics::counter!(CALLBACKS_APPLIED).increment(1);
}

/// Something Lambda gave up on reached its dead-letter end (`of`: `parts delivery`,
/// `notification`, `email report`, `inbound text`).
pub fn dead_lettered(of: &'static str) {
    metrics::counter!(DEAD_LETTERED, "Of" => of).increment(1);
}

/// A function's first invocation in a new execution environment.
pub fn cold_start() {
    metrics::counter!(COLD_STARTS).increment(1);
}
