//! The backfill: the word entries of customers and cases stored before the index existed
//! (`casebridge reindex`, `POST /v1/dealers/{dealerId}/reindex`). A call indexes one batch of
//! a dealer's records and answers where to go on, so a Lambda call stays short; running it
//! again, or over records written since, writes the same entries.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::auth::permissions::Action;
use crate::auth::Principal;
use crate::error::{Error, Result};
use crate::ids::DealerId;
use crate::ports::{Order, PageRequest};
use crate::App;

/// Records indexed per call.
const BATCH: usize = 100;

/// What one call indexed, and where the next call goes on (`null`: the dealer is done).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reindexed {
    pub customers: usize,
    pub cases: usize,
    pub next_page: Option<String>,
}

/// Which list a call reads: the customers first, then the cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Customers,
    Cases,
}

fn encode(part: Part, after: Option<&str>) -> String {
    let tag = match part {
        Part::Customers => "customers",
        Part::Cases => "cases",
    };
    URL_SAFE_NO_PAD.encode(format!("{tag}:{}", after.unwrap_or_default()))
}

fn decode(page: Option<&str>) -> Result<(Part, Option<String>)> {
    let Some(page) = page.filter(|p| !p.is_empty()) else {
        return Ok((Part::Customers, None));
    };
    let bad = || Error::bad_field("page", "the page cursor is not valid here");
    let text =
        String::from_utf8(URL_SAFE_NO_PAD.decode(page).map_err(|_| bad())?).map_err(|_| bad())?;
    let (tag, after) = text.split_once(':').ok_or_else(bad)?;
    let part = match tag {
        "customers" => Part::Customers,
        "cases" => Part::Cases,
        _ => return Err(bad()),
    };
    Ok((part, Some(after.to_string()).filter(|a| !a.is_empty())))
}

/// Indexes the next batch of `dealer_id`'s records after `page` (platform admin).
pub async fn reindex(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    page: Option<&str>,
) -> Result<Reindexed> {
    let (dealer, _) =
        crate::dealers::dealer_in_reach(app, p, dealer_id, Action::RebuildSearchIndex).await?;
    let (part, after) = decode(page)?;
    let read = PageRequest {
        limit: BATCH,
        order: Order::Ascending,
        after,
    };
    let mut done = Reindexed {
        customers: 0,
        cases: 0,
        next_page: None,
    };
    let next = match part {
        Part::Customers => {
            let list = crate::customers::store::list(app, &dealer.id, read).await?;
            for c in &list.items {
                done.customers += usize::from(
                    crate::customers::store::write_words(app, &dealer.id, &c.id).await?,
                );
            }
            Some(encode(
                list.next_page
                    .as_ref()
                    .map_or(Part::Cases, |_| Part::Customers),
                list.next_page.as_deref(),
            ))
        }
        Part::Cases => {
            let all = crate::cases::CaseFilter::All;
            let list = crate::cases::list_cases(app, &dealer.id, all, read).await?;
            for c in &list.items {
                done.cases +=
                    usize::from(crate::cases::store::write_words(app, &dealer.id, &c.id).await?);
            }
            list.next_page.map(|n| encode(Part::Cases, Some(&n)))
        }
    };
    done.next_page = next;
    Ok(done)
}

/// Indexes every record of `dealer_id`, batch after batch: how many customers and cases.
pub async fn reindex_dealer(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
) -> Result<(usize, usize)> {
    let (mut customers, mut cases, mut page) = (0, 0, None);
    loop {
        let done = reindex(app, p, dealer_id, page.as_deref()).await?;
        customers += done.customers;
        cases += done.cases;
        match done.next_page {
            Some(next) => page = Some(next),
            None => return Ok((customers, cases)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_says_which_list_and_where_in_it() {
        let c = encode(Part::Cases, Some("ALL#2026"));
        assert_eq!(
            decode(Some(&c)).ok(),
            Some((Part::Cases, Some("ALL#2026".into())))
        );
        assert_eq!(decode(None).ok(), Some((Part::Customers, None)));
        assert!(decode(Some("bm9wZQ")).is_err());
    }
}
