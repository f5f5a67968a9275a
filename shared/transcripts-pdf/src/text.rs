//! Measuring and cleaning text: which face of the chain ([`crate::fonts`]) prints a
//! character, how wide it is, what cannot be printed (`[U+XXXX]`), and where lines break.

use casebridge_core::Error;

use crate::fonts::{embedded, FallbackFonts, Font, FontId, FALLBACKS, FONT_COUNT};

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
