//! Pages into PDF objects, now that "Page n of m" is known: the running header, the lines,
//! and the footer (thread, state, page, generated-at, content hash).
//!
//! Written with pdf-writer: each page's content stream is written (and compressed) as soon
//! as it is drawn; text is shown as glyph ids of the fonts (Identity-H), each font subset
//! once at the end to the glyphs the document used, with a ToUnicode map so the text can be
//! searched and copied (`pdftotext` gives it back, right-to-left text in reading order).

use casebridge_core::transcripts::TranscriptInfo;
use casebridge_core::Error;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};

use crate::pagination::Page;
use crate::shaping::Glyph;
use crate::text::{local_time, Face, Font, FontId, Measures, FONT_COUNT};
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

/// The glyphs one font has shown so far: their ids in the subset, and what they say.
struct Used {
    remapper: subsetter::GlyphRemapper,
    /// For each glyph of the subset (by new id): its advance (1/1000 em) and its text.
    glyphs: Vec<(f32, String)>,
    /// The font's object, from the first page that shows it.
    id: Option<Ref>,
}

impl Default for Used {
    fn default() -> Self {
        Used {
            remapper: subsetter::GlyphRemapper::new(),
            glyphs: vec![(0.0, String::new())],
            id: None,
        }
    }
}

impl Used {
    /// The subset's id of glyph `gid`, and whether the glyph says `text` (what a glyph says
    /// is kept the first time it says anything); `advance` is its width at size 1.
    fn code(&mut self, gid: u16, advance: f32, text: &str) -> (u16, bool) {
        let new = self.remapper.remap(gid);
        let says = match self.glyphs.get_mut(new as usize) {
            None => {
                self.glyphs.push((advance * 1000.0, text.to_owned()));
                true
            }
            Some((_, said)) if said.is_empty() && !text.is_empty() => {
                *said = text.to_owned();
                true
            }
            Some((_, said)) => said == text,
        };
        (new, says)
    }
}

/// What the document's fonts have shown, and each style's characters' codes once seen (a
/// glyph per character; ASCII by index, the rest in a map).
struct Shown {
    used: [Used; FONT_COUNT],
    ascii: [[Option<(FontId, u16)>; 128]; 2],
    other: [rustc_hash::FxHashMap<char, (FontId, u16)>; 2],
}

impl Shown {
    fn new() -> Self {
        Shown {
            used: Default::default(),
            ascii: [[None; 128]; 2],
            other: Default::default(),
        }
    }

    /// The font and code that print `c` in `style` (`.notdef` of the style's own face when
    /// nothing does; cleaned text has none of those).
    #[inline]
    fn char_code(&mut self, m: &mut Measures, style: Face, c: char) -> (FontId, u16) {
        let s = style as usize;
        let known = if c.is_ascii() {
            self.ascii[s][c as usize]
        } else {
            self.other[s].get(&c).copied()
        };
        if let Some(code) = known {
            return code;
        }
        let code = match m.pick(style, c) {
            Some((font, gid, advance)) => {
                let said = c.encode_utf8(&mut [0; 4]).to_owned();
                (font, self.used[font].code(gid, advance, &said).0)
            }
            None => (style as FontId, 0),
        };
        if c.is_ascii() {
            self.ascii[s][c as usize] = Some(code);
        } else {
            self.other[s].insert(c, code);
        }
        code
    }
}

/// Writes `v` with up to two decimals (coordinates and sizes), without `format!`.
fn number(buf: &mut Vec<u8>, v: f32) {
    let hundredths = (v * 100.0).round() as i64;
    if hundredths < 0 {
        buf.push(b'-');
    }
    let abs = hundredths.abs();
    buf.extend_from_slice(itoa::Buffer::new().format(abs / 100).as_bytes());
    let frac = abs % 100;
    if frac != 0 {
        buf.push(b'.');
        buf.push(b'0' + (frac / 10) as u8);
        if frac % 10 != 0 {
            buf.push(b'0' + (frac % 10) as u8);
        }
    }
}

/// One page's text, written as content-stream operators directly: a font switch only when
/// font or size change, a text matrix where a line (or a shaped glyph off the pen) starts,
/// and the glyph codes. The codes go in a literal string as raw bytes (PDF allows any byte
/// there; only `(`, `)`, `\` and line ends are escaped): two bytes a glyph, where a
/// general-purpose writer spends up to eight.
struct PageText<'a> {
    ops: Vec<u8>,
    current: Option<(FontId, f32)>,
    /// A string is open (`(` written, `) Tj` not yet).
    open: bool,
    /// The fonts this page shows, a bit each.
    fonts: u32,
    measures: &'a mut Measures,
    shown: &'a mut Shown,
}

impl<'a> PageText<'a> {
    fn new(capacity: usize, measures: &'a mut Measures, shown: &'a mut Shown) -> Self {
        PageText {
            ops: Vec::with_capacity(capacity),
            current: None,
            open: false,
            fonts: 0,
            measures,
            shown,
        }
    }

    fn set_font(&mut self, font: FontId, size: f32) {
        if self.current != Some((font, size)) {
            self.close();
            self.ops.extend_from_slice(b"/F");
            self.ops
                .extend_from_slice(itoa::Buffer::new().format(font + 1).as_bytes());
            self.ops.push(b' ');
            number(&mut self.ops, size);
            self.ops.extend_from_slice(b" Tf\n");
            self.current = Some((font, size));
            self.fonts |= 1 << font;
        }
    }

    fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        self.ops.extend_from_slice(b"1 0 0 1 ");
        number(&mut self.ops, x);
        self.ops.push(b' ');
        number(&mut self.ops, y);
        self.ops.extend_from_slice(b" Tm\n");
    }

    #[inline]
    fn show(&mut self, code: u16) {
        if !self.open {
            self.ops.push(b'(');
            self.open = true;
        }
        for byte in code.to_be_bytes() {
            match byte {
                b'(' | b')' | b'\\' => self.ops.extend_from_slice(&[b'\\', byte]),
                b'\r' => self.ops.extend_from_slice(b"\\r"),
                b'\n' => self.ops.extend_from_slice(b"\\n"),
                _ => self.ops.push(byte),
            }
        }
    }

    fn close(&mut self) {
        if self.open {
            self.ops.extend_from_slice(b") Tj\n");
            self.open = false;
        }
    }

    /// Cleaned text, a glyph per character, each from the first font that has it.
    fn text(&mut self, style: Face, size: f32, x: f32, y: f32, s: &str) {
        self.move_to(x, y);
        for c in s.chars() {
            let (font, code) = self.shown.char_code(self.measures, style, c);
            self.set_font(font, size);
            self.show(code);
        }
        self.close();
    }

    /// Shaped glyphs, left to right from `x`; `text` is the line they stand for.
    ///
    /// A word whose glyphs do not each say their own characters (a vowel sign drawn before
    /// its consonant, a conjunct, a mark placed off the pen, a glyph that already says
    /// something else) is wrapped in an `ActualText` span with the word's characters, so a
    /// reader's copy and search get the word as it was written.
    fn glyphs(&mut self, size: f32, x: f32, y: f32, glyphs: &[Glyph], text: &str) {
        let mut pen = x;
        // Where the viewer's pen is after the last glyph shown (the font's own advance).
        let mut at: Option<(f32, f32)> = None;
        let mut codes = Vec::new();
        let space = |g: &Glyph| text.get(g.text.start as usize..g.text.end as usize) == Some(" ");
        for word in glyphs.chunk_by(|a, b| !space(a) && !space(b)) {
            codes.clear();
            let mut plain = true;
            // The word's characters: from its first to its last (bytes of the line).
            let mut said: Option<(u32, u32)> = None;
            for g in word {
                let Some(font) = self.measures.font(g.font) else {
                    codes.push(None);
                    continue;
                };
                let width = font
                    .face
                    .glyph_hor_advance(ttf_parser::GlyphId(g.gid))
                    .unwrap_or(0) as f32
                    / font.units_per_em();
                let own = text
                    .get(g.text.start as usize..g.text.end as usize)
                    .unwrap_or_default();
                let (code, says_own) = self.shown.used[g.font].code(g.gid, width, own);
                // Off the pen, a word reads better as a whole (ActualText), except right
                // to left, where readers put ActualText in visual order: there a mark
                // (an Arabic vowel) still says itself.
                let on_pen = (g.dx == 0.0 && g.dy == 0.0) || (g.rtl && marks_only(own));
                plain &= says_own && !own.is_empty() && on_pen;
                if !g.text.is_empty() {
                    let (from, to) = said.unwrap_or((g.text.start, g.text.end));
                    said = Some((from.min(g.text.start), to.max(g.text.end)));
                }
                codes.push(Some((code, width)));
            }
            let actual = said
                .filter(|_| !plain)
                .and_then(|(from, to)| text.get(from as usize..to as usize));
            if let Some(actual) = actual {
                self.close();
                self.ops.extend_from_slice(b"/Span <</ActualText <FEFF");
                for unit in actual.encode_utf16() {
                    for byte in unit.to_be_bytes() {
                        self.ops.extend_from_slice(&hex(byte));
                    }
                }
                self.ops.extend_from_slice(b">>> BDC\n");
            }
            for (g, code) in word.iter().zip(&codes) {
                let (gx, gy) = (pen + g.dx * size, y + g.dy * size);
                pen += g.advance * size;
                let Some((code, width)) = *code else { continue };
                self.set_font(g.font, size);
                if at.is_none_or(|(ax, ay)| (ax - gx).abs() > 0.01 || (ay - gy).abs() > 0.01) {
                    self.move_to(gx, gy);
                }
                self.show(code);
                at = Some((gx + width * size, gy));
            }
            if actual.is_some() {
                self.close();
                self.ops.extend_from_slice(b"EMC\n");
            }
        }
        self.close();
    }
}

/// Marks only (one, or two a font draws as one: shadda with a vowel).
fn marks_only(s: &str) -> bool {
    s.chars().all(crate::shaping::is_mark)
}

fn hex(byte: u8) -> [u8; 2] {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    [DIGITS[(byte >> 4) as usize], DIGITS[(byte & 15) as usize]]
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
pub(crate) struct Drawer<'i> {
    info: &'i TranscriptInfo,
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
    state: &'static str,
    running: String,
    footer2: String,
}

impl<'i> Drawer<'i> {
    pub fn new(info: &'i TranscriptInfo, tz: &jiff::tz::TimeZone, measures: &mut Measures) -> Self {
        let mut refs = Refs(0);
        let (catalog, tree, doc_info, page_count) =
            (refs.next(), refs.next(), refs.next(), refs.next());
        let state = if info.is_final { "FINAL" } else { "DRAFT" };
        let running = measures
            .clean(
                Face::Regular,
                &format!(
                    "Transcript of thread {} · case {} · {state}",
                    info.thread_id, info.case
                ),
            )
            .into_owned();
        let footer2 = measures
            .clean(
                Face::Regular,
                &format!(
                    "Generated {} · content SHA-256 {}",
                    local_time(info.generated_at, tz),
                    info.content_hash
                ),
            )
            .into_owned();
        Drawer {
            info,
            pdf: Pdf::new(),
            refs,
            catalog,
            tree,
            doc_info,
            page_count,
            shown: Shown::new(),
            deflate: Deflate::new(),
            kids: Vec::new(),
            state,
            running,
            footer2,
        }
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
                &self.running,
            );
        }
        for (y, line) in &page {
            let x = MARGIN + line.x;
            match &line.shaped {
                Some(glyphs) => p.glyphs(line.size, x, *y, glyphs, &line.text),
                None => p.text(line.face, line.size, x, *y, &line.text),
            }
        }
        let footer1 = format!(
            "Thread {} · {} · Page {n} of ",
            self.info.thread_id, self.state
        );
        let footer1 = p.measures.clean(Face::Regular, &footer1);
        let (size, y) = (7.5, MARGIN + 10.0);
        p.text(Face::Regular, size, MARGIN, y, &footer1);
        let count_at = MARGIN
            + footer1
                .chars()
                .map(|c| p.measures.advance(Face::Regular, c))
                .sum::<f32>()
                * size;
        p.text(Face::Regular, size, MARGIN, MARGIN, &self.footer2);
        p.ops.extend_from_slice(b"ET\nq 1 0 0 1 ");
        number(&mut p.ops, count_at);
        p.ops.push(b' ');
        number(&mut p.ops, y);
        p.ops.extend_from_slice(b" cm /Count Do Q\n");
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
        let title = format!("Transcript of thread {}", self.info.thread_id);
        self.pdf
            .document_info(self.doc_info)
            .title(pdf_writer::TextStr(&title))
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
