//! The word index's entries in the table, and the query that reads them a page at a time.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ports::item_store::cursor;
use crate::ports::{Item, Order, PageRequest, WriteOp};
use crate::{App, Listing};

/// An index entry: the record's list line and every word it is found by.
#[derive(Serialize, Deserialize)]
struct Entry<T> {
    words: Vec<String>,
    line: T,
}

impl<T> Entry<T> {
    /// Whether this entry, filed under `word`, answers the search: every token starts one of
    /// the record's words, and `word` is the first of them `lookup` starts (so a record with
    /// several is listed once).
    fn counts(&self, word: &str, lookup: &str, tokens: &[String]) -> bool {
        let first = self.words.iter().find(|w| w.starts_with(lookup));
        first.map(String::as_str) == Some(word)
            && tokens
                .iter()
                .all(|t| self.words.iter().any(|w| w.starts_with(t.as_str())))
    }
}

/// The writes that move a record's entries from the words it had (`before`, none for a new
/// record) to the words it has, each entry holding `line`.
pub(crate) fn entry_ops<T: Serialize>(
    pk: &str,
    section: &str,
    id: &str,
    before: &[String],
    words: &[String],
    line: &T,
) -> Result<Vec<WriteOp>> {
    let mut ops: Vec<WriteOp> = before
        .iter()
        .filter(|w| !words.contains(w))
        .map(|w| WriteOp::delete(pk, crate::keys::word_sk(section, w, id)))
        .collect();
    ops.extend(
        entries(pk, section, id, words, line)?
            .into_iter()
            .map(WriteOp::put),
    );
    Ok(ops)
}

/// A record's entries: one per word, each holding `line` and every word.
pub(crate) fn entries<T: Serialize>(
    pk: &str,
    section: &str,
    id: &str,
    words: &[String],
    line: &T,
) -> Result<Vec<Item>> {
    let entry = Entry {
        words: words.to_vec(),
        line,
    };
    words
        .iter()
        .map(|w| {
            Ok(Item::from_record(
                pk,
                crate::keys::word_sk(section, w, id),
                &entry,
            )?)
        })
        .collect()
}

/// The word an entry is filed under, from its sort key.
fn filed_under<'a>(sk: &'a str, section: &str) -> &'a str {
    sk.strip_prefix(section)
        .and_then(|rest| rest.rsplit_once('#'))
        .map_or("", |(word, _)| word)
}

/// One page of the records whose words every token starts and that `keep` accepts, reading
/// the entries of the longest token in each section of `sections` in turn (at most
/// `max_scanned` entries for one page; a page may then come back short, with a cursor).
pub(crate) async fn find<T: serde::de::DeserializeOwned>(
    app: &App,
    pk: &str,
    sections: &[&str],
    tokens: &[String],
    page: PageRequest,
    max_scanned: usize,
    mut keep: impl FnMut(&T) -> bool,
) -> Result<Listing<T>> {
    let Some(lookup) = tokens.iter().max_by_key(|t| t.chars().count()) else {
        return Ok(Listing {
            items: vec![],
            next_page: None,
        });
    };
    let prefixes: Vec<String> = sections.iter().map(|s| format!("{s}{lookup}")).collect();
    let (mut at, mut after) = resume(page.after.as_deref(), &prefixes)?;
    let (mut items, mut scanned) = (Vec::new(), 0);
    loop {
        let want = PageRequest {
            limit: batch_size(page.limit - items.len(), scanned, items.len()),
            order: Order::Ascending,
            after: after.as_deref().map(cursor::encode),
        };
        let batch = app.store.query(pk, &prefixes[at], want).await?;
        scanned += batch.items.len();
        let mut unread = batch.next.is_some();
        for (k, item) in batch.items.iter().enumerate() {
            // The cursor is the last entry looked at, so a page may stop inside a batch.
            after = Some(item.sk.clone());
            let entry: Entry<T> = item.record()?;
            if entry.counts(filed_under(&item.sk, sections[at]), lookup, tokens)
                && keep(&entry.line)
            {
                items.push(entry.line);
            }
            if items.len() >= page.limit {
                unread |= k + 1 < batch.items.len();
                break;
            }
        }
        if !unread {
            // The section is read to its end: on to the next from its start, if any.
            after = (at + 1 < prefixes.len()).then(|| prefixes[at + 1].clone());
            at = (at + 1).min(prefixes.len() - 1);
        }
        let done = after.is_none() || items.len() >= page.limit;
        if done || scanned >= max_scanned {
            let next_page = match after {
                Some(sk) if !ends_section(app, pk, &prefixes[at], &sk).await? => {
                    Some(cursor::encode(&sk))
                }
                _ => None,
            };
            return Ok(Listing { items, next_page });
        }
    }
}

/// How many entries to ask the store for: what the page lacks, or more when few of those
/// read so far matched (fewer round trips through a sparse word), at most 200.
fn batch_size(needed: usize, scanned: usize, found: usize) -> usize {
    const MOST: usize = 200;
    match (scanned, found) {
        (0, _) => needed,
        (_, 0) => MOST,
        _ => (needed * scanned / found).clamp(needed, MOST.max(needed)),
    }
}

/// Where a page goes on from: the section its cursor (the last sort key read) is in, and
/// that key; the first section's start for the first page.
fn resume(cursor: Option<&str>, prefixes: &[String]) -> Result<(usize, Option<String>)> {
    let Some(c) = cursor else {
        return Ok((0, None));
    };
    prefixes
        .iter()
        .enumerate()
        .find_map(|(i, p)| cursor::decode(c, p).ok().map(|sk| (i, Some(sk))))
        .ok_or_else(|| Error::bad_field("page", "the page cursor is not valid here"))
}

/// Whether nothing follows `after` in the section (so a page that stops there is the last).
async fn ends_section(app: &App, pk: &str, prefix: &str, after: &str) -> Result<bool> {
    if after != prefix {
        return Ok(false);
    }
    let peek = PageRequest {
        limit: 1,
        order: Order::Ascending,
        after: Some(cursor::encode(after)),
    };
    Ok(app.store.query(pk, prefix, peek).await?.items.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_knows_the_word_it_is_filed_under() {
        assert_eq!(filed_under("A#john#c-1", "A#"), "john");
        assert_eq!(filed_under("john#c-1", ""), "john");
    }
}
