//! The transcript PDF, laid out by hand and written with pdf-writer, behind casebridge's
//! [`TranscriptRenderer`] port. Only the functions that render link this crate.
//!
//! - Text is real text in an embedded font (DejaVu Sans, shipped in `assets/fonts` under its
//!   free licence), so `pdftotext` recovers it and accents, curly quotes, Greek and Cyrillic
//!   print. A character the font lacks, a control character or a bidi override is printed
//!   visibly as `[U+XXXX]` — never dropped, never allowed to reorder the line ([`text`]).
//! - Three steps: [`layout`] turns the thread into wrapped lines, [`pagination`] puts them on
//!   pages, [`drawing`] draws the pages knowing their count ("Page n of m").

mod drawing;
mod layout;
mod pagination;
mod text;

use casebridge_core::ports::TranscriptRenderer;
use casebridge_core::transcripts::{ThreadSnapshot, TimedMessage, TranscriptInfo};
use casebridge_core::Error;

/// US Letter, in points.
const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;
const MARGIN: f32 = 54.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;

/// The PDF renderer with the embedded fonts.
#[derive(Debug, Default, Clone, Copy)]
pub struct PdfTranscripts;

impl TranscriptRenderer for PdfTranscripts {
    fn render(
        &self,
        info: &TranscriptInfo,
        thread: &ThreadSnapshot,
        messages: &[TimedMessage<'_>],
    ) -> Result<Vec<u8>, Error> {
        render(info, thread, messages)
    }
}

/// Renders the transcript. `messages` are the validated messages in time order.
pub fn render(
    info: &TranscriptInfo,
    thread: &ThreadSnapshot,
    messages: &[TimedMessage<'_>],
) -> Result<Vec<u8>, Error> {
    let fonts = text::fonts()?;
    let tz = jiff::tz::TimeZone::get(&info.time_zone).map_err(|_| {
        Error::Internal(format!("dealer time zone {:?} is unknown", info.time_zone))
    })?;
    let mut measures = text::Measures::new(fonts);
    let lines = layout::lay_out(info, thread, messages, &tz, &mut measures);
    let pages = pagination::paginate(lines);
    drawing::draw(info, pages, &tz, &mut measures)
}
