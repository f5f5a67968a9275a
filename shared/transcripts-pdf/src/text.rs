//! Fonts, measuring and cleaning text: what can be printed, and how wide it is.

use std::sync::OnceLock;

use casebridge_core::Error;

static REGULAR_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// An embedded font: its bytes (subset into each PDF) and its tables, read in place.
pub(crate) struct Font {
    pub data: &'static [u8],
    pub face: ttf_parser::Face<'static>,
    /// The PostScript name the PDF gives it.
    pub name: &'static str,
}

pub(crate) struct Fonts {
    pub regular: Font,
    pub bold: Font,
}

/// The embedded fonts, read once per process (reading a font is a look at its table
/// directory: nothing is copied).
pub(crate) fn fonts() -> Result<&'static Fonts, Error> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let font = |data: &'static [u8], name| {
                ttf_parser::Face::parse(data, 0)
                    .ok()
                    .map(|face| Font { data, face, name })
            };
            Some(Fonts {
                regular: font(REGULAR_TTF, "DejaVuSans")?,
                bold: font(BOLD_TTF, "DejaVuSans-Bold")?,
            })
        })
        .as_ref()
        .ok_or_else(|| Error::Internal("the embedded font does not parse".into()))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Face {
    Regular,
    Bold,
}

/// A measure per face.
pub(crate) struct Measures<'f> {
    pub regular: Measure<'f>,
    pub bold: Measure<'f>,
}

impl<'f> Measures<'f> {
    pub fn new(fonts: &'f Fonts) -> Self {
        Measures {
            regular: Measure::new(&fonts.regular),
            bold: Measure::new(&fonts.bold),
        }
    }

    pub fn of(&mut self, face: Face) -> &mut Measure<'f> {
        match face {
            Face::Regular => &mut self.regular,
            Face::Bold => &mut self.bold,
        }
    }
}

/// Measures and cleans text for one face; caches per character (glyph and advance).
pub(crate) struct Measure<'f> {
    pub font: &'f Font,
    scale: f32,
    /// ASCII, looked up once when the measure is made.
    ascii: [Option<(u16, f32)>; 128],
    cache: rustc_hash::FxHashMap<char, Option<(u16, f32)>>,
}

impl<'f> Measure<'f> {
    fn new(font: &'f Font) -> Self {
        let upem = font.face.units_per_em().max(1) as f32;
        let mut m = Measure {
            font,
            scale: 1.0 / upem,
            ascii: [None; 128],
            cache: Default::default(),
        };
        for b in 0..128u8 {
            m.ascii[b as usize] = m.lookup(b as char);
        }
        m
    }

    fn lookup(&self, c: char) -> Option<(u16, f32)> {
        let face = &self.font.face;
        let g = face.glyph_index(c).filter(|g| g.0 != 0)?;
        Some((
            g.0,
            face.glyph_hor_advance(g).unwrap_or(0) as f32 * self.scale,
        ))
    }

    /// The glyph of `c` and its advance at size 1, or `None` when the font has no glyph.
    #[inline]
    pub fn glyph(&mut self, c: char) -> Option<(u16, f32)> {
        if c.is_ascii() {
            return self.ascii[c as usize];
        }
        if let Some(known) = self.cache.get(&c) {
            return *known;
        }
        let found = self.lookup(c);
        self.cache.insert(c, found);
        found
    }

    /// Advance of `c` at size 1, or `None` when the font has no glyph for it.
    fn advance(&mut self, c: char) -> Option<f32> {
        self.glyph(c).map(|(_, a)| a)
    }

    fn width(&mut self, s: &str, size: f32) -> f32 {
        s.chars()
            .map(|c| self.advance(c).unwrap_or(0.0))
            .sum::<f32>()
            * size
    }

    /// Whether `c` prints as itself.
    fn printable(&mut self, c: char) -> bool {
        let bidi = matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        !bidi && !c.is_control() && self.advance(c).is_some()
    }

    /// Replaces what must not or cannot be printed with a visible `[U+XXXX]` (a tab with
    /// four spaces); text that prints as it is is not copied.
    pub fn clean<'s>(&mut self, s: &'s str) -> std::borrow::Cow<'s, str> {
        let Some(at) = s
            .char_indices()
            .find(|&(_, c)| !self.printable(c))
            .map(|(i, _)| i)
        else {
            return std::borrow::Cow::Borrowed(s);
        };
        let mut out = String::with_capacity(s.len() + 16);
        out.push_str(&s[..at]);
        for c in s[at..].chars() {
            if c == '\t' {
                out.push_str("    ");
            } else if !self.printable(c) {
                out.push_str(&format!("[U+{:04X}]", c as u32));
            } else {
                out.push(c);
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// Wraps cleaned `text` into lines of at most `width` points.
    pub fn wrap(&mut self, text: &str, size: f32, width: f32) -> Vec<String> {
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

/// A time as people read it on the transcript, in the dealer's zone (stated): the page's
/// format ("Fri Nov 20, 8:00 AM CST") with the year and the seconds a record needs.
pub(crate) fn local_time(ts: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> String {
    ts.to_zoned_datetime(tz.clone())
        .strftime("%a %b %-d, %Y, %-I:%M:%S %p %Z")
        .to_string()
}
