//! The word indexes searches read ([`crate::search`]): one entry per word a record is found
//! by, filed under the word so a prefix query reads only the records a token starts a word of.

use crate::ids::DealerId;

/// A dealer's Case customers by word (sort key `<word>#<customer>`).
pub(crate) fn customer_words_partition(d: &DealerId) -> String {
    format!("D#{d}#CUWORDS")
}

/// A dealer's cases by word (sort key `<section><word>#<case>`).
pub(crate) fn case_words_partition(d: &DealerId) -> String {
    format!("D#{d}#CASEWORDS")
}

/// The customers' only section.
pub(crate) const CUSTOMER_WORDS: &str = "";
/// Cases not closed, and closed ones (a picker reads the first, a wider one both in turn).
pub(crate) const OPEN_CASE_WORDS: &str = "A#";
pub(crate) const CLOSED_CASE_WORDS: &str = "Z#";

/// An entry's sort key: the section, the word, the record's id (words and ids hold no `#`).
pub(crate) fn word_sk(section: &str, word: &str, id: &str) -> String {
    format!("{section}{word}#{id}")
}
