//! Fonts, measuring and cleaning text: which face prints a character, how wide it is, and
//! what cannot be printed.
//!
//! The chain, tried in order for each character: DejaVu Sans (regular or bold, compiled in),
//! then the fallback faces read from the fonts directory the first time a thread needs them
//! (Noto Sans SC and KR, the Noto Sans faces of South and South-East Asia and Ethiopia, Noto
//! Emoji). A character none of them has prints as `[U+XXXX]`.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use casebridge_core::Error;

static REGULAR_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// A fallback face: its file in the fonts directory, the PostScript name the PDF gives it,
/// and the characters it is tried for (so a thread in Thai never reads the Chinese face).
struct Fallback {
    file: &'static str,
    name: &'static str,
    ranges: &'static [(char, char)],
}

/// CJK punctuation, full-width forms and the like: in both CJK faces.
const CJK_SHARED: [(char, char); 4] = [
    ('\u{3000}', '\u{303F}'),
    ('\u{3200}', '\u{33FF}'),
    ('\u{FE30}', '\u{FE4F}'),
    ('\u{FF00}', '\u{FFEF}'),
];

/// In the order tried. Noto Sans SC has Han (simplified and traditional) and kana; Noto Sans
/// KR has Hangul; Noto Emoji is monochrome (outlines a PDF can embed and print).
const FALLBACKS: [Fallback; 17] = [
    Fallback {
        file: "NotoSansSC-Regular.ttf",
        name: "NotoSansSC-Regular",
        ranges: &[
            CJK_SHARED[0],
            CJK_SHARED[1],
            CJK_SHARED[2],
            CJK_SHARED[3],
            ('\u{2E80}', '\u{2FDF}'),
            ('\u{3040}', '\u{31FF}'),
            ('\u{3400}', '\u{4DBF}'),
            ('\u{4E00}', '\u{9FFF}'),
            ('\u{F900}', '\u{FAFF}'),
            ('\u{20000}', '\u{3134F}'),
        ],
    },
    Fallback {
        file: "NotoSansKR-Regular.ttf",
        name: "NotoSansKR-Regular",
        ranges: &[
            CJK_SHARED[0],
            CJK_SHARED[1],
            CJK_SHARED[2],
            CJK_SHARED[3],
            ('\u{1100}', '\u{11FF}'),
            ('\u{3130}', '\u{318F}'),
            ('\u{A960}', '\u{A97F}'),
            ('\u{AC00}', '\u{D7FF}'),
        ],
    },
    Fallback {
        file: "NotoSansDevanagari-Regular.ttf",
        name: "NotoSansDevanagari-Regular",
        ranges: &[('\u{0900}', '\u{097F}'), ('\u{A8E0}', '\u{A8FF}')],
    },
    Fallback {
        file: "NotoSansGurmukhi-Regular.ttf",
        name: "NotoSansGurmukhi-Regular",
        ranges: &[('\u{0A00}', '\u{0A7F}')],
    },
    Fallback {
        file: "NotoSansThai-Regular.ttf",
        name: "NotoSansThai-Regular",
        ranges: &[('\u{0E00}', '\u{0E7F}')],
    },
    Fallback {
        file: "NotoSansEthiopic-Regular.ttf",
        name: "NotoSansEthiopic-Regular",
        ranges: &[
            ('\u{1200}', '\u{139F}'),
            ('\u{2D80}', '\u{2DDF}'),
            ('\u{AB00}', '\u{AB2F}'),
        ],
    },
    Fallback {
        file: "NotoSansBengali-Regular.ttf",
        name: "NotoSansBengali-Regular",
        ranges: &[('\u{0980}', '\u{09FF}')],
    },
    Fallback {
        file: "NotoSansGujarati-Regular.ttf",
        name: "NotoSansGujarati-Regular",
        ranges: &[('\u{0A80}', '\u{0AFF}')],
    },
    Fallback {
        file: "NotoSansTamil-Regular.ttf",
        name: "NotoSansTamil-Regular",
        ranges: &[('\u{0B80}', '\u{0BFF}')],
    },
    Fallback {
        file: "NotoSansTelugu-Regular.ttf",
        name: "NotoSansTelugu-Regular",
        ranges: &[('\u{0C00}', '\u{0C7F}')],
    },
    Fallback {
        file: "NotoSansKannada-Regular.ttf",
        name: "NotoSansKannada-Regular",
        ranges: &[('\u{0C80}', '\u{0CFF}')],
    },
    Fallback {
        file: "NotoSansMalayalam-Regular.ttf",
        name: "NotoSansMalayalam-Regular",
        ranges: &[('\u{0D00}', '\u{0D7F}')],
    },
    Fallback {
        file: "NotoSansSinhala-Regular.ttf",
        name: "NotoSansSinhala-Regular",
        ranges: &[('\u{0D80}', '\u{0DFF}')],
    },
    Fallback {
        file: "NotoSansLao-Regular.ttf",
        name: "NotoSansLao-Regular",
        ranges: &[('\u{0E80}', '\u{0EFF}')],
    },
    Fallback {
        file: "NotoSansMyanmar-Regular.ttf",
        name: "NotoSansMyanmar-Regular",
        ranges: &[
            ('\u{1000}', '\u{109F}'),
            ('\u{A9E0}', '\u{A9FF}'),
            ('\u{AA60}', '\u{AA7F}'),
        ],
    },
    Fallback {
        file: "NotoSansKhmer-Regular.ttf",
        name: "NotoSansKhmer-Regular",
        ranges: &[('\u{1780}', '\u{17FF}'), ('\u{19E0}', '\u{19FF}')],
    },
    Fallback {
        file: "NotoEmoji-Regular.ttf",
        name: "NotoEmoji-Regular",
        ranges: &[
            ('\u{00A9}', '\u{00AE}'),
            ('\u{2000}', '\u{2BFF}'),
            ('\u{3030}', '\u{3030}'),
            ('\u{303D}', '\u{303D}'),
            ('\u{3297}', '\u{3299}'),
            ('\u{1F000}', '\u{1FAFF}'),
        ],
    },
];

impl Fallback {
    fn meant_for(&self, c: char) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= c && c <= b)
    }
}

/// Fonts of a document, by id: 0 and 1 are the styles' own faces, then the fallbacks.
pub(crate) const FONT_COUNT: usize = 2 + FALLBACKS.len();
pub(crate) type FontId = usize;

/// A font: its bytes (subset into each PDF) and its tables, read in place.
pub(crate) struct Font {
    pub data: &'static [u8],
    /// The face as the shaper reads it (it derefs to ttf-parser's face).
    pub face: rustybuzz::Face<'static>,
    /// The PostScript name the PDF gives it.
    pub name: &'static str,
}

impl Font {
    fn parse(data: &'static [u8], name: &'static str) -> Option<Font> {
        rustybuzz::Face::from_slice(data, 0).map(|face| Font { data, face, name })
    }

    pub fn units_per_em(&self) -> f32 {
        self.face.units_per_em().max(1) as f32
    }
}

/// The compiled-in faces, read once per process (reading a font is a look at its table
/// directory: nothing is copied).
fn embedded() -> Result<&'static [Font; 2], Error> {
    static FONTS: OnceLock<Option<[Font; 2]>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some([
                Font::parse(REGULAR_TTF, "DejaVuSans")?,
                Font::parse(BOLD_TTF, "DejaVuSans-Bold")?,
            ])
        })
        .as_ref()
        .ok_or_else(|| Error::Internal("the embedded font does not parse".into()))
}

/// The fallback faces of one fonts directory, each read the first time a thread needs it
/// and kept for the life of the process (the files are 0.05–11 MB; most transcripts need
/// none).
pub struct FallbackFonts {
    dir: Option<PathBuf>,
    faces: [OnceLock<Option<Font>>; FALLBACKS.len()],
}

impl FallbackFonts {
    /// The faces in `dir` (`None`: no fallbacks), one set per directory and process.
    pub fn in_dir(dir: Option<&Path>) -> &'static FallbackFonts {
        static LOADED: Mutex<Vec<&'static FallbackFonts>> = Mutex::new(Vec::new());
        let mut loaded = LOADED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(known) = loaded.iter().find(|f| f.dir.as_deref() == dir) {
            return known;
        }
        let fonts: &'static FallbackFonts = Box::leak(Box::new(FallbackFonts {
            dir: dir.map(Path::to_path_buf),
            faces: Default::default(),
        }));
        loaded.push(fonts);
        fonts
    }

    fn get(&self, k: usize) -> Option<&Font> {
        self.faces[k]
            .get_or_init(|| {
                let Fallback { file, name, .. } = FALLBACKS[k];
                let path = self.dir.as_ref()?.join(file);
                let read = std::fs::read(&path).map_err(|e| e.to_string());
                let font = read.and_then(|bytes| {
                    Font::parse(Box::leak(bytes.into_boxed_slice()), name)
                        .ok_or_else(|| "not a font".to_string())
                });
                font.map_err(|e| {
                    tracing::warn!(
                        font = %path.display(),
                        error = %e,
                        "a transcript font is missing: what only it prints shows as [U+…]"
                    )
                })
                .ok()
            })
            .as_ref()
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Face {
    Regular = 0,
    Bold = 1,
}

/// A measure per font of the chain; a fallback's is made when a character first needs it.
pub(crate) struct Measures {
    fonts: [Option<Measure>; FONT_COUNT],
    fallbacks: &'static FallbackFonts,
    /// Shaping plans by font, direction and script: making one reads the font's layout
    /// tables, which the profile showed costing more than the shaping itself.
    plans: rustc_hash::FxHashMap<
        (FontId, rustybuzz::Direction, rustybuzz::Script),
        rustybuzz::ShapePlan,
    >,
    /// Shaped words' widths at size 1, per style (see `shaping::shaped_width`).
    pub word_widths: [rustc_hash::FxHashMap<Box<str>, f32>; 2],
}

impl Measures {
    pub fn new(fallbacks: &'static FallbackFonts) -> Result<Self, Error> {
        let [regular, bold] = embedded()?;
        let mut fonts: [Option<Measure>; FONT_COUNT] = Default::default();
        fonts[0] = Some(Measure::new(regular));
        fonts[1] = Some(Measure::new(bold));
        Ok(Measures {
            fonts,
            fallbacks,
            plans: Default::default(),
            word_widths: Default::default(),
        })
    }

    /// The font `id`, when it is there.
    pub fn font(&self, id: FontId) -> Option<&'static Font> {
        self.fonts[id].as_ref().map(|m| m.font)
    }

    fn measure(&mut self, id: FontId) -> Option<&mut Measure> {
        if self.fonts[id].is_none() && id >= 2 {
            let fallbacks: &'static FallbackFonts = self.fallbacks;
            self.fonts[id] = fallbacks.get(id - 2).map(Measure::new);
        }
        self.fonts[id].as_mut()
    }

    /// The plan that shapes `buffer` (its direction set) in font `id`.
    pub fn plan(
        &mut self,
        id: FontId,
        font: &Font,
        buffer: &mut rustybuzz::UnicodeBuffer,
    ) -> &rustybuzz::ShapePlan {
        buffer.guess_segment_properties();
        let (direction, script) = (buffer.direction(), buffer.script());
        self.plans
            .entry((id, direction, script))
            .or_insert_with(|| {
                rustybuzz::ShapePlan::new(&font.face, direction, Some(script), None, &[])
            })
    }

    /// The glyph of `c` in font `id` and its advance at size 1.
    pub fn glyph_in(&mut self, id: FontId, c: char) -> Option<(u16, f32)> {
        self.measure(id)?.glyph(c)
    }

    /// The first font of the chain that prints `c` in `style`, its glyph and advance.
    #[inline]
    pub fn pick(&mut self, style: Face, c: char) -> Option<(FontId, u16, f32)> {
        let own = style as FontId;
        if let Some((g, a)) = self.fonts[own].as_mut().and_then(|m| m.glyph(c)) {
            return Some((own, g, a));
        }
        if c.is_ascii() {
            return None;
        }
        self.pick_fallback(c)
    }

    #[inline(never)]
    fn pick_fallback(&mut self, c: char) -> Option<(FontId, u16, f32)> {
        (2..FONT_COUNT)
            .filter(|&id| FALLBACKS[id - 2].meant_for(c))
            .find_map(|id| self.glyph_in(id, c).map(|(g, a)| (id, g, a)))
    }

    /// Advance of `c` at size 1 (0 when nothing prints it).
    #[inline]
    pub fn advance(&mut self, style: Face, c: char) -> f32 {
        self.pick(style, c).map(|(_, _, a)| a).unwrap_or(0.0)
    }

    /// Whether `c` prints as itself (a joiner or variation selector counts: it shapes the
    /// character before it and prints nothing).
    fn printable(&mut self, style: Face, c: char) -> bool {
        let bidi = matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        !bidi && !c.is_control() && (invisible(c) || self.pick(style, c).is_some())
    }

    /// Replaces what must not or cannot be printed with a visible `[U+XXXX]` (a tab with
    /// four spaces): an explicit bidi override or isolate is shown, never obeyed, so no
    /// message can reorder another's words. Text that prints as it is is not copied.
    pub fn clean<'s>(&mut self, style: Face, s: &'s str) -> std::borrow::Cow<'s, str> {
        let Some(at) = s
            .char_indices()
            .find(|&(_, c)| !self.printable(style, c))
            .map(|(i, _)| i)
        else {
            return std::borrow::Cow::Borrowed(s);
        };
        let mut out = String::with_capacity(s.len() + 16);
        out.push_str(&s[..at]);
        for c in s[at..].chars() {
            if c == '\t' {
                out.push_str("    ");
            } else if !self.printable(style, c) {
                out.push_str(&format!("[U+{:04X}]", c as u32));
            } else {
                out.push(c);
            }
        }
        std::borrow::Cow::Owned(out)
    }
}

/// Zero-width characters that only change the character before them: joiners, variation
/// selectors (emoji or text style) and emoji tags. The shaper handles them.
pub(crate) fn invisible(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0020}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Measures one font; caches per character (glyph and advance).
pub(crate) struct Measure {
    pub font: &'static Font,
    scale: f32,
    /// ASCII, looked up once when the measure is made.
    ascii: [Option<(u16, f32)>; 128],
    cache: rustc_hash::FxHashMap<char, Option<(u16, f32)>>,
}

impl Measure {
    fn new(font: &'static Font) -> Self {
        let mut m = Measure {
            font,
            scale: 1.0 / font.units_per_em(),
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
}

/// Greedy line breaking at spaces: the byte ranges of `text` that fit `width` each (a
/// word wider than the page is broken wherever the line is full). Ranges are slices of the
/// text as it is, so every space inside a line is kept.
pub(crate) fn wrap(
    text: &str,
    width: f32,
    space: f32,
    mut width_of: impl FnMut(&str) -> f32,
) -> Vec<std::ops::Range<usize>> {
    let mut lines = Vec::new();
    // The line being filled: where it starts, where it ends so far, its width.
    let mut line: Option<(usize, usize)> = None;
    let mut line_w = 0.0;
    let mut at = 0;
    for word in text.split(' ') {
        let (start, end) = (at, at + word.len());
        at = end + 1;
        let w = width_of(word);
        match line {
            Some((s, _)) if line_w + space + w <= width => {
                line = Some((s, end));
                line_w += space + w;
                continue;
            }
            Some((s, e)) => lines.push(s..e),
            None => {}
        }
        if w <= width {
            line = Some((start, end));
            line_w = w;
            continue;
        }
        // A word wider than the page: break it wherever the line is full.
        let mut s = start;
        line_w = 0.0;
        for (i, c) in word.char_indices() {
            let cw = width_of(&word[i..i + c.len_utf8()]);
            if line_w + cw > width && start + i > s {
                lines.push(s..start + i);
                s = start + i;
                line_w = 0.0;
            }
            line_w += cw;
        }
        line = Some((s, end));
    }
    if let Some((s, e)) = line {
        lines.push(s..e);
    }
    lines
}

/// A time as people read it on the transcript, in the dealer's zone (stated): the page's
/// format ("Fri Nov 20, 8:00 AM CST") with the year and the seconds a record needs.
pub(crate) fn local_time(ts: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> String {
    ts.to_zoned_datetime(tz.clone())
        .strftime("%a %b %-d, %Y, %-I:%M:%S %p %Z")
        .to_string()
}
