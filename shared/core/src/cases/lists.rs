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

/// Open (not closed) cases, newest first; narrowed by `q`, those where every word of `q`
/// starts a word of the case number, the customer's name, the unit number or the VIN (or
/// its last 8 or 6), read from the word index, open cases first.
pub async fn search_open_cases(
    app: &App,
    dealer: &DealerId,
    q: Option<&str>,
    page: PageRequest,
    include_closed: bool,
) -> Result<Listing<CaseSummary>> {
    let q = q.unwrap_or_default();
    if q.split_whitespace().count() > 10 || q.split_whitespace().any(|w| w.chars().count() > 50) {
        return Err(Error::bad_field(
            "q",
            "at most 10 words of at most 50 characters",
        ));
    }
    let now = app.clock.now();
    let recent = |c: &CaseSummary| {
        c.status != CaseStatus::Closed
            || now - c.closed_at.unwrap_or(c.updated_at)
                <= jiff::SignedDuration::from_hours(24 * RECENTLY_CLOSED_DAYS)
    };
    match crate::search::tokens_of(q) {
        Some(tokens) => {
            store::search(
                app,
                dealer,
                &tokens,
                include_closed,
                page,
                MAX_SCANNED,
                recent,
            )
            .await
        }
        None if !include_closed => list_cases(app, dealer, CaseFilter::NotClosed, page).await,
        None => store::scan(app, dealer, CaseList::All, page, MAX_SCANNED, recent).await,
    }
}
