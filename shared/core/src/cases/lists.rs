//! The lists that show a dealer's cases: by status for Case users, and the connector's
//! search for the case a thread goes on.

use super::model::*;
use super::store::{self, CaseList};
use crate::error::{Error, Result};
use crate::ids::DealerId;
use crate::ports::PageRequest;
use crate::{App, Listing};

/// Which of the dealer's case lists to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseFilter {
    All,
    /// Every status but closed.
    NotClosed,
    Status(CaseStatus),
}

impl CaseFilter {
    /// `status` as a list route takes it: absent or empty for every case, `active` for
    /// every case not closed, or one status.
    pub fn parse(status: Option<&str>) -> Result<CaseFilter> {
        Ok(match status {
            None | Some("") => CaseFilter::All,
            Some("active") => CaseFilter::NotClosed,
            Some(s) => CaseFilter::Status(CaseStatus::parse(s, "status")?),
        })
    }
}

pub async fn list_cases(
    app: &App,
    dealer: &DealerId,
    filter: CaseFilter,
    page: PageRequest,
) -> Result<Listing<CaseSummary>> {
    let list = match filter {
        CaseFilter::All => CaseList::All,
        CaseFilter::NotClosed => CaseList::Active,
        CaseFilter::Status(s) => CaseList::Status(s.as_str()),
    };
    store::list(app, dealer, list, page).await
}

/// How many index entries one open-case search reads at most before it answers a page
/// (possibly short) with a cursor to go on from.
const MAX_SCANNED: usize = 1_000;

/// How long a closed case stays in the connector's picker (a thread may be attached to a
/// closed case, as the product allows).
pub(crate) const RECENTLY_CLOSED_DAYS: i64 = 30;

/// Open (not closed) cases, newest first, narrowed by `q`: every word of `q` must appear,
/// case-insensitively, in the customer's name, the unit number or the VIN.
pub async fn search_open_cases(
    app: &App,
    dealer: &DealerId,
    q: Option<&str>,
    page: PageRequest,
    include_closed: bool,
) -> Result<Listing<CaseSummary>> {
    let words: Vec<String> = q
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() && !include_closed {
        return list_cases(app, dealer, CaseFilter::NotClosed, page).await;
    }
    if words.len() > 10 || words.iter().any(|w| w.chars().count() > 50) {
        return Err(Error::bad_field(
            "q",
            "at most 10 words of at most 50 characters",
        ));
    }
    let matches = |c: &CaseSummary| {
        let hay = format!(
            "{} {} {}",
            c.customer.name,
            c.asset.unit_number,
            c.asset.vin.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    };
    let now = app.clock.now();
    let recent = |c: &CaseSummary| {
        c.status != CaseStatus::Closed
            || now - c.closed_at.unwrap_or(c.updated_at)
                <= jiff::SignedDuration::from_hours(24 * RECENTLY_CLOSED_DAYS)
    };
    let list = if include_closed {
        CaseList::All
    } else {
        CaseList::Active
    };
    store::search(app, dealer, list, page, MAX_SCANNED, |c: &CaseSummary| {
        matches(c) && recent(c)
    })
    .await
}
