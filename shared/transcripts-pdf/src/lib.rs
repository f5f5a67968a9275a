//! The transcript PDF, laid out by hand and written with pdf-writer, behind casebridge's
//! [`TranscriptRenderer`] port. Only the functions that render link this crate.
//!
//! - Text is real text in embedded fonts, so `pdftotext` recovers it: DejaVu Sans (shipped in
//!   `assets/fonts` under its free licence: Latin, Greek, Cyrillic, Arabic, Hebrew…), then
//!   Noto faces for CJK, the scripts of South and South-East Asia, Ethiopic and emoji, from
//!   the fonts directory ([`fonts`]); [`text`] picks the face for each character. A character
//!   no font has, a control character or a bidi override is printed visibly as `[U+XXXX]` —
//!   never dropped, never allowed to reorder the line.
//! - Right-to-left paragraphs read from the right, Arabic letters joined, emoji sequences
//!   whole ([`shaping`]).
//! - One pass, one page held at a time: [`layout`] turns the thread into wrapped lines,
//!   [`pagination`] puts each on the page being filled, [`drawing`] writes a page as soon as it
//!   is full ([`content`]: its text operators and glyph codes). "Page n of m" shows m from a
//!   form written at the end, when m is known.

mod content;
mod document;
mod drawing;
mod file;
mod fonts;
mod fonts_dir;
mod layout;
mod pagination;
mod shaping;
mod text;

use std::path::Path;

use casebridge_core::ports::{PrintedDocument, TranscriptRenderer};
use casebridge_core::transcripts::{ThreadSnapshot, TimedMessage, TranscriptInfo};
use casebridge_core::Error;

/// US Letter, in points.
const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;
const MARGIN: f32 = 54.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;

pub use file::render_file;
pub use fonts::FallbackFonts;
pub use fonts_dir::{transcript_fonts_dir, DEFAULT_FONTS_DIR};

/// The PDF renderer: DejaVu compiled in, the fallback faces read from a directory.
#[derive(Clone, Copy)]
pub struct PdfTranscripts {
    fallbacks: &'static FallbackFonts,
}

impl PdfTranscripts {
    /// The renderer with the fallback faces in `fonts_dir`. A face that is not there is
    /// logged once; what only it prints shows as `[U+XXXX]`.
    pub fn with_fonts_dir(fonts_dir: &Path) -> Self {
        PdfTranscripts {
            fallbacks: FallbackFonts::in_dir(Some(fonts_dir)),
        }
    }

    /// The renderer with the fallback faces where `CASEBRIDGE_FONTS_DIR` says.
    pub fn from_config() -> Self {
        Self::with_fonts_dir(&transcript_fonts_dir())
    }

    /// The renderer with DejaVu only.
    pub fn embedded_only() -> Self {
        PdfTranscripts {
            fallbacks: FallbackFonts::in_dir(None),
        }
    }

    /// Renders the transcript. `messages` are the validated messages in time order.
    pub fn render(
        &self,
        info: &TranscriptInfo,
        thread: &ThreadSnapshot,
        messages: &[TimedMessage<'_>],
    ) -> Result<Vec<u8>, Error> {
        render(self.fallbacks, info, thread, messages)
    }
}

impl std::fmt::Debug for PdfTranscripts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfTranscripts").finish_non_exhaustive()
    }
}

impl TranscriptRenderer for PdfTranscripts {
    fn render_document(&self, doc: &PrintedDocument) -> Result<Vec<u8>, Error> {
        render_document(self.fallbacks, doc)
    }

    fn render(
        &self,
        info: &TranscriptInfo,
        thread: &ThreadSnapshot,
        messages: &[TimedMessage<'_>],
    ) -> Result<Vec<u8>, Error> {
        PdfTranscripts::render(self, info, thread, messages)
    }
}

fn render(
    fallbacks: &'static FallbackFonts,
    info: &TranscriptInfo,
    thread: &ThreadSnapshot,
    messages: &[TimedMessage<'_>],
) -> Result<Vec<u8>, Error> {
    let tz = jiff::tz::TimeZone::get(&info.time_zone).map_err(|_| {
        Error::Internal(format!("dealer time zone {:?} is unknown", info.time_zone))
    })?;
    let mut measures = text::Measures::new(fallbacks)?;
    let chrome = drawing::Chrome::of_transcript(info, &tz);
    print("transcript", chrome, &mut measures, |measures, pages| {
        layout::lay_out(info, thread, messages, &tz, measures, pages)
    })
}

/// A printed document's paragraphs, on pages with its own header and footer.
fn render_document(
    fallbacks: &'static FallbackFonts,
    doc: &PrintedDocument,
) -> Result<Vec<u8>, Error> {
    let mut measures = text::Measures::new(fallbacks)?;
    let chrome = drawing::Chrome {
        running: doc.running.clone(),
        footer: doc.footer.clone(),
        footer2: doc.footer2.clone(),
        title: doc.title.clone(),
        subject: doc.subject.clone(),
    };
    print("estimate", chrome, &mut measures, |measures, pages| {
        document::lay_out(doc, measures, pages)
    })
}

/// Lays out with `lay_out`, page by page, and writes the PDF (counted as a `kind` PDF).
fn print(
    kind: &'static str,
    chrome: drawing::Chrome,
    measures: &mut text::Measures,
    lay_out: impl FnOnce(&mut text::Measures, &mut Pages) -> Result<(), Error>,
) -> Result<Vec<u8>, Error> {
    let started = std::time::Instant::now();
    let mut pages = Pages {
        filling: pagination::Paginator::new(),
        drawer: drawing::Drawer::new(chrome, measures),
    };
    lay_out(measures, &mut pages)?;
    let Pages {
        filling,
        mut drawer,
    } = pages;
    drawer.page(filling.finish(), measures)?;
    let drawn = drawer.pages();
    let pdf = drawer.finish(measures)?;
    casebridge_core::measures::pdf_rendered(kind, drawn, started.elapsed());
    Ok(pdf)
}

/// Lines go onto the page being filled; a full page is drawn and written at once.
struct Pages {
    filling: pagination::Paginator,
    drawer: drawing::Drawer,
}

impl layout::LineSink for Pages {
    fn line(&mut self, line: layout::Line, measures: &mut text::Measures) -> Result<(), Error> {
        match self.filling.place(line) {
            Some(full) => self.drawer.page(full, measures),
            None => Ok(()),
        }
    }
}
