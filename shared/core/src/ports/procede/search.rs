//! DMS customer search: tokenising, normalising and ranking, independent of where the
//! candidate records come from (a local file, or Procede's API).
//!
//! Every token of the query must match the start of some word of the field, in any order;
//! matching ignores case, accents and punctuation ("jose" finds "José's Trucking"); a phone
//! matches on digits only. Ranked: exact match, then all tokens at word starts in order,
//! then the rest; ties by name.

use std::collections::HashMap;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::DmsCustomer;
use crate::error::{Error, Result};

/// Which field a search matches (`customerNumber` is accepted for `customer_number`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchField {
    Name,
    CustomerNumber,
    Phone,
    City,
}

impl SearchField {
    pub(crate) const NAMES: &'static str = "name, customer_number, phone, city";

    pub fn parse(raw: &str) -> Result<Self> {
        match raw {
            "name" => Ok(SearchField::Name),
            "customer_number" | "customerNumber" => Ok(SearchField::CustomerNumber),
            "phone" => Ok(SearchField::Phone),
            "city" => Ok(SearchField::City),
            other => Err(Error::bad_field(
                "by",
                format!("cannot search by {other:?}; use one of {}", Self::NAMES),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SearchField::Name => "name",
            SearchField::CustomerNumber => "customer_number",
            SearchField::Phone => "phone",
            SearchField::City => "city",
        }
    }
}

pub const MAX_TOKENS: usize = 10;
pub const MAX_QUERY_CHARS: usize = 200;

/// A checked query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub field: SearchField,
    pub tokens: Vec<String>,
    /// For phone searches: the digits typed.
    pub digits: String,
}

/// The words of `s`, lowercased, without accents; apostrophes join (`José's` → `joses`),
/// any other non-alphanumeric character separates.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in s.nfd() {
        if is_combining_mark(c) || matches!(c, '\'' | '\u{2019}' | '\u{02BC}') {
            continue;
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

impl Query {
    pub fn parse(field: SearchField, q: &str) -> Result<Self> {
        let q = q.trim();
        if q.chars().count() < 2 {
            return Err(Error::bad_field(
                "q",
                "type at least 2 characters to search",
            ));
        }
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::bad_field(
                "q",
                format!("at most {MAX_QUERY_CHARS} characters"),
            ));
        }
        let tokens = words(q);
        if tokens.len() > MAX_TOKENS {
            return Err(Error::bad_field(
                "q",
                format!("at most {MAX_TOKENS} words; narrow the search instead"),
            ));
        }
        let digits = digits(q);
        match field {
            SearchField::Phone if digits.len() < 2 => Err(Error::bad_field(
                "q",
                "a phone search needs at least 2 digits",
            )),
            SearchField::Phone => Ok(Query {
                field,
                tokens,
                digits,
            }),
            _ if tokens.is_empty() => {
                Err(Error::bad_field("q", "the search has no letters or digits"))
            }
            _ => Ok(Query {
                field,
                tokens,
                digits,
            }),
        }
    }
}

/// Records with their searchable fields normalised once.
#[derive(Debug, Default)]
pub struct Prepared {
    pub records: Vec<DmsCustomer>,
    name: Vec<Vec<String>>,
    number: Vec<Vec<String>>,
    city: Vec<Vec<String>>,
    phone: Vec<String>,
    sort_name: Vec<String>,
    by_id: HashMap<String, usize>,
    /// Every word of each word field with the record it is in, in word order, so a token
    /// finds the records it starts a word of by two binary searches instead of a pass over
    /// every record.
    starts: [Vec<(String, u32)>; 3],
}

/// The word fields, in the order of `Prepared::starts`.
const WORD_FIELDS: [SearchField; 3] = [
    SearchField::Name,
    SearchField::CustomerNumber,
    SearchField::City,
];

impl Prepared {
    pub fn new(records: Vec<DmsCustomer>) -> Self {
        let mut p = Prepared::default();
        for (i, r) in records.iter().enumerate() {
            let name = words(&r.name);
            p.sort_name.push(name.join(" "));
            p.name.push(name);
            p.number.push(words(&r.customer_number));
            p.city.push(words(&r.city));
            p.phone.push(digits(&r.phone));
            p.by_id.insert(r.procede_id.clone(), i);
        }
        for (f, field) in WORD_FIELDS.into_iter().enumerate() {
            let mut starts: Vec<(String, u32)> = (0..records.len())
                .flat_map(|i| {
                    p.words_of(field, i)
                        .iter()
                        .map(move |w| (w.clone(), i as u32))
                })
                .collect();
            starts.sort_unstable();
            starts.dedup();
            p.starts[f] = starts;
        }
        p.records = records;
        p
    }

    fn words_of(&self, field: SearchField, i: usize) -> &[String] {
        match field {
            SearchField::Name => &self.name[i],
            SearchField::CustomerNumber => &self.number[i],
            SearchField::City => &self.city[i],
            SearchField::Phone => &[],
        }
    }

    /// The entries of `field`'s words that `token` starts.
    fn starting(&self, field: SearchField, token: &str) -> &[(String, u32)] {
        let Some(f) = WORD_FIELDS.iter().position(|&w| w == field) else {
            return &[];
        };
        let starts = &self.starts[f];
        let from = starts.partition_point(|(w, _)| w.as_str() < token);
        let len = starts[from..].partition_point(|(w, _)| w.starts_with(token));
        &starts[from..from + len]
    }

    /// The records worth ranking: for a word field, those where the query's rarest token
    /// starts a word (every match is among them); for a phone, every record.
    fn candidates(&self, q: &Query) -> Vec<usize> {
        let rarest = q
            .tokens
            .iter()
            .map(|t| self.starting(q.field, t))
            .min_by_key(|entries| entries.len());
        match (q.field, rarest) {
            (SearchField::Phone, _) | (_, None) => (0..self.records.len()).collect(),
            (_, Some(entries)) => {
                let mut found: Vec<usize> = entries.iter().map(|&(_, i)| i as usize).collect();
                found.sort_unstable();
                found.dedup();
                found
            }
        }
    }

    pub fn get(&self, procede_id: &str) -> Option<&DmsCustomer> {
        self.by_id.get(procede_id).map(|&i| &self.records[i])
    }

    /// Indexes of matching records, best first.
    pub fn search(&self, q: &Query) -> Vec<usize> {
        let mut hits: Vec<(u8, usize)> = Vec::new();
        for i in self.candidates(q) {
            let rank = match q.field {
                SearchField::Phone => phone_rank(&self.phone[i], &q.digits),
                field => word_rank(self.words_of(field, i), &q.tokens),
            };
            if let Some(r) = rank {
                hits.push((r, i));
            }
        }
        hits.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| self.sort_name[a.1].cmp(&self.sort_name[b.1]))
                .then_with(|| {
                    self.records[a.1]
                        .procede_id
                        .cmp(&self.records[b.1].procede_id)
                })
        });
        hits.into_iter().map(|(_, i)| i).collect()
    }
}

/// 0 exact, 1 all tokens at word starts in order, 2 in any order; `None` when a token
/// starts no word.
fn word_rank(field: &[String], tokens: &[String]) -> Option<u8> {
    if !tokens
        .iter()
        .all(|t| field.iter().any(|w| w.starts_with(t.as_str())))
    {
        return None;
    }
    if field == tokens {
        return Some(0);
    }
    let mut next = 0;
    for t in tokens {
        match field[next..].iter().position(|w| w.starts_with(t.as_str())) {
            Some(p) => next += p + 1,
            None => return Some(2),
        }
    }
    Some(1)
}

fn phone_rank(phone: &str, digits: &str) -> Option<u8> {
    if phone == digits {
        Some(0)
    } else if phone.starts_with(digits) {
        Some(1)
    } else if phone.contains(digits) {
        Some(2)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: &str, name: &str, phone: &str, city: &str) -> DmsCustomer {
        serde_json::from_value(serde_json::json!({"procedeId": id, "name": name, "customerNumber": format!("C-{id}"), "phone": phone, "city": city}))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn set() -> Prepared {
        Prepared::new(vec![
            customer("1", "Johnson Tires - Denver", "(303) 555-0100", "Denver"),
            customer("2", "John Deere", "(515) 555-0199", "Des Moines"),
            customer("3", "José's Trucking", "+1 214 555 0123", "Dallas"),
            customer("4", "Deere & John Co", "918-555-0111", "Tulsa"),
            customer("5", "Big John", "806 555 0000", "Amarillo"),
        ])
    }

    fn names(p: &Prepared, field: SearchField, q: &str) -> Vec<String> {
        let q = Query::parse(field, q).unwrap_or_else(|e| panic!("{e}"));
        p.search(&q)
            .into_iter()
            .map(|i| p.records[i].name.clone())
            .collect()
    }

    #[test]
    fn one_word_matches_the_start_of_any_word() {
        assert_eq!(
            names(&set(), SearchField::Name, "John"),
            vec![
                "Big John",
                "Deere & John Co",
                "John Deere",
                "Johnson Tires - Denver"
            ]
        );
    }

    #[test]
    fn several_words_match_in_any_order_and_in_order_ranks_first() {
        assert_eq!(
            names(&set(), SearchField::Name, "John Denver"),
            vec!["Johnson Tires - Denver"]
        );
        assert_eq!(
            names(&set(), SearchField::Name, "john deere"),
            vec!["John Deere", "Deere & John Co"]
        );
        assert_eq!(
            names(&set(), SearchField::Name, "deer jo"),
            vec!["Deere & John Co", "John Deere"]
        );
    }

    #[test]
    fn an_exact_match_comes_first() {
        assert_eq!(names(&set(), SearchField::Name, "big john")[0], "Big John");
        assert_eq!(
            names(&set(), SearchField::Name, "JOHN")[0],
            "Big John",
            "ties broken by name"
        );
    }

    #[test]
    fn case_accents_and_punctuation_do_not_matter() {
        assert_eq!(
            names(&set(), SearchField::Name, "jose"),
            vec!["José's Trucking"]
        );
        assert_eq!(
            names(&set(), SearchField::Name, "JOSÉS truck"),
            vec!["José's Trucking"]
        );
        assert_eq!(
            names(&set(), SearchField::Name, "tires-denver"),
            vec!["Johnson Tires - Denver"]
        );
    }

    #[test]
    fn a_word_inside_a_word_does_not_match() {
        assert!(names(&set(), SearchField::Name, "ohn").is_empty());
        assert!(names(&set(), SearchField::Name, "son").is_empty());
    }

    #[test]
    fn phones_match_on_digits_only() {
        assert_eq!(
            names(&set(), SearchField::Phone, "303-555"),
            vec!["Johnson Tires - Denver"]
        );
        assert_eq!(
            names(&set(), SearchField::Phone, "0123"),
            vec!["José's Trucking"]
        );
        assert_eq!(
            names(&set(), SearchField::Phone, "(918) 555 0111"),
            vec!["Deere & John Co"]
        );
    }

    #[test]
    fn other_fields_search_the_same_way() {
        assert_eq!(
            names(&set(), SearchField::City, "des moi"),
            vec!["John Deere"]
        );
        assert_eq!(
            names(&set(), SearchField::CustomerNumber, "c 3"),
            vec!["José's Trucking"]
        );
    }

    #[test]
    fn metacharacters_are_just_text() {
        assert!(names(&set(), SearchField::Name, "%' OR 1=1 --").is_empty());
        assert!(names(&set(), SearchField::Name, ".* john[").len() == 4);
    }

    #[test]
    fn bad_queries_are_refused_with_a_reason() {
        for (q, why) in [
            ("", "2 characters"),
            ("j", "2 characters"),
            ("!!", "no letters"),
            (&"a ".repeat(50), "at most 10 words"),
        ] {
            let err = Query::parse(SearchField::Name, q).unwrap_err();
            assert!(err.to_string().contains(why), "{q:?}: {err}");
        }
        assert!(Query::parse(SearchField::Phone, "ab").is_err());
        assert!(SearchField::parse("zip")
            .unwrap_err()
            .to_string()
            .contains("customer_number"));
    }
}
