//! The transcript PDF, laid out by hand on printpdf 0.12 (which does not wrap text).
//!
//! - Text is real text in an embedded font (DejaVu Sans, shipped in `shared/assets/fonts`
//!   under its free licence), so `pdftotext` recovers it and accents, curly quotes, Greek
//!   and Cyrillic print. A character the font lacks, a control character or a bidi override
//!   is printed visibly as `[U+XXXX]` — never dropped, never allowed to reorder the line.
//! - Layout runs in two passes: lines are wrapped (by measured glyph advances; over-long
//!   words are broken) and paginated, then pages are drawn knowing their count.

use std::collections::HashMap;
use std::sync::OnceLock;

use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
    TextMatrix,
};

use super::model::{ThreadSnapshot, TimedMessage};
use crate::error::Error;

static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// US Letter, in points.
const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;
const MARGIN: f32 = 54.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const FOOTER_TOP: f32 = MARGIN + 24.0;
const BODY_SIZE: f32 = 10.0;
const LEADING: f32 = 1.35;

struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

fn fonts() -> Result<&'static Fonts, Error> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let regular = ParsedFont::from_bytes(REGULAR_TTF, 0, &mut Vec::new())?;
            let bold = ParsedFont::from_bytes(BOLD_TTF, 0, &mut Vec::new())?;
            Some(Fonts { regular, bold })
        })
        .as_ref()
        .ok_or_else(|| Error::Internal("the embedded font does not parse".into()))
}

/// What the transcript's header and footer say besides the messages.
#[derive(Debug, Clone)]
pub struct TranscriptInfo {
    pub dealer: String,
    pub case: String,
    pub customer: String,
    pub asset: String,
    pub thread_id: String,
    /// IANA zone every time is shown in.
    pub time_zone: String,
    pub is_final: bool,
    pub generated_at: jiff::Timestamp,
    pub content_hash: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
}

/// One laid-out line.
struct Line {
    text: String,
    face: Face,
    size: f32,
    indent: f32,
    /// Extra space above the line, in points.
    space_before: f32,
}

/// Measures and cleans text for one face; caches per character.
struct Measure<'f> {
    font: &'f ParsedFont,
    scale: f32,
    ascii: [Option<Option<f32>>; 128],
    cache: HashMap<char, Option<f32>>,
}

impl<'f> Measure<'f> {
    fn new(font: &'f ParsedFont) -> Self {
        let upem = font.pdf_font_metrics.units_per_em.max(1) as f32;
        Measure {
            font,
            scale: 1.0 / upem,
            ascii: [None; 128],
            cache: HashMap::new(),
        }
    }

    /// Advance of `c` at size 1, or `None` when the font has no glyph for it.
    fn advance(&mut self, c: char) -> Option<f32> {
        let (font, scale) = (self.font, self.scale);
        let lookup = || {
            font.lookup_glyph_index(c as u32)
                .filter(|&g| g != 0)
                .map(|g| font.get_horizontal_advance(g) as f32 * scale)
        };
        if c.is_ascii() {
            *self.ascii[c as usize].get_or_insert_with(lookup)
        } else {
            *self.cache.entry(c).or_insert_with(lookup)
        }
    }

    fn width(&mut self, s: &str, size: f32) -> f32 {
        s.chars()
            .map(|c| self.advance(c).unwrap_or(0.0))
            .sum::<f32>()
            * size
    }

    /// Replaces what must not or cannot be printed with a visible `[U+XXXX]`.
    fn clean(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            let bidi = matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if c == '\t' {
                out.push_str("    ");
            } else if bidi || c.is_control() || self.advance(c).is_none() {
                out.push_str(&format!("[U+{:04X}]", c as u32));
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Wraps cleaned `text` into lines of at most `width` points.
    fn wrap(&mut self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut line_w = 0.0;
        let space = self.advance(' ').unwrap_or(0.3) * size;
        for word in text.split(' ') {
            let word_w = self.width(word, size);
            let need = if line.is_empty() {
                word_w
            } else {
                line_w + space + word_w
            };
            if need <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w = need;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if word_w <= width {
                line.push_str(word);
                line_w = word_w;
                continue;
            }
            // A word wider than the page: break it wherever the line is full.
            for c in word.chars() {
                let cw = self.advance(c).unwrap_or(0.0) * size;
                if line_w + cw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += cw;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

fn local_time(ts: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> String {
    ts.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}

/// Renders the transcript. `messages` are the validated messages in time order.
pub fn render(
    info: &TranscriptInfo,
    thread: &ThreadSnapshot,
    messages: &[TimedMessage<'_>],
) -> Result<Vec<u8>, Error> {
    let fonts = fonts()?;
    let tz = jiff::tz::TimeZone::get(&info.time_zone).map_err(|_| {
        Error::Internal(format!("dealer time zone {:?} is unknown", info.time_zone))
    })?;
    let mut regular = Measure::new(&fonts.regular);
    let mut bold = Measure::new(&fonts.bold);
    let mut lines: Vec<Line> = Vec::new();
    let push = |lines: &mut Vec<Line>,
                m: &mut Measure<'_>,
                face,
                text: &str,
                size,
                indent,
                space_before| {
        let cleaned = m.clean(text);
        for (i, t) in m
            .wrap(&cleaned, size, CONTENT_W - indent)
            .into_iter()
            .enumerate()
        {
            lines.push(Line {
                text: t,
                face,
                size,
                indent,
                space_before: if i == 0 { space_before } else { 0.0 },
            });
        }
    };

    // Header: what this document is, for whom, and in which time zone its times are.
    let title = if info.is_final {
        "Conversation transcript"
    } else {
        "Conversation transcript — DRAFT (thread still open)"
    };
    push(&mut lines, &mut bold, Face::Bold, title, 16.0, 0.0, 0.0);
    let (first, last) = (
        messages.first().map(|m| m.sent_at),
        messages.last().map(|m| m.sent_at),
    );
    let range = match (first, last) {
        (Some(a), Some(b)) => format!("{} — {}", local_time(a, &tz), local_time(b, &tz)),
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
        push(
            &mut lines,
            &mut regular,
            Face::Regular,
            &format!("{label}: {value}"),
            9.5,
            0.0,
            if label == "Dealer" { 8.0 } else { 0.0 },
        );
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
        push(
            &mut lines,
            &mut regular,
            Face::Regular,
            &format!("Participants: {}", who.join("; ")),
            9.5,
            0.0,
            0.0,
        );
    }

    // Messages: who, when, how; the body paragraph by paragraph; attachments by name.
    for tm in messages {
        let m = tm.message;
        let sender = thread
            .participant(&m.sender_id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| format!("Unknown sender ({})", m.sender_id));
        let channel = m.channel.as_deref().unwrap_or(&thread.channel);
        let head = format!("{sender} · {} · {channel}", local_time(tm.sent_at, &tz));
        push(
            &mut lines,
            &mut bold,
            Face::Bold,
            &head,
            BODY_SIZE,
            0.0,
            9.0,
        );
        let body = m.body.replace("\r\n", "\n").replace('\r', "\n");
        for paragraph in body.split('\n') {
            push(
                &mut lines,
                &mut regular,
                Face::Regular,
                paragraph,
                BODY_SIZE,
                12.0,
                0.0,
            );
        }
        if !m.attachments.is_empty() {
            let names: Vec<&str> = m.attachments.iter().map(|a| a.name.as_str()).collect();
            push(
                &mut lines,
                &mut regular,
                Face::Regular,
                &format!("Attachments: {}", names.join(", ")),
                9.0,
                12.0,
                2.0,
            );
        }
    }

    // Pass 1: paginate.
    let top = PAGE_H - MARGIN;
    let mut pages: Vec<Vec<(f32, Line)>> = vec![Vec::new()];
    let mut y = top;
    for line in lines {
        let h = line.size * LEADING;
        let page = pages.last_mut().map(|p| p.is_empty()).unwrap_or(true);
        let gap = if page { 0.0 } else { line.space_before };
        if y - gap - h < FOOTER_TOP && !page {
            pages.push(Vec::new());
            y = top - 14.0; // room for the running header
        } else {
            y -= gap;
        }
        y -= h;
        if let Some(p) = pages.last_mut() {
            p.push((y + (h - line.size) / 2.0, line));
        }
    }

    // Pass 2: draw, now that "Page n of m" is known.
    let mut doc = PdfDocument::new(&format!("Transcript of thread {}", info.thread_id));
    let regular_id = doc.add_font(&fonts.regular);
    let bold_id = doc.add_font(&fonts.bold);
    let total = pages.len();
    let generated = local_time(info.generated_at, &tz);
    let state = if info.is_final { "FINAL" } else { "DRAFT" };
    let mut pdf_pages = Vec::with_capacity(total);
    for (n, page) in pages.into_iter().enumerate() {
        let mut ops = vec![Op::StartTextSection];
        let mut current: Option<(Face, f32)> = None;
        let mut text = |ops: &mut Vec<Op>, face: Face, size: f32, x: f32, y: f32, s: String| {
            if current != Some((face, size)) {
                let id: &FontId = if face == Face::Bold {
                    &bold_id
                } else {
                    &regular_id
                };
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: Pt(size),
                });
                current = Some((face, size));
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(s)],
            });
        };
        if n > 0 {
            let running = format!(
                "Transcript of thread {} · case {} · {state}",
                info.thread_id, info.case
            );
            text(
                &mut ops,
                Face::Regular,
                8.0,
                MARGIN,
                PAGE_H - MARGIN + 4.0,
                regular.clean(&running),
            );
        }
        for (y, line) in page {
            text(
                &mut ops,
                line.face,
                line.size,
                MARGIN + line.indent,
                y,
                line.text,
            );
        }
        let footer1 = format!(
            "Thread {} · {state} · Page {} of {total}",
            info.thread_id,
            n + 1
        );
        let footer2 = format!(
            "Generated {generated} · content SHA-256 {}",
            info.content_hash
        );
        text(
            &mut ops,
            Face::Regular,
            7.5,
            MARGIN,
            MARGIN + 10.0,
            regular.clean(&footer1),
        );
        text(
            &mut ops,
            Face::Regular,
            7.5,
            MARGIN,
            MARGIN,
            regular.clean(&footer2),
        );
        ops.push(Op::EndTextSection);
        pdf_pages.push(PdfPage::new(
            Mm::from(Pt(PAGE_W)),
            Mm::from(Pt(PAGE_H)),
            ops,
        ));
    }
    Ok(doc
        .with_pages(pdf_pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new()))
}
