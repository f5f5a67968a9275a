//! SMS length as carriers count it. A message in the GSM 03.38 alphabet is sent in 7-bit
//! septets (160 per single message, 153 per part of a long one; the extension characters
//! `^{}\[~]|€` and form feed take two septets); anything else is sent as UCS-2 (70 UTF-16
//! units, 67 per part — an emoji takes two).

const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION: &str = "^{}\\[~]|€\u{000C}";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

/// How a text goes over the air: its encoding, its length in that encoding's units and the
/// number of segments (billed messages) it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmsLength {
    pub encoding: Encoding,
    pub units: usize,
    pub segments: usize,
}

pub fn measure(text: &str) -> SmsLength {
    let gsm_units: Option<usize> = text
        .chars()
        .map(|c| {
            if GSM_BASIC.contains(c) {
                Some(1)
            } else if GSM_EXTENSION.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    let (encoding, units, single, part) = match gsm_units {
        Some(u) => (Encoding::Gsm7, u, 160, 153),
        None => (Encoding::Ucs2, text.encode_utf16().count(), 70, 67),
    };
    let segments = if units == 0 {
        0
    } else if units <= single {
        1
    } else {
        units.div_ceil(part)
    };
    SmsLength {
        encoding,
        units,
        segments,
    }
}

fn is_gsm(c: char) -> bool {
    GSM_BASIC.contains(c) || GSM_EXTENSION.contains(c)
}

/// Words we write into a text, kept to the GSM alphabet where a letter has a plain form in it
/// (`aprobación` → `aprobacion`, `prête` → `prete`; `é`, `ñ`, `à` are in the alphabet and
/// stay): one letter outside it makes the whole text UCS-2, which halves what two segments
/// hold and would cut the Spanish and French texts. A character with no plain form (an
/// emoji, a Chinese name) stays as it is.
pub(crate) fn plain_for_sms(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.chars()
        .flat_map(|c| {
            if is_gsm(c) {
                return vec![c];
            }
            let plain: Vec<char> = std::iter::once(c).nfd().filter(|&d| is_gsm(d)).collect();
            if plain.is_empty() {
                vec![c]
            } else {
                plain
            }
        })
        .collect()
}

/// `head + tail` when it fits; else the ellipsis a cut takes ("..." when the whole is GSM-7,
/// so the cut stays GSM-7; "…" otherwise).
fn whole_or_ellipsis(head: &str, tail: &str, max_segments: usize) -> Result<String, &'static str> {
    let whole = format!("{head}{tail}");
    let m = measure(&whole);
    if m.segments <= max_segments {
        Ok(whole)
    } else if m.encoding == Encoding::Gsm7 {
        Err("...")
    } else {
        Err("…")
    }
}

/// `head` shortened (with "…", or "..." when that keeps the text GSM-7) until
/// `head + tail` fits in `max_segments`. The tail (a link) is never cut.
///
/// The longest prefix that fits is found by bisection: a longer prefix never takes fewer
/// segments (units only grow, and the encoding only goes from GSM-7 to UCS-2), and a 10,000
/// character note must not cost 10,000 measurements.
pub fn fit(head: &str, tail: &str, max_segments: usize) -> String {
    let ellipsis = match whole_or_ellipsis(head, tail, max_segments) {
        Ok(whole) => return whole,
        Err(ellipsis) => ellipsis,
    };
    // Byte offsets of the prefixes with 0 .. n-1 characters (the whole head did not fit).
    let ends: Vec<usize> = head.char_indices().map(|(i, _)| i).collect();
    let candidate = |k: usize| format!("{}{ellipsis}{tail}", head[..ends[k]].trim_end());
    let fits = |k: usize| measure(&candidate(k)).segments <= max_segments;
    if ends.is_empty() || !fits(0) {
        return tail.to_string();
    }
    // fits(lo) holds; find the largest such k.
    let (mut lo, mut hi) = (0, ends.len() - 1);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    candidate(lo)
}

/// [`fit`] as first written: drop one character at a time. Kept to check the bisection
/// against (unit tests, the fuzz target).
#[doc(hidden)]
pub fn fit_one_by_one(head: &str, tail: &str, max_segments: usize) -> String {
    let ellipsis = match whole_or_ellipsis(head, tail, max_segments) {
        Ok(whole) => return whole,
        Err(ellipsis) => ellipsis,
    };
    let mut chars: Vec<char> = head.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().collect();
        let candidate = format!("{}{ellipsis}{tail}", cut.trim_end());
        if measure(&candidate).segments <= max_segments {
            return candidate;
        }
    }
    tail.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_gsm7_with_160_then_153_per_part() {
        assert_eq!(
            measure(&"a".repeat(160)),
            SmsLength {
                encoding: Encoding::Gsm7,
                units: 160,
                segments: 1
            }
        );
        assert_eq!(measure(&"a".repeat(161)).segments, 2);
        assert_eq!(measure(&"a".repeat(306)).segments, 2);
        assert_eq!(measure(&"a".repeat(307)).segments, 3);
        assert_eq!(measure(&"a".repeat(1600)).segments, 11);
    }

    #[test]
    fn extension_characters_take_two_septets() {
        assert_eq!(measure(&"€".repeat(80)).units, 160);
        assert_eq!(measure(&"€".repeat(81)).segments, 2);
    }

    #[test]
    fn anything_else_is_ucs2_and_an_emoji_is_two_units() {
        let m = measure("Truck ready 🚚");
        assert_eq!((m.encoding, m.units, m.segments), (Encoding::Ucs2, 14, 1));
        assert_eq!(measure("é€ü ").encoding, Encoding::Gsm7);
        assert_eq!(measure(&"ê".repeat(70)).segments, 1);
        assert_eq!(measure(&"ê".repeat(71)).segments, 2);
        assert_eq!(measure(&"ê".repeat(134)).segments, 2);
        assert_eq!(measure(&"ê".repeat(135)).segments, 3);
    }

    #[test]
    fn fitting_cuts_the_description_and_keeps_the_link() {
        let link = " https://m.example.test/m/abc.def";
        let long = "Case 123: the turbo actuator was replaced and ".repeat(20);
        let fitted = fit(&long, link, 2);
        assert!(measure(&fitted).segments <= 2, "{fitted}");
        assert!(fitted.ends_with(link) && fitted.contains("..."));
        let emoji = "🚚 ".repeat(200);
        let fitted = fit(&emoji, link, 2);
        assert!(measure(&fitted).segments <= 2 && fitted.ends_with(link));
        assert_eq!(fit("short", link, 2), format!("short{link}"));
    }

    #[test]
    fn bisection_cuts_where_dropping_one_character_at_a_time_did() {
        let link = " https://m.example.test/m/abc.def";
        let heads = [
            "Case 123: the turbo actuator was replaced and ".repeat(9),
            "x ".repeat(300),
            "€{}".repeat(120),
            format!("{}🚚 ready", "a".repeat(200)),
            "é ".repeat(90) + &"ü".repeat(90),
            "     ".repeat(80),
        ];
        for head in &heads {
            for max in 0..4 {
                assert_eq!(
                    fit(head, link, max),
                    fit_one_by_one(head, link, max),
                    "{head:?} {max}"
                );
            }
        }
    }

    #[test]
    fn a_note_of_ten_thousand_characters_is_cut_in_a_few_measurements() {
        let note = "The customer asked about the brake job. ".repeat(250);
        let fitted = fit(&note, " https://m.example.test/m/x", 3);
        assert!(measure(&fitted).segments <= 3 && fitted.ends_with("/m/x"));
    }
}
