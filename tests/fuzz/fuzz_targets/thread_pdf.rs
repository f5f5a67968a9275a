//! A thread body as the connector sends it, to a PDF: any bytes are refused with an error
//! or rendered; nothing panics, and what renders is a PDF.
#![no_main]

use casebridge_transcripts_pdf::{render_file, PdfTranscripts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = jiff::Timestamp::from_second(1_795_000_000).unwrap();
    if let Ok(pdf) = render_file(&PdfTranscripts::from_config(), data, "fuzz-thread", "America/Chicago", now) {
        assert!(pdf.starts_with(b"%PDF-"));
    }
});
