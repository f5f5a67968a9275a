//! The thread as wrapped lines: the header (what this document is, for whom, in which time
//! zone), then every message (who, when, how; the body paragraph by paragraph; attachments).

use casebridge_core::transcripts::{ThreadSnapshot, TimedMessage, TranscriptInfo};
use casebridge_core::Error;

use crate::shaping::{needs_shaping, shaped_width, Glyph, Paragraph};
use crate::text::{local_time, wrap, Face, Measures};
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
    /// Where the line starts, in points from the left margin (a right-to-left paragraph's
    /// lines end at the right margin).
    pub x: f32,
    /// Extra space above the line, in points.
    pub space_before: f32,
    /// The glyphs in visual order when the shaper laid the paragraph out; `None`: a glyph
    /// per character of `text`.
    pub shaped: Option<Vec<Glyph>>,
    /// A heading that must not end a page: it goes to the next page unless the line after
    /// it fits too (a message's sender line stays with its first line of text).
    pub keep_with_next: bool,
}

/// Where laid-out lines go, one by one: the pages being drawn (a list in tests).
pub(crate) trait LineSink {
    fn line(&mut self, line: Line, measures: &mut Measures) -> Result<(), Error>;
}

impl LineSink for Vec<Line> {
    fn line(&mut self, line: Line, _: &mut Measures) -> Result<(), Error> {
        self.push(line);
        Ok(())
    }
}

pub(crate) struct Lines<'a, S> {
    /// How many lines were laid out so far.
    pub count: usize,
    /// Whether the next paragraph pushed is a heading kept with the line after it.
    pub keep_next: bool,
    pub measures: &'a mut Measures,
    pub sink: &'a mut S,
}

impl<S: LineSink> Lines<'_, S> {
    /// Cleans and wraps one paragraph into lines, and hands them on.
    pub(crate) fn push(
        &mut self,
        face: Face,
        text: &str,
        size: f32,
        indent: f32,
        space_before: f32,
    ) -> Result<(), Error> {
        let m = &mut *self.measures;
        let cleaned = m.clean(face, text);
        let width = CONTENT_W - indent;
        let space = m.advance(face, ' ') * size;
        let keep = std::mem::take(&mut self.keep_next);
        let line = |text: &str, x: f32, shaped: Option<Vec<Glyph>>, first: bool| Line {
            text: text.to_owned(),
            face,
            size,
            x,
            space_before: if first { space_before } else { 0.0 },
            shaped,
            keep_with_next: keep,
        };
        if cleaned.chars().any(needs_shaping) {
            let paragraph = Paragraph::new(&cleaned);
            let ranges = wrap(&cleaned, width, space, |w| shaped_width(m, face, w) * size);
            for (i, r) in ranges.into_iter().enumerate() {
                let shaped = paragraph.shape_line(m, face, r.clone());
                let x = if paragraph.right_to_left() {
                    CONTENT_W - shaped.width * size
                } else {
                    indent
                };
                let l = line(&cleaned[r], x, Some(shaped.glyphs), i == 0);
                self.count += 1;
                self.sink.line(l, m)?;
            }
        } else {
            let ranges = wrap(&cleaned, width, space, |w| {
                w.chars().map(|c| m.advance(face, c)).sum::<f32>() * size
            });
            for (i, r) in ranges.into_iter().enumerate() {
                self.count += 1;
                self.sink.line(line(&cleaned[r], indent, None, i == 0), m)?;
            }
        }
        Ok(())
    }
}

/// Lays the thread out, handing each line to `sink` as it is made.
pub(crate) fn lay_out(
    info: &TranscriptInfo,
    thread: &ThreadSnapshot,
    messages: &[TimedMessage<'_>],
    tz: &jiff::tz::TimeZone,
    measures: &mut Measures,
    sink: &mut impl LineSink,
) -> Result<(), Error> {
    lay_out_within(MAX_LINES, info, thread, messages, tz, measures, sink)
}

/// [`lay_out`] with the line bound as a parameter (tests use a small one).
fn lay_out_within(
    max_lines: usize,
    info: &TranscriptInfo,
    thread: &ThreadSnapshot,
    messages: &[TimedMessage<'_>],
    tz: &jiff::tz::TimeZone,
    measures: &mut Measures,
    sink: &mut impl LineSink,
) -> Result<(), Error> {
    let mut lines = Lines {
        count: 0,
        keep_next: false,
        measures,
        sink,
    };
    header(&mut lines, info, thread, messages, tz)?;
    for (shown, tm) in messages.iter().enumerate() {
        let whole = lines.count < max_lines && message(&mut lines, thread, tm, tz, max_lines)?;
        if !whole {
            // This message (or what is left of it) and every later one are not shown.
            let left = messages.len() - shown;
            lines.push(
                Face::Bold,
                &format!(
                    "[Transcript truncated: {left} message(s) are not shown here in full; the full thread is in Prokeep.]"
                ),
                BODY_SIZE,
                0.0,
                12.0,
            )?;
            return Ok(());
        }
    }
    // The last page says the transcript is whole, and how long it is.
    lines.push(
        Face::Bold,
        &format!(
            "End of transcript \u{2014} {}",
            casebridge_core::text::count(messages.len() as i64, "message", "messages")
        ),
        9.5,
        0.0,
        14.0,
    )?;
    Ok(())
}

/// The channel a message came by: its own, else the thread's.
fn channel_of<'t>(
    thread: &'t ThreadSnapshot,
    m: &'t casebridge_core::transcripts::Message,
) -> &'t str {
    m.channel.as_deref().unwrap_or(&thread.channel)
}

fn header(
    lines: &mut Lines<'_, impl LineSink>,
    info: &TranscriptInfo,
    thread: &ThreadSnapshot,
    messages: &[TimedMessage<'_>],
    tz: &jiff::tz::TimeZone,
) -> Result<(), Error> {
    let title = if info.is_final {
        "Conversation transcript"
    } else {
        "Conversation transcript — DRAFT (thread still open)"
    };
    lines.push(Face::Bold, title, 16.0, 0.0, 0.0)?;
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
    let channels = channels(thread, messages);
    for (label, value) in [
        ("Dealer", info.dealer.as_str()),
        ("Case", info.case.as_str()),
        ("Customer", info.customer.as_str()),
        ("Asset", info.asset.as_str()),
        (
            "Thread",
            &format!("{} (reference {reference}, {channels})", info.thread_id),
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
        lines.push(Face::Regular, &format!("{label}: {value}"), 9.5, 0.0, space)?;
    }
    if !thread.participants.is_empty() {
        lines.push(Face::Regular, &participants(thread), 9.5, 0.0, 0.0)?;
    }
    Ok(())
}

/// The channels the messages came by (an "sms" thread may carry emails too): "channel sms",
/// "channels sms, email".
fn channels(thread: &ThreadSnapshot, messages: &[TimedMessage<'_>]) -> String {
    let mut channels: Vec<&str> = Vec::new();
    for tm in messages {
        let c = channel_of(thread, tm.message);
        if !channels.contains(&c) {
            channels.push(c);
        }
    }
    if channels.is_empty() {
        channels.push(&thread.channel);
    }
    let word = if channels.len() == 1 {
        "channel"
    } else {
        "channels"
    };
    format!("{word} {}", channels.join(", "))
}

/// "Participants: Jo Fleet (customer, +12145550123, jo@fleet.example); ...": each with
/// role, phone and email.
fn participants(thread: &ThreadSnapshot) -> String {
    let who: Vec<String> = thread
        .participants
        .iter()
        .map(|p| {
            let contact: String = [p.phone.as_deref(), p.email.as_deref()]
                .into_iter()
                .flatten()
                .map(|c| format!(", {c}"))
                .collect();
            if p.role.is_empty() {
                format!("{}{contact}", p.name)
            } else {
                format!("{} ({}{contact})", p.name, p.role)
            }
        })
        .collect();
    format!("Participants: {}", who.join("; "))
}

/// A run of blank lines as written, or one line that counts a long run.
fn blank_lines(lines: &mut Lines<'_, impl LineSink>, blank: usize) -> Result<(), Error> {
    if blank > MAX_BLANK_RUN {
        let run = format!("[{blank} blank lines]");
        return lines.push(Face::Regular, &run, BODY_SIZE, 12.0, 0.0);
    }
    for _ in 0..blank {
        lines.push(Face::Regular, "", BODY_SIZE, 12.0, 0.0)?;
    }
    Ok(())
}

/// Lays out one message; false when the line bound cut it short.
fn message(
    lines: &mut Lines<'_, impl LineSink>,
    thread: &ThreadSnapshot,
    tm: &TimedMessage<'_>,
    tz: &jiff::tz::TimeZone,
    max_lines: usize,
) -> Result<bool, Error> {
    let m = tm.message;
    // Who, with their role, so the dealer's people and the customer are told apart at a
    // glance in black and white: "José Ramírez (customer)", "Ann Advisor (staff)".
    let sender = thread
        .participant(&m.sender_id)
        .map(|p| match p.role.trim() {
            "" => p.name.clone(),
            role => format!("{} ({role})", p.name),
        })
        .unwrap_or_else(|| format!("Unknown sender ({})", m.sender_id));
    let channel = channel_of(thread, m);
    let head = format!("{sender} · {} · {channel}", local_time(tm.sent_at, tz));
    lines.keep_next = true;
    lines.push(Face::Bold, &head, BODY_SIZE, 0.0, 9.0)?;
    let body = m.body.replace("\r\n", "\n").replace('\r', "\n");
    let mut blank = 0usize;
    for paragraph in body.split('\n') {
        if paragraph.trim().is_empty() {
            blank += 1;
            continue;
        }
        blank_lines(lines, std::mem::take(&mut blank))?;
        if lines.count >= max_lines {
            return Ok(false);
        }
        lines.push(Face::Regular, paragraph, BODY_SIZE, 12.0, 0.0)?;
    }
    blank_lines(lines, blank)?;
    if !m.attachments.is_empty() {
        let names: Vec<&str> = m.attachments.iter().map(|a| a.name.as_str()).collect();
        lines.push(
            Face::Regular,
            &format!("Attachments: {}", names.join(", ")),
            9.0,
            12.0,
            2.0,
        )?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use casebridge_core::transcripts::{Message, Participant, ThreadState};

    fn thread(bodies: &[String]) -> ThreadSnapshot {
        ThreadSnapshot {
            channel: "sms".into(),
            reference: None,
            subject: None,
            state: ThreadState::Open,
            participants: vec![Participant {
                id: "c".into(),
                name: "José".into(),
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
                    sent_at: "2026-11-20T08:00:00-06:00".into(),
                    body: b.clone(),
                    channel: None,
                    attachments: vec![],
                })
                .collect(),
        }
    }

    /// The marker, when the layout ends with one (it may wrap onto a second line).
    fn marker(out: &[String]) -> String {
        let at = out
            .iter()
            .rposition(|l| l.starts_with("[Transcript truncated:"))
            .unwrap_or(out.len());
        assert!(out.len() - at <= 2, "the marker ends the layout: {out:?}");
        out[at..].join(" ")
    }

    fn texts(max_lines: usize, bodies: &[String]) -> Vec<String> {
        let t = thread(bodies);
        let messages = t.validate().unwrap_or_else(|e| panic!("{e}"));
        let info = TranscriptInfo {
            dealer: "D".into(),
            case: "C".into(),
            customer: "Cu".into(),
            asset: "A".into(),
            thread_id: "t".into(),
            time_zone: "UTC".into(),
            is_final: false,
            generated_at: jiff::Timestamp::UNIX_EPOCH,
            content_hash: String::new(),
        };
        let mut measures = Measures::new(crate::fonts::FallbackFonts::in_dir(None))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut lines: Vec<Line> = Vec::new();
        lay_out_within(
            max_lines,
            &info,
            &t,
            &messages,
            &jiff::tz::TimeZone::UTC,
            &mut measures,
            &mut lines,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        lines.into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn a_run_of_blank_lines_prints_as_one_line_saying_how_many() {
        let out = texts(MAX_LINES, &[format!("top{}bottom", "\n".repeat(19_990))]);
        assert!(out.len() < 20, "{out:?}");
        assert!(out.contains(&"[19989 blank lines]".to_string()), "{out:?}");
        assert!(out.contains(&"bottom".to_string()));
    }

    #[test]
    fn a_thread_past_the_line_bound_ends_with_a_visible_marker() {
        // Cut between messages: the marker counts the messages not shown.
        let bodies: Vec<String> = (0..50).map(|i| format!("message {i}")).collect();
        let out = texts(30, &bodies);
        let last = marker(&out);
        assert!(out.len() <= 30 + 3, "{}", out.len());
        let shown = out.iter().filter(|l| l.starts_with("message ")).count();
        assert!(
            last.contains(&format!("{} message(s)", 50 - shown)),
            "{last}"
        );
    }

    #[test]
    fn a_last_message_cut_inside_still_ends_with_the_marker() {
        let long: Vec<String> = (0..100).map(|i| format!("line {i}")).collect();
        let out = texts(40, &[long.join("\n")]);
        let last = marker(&out);
        assert!(
            last.starts_with("[Transcript truncated: 1 message(s)"),
            "{last}"
        );
        assert!(!out.contains(&"line 99".to_string()));
    }
}
