//! Rules for the short texts people type into one line: names, unit numbers, VINs, part
//! numbers, subjects, captions. A control or line-break character in one of them would start
//! a new line where the value is printed (an email header, a text, a PDF's sender line), so
//! such a value is refused at the edge, and whatever writes a header cleans it again.

use crate::error::FieldError;

/// Characters a one-line field never holds: the C0 and C1 controls, DEL, and the Unicode
/// line and paragraph separators.
pub(crate) fn breaks_a_line(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// Why `value` is not one line of text, or none.
pub(crate) fn single_line_problem(value: &str) -> Option<String> {
    value.chars().find(|&c| breaks_a_line(c)).map(|c| {
        format!(
            "must be one line of text: U+{:04X} is a control or line-break character",
            c as u32
        )
    })
}

/// Adds a field error when `value` is not one line of text (for stored types, which check
/// in their `validate`; input-only types refuse it while parsing, `crate::json::single_line`).
pub(crate) fn require_single_line(errors: &mut Vec<FieldError>, field: &str, value: Option<&str>) {
    if let Some(why) = value.and_then(single_line_problem) {
        errors.push(FieldError::new(field, why));
    }
}

/// Whether `address` is an email address mail can be delivered to: RFC 5322's form (the
/// `email_address` crate reads it), a bare address (no display name, no `[IP]` literal), and
/// a domain of two or more valid labels (`a@b` and `a@-x.example` are refused).
pub(crate) fn is_deliverable_email(address: &str) -> bool {
    let options = email_address::Options {
        minimum_sub_domains: 2,
        allow_domain_literal: false,
        allow_display_text: false,
        ..email_address::Options::default()
    };
    address.len() <= 254
        && email_address::EmailAddress::parse_with_options(address, options).is_ok()
        && address.rsplit('@').next().is_some_and(|domain| {
            domain.split('.').all(|label| {
                !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
        })
}

/// `jo.fleet@fleet.example` → `j•••@fleet.example`: enough for its owner to recognise it,
/// too little for anyone holding a forwarded link to learn it.
pub fn masked_email(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}\u{2022}\u{2022}\u{2022}@{domain}")
        }
        None => "\u{2022}\u{2022}\u{2022}".to_string(),
    }
}

/// A count as people say it: `1 minute`, `2 minutes`, `0 lines` (English: one is singular,
/// every other number plural).
pub fn count(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `what` as the end of a sentence: a full stop added unless it already ends in one (or in
/// `!`, `?` or an ellipsis), so a note that ends "shortly." is not followed by "..".
pub fn sentence(what: &str) -> String {
    let what = what.trim_end();
    if what.ends_with(['.', '!', '?', '\u{2026}']) {
        what.to_string()
    } else {
        format!("{what}.")
    }
}

/// `$1,234.00`.
pub fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let (whole, frac) = (cents.abs() / 100, cents.abs() % 100);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{frac:02}")
}

/// An amount as people type it (`12`, `12.5`, `12.50`, `$1,200.00`) in cents, the inverse of
/// [`dollars`]; `None` when it is not an amount.
pub fn cents(raw: &str) -> Option<i64> {
    let raw = raw.trim().trim_start_matches('$').replace(',', "");
    let (whole, frac) = raw.split_once('.').unwrap_or((&raw, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !(whole.chars().chain(frac.chars())).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_is_read_as_people_type_it() {
        assert_eq!(cents("600"), Some(60_000));
        assert_eq!(cents("42.5"), Some(4_250));
        assert_eq!(cents("$1,200.00"), Some(120_000));
        assert_eq!(cents(&dollars(123_456)), Some(123_456));
        assert_eq!(cents("12.345"), None);
        assert_eq!(cents("twelve"), None);
        assert_eq!(cents(""), None);
    }

    #[test]
    fn a_sentence_ends_with_one_full_stop() {
        assert_eq!(sentence("your asset is ready"), "your asset is ready.");
        assert_eq!(
            sentence("new message: back shortly."),
            "new message: back shortly."
        );
        assert_eq!(sentence("new message: ready?  "), "new message: ready?");
        assert_eq!(
            sentence("new message: wait\u{2026}"),
            "new message: wait\u{2026}"
        );
    }

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "minute", "minutes"), "1 minute");
        assert_eq!(count(0, "line", "lines"), "0 lines");
        assert_eq!(count(2, "line", "lines"), "2 lines");
        assert_eq!(count(-1, "day", "days"), "-1 days");
        assert_eq!(count(21_u32, "contact", "contacts"), "21 contacts");
    }

    #[test]
    fn addresses_mail_cannot_reach_are_refused() {
        for ok in [
            "jo@fleet.example",
            "jo.fleet+case@mail.fleet-co.example",
            "ana@correo.mx",
        ] {
            assert!(is_deliverable_email(ok), "{ok}");
        }
        for bad in [
            "a@b",
            "a@-x.example",
            "a@x-.example",
            "a@x..example",
            "a@.example",
            "a b@x.example",
            "Jo <jo@fleet.example>",
            "jo@[127.0.0.1]",
            "@fleet.example",
            "jo@",
            "jo@fleet_co.example",
            "jo",
        ] {
            assert!(!is_deliverable_email(bad), "{bad}");
        }
        assert!(!is_deliverable_email(&format!(
            "{}@x.example",
            "a".repeat(250)
        )));
    }

    #[test]
    fn a_masked_address_keeps_its_first_letter_and_domain() {
        assert_eq!(
            masked_email("jo.fleet@fleet.example"),
            "j\u{2022}\u{2022}\u{2022}@fleet.example"
        );
    }

    #[test]
    fn every_control_and_line_separator_is_refused_and_plain_text_is_not() {
        let refused: Vec<char> = (0u32..0x20)
            .chain(0x7f..0xa0)
            .chain([0x2028, 0x2029])
            .filter_map(char::from_u32)
            .collect();
        for c in refused {
            assert!(
                single_line_problem(&format!("T-1{c}Bcc: x@evil.example")).is_some(),
                "U+{:04X}",
                c as u32
            );
        }
        for ok in [
            "T-101",
            "José Ramírez",
            "Johnson Tires - Denver",
            "東京トラック",
            "🚚 Unit 7",
        ] {
            assert_eq!(single_line_problem(ok), None, "{ok}");
        }
    }
}
