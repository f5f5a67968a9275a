//! The thread as wrapped lines: the header (what this document is, for whom, in which time
//! zone), then every message (who, when, how; the body paragraph by paragraph; attachments).

use casebridge_core::transcripts::{ThreadSnapshot, TimedMessage, TranscriptInfo};

use crate::text::{local_time, Face, Measures};
use crate::CONTENT_W;

pub(crate) const BODY_SIZE: f32 = 10.0;

/// A transcript stops at about this many pages (roughly 40,000 ordinary messages; a thread
/// may hold 20,000), with a visible marker: rendering stays inside one invocation's time
/// and memory whatever the connector sends.
pub(crate) const MAX_LINES: usize = 100_000;
/// Runs of more blank lines than this inside a message print as one "[n blank lines]".
const MAX_BLANK_RUN: usize = 2;

/// One laid-out line.
pub(crate) struct Line {
    pub text: String,
    pub face: Face,
    pub size: f32,
    pub indent: f32,
    /// Extra space above the line, in points.
    pub space_before: f32,
}

struct Lines<'a, 'f> {
    out: Vec<Line>,
    measures: &'a mut Measures<'f>,
}

impl Lines<'_, '_> {
    /// Cleans and wraps one paragraph into lines.
    fn push(&mut self, face: Face, text: &str, size: f32, indent: f32, space_before: f32) {
        let m = self.measures.of(face);
        let cleaned = m.clean(text);
        for (i, t) in m
            .wrap(&cleaned, size, CONTENT_W - indent)
            .into_iter()
            .enumerate()
        {
            self.out.push(Line {
                text: t,
                face,
                size,
                indent,
                space_before: if i == 0 { space_before } else { 0.0 },
            });
        }
    }
}

pub(crate) fn lay_out(
    info: &TranscriptInfo,
    thread: &ThreadSnapshot,
    messages: &[TimedMessage<'_>],
    tz: &jiff::tz::TimeZone,
    measures: &mut Measures<'_>,
) -> Vec<Line> {
    let mut lines = Lines {
        out: Vec::new(),
        measures,
    };
    header(&mut lines, info, thread, messages, tz);
    for (shown, tm) in messages.iter().enumerate() {
        if lines.out.len() >= MAX_LINES {
            let left = messages.len() - shown;
            lines.push(
                Face::Bold,
                &format!(
                    "[Transcript truncated: {left} more message(s) are not shown here; the full thread is in Prokeep.]"
                ),
                BODY_SIZE,
                0.0,
                12.0,
            );
            break;
        }
        message(&mut lines, thread, tm, tz);
    }
    lines.out
}

fn header(
    lines: &mut Lines<'_, '_>,
    info: &TranscriptInfo,
    thread: &ThreadSnapshot,
    messages: &[TimedMessage<'_>],
    tz: &jiff::tz::TimeZone,
) {
    let title = if info.is_final {
        "Conversation transcript"
    } else {
        "Conversation transcript — DRAFT (thread still open)"
    };
    lines.push(Face::Bold, title, 16.0, 0.0, 0.0);
    let range = match (messages.first(), messages.last()) {
        (Some(a), Some(b)) => format!(
            "{} — {}",
            local_time(a.sent_at, tz),
            local_time(b.sent_at, tz)
        ),
        _ => String::new(),
    };
    let reference = thread
        .reference
        .as_deref()
        .or(thread.subject.as_deref())
        .unwrap_or("—");
    for (label, value) in [
        ("Dealer", info.dealer.as_str()),
        ("Case", info.case.as_str()),
        ("Customer", info.customer.as_str()),
        ("Asset", info.asset.as_str()),
        (
            "Thread",
            &format!(
                "{} (reference {reference}, channel {})",
                info.thread_id, thread.channel
            ),
        ),
        ("Time range", range.as_str()),
        ("Messages", &messages.len().to_string()),
        (
            "Time zone",
            &format!(
                "all times are shown in {} (the dealer's time zone)",
                info.time_zone
            ),
        ),
    ] {
        let space = if label == "Dealer" { 8.0 } else { 0.0 };
        lines.push(Face::Regular, &format!("{label}: {value}"), 9.5, 0.0, space);
    }
    if !thread.participants.is_empty() {
        let who: Vec<String> = thread
            .participants
            .iter()
            .map(|p| {
                let contact = p
                    .phone
                    .as_deref()
                    .or(p.email.as_deref())
                    .map(|c| format!(", {c}"))
                    .unwrap_or_default();
                if p.role.is_empty() {
                    format!("{}{contact}", p.name)
                } else {
                    format!("{} ({}{contact})", p.name, p.role)
                }
            })
            .collect();
        lines.push(
            Face::Regular,
            &format!("Participants: {}", who.join("; ")),
            9.5,
            0.0,
            0.0,
        );
    }
}

fn message(
    lines: &mut Lines<'_, '_>,
    thread: &ThreadSnapshot,
    tm: &TimedMessage<'_>,
    tz: &jiff::tz::TimeZone,
) {
    let m = tm.message;
    let sender = thread
        .participant(&m.sender_id)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| format!("Unknown sender ({})", m.sender_id));
    let channel = m.channel.as_deref().unwrap_or(&thread.channel);
    let head = format!("{sender} · {} · {channel}", local_time(tm.sent_at, tz));
    lines.push(Face::Bold, &head, BODY_SIZE, 0.0, 9.0);
    let body = m.body.replace("\r\n", "\n").replace('\r', "\n");
    let mut blank = 0usize;
    let flush = |lines: &mut Lines<'_, '_>, blank: usize| {
        if blank > MAX_BLANK_RUN {
            lines.push(
                Face::Regular,
                &format!("[{blank} blank lines]"),
                BODY_SIZE,
                12.0,
                0.0,
            );
        } else {
            for _ in 0..blank {
                lines.push(Face::Regular, "", BODY_SIZE, 12.0, 0.0);
            }
        }
    };
    for paragraph in body.split('\n') {
        if paragraph.trim().is_empty() {
            blank += 1;
            continue;
        }
        flush(lines, std::mem::take(&mut blank));
        if lines.out.len() >= MAX_LINES {
            return;
        }
        lines.push(Face::Regular, paragraph, BODY_SIZE, 12.0, 0.0);
    }
    flush(lines, blank);
    if !m.attachments.is_empty() {
        let names: Vec<&str> = m.attachments.iter().map(|a| a.name.as_str()).collect();
        lines.push(
            Face::Regular,
            &format!("Attachments: {}", names.join(", ")),
            9.0,
            12.0,
            2.0,
        );
    }
}
