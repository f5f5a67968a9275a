//! What the renderer's scenarios share: a thread, its PDF, and the PDF's text as a reader's
//! viewer extracts it.

use casebridge_core::transcripts::{
    Message, Participant, ThreadSnapshot, ThreadState, TranscriptInfo,
};
use casebridge_transcripts_pdf::PdfTranscripts;

pub fn thread(bodies: &[&str]) -> ThreadSnapshot {
    ThreadSnapshot {
        channel: "sms".into(),
        reference: Some("PK-9".into()),
        subject: None,
        state: ThreadState::Open,
        participants: vec![Participant {
            id: "c".into(),
            name: "王芳".into(),
            role: "customer".into(),
            phone: None,
            email: None,
        }],
        messages: bodies
            .iter()
            .enumerate()
            .map(|(i, b)| Message {
                id: format!("m{i}"),
                sender_id: "c".into(),
                sent_at: format!("2026-11-20T{:02}:{:02}:00Z", 14 + i / 60, i % 60),
                body: b.to_string(),
                channel: None,
                attachments: vec![],
            })
            .collect(),
    }
}

pub fn render(t: &ThreadSnapshot) -> Vec<u8> {
    let fonts = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../")
        .join(casebridge_transcripts_pdf::DEFAULT_FONTS_DIR);
    assert!(
        fonts.join("NotoSansSC-Regular.ttf").exists(),
        "the fallback fonts are not in {}: run the README's test command \
         (bash infra/scripts/test.sh), which fetches them",
        fonts.display()
    );
    let info = TranscriptInfo {
        dealer: "Demo Truck Center".into(),
        case: "case-1".into(),
        customer: "Wang Fang".into(),
        asset: "unit T-101".into(),
        thread_id: "t-scripts".into(),
        time_zone: "America/Chicago".into(),
        is_final: false,
        generated_at: jiff::Timestamp::UNIX_EPOCH,
        content_hash: t.content_hash(),
    };
    let messages = t.validate().unwrap_or_else(|e| panic!("{e}"));
    PdfTranscripts::with_fonts_dir(&fonts)
        .render(&info, t, &messages)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The PDF's text as a reader's viewer extracts it; pdftotext wraps right-to-left runs in
/// embedding marks (U+202A–U+202E), which are its own, not the message's.
pub fn pdftotext(pdf: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("casebridge-scripts-{}.pdf", std::process::id()));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "pdftotext is needed (poppler-utils; bash infra/scripts/test.sh installs it): {e}"
            )
        });
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().replace(
        ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'],
        "",
    )
}
