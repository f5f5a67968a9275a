//! Pages into PDF objects as they fill: the running header, the lines, the footer (thread,
//! state, "Page n of m", generated-at, content hash).
//!
//! Written with pdf-writer: each page's content stream ([`crate::content`]) is written and
//! compressed as soon as the page is full; what only the end knows is written last: the page
//! count, and each font subset to the glyphs the document used, with a ToUnicode map so the
//! text can be searched and copied (`pdftotext` gives it back, right-to-left text in reading
//! order).

use casebridge_core::transcripts::TranscriptInfo;
use casebridge_core::Error;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};

use crate::content::{number, PageText, Shown, Used};
use crate::fonts::{Font, FontId};
use crate::pagination::Page;
use crate::text::{local_time, Face, Measures};
use crate::{MARGIN, PAGE_H, PAGE_W};

const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// A font's resource name: F1 regular, F2 bold, then the fallbacks.
fn font_name(id: FontId) -> String {
    format!("F{}", id + 1)
}

/// Ids for the document's objects, handed out in order.
struct Refs(i32);

impl Refs {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// One compressor for every stream of a document: making one zeroes a few hundred KB of
/// tables, resetting it clears much less (the profile put one page in ten in `memset`).
struct Deflate(flate2::Compress);

impl Deflate {
    fn new() -> Self {
        // Level 1: most of the size for a fraction of the time.
        Deflate(flate2::Compress::new(flate2::Compression::fast(), true))
    }

    fn zlib(&mut self, bytes: &[u8]) -> Result<Vec<u8>, Error> {
        use flate2::{FlushCompress, Status};
        self.0.reset();
        let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
        loop {
            let read = self.0.total_in() as usize;
            match self
                .0
                .compress_vec(&bytes[read..], &mut out, FlushCompress::Finish)
            {
                Ok(Status::StreamEnd) => return Ok(out),
                Ok(_) => out.reserve(out.capacity().max(256)),
                Err(e) => return Err(Error::Internal(format!("compressing a PDF stream: {e}"))),
            }
        }
    }
}

/// The document being written: each page is drawn, compressed and written as soon as it is
/// full; what only the end knows (the page count, the fonts' subsets) is written last.
/// What every page says besides its lines, and the document's properties.
pub(crate) struct Chrome {
    /// On top of every page after the first.
    pub running: String,
    /// The first footer line, before the page count ("Thread … · FINAL · Page n of ").
    pub footer: String,
    pub footer2: String,
    pub title: String,
    pub subject: String,
}

impl Chrome {
    /// A transcript's: the thread, the case, draft or final, when, and its content hash.
    pub fn of_transcript(info: &TranscriptInfo, tz: &jiff::tz::TimeZone) -> Self {
        let state = if info.is_final { "FINAL" } else { "DRAFT" };
        Chrome {
            running: format!(
                "Transcript of thread {} · case {} · {state}",
                info.thread_id, info.case
            ),
            footer: format!("Thread {} · {state} · ", info.thread_id),
            footer2: format!(
                "Generated {} · content SHA-256 {} (whole value in the document properties)",
                local_time(info.generated_at, tz),
                short_hash(&info.content_hash)
            ),
            title: format!("Transcript of thread {}", info.thread_id),
            subject: format!("content SHA-256 {}", info.content_hash),
        }
    }
}

pub(crate) struct Drawer {
    chrome: Chrome,
    pdf: Pdf,
    refs: Refs,
    catalog: Ref,
    tree: Ref,
    doc_info: Ref,
    /// "m" of every "Page n of m": a form each footer shows, written when m is known.
    page_count: Ref,
    shown: Shown,
    deflate: Deflate,
    kids: Vec<Ref>,
}

/// The footer's part of the content hash: enough to tell two versions apart at a glance, and
/// short enough to stay inside the margin; the whole value is the document's Subject.
pub(crate) fn short_hash(hash: &str) -> String {
    match hash.get(..16) {
        Some(start) if hash.len() > 16 => format!("{start}\u{2026}"),
        _ => hash.to_string(),
    }
}

impl Drawer {
    pub fn new(chrome: Chrome, measures: &mut Measures) -> Self {
        let mut refs = Refs(0);
        let (catalog, tree, doc_info, page_count) =
            (refs.next(), refs.next(), refs.next(), refs.next());
        let chrome = Chrome {
            running: measures.clean(Face::Regular, &chrome.running).into_owned(),
            footer2: measures.clean(Face::Regular, &chrome.footer2).into_owned(),
            ..chrome
        };
        Drawer {
            chrome,
            pdf: Pdf::new(),
            refs,
            catalog,
            tree,
            doc_info,
            page_count,
            shown: Shown::new(),
            deflate: Deflate::new(),
            kids: Vec::new(),
        }
    }

    /// The pages drawn so far.
    pub fn pages(&self) -> usize {
        self.kids.len()
    }

    /// Draws and writes one page.
    pub fn page(&mut self, page: Page, measures: &mut Measures) -> Result<(), Error> {
        let n = self.kids.len() + 1;
        let mut p = PageText::new(16 * 1024, measures, &mut self.shown);
        p.ops.extend_from_slice(b"BT\n");
        if n > 1 {
            p.text(
                Face::Regular,
                8.0,
                MARGIN,
                PAGE_H - MARGIN + 4.0,
                &self.chrome.running,
            );
        }
        for (y, line) in &page {
            let x = MARGIN + line.x;
            match &line.shaped {
                Some(glyphs) => p.glyphs(line.size, x, *y, glyphs, &line.text),
                None => p.text(line.face, line.size, x, *y, &line.text),
            }
        }
        let footer1 = format!("{}Page {n} of ", self.chrome.footer);
        footer(&mut p, &footer1, &self.chrome.footer2);
        let on_page = p.fonts;
        let content = self.deflate.zlib(&p.ops)?;
        let (page_id, content_id) = (self.refs.next(), self.refs.next());
        self.pdf
            .stream(content_id, &content)
            .filter(Filter::FlateDecode);
        let mut page_obj = self.pdf.page(page_id);
        page_obj
            .media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(self.tree)
            .contents(content_id);
        let mut resources = page_obj.resources();
        resources.x_objects().pair(Name(b"Count"), self.page_count);
        let mut fonts = resources.fonts();
        for (font, used) in self.shown.used.iter_mut().enumerate() {
            if on_page & (1 << font) != 0 {
                let id = *used.id.get_or_insert_with(|| self.refs.next());
                fonts.pair(Name(font_name(font).as_bytes()), id);
            }
        }
        fonts.finish();
        resources.finish();
        page_obj.finish();
        self.kids.push(page_id);
        Ok(())
    }

    /// Writes the page count, the page tree and the fonts: the document.
    pub fn finish(mut self, measures: &mut Measures) -> Result<Vec<u8>, Error> {
        let total = self.kids.len();
        // Every footer is in the regular face, so it has its object by now.
        let mut count = PageText::new(64, measures, &mut self.shown);
        count.ops.extend_from_slice(b"BT\n");
        count.text(Face::Regular, 7.5, 0.0, 0.0, &total.to_string());
        count.ops.extend_from_slice(b"ET\n");
        let ops = count.ops;
        let regular = self.shown.used[Face::Regular as usize]
            .id
            .get_or_insert_with(|| self.refs.next());
        let mut form = self.pdf.form_xobject(self.page_count, &ops);
        form.bbox(Rect::new(0.0, -3.0, 60.0, 9.0));
        let f1 = font_name(Face::Regular as FontId);
        form.resources().fonts().pair(Name(f1.as_bytes()), *regular);
        form.finish();
        self.pdf
            .pages(self.tree)
            .kids(self.kids.iter().copied())
            .count(total as i32);
        self.pdf.catalog(self.catalog).pages(self.tree);
        self.pdf
            .document_info(self.doc_info)
            .title(pdf_writer::TextStr(&self.chrome.title))
            .subject(pdf_writer::TextStr(&self.chrome.subject))
            .producer(pdf_writer::TextStr("casebridge"));
        for (n, used) in self.shown.used.iter().enumerate() {
            if let (Some(id), Some(font)) = (used.id, measures.font(n)) {
                write_font(
                    &mut self.pdf,
                    &mut self.refs,
                    &mut self.deflate,
                    id,
                    font,
                    used,
                    n,
                )?;
            }
        }
        Ok(self.pdf.finish())
    }
}

/// The page's footer: "Thread … · Page n of " and the count (a form drawn at the end,
/// once the count is known), then the second line; it closes the page's text object.
fn footer(p: &mut PageText<'_>, footer1: &str, footer2: &str) {
    let footer1 = p.measures.clean(Face::Regular, footer1);
    let (size, y) = (7.5, MARGIN + 10.0);
    p.text(Face::Regular, size, MARGIN, y, &footer1);
    let count_at = MARGIN
        + footer1
            .chars()
            .map(|c| p.measures.advance(Face::Regular, c))
            .sum::<f32>()
            * size;
    p.text(Face::Regular, size, MARGIN, MARGIN, footer2);
    p.ops.extend_from_slice(b"ET\nq 1 0 0 1 ");
    number(&mut p.ops, count_at);
    p.ops.push(b' ');
    number(&mut p.ops, y);
    p.ops.extend_from_slice(b" cm /Count Do Q\n");
}

/// The font's descriptor: its metrics, scaled to the PDF's 1000 units, and its file.
fn write_descriptor(pdf: &mut Pdf, descriptor: Ref, file: Ref, base: &str, font: &Font) {
    let face = &font.face;
    let scale = 1000.0 / font.units_per_em();
    let bbox = face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(Name(base.as_bytes()))
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            bbox.x_min as f32 * scale,
            bbox.y_min as f32 * scale,
            bbox.x_max as f32 * scale,
            bbox.y_max as f32 * scale,
        ))
        .italic_angle(0.0)
        .ascent(face.ascender() as f32 * scale)
        .descent(face.descender() as f32 * scale)
        .cap_height(face.capital_height().unwrap_or(face.ascender()) as f32 * scale)
        .stem_v(80.0)
        .font_file2(file);
}

/// A Type 0 font with its TrueType descendant, subset to the glyphs used.
fn write_font(
    pdf: &mut Pdf,
    refs: &mut Refs,
    deflate: &mut Deflate,
    id: Ref,
    font: &Font,
    used: &Used,
    n: usize,
) -> Result<(), Error> {
    let (cid, descriptor, file, cmap) = (refs.next(), refs.next(), refs.next(), refs.next());
    // A subset's name starts with six capitals of its own (PDF 9.6.4).
    let tag: String = (0..6)
        .map(|k| (b'A' + ((n * 7 + k * 3 + used.glyphs.len()) % 26) as u8) as char)
        .collect();
    let base = format!("{tag}+{}", font.name);
    pdf.type0_font(id)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(Name(base.as_bytes()))
        .system_info(IDENTITY)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid_font
        .widths()
        .consecutive(0, used.glyphs.iter().map(|(w, _)| *w));
    cid_font.finish();
    write_descriptor(pdf, descriptor, file, &base, font);
    let subset = subsetter::subset(font.data, 0, &used.remapper)
        .map_err(|e| Error::Internal(format!("subsetting {}: {e}", font.name)))?;
    let packed = deflate.zlib(&subset)?;
    pdf.stream(file, &packed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);
    let mut unicode = UnicodeCmap::new(Name(b"Custom"), IDENTITY);
    for (g, (_, said)) in used.glyphs.iter().enumerate().skip(1) {
        if !said.is_empty() {
            unicode.pair_with_multiple(g as u16, said.chars());
        }
    }
    let cmap_bytes = unicode.finish();
    pdf.cmap(cmap, &cmap_bytes);
    Ok(())
}
