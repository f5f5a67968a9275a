//! The customer's language — English, Spanish or Canadian French — for the page, the texts
//! and the emails alike. The words live in Fluent resource files
//! (`locales/<language>/customer.ftl`, compiled in); code names a message and hands it
//! values, never words of its own. A message missing from a language falls back to English.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use serde::{Deserialize, Serialize};

fluent_templates::static_loader! {
    static WORDS = {
        locales: "./locales",
        fallback_language: "en",
        // Fluent wraps every value in Unicode isolation marks by default: in a text they
        // would turn a GSM-7 message into UCS-2, halving what one segment holds.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language a customer reads. `fr` is Canadian French.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Es,
    Fr,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Es, Language::Fr];

    /// The API's name for it: `en`, `es`, `fr`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Fr => "fr",
        }
    }

    /// `en`, `es`, `fr`, in any case; `None` for any other.
    pub fn parse(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// Its BCP 47 tag, for `<html lang>` and its resource folder.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Fr => "fr-CA",
        }
    }

    /// Its name in itself, as the page's switch offers it.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Es => "Español",
            Language::Fr => "Français",
        }
    }

    /// The first of ours a browser's `Accept-Language` asks for (`fr-FR` is served Canadian
    /// French, `es-MX` Spanish); `None` when it asks for none of them.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        let asked = fluent_langneg::parse_accepted_languages(header);
        let ours: Vec<LanguageIdentifier> = Language::ALL.iter().map(|l| l.id()).collect();
        let best = fluent_langneg::negotiate_languages(
            &asked,
            &ours,
            None,
            fluent_langneg::NegotiationStrategy::Filtering,
        );
        let best = best.first()?;
        Language::ALL.into_iter().find(|l| &&l.id() == best)
    }

    fn id(self) -> LanguageIdentifier {
        self.tag().parse().expect("the three tags are valid BCP 47")
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A value a message is given: words (a name, an amount already written) or a count, which
/// chooses the plural form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Count(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Count(n)
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Count(n.into())
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Message `id` in `language`, with its values.
pub fn say(language: Language, id: &str, args: &[(&'static str, Arg<'_>)]) -> String {
    let values: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Arg::Text(t) => FluentValue::from(t.as_ref()),
                Arg::Count(n) => FluentValue::from(*n),
            };
            (Cow::Borrowed(*name), value)
        })
        .collect();
    let args = (!values.is_empty()).then_some(&values);
    match WORDS.try_lookup_complete(&language.id(), id, args) {
        Some(words) => words,
        None => {
            // The resource-file test keeps this from happening; a release build shows the id.
            debug_assert!(false, "no message {id:?} in the resource files");
            id.to_string()
        }
    }
}

/// A message with no values.
pub fn word(language: Language, id: &str) -> String {
    say(language, id, &[])
}

/// Something to be said later, in the language of whoever reads it: a message and its
/// values (what a text or an email is about, before its recipient is known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    id: &'static str,
    args: Vec<(&'static str, Arg<'static>)>,
}

impl Said {
    pub fn new(id: &'static str) -> Self {
        Said {
            id,
            args: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<Arg<'static>>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The words, in `language`.
    pub fn in_language(&self, language: Language) -> String {
        say(language, self.id, &self.args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(language: Language) -> std::collections::BTreeSet<String> {
        let path = format!(
            "{}/locales/{}/customer.ftl",
            env!("CARGO_MANIFEST_DIR"),
            language.tag()
        );
        let text = std::fs::read_to_string(path).expect("resource file");
        // It parses (a syntax error would otherwise show only when a message is looked up).
        fluent_templates::fluent_bundle::FluentResource::try_new(text.clone())
            .expect("the resource file parses");
        // A message starts a line with its id and " =".
        text.lines()
            .filter_map(|l| l.split_once(" = ").map(|(id, _)| id))
            .filter(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_language_says_every_message() {
        let english = ids(Language::En);
        assert!(english.len() > 100, "{}", english.len());
        for language in [Language::Es, Language::Fr] {
            let theirs = ids(language);
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{language}: missing {missing:?}, not in English {extra:?}"
            );
        }
    }

    #[test]
    fn counts_choose_the_plural_each_language_uses() {
        let lines = |l, n: i64| say(l, "count-lines", &[("count", n.into())]);
        assert_eq!(lines(Language::En, 1), "1 line");
        assert_eq!(lines(Language::En, 0), "0 lines");
        assert_eq!(lines(Language::Es, 2), "2 líneas");
        // French counts zero as one.
        assert_eq!(lines(Language::Fr, 0), "0 ligne");
        assert_eq!(lines(Language::Fr, 2), "2 lignes");
    }

    #[test]
    fn values_are_not_wrapped_in_isolation_marks() {
        let said = say(Language::En, "messages-from", &[("dealer", "Acme".into())]);
        assert_eq!(said, "Messages from Acme");
    }

    #[test]
    fn a_browser_gets_the_first_of_our_languages_it_asks_for() {
        let heard = Language::from_accept_language;
        assert_eq!(heard("es-MX,es;q=0.9,en;q=0.8"), Some(Language::Es));
        assert_eq!(heard("fr-FR,fr;q=0.9"), Some(Language::Fr));
        assert_eq!(heard("de-DE,en-US;q=0.7"), Some(Language::En));
        assert_eq!(heard("de-DE"), None);
        assert_eq!(heard(""), None);
        assert_eq!(Language::parse("FR"), Some(Language::Fr));
        assert_eq!(Language::parse("pt"), None);
    }
}
