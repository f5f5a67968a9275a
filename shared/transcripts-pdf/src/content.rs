//! A page's content stream: the operators that show text, and the codes glyphs get.
//!
//! Text is shown as glyph ids of the fonts (Identity-H): each font's glyphs are numbered in
//! the order the document first shows them ([`Used`], which also keeps what each glyph says,
//! for the ToUnicode map); a character's code is looked up once per document ([`Shown`]).

use pdf_writer::Ref;

use crate::fonts::{FontId, FONT_COUNT};
use crate::shaping::Glyph;
use crate::text::{Face, Measures};

/// The glyphs one font has shown so far: their ids in the subset, and what they say.
pub(crate) struct Used {
    pub remapper: subsetter::GlyphRemapper,
    /// For each glyph of the subset (by new id): its advance (1/1000 em) and its text.
    pub glyphs: Vec<(f32, String)>,
    /// The font's object, from the first page that shows it.
    pub id: Option<Ref>,
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
pub(crate) struct Shown {
    pub used: [Used; FONT_COUNT],
    ascii: [[Option<(FontId, u16)>; 128]; 2],
    other: [rustc_hash::FxHashMap<char, (FontId, u16)>; 2],
}

impl Shown {
    pub fn new() -> Self {
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
pub(crate) fn number(buf: &mut Vec<u8>, v: f32) {
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
pub(crate) struct PageText<'a> {
    pub ops: Vec<u8>,
    current: Option<(FontId, f32)>,
    /// A string is open (`(` written, `) Tj` not yet).
    open: bool,
    /// The fonts this page shows, a bit each.
    pub fonts: u32,
    pub measures: &'a mut Measures,
    shown: &'a mut Shown,
}

impl<'a> PageText<'a> {
    pub fn new(capacity: usize, measures: &'a mut Measures, shown: &'a mut Shown) -> Self {
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
    pub fn text(&mut self, style: Face, size: f32, x: f32, y: f32, s: &str) {
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
    pub fn glyphs(&mut self, size: f32, x: f32, y: f32, glyphs: &[Glyph], text: &str) {
        let mut pen = x;
        // Where the viewer's pen is after the last glyph shown (the font's own advance).
        let mut at: Option<(f32, f32)> = None;
        let mut codes = Vec::new();
        let space = |g: &Glyph| text.get(g.text.start as usize..g.text.end as usize) == Some(" ");
        for word in glyphs.chunk_by(|a, b| !space(a) && !space(b)) {
            let (plain, said) = self.word_codes(word, text, &mut codes);
            let actual = said
                .filter(|_| !plain)
                .and_then(|(from, to)| text.get(from as usize..to as usize));
            if let Some(actual) = actual {
                self.begin_actual_text(actual);
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

    /// Each glyph's code and width in `codes` (`None` where its font is missing); whether
    /// every glyph says its own characters on the pen, and the bytes of the line the word
    /// stands for.
    fn word_codes(
        &mut self,
        word: &[Glyph],
        text: &str,
        codes: &mut Vec<Option<(u16, f32)>>,
    ) -> (bool, Option<(u32, u32)>) {
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
        (plain, said)
    }

    /// Opens a span whose copy and search text is `actual` (UTF-16BE, as PDF wants).
    fn begin_actual_text(&mut self, actual: &str) {
        self.close();
        self.ops.extend_from_slice(b"/Span <</ActualText <FEFF");
        for unit in actual.encode_utf16() {
            for byte in unit.to_be_bytes() {
                self.ops.extend_from_slice(&hex(byte));
            }
        }
        self.ops.extend_from_slice(b">>> BDC\n");
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
