//! Pages into PDF objects, now that "Page n of m" is known: the running header, the lines,
//! and the footer (thread, state, page, generated-at, content hash).
//!
//! Written with pdf-writer: each page's content stream is written (and compressed) as soon
//! as it is drawn; text is shown as glyph ids of the embedded fonts (Identity-H), each font
//! subset once at the end to the glyphs the document used, with a ToUnicode map so the text
//! can be searched and copied (`pdftotext` gives it back).

use casebridge_core::transcripts::TranscriptInfo;
use casebridge_core::Error;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};

use crate::pagination::Page;
use crate::text::{local_time, Face, Font, Measure, Measures};
use crate::{MARGIN, PAGE_H, PAGE_W};

const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

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
    /// For each glyph of the subset (by new id): its advance (1/1000 em) and its character.
    glyphs: Vec<(f32, char)>,
    /// Each character's code once seen (ASCII by index; the rest in a map).
    ascii: [Option<u16>; 128],
    other: rustc_hash::FxHashMap<char, u16>,
}

impl Default for Used {
    fn default() -> Self {
        Used {
            remapper: subsetter::GlyphRemapper::new(),
            glyphs: vec![(0.0, '\u{FFFD}')],
            ascii: [None; 128],
            other: Default::default(),
        }
    }
}

impl Used {
    /// The subset's id for `c` (its glyph in the font; `.notdef` if it has none).
    fn code(&mut self, m: &mut Measure<'_>, c: char) -> u16 {
        let known = if c.is_ascii() {
            self.ascii[c as usize]
        } else {
            self.other.get(&c).copied()
        };
        if let Some(code) = known {
            return code;
        }
        let code = match m.glyph(c) {
            Some((gid, advance)) => {
                let new = self.remapper.remap(gid);
                if new as usize == self.glyphs.len() {
                    self.glyphs.push((advance * 1000.0, c));
                }
                new
            }
            None => 0,
        };
        if c.is_ascii() {
            self.ascii[c as usize] = Some(code);
        } else {
            self.other.insert(c, code);
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
/// face or size change, a text matrix and the glyph codes per line. The codes go in a
/// literal string as raw bytes (PDF allows any byte there; only `(`, `)`, `\` and line ends
/// are escaped): two bytes a glyph, where a general-purpose writer spends up to eight.
struct PageText<'a, 'f> {
    ops: Vec<u8>,
    current: Option<(Face, f32)>,
    measures: &'a mut Measures<'f>,
    used: &'a mut [Used; 2],
}

impl PageText<'_, '_> {
    fn text(&mut self, face: Face, size: f32, x: f32, y: f32, s: &str) {
        if self.current != Some((face, size)) {
            self.ops.extend_from_slice(match face {
                Face::Regular => b"/F1 ",
                Face::Bold => b"/F2 ",
            });
            number(&mut self.ops, size);
            self.ops.extend_from_slice(b" Tf\n");
            self.current = Some((face, size));
        }
        self.ops.extend_from_slice(b"1 0 0 1 ");
        number(&mut self.ops, x);
        self.ops.push(b' ');
        number(&mut self.ops, y);
        self.ops.extend_from_slice(b" Tm\n(");
        let (m, used) = match face {
            Face::Regular => (&mut self.measures.regular, &mut self.used[0]),
            Face::Bold => (&mut self.measures.bold, &mut self.used[1]),
        };
        for c in s.chars() {
            for byte in used.code(m, c).to_be_bytes() {
                match byte {
                    b'(' | b')' | b'\\' => self.ops.extend_from_slice(&[b'\\', byte]),
                    b'\r' => self.ops.extend_from_slice(b"\\r"),
                    b'\n' => self.ops.extend_from_slice(b"\\n"),
                    _ => self.ops.push(byte),
                }
            }
        }
        self.ops.extend_from_slice(b") Tj\n");
    }
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    use std::io::Write;
    // Level 1: most of the size for a fraction of the time.
    let mut z = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::fast(),
    );
    z.write_all(bytes)
        .and_then(|_| z.finish())
        .map_err(|e| Error::Internal(format!("compressing a PDF stream: {e}")))
}

pub(crate) fn draw(
    info: &TranscriptInfo,
    pages: Vec<Page>,
    tz: &jiff::tz::TimeZone,
    measures: &mut Measures<'_>,
) -> Result<Vec<u8>, Error> {
    let mut pdf = Pdf::new();
    let mut refs = Refs(0);
    let (catalog, tree, doc_info) = (refs.next(), refs.next(), refs.next());
    let fonts = [refs.next(), refs.next()];
    let mut used: [Used; 2] = Default::default();
    let total = pages.len();
    let generated = local_time(info.generated_at, tz);
    let state = if info.is_final { "FINAL" } else { "DRAFT" };
    let running = measures
        .regular
        .clean(&format!(
            "Transcript of thread {} · case {} · {state}",
            info.thread_id, info.case
        ))
        .into_owned();
    let footer2 = measures
        .regular
        .clean(&format!(
            "Generated {generated} · content SHA-256 {}",
            info.content_hash
        ))
        .into_owned();
    let mut kids = Vec::with_capacity(total);
    for (n, page) in pages.into_iter().enumerate() {
        let mut p = PageText {
            ops: Vec::with_capacity(16 * 1024),
            current: None,
            measures,
            used: &mut used,
        };
        p.ops.extend_from_slice(b"BT\n");
        if n > 0 {
            p.text(Face::Regular, 8.0, MARGIN, PAGE_H - MARGIN + 4.0, &running);
        }
        for (y, line) in &page {
            p.text(line.face, line.size, MARGIN + line.indent, *y, &line.text);
        }
        let footer1 = format!(
            "Thread {} · {state} · Page {} of {total}",
            info.thread_id,
            n + 1
        );
        let footer1 = p.measures.regular.clean(&footer1);
        p.text(Face::Regular, 7.5, MARGIN, MARGIN + 10.0, &footer1);
        p.text(Face::Regular, 7.5, MARGIN, MARGIN, &footer2);
        p.ops.extend_from_slice(b"ET\n");
        let content = deflate(&p.ops)?;
        let (page_id, content_id) = (refs.next(), refs.next());
        pdf.stream(content_id, &content).filter(Filter::FlateDecode);
        let mut page_obj = pdf.page(page_id);
        page_obj
            .media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(content_id);
        page_obj
            .resources()
            .fonts()
            .pair(Name(b"F1"), fonts[0])
            .pair(Name(b"F2"), fonts[1]);
        page_obj.finish();
        kids.push(page_id);
    }
    pdf.pages(tree).kids(kids).count(total as i32);
    pdf.catalog(catalog).pages(tree);
    let title = format!("Transcript of thread {}", info.thread_id);
    pdf.document_info(doc_info)
        .title(pdf_writer::TextStr(&title))
        .producer(pdf_writer::TextStr("casebridge"));
    for (i, (font, used)) in [measures.regular.font, measures.bold.font]
        .into_iter()
        .zip(&used)
        .enumerate()
    {
        write_font(&mut pdf, &mut refs, fonts[i], font, used, i)?;
    }
    Ok(pdf.finish())
}

/// A Type 0 font with its TrueType descendant, subset to the glyphs used.
fn write_font(
    pdf: &mut Pdf,
    refs: &mut Refs,
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
    let scale = 1000.0 / face.units_per_em().max(1) as f32;
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
    let packed = deflate(&subset)?;
    pdf.stream(file, &packed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);
    let mut unicode = UnicodeCmap::new(Name(b"Custom"), IDENTITY);
    for (g, (_, c)) in used.glyphs.iter().enumerate().skip(1) {
        unicode.pair(g as u16, *c);
    }
    let cmap_bytes = unicode.finish();
    pdf.cmap(cmap, &cmap_bytes);
    Ok(())
}
