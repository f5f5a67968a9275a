//! Text that needs more than one glyph per character in reading order: Arabic and Hebrew
//! (right to left, Arabic letters joined), combining marks, emoji sequences (joiners, skin
//! tones, flags). Such a paragraph is put in visual order per line with the Unicode bidi
//! algorithm (unicode-bidi) and shaped run by run with rustybuzz; everything else is drawn a
//! glyph per character, which is most of any thread and much faster.

use std::ops::Range;

use unicode_bidi::{BidiClass, ParagraphBidiInfo};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use crate::fonts::FontId;
use crate::text::{invisible, Face, Measures};

/// Whether `c` needs the shaper: a right-to-left letter, a mark, a joiner or selector, or a
/// character of the emoji planes (sequences, modifiers, flags).
#[inline]
pub(crate) fn needs_shaping(c: char) -> bool {
    match c as u32 {
        // Latin, Greek, Cyrillic, Armenian letters; general punctuation, symbols, arrows
        // (the profile's most common non-ASCII); Han, kana and Hangul syllables.
        0..=0x02FF
        | 0x0370..=0x0482
        | 0x048A..=0x058F
        | 0x2010..=0x2027
        | 0x2030..=0x205F
        | 0x2070..=0x20CF
        | 0x2100..=0x2BFF
        | 0x3040..=0x3098
        | 0x309B..=0x30FF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3 => false,
        _ => {
            c >= '\u{1F000}'
                || invisible(c)
                || is_mark(c)
                || matches!(unicode_bidi::bidi_class(c), BidiClass::R | BidiClass::AL)
        }
    }
}

/// A combining mark (no mark is below U+0300).
#[inline]
pub(crate) fn is_mark(c: char) -> bool {
    c as u32 >= 0x0300 && c.general_category_group() == GeneralCategoryGroup::Mark
}

/// One glyph placed on a line, at size 1 (multiply by the font size).
#[derive(Clone, Debug)]
pub(crate) struct Glyph {
    pub font: FontId,
    pub gid: u16,
    /// How far the pen moves after it.
    pub advance: f32,
    /// Where it is drawn relative to the pen.
    pub dx: f32,
    pub dy: f32,
    /// The characters it stands for (bytes of the line's text); empty for the second and
    /// later glyphs of one cluster.
    pub text: Range<u32>,
    /// Set right to left.
    pub rtl: bool,
}

/// A shaped line: its glyphs left to right and its width at size 1.
pub(crate) struct Shaped {
    pub glyphs: Vec<Glyph>,
    pub width: f32,
}

/// A paragraph's bidi levels, computed once for all of its lines.
pub(crate) struct Paragraph<'t> {
    bidi: ParagraphBidiInfo<'t>,
}

impl<'t> Paragraph<'t> {
    pub fn new(text: &'t str) -> Self {
        // The base direction is the first strong letter's (rules P2–P3): a message written
        // in Arabic reads from the right, an English one with an Arabic word from the left.
        Paragraph {
            bidi: ParagraphBidiInfo::new(text, None),
        }
    }

    pub fn right_to_left(&self) -> bool {
        self.bidi.paragraph_level.is_rtl()
    }

    /// The line `range` of the paragraph, in visual order, shaped.
    pub fn shape_line(&self, m: &mut Measures, style: Face, range: Range<usize>) -> Shaped {
        let mut glyphs = Vec::new();
        if !range.is_empty() {
            let (levels, runs) = self.bidi.visual_runs(range.clone());
            for run in runs {
                let rtl = levels[run.start].is_rtl();
                let text = &self.bidi.text[run.clone()];
                shape_run(m, style, text, run.start - range.start, rtl, &mut glyphs);
            }
        }
        let width = glyphs.iter().map(|g| g.advance).sum();
        Shaped { glyphs, width }
    }
}

/// The width of `word` at size 1 once shaped (as it will be drawn); a word with nothing to
/// shape is measured a glyph per character, as wrapping needs no more. A shaped word's width
/// is kept for the document: people repeat their words ("شكرا", "👍").
pub(crate) fn shaped_width(m: &mut Measures, style: Face, word: &str) -> f32 {
    if !word.chars().any(needs_shaping) {
        return word.chars().map(|c| m.advance(style, c)).sum();
    }
    if let Some(known) = m.word_widths[style as usize].get(word) {
        return *known;
    }
    let mut glyphs = Vec::new();
    let rtl = word
        .chars()
        .find_map(|c| match unicode_bidi::bidi_class(c) {
            BidiClass::R | BidiClass::AL => Some(true),
            BidiClass::L => Some(false),
            _ => None,
        });
    shape_run(m, style, word, 0, rtl.unwrap_or(false), &mut glyphs);
    let width = glyphs.iter().map(|g| g.advance).sum();
    m.word_widths[style as usize].insert(word.into(), width);
    width
}

/// Sets one directional run; `at` is where it starts in the line's text. Glyphs come out
/// in visual order. Left to right, words with nothing to shape (the English around an emoji
/// or a Hindi word) get a glyph per character, as the rest of the transcript does; the
/// shaper then only sees the words that need it, and is several times faster for it.
fn shape_run(
    m: &mut Measures,
    style: Face,
    text: &str,
    at: usize,
    rtl: bool,
    out: &mut Vec<Glyph>,
) {
    if rtl {
        return shape_fonts(m, style, text, at, true, out);
    }
    // Runs of words of one kind, each with the spaces after it; the end closes the last.
    let (mut start, mut end, mut kind) = (0, 0, None);
    for word in text.split_inclusive(' ').map(Some).chain([None]) {
        let plain = word.map(|w| !w.chars().any(needs_shaping));
        if start < end && plain != kind {
            let words = &text[start..end];
            set_words(m, style, words, at + start, kind == Some(true), out);
            start = end;
        }
        kind = plain;
        end += word.map_or(0, str::len);
    }
}

fn set_words(
    m: &mut Measures,
    style: Face,
    text: &str,
    at: usize,
    plain: bool,
    out: &mut Vec<Glyph>,
) {
    if !plain {
        return shape_fonts(m, style, text, at, false, out);
    }
    for (i, c) in text.char_indices() {
        let (font, gid, advance) = m.pick(style, c).unwrap_or((style as FontId, 0, 0.0));
        let from = (at + i) as u32;
        out.push(Glyph {
            font,
            gid,
            advance,
            dx: 0.0,
            dy: 0.0,
            text: from..from + c.len_utf8() as u32,
            rtl: false,
        });
    }
}

/// Shapes `text` split into runs of one font each.
fn shape_fonts(
    m: &mut Measures,
    style: Face,
    text: &str,
    at: usize,
    rtl: bool,
    out: &mut Vec<Glyph>,
) {
    let mut runs: Vec<(FontId, Range<usize>)> = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        // A mark or a joiner stays with the character it belongs to when that font has it.
        let attached = invisible(c) || is_mark(c);
        let font = match runs.last() {
            Some(&(f, _)) if attached && (invisible(c) || m.glyph_in(f, c).is_some()) => f,
            _ => m
                .pick(style, c)
                .map(|(f, _, _)| f)
                .unwrap_or(style as FontId),
        };
        match runs.last_mut() {
            Some((f, r)) if *f == font => r.end = end,
            _ => runs.push((font, i..end)),
        }
    }
    if rtl {
        runs.reverse();
    }
    for (font, r) in runs {
        shape_font_run(m, font, &text[r.clone()], at + r.start, rtl, out);
    }
}

fn shape_font_run(
    m: &mut Measures,
    id: FontId,
    text: &str,
    at: usize,
    rtl: bool,
    out: &mut Vec<Glyph>,
) {
    let Some(font) = m.font(id) else { return };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    // A cluster per character unless a ligature joins them, so each glyph says which
    // characters it prints (a skin tone after its hand, a mark after its letter).
    buffer.set_cluster_level(rustybuzz::BufferClusterLevel::MonotoneCharacters);
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    let plan = m.plan(id, font, &mut buffer);
    let shaped = rustybuzz::shape_with_plan(&font.face, plan, buffer);
    let scale = 1.0 / font.units_per_em();
    // A cluster's text runs from its start to the next cluster's start in reading order.
    let mut starts: Vec<u32> = shaped.glyph_infos().iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    // The shaper hides a joiner or selector the font lacks as a space of no width.
    let hidden = font.face.glyph_index(' ').map(|g| g.0 as u32);
    let mut previous = None;
    for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
        if Some(info.glyph_id) == hidden && pos.x_advance == 0 {
            continue;
        }
        let cluster = info.cluster;
        let text = if previous == Some(cluster) {
            0..0
        } else {
            let next = starts.partition_point(|&s| s <= cluster);
            let end = starts.get(next).copied().unwrap_or(text.len() as u32);
            at as u32 + cluster..at as u32 + end
        };
        previous = Some(cluster);
        out.push(Glyph {
            font: id,
            gid: info.glyph_id as u16,
            advance: pos.x_advance as f32 * scale,
            dx: pos.x_offset as f32 * scale,
            dy: pos.y_offset as f32 * scale,
            text,
            rtl,
        });
    }
}
