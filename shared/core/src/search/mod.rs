//! Word-prefix search over a dealer's records, read from an index instead of a scan.
//!
//! A searchable record (a Case customer, a case) has one index entry per word it can be
//! found by, in its dealer's word partition: sort key `<section><word>#<id>`, holding the
//! record's list line and all its words. The entries are written in the same transaction as
//! the record and removed with it (`entry_ops` deletes the words a change lost), so a search
//! never shows what the record no longer says.
//!
//! A query reads only the entries of one of its tokens (the longest: the rarest a token can
//! be guessed to be without counting) and checks the other tokens against the entry's
//! words. Every token must start a word; case, accents and punctuation are ignored (the
//! rules of the Procede search, [`crate::ports::procede::words`]). A record with two words the
//! token starts (`jo`: John, Johnson) has two entries under it; only the one under the
//! smallest such word counts, so a record is listed once across pages.

pub mod reindex;
mod store;
pub(crate) use store::{entries, entry_ops, find};

/// Words kept per record at most (a name, a number, a city and phones fit easily).
const MAX_WORDS: usize = 40;
/// Characters kept per word: sort keys stay short, and a longer token still finds it.
const MAX_WORD_CHARS: usize = 48;

/// The words of a record, from the texts it is searched by, in the order given (see
/// [`text_words`]), as [`kept`] keeps them.
pub(crate) fn words_of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    kept(text_words(texts))
}

/// Each text's words; for a text with digits in several groups (`(303) 555-0100`,
/// `2024-118`) its digits as one word; and for a code of several parts (`T-101`) its parts as
/// one word, so a number is found however it is typed. In the order of the texts.
pub(crate) fn text_words<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    for text in texts {
        let words = crate::ports::procede::words(text);
        let digit_groups = words
            .iter()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .count();
        let joined = words.concat();
        out.extend(words);
        if digit_groups > 1 {
            out.push(text.chars().filter(char::is_ascii_digit).collect());
        }
        if digit_groups > 0 && out.last() != Some(&joined) {
            out.push(joined);
        }
    }
    out
}

/// The words an index keeps of a record's: each clipped, the first [`MAX_WORDS`] distinct
/// ones in the order given (so a long list of phones never pushes the name out), sorted.
pub(crate) fn kept(words: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words.into_iter().map(|w| clipped(&w)) {
        if out.len() == MAX_WORDS {
            break;
        }
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out.sort();
    out
}

/// The words a phone is found by besides its digit groups: its number with the country code
/// (`13035550100`) and without (`3035550100`) and, for a number of 10 digits or more, its
/// last 7 (`5550100`), the way people say a local number.
pub(crate) fn phone_words(phone: &str) -> Vec<String> {
    let Some(e164) = crate::phones::normalize_phone(phone) else {
        return vec![];
    };
    let national = match phonenumber::parse(None, &e164) {
        Ok(n) => n.national().value().to_string(),
        Err(_) => e164.trim_start_matches('+').to_string(),
    };
    let mut out = vec![e164.trim_start_matches('+').to_string(), national.clone()];
    if national.len() >= 10 {
        out.push(national[national.len() - 7..].to_string());
    }
    out
}

fn clipped(word: &str) -> String {
    word.chars().take(MAX_WORD_CHARS).collect()
}

/// The tokens of a search as typed: its words, or, when it has no letters, its digits as
/// one token (`(303) 555-0100` is a phone, not three numbers). `None`: nothing to search by.
pub(crate) fn tokens_of(q: &str) -> Option<Vec<String>> {
    let words = crate::ports::procede::words(q);
    let tokens = if words.len() > 1 && !q.chars().any(char::is_alphabetic) {
        vec![q.chars().filter(char::is_ascii_digit).collect()]
    } else {
        words
    };
    let tokens: Vec<String> = tokens.iter().map(|t| clipped(t)).collect();
    (!tokens.is_empty()).then_some(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_found_by_its_words_and_by_its_numbers_typed_any_way() {
        assert_eq!(
            words_of(["José's Trucking", "C-2024-118", "(303) 555-0100"]),
            // sorted: each text's words, the digits joined, the code's parts joined
            [
                "0100",
                "118",
                "2024",
                "2024118",
                "303",
                "3035550100",
                "555",
                "c",
                "c2024118",
                "joses",
                "trucking"
            ]
        );
    }

    #[test]
    fn a_long_list_of_phones_never_pushes_the_name_out() {
        let phones: Vec<String> = (0..20).map(|i| format!("(303) 555-01{i:02}")).collect();
        let mut all = text_words(["Zenith Freight"]);
        for p in &phones {
            all.extend(text_words([p.as_str()]));
            all.extend(phone_words(p));
        }
        let words = kept(all);
        assert_eq!(words.len(), MAX_WORDS);
        assert!(words.contains(&"zenith".to_string()) && words.contains(&"freight".to_string()));
    }

    #[test]
    fn a_phone_is_found_without_its_country_code_and_by_its_local_number() {
        let words = ["13035550100", "3035550100", "5550100"];
        assert_eq!(phone_words("+1 303 555 0100"), words);
        assert_eq!(phone_words("(303) 555-0100"), words);
        assert!(phone_words("ext. 12").is_empty());
    }

    #[test]
    fn a_search_without_letters_is_one_number() {
        assert_eq!(tokens_of("(303) 555-0100"), Some(vec!["3035550100".into()]));
        assert_eq!(tokens_of("1001"), Some(vec!["1001".into()]));
        assert_eq!(
            tokens_of("Jose truck"),
            Some(vec!["jose".into(), "truck".into()])
        );
        assert_eq!(tokens_of("!!"), None);
    }
}
