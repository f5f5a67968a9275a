//! The dealer's customer activity, newest first: a contact replied, decided an estimate,
//! opened one, a text or email to them failed, they opted out. A Case screen badges cases
//! from it without polling each one (`GET /v1/dealers/{dealerId}/activity`).
//!
//! Replies, decisions and first looks are read from their events (`note.created`,
//! `estimate.decided`, `estimate.opened`) by case-notify; failures and opt-outs are written
//! where they are recorded. Each item is kept once, by what it is about, for 90 days.

mod store;

use serde::{Deserialize, Serialize};

use crate::auth::permissions::Action;
use crate::auth::Principal;
use crate::cases::{NoteSource, Visibility};
use crate::error::{Error, Result};
use crate::events::DomainEvent;
use crate::happened::Happened;
use crate::ids::{CaseId, DealerId};
use crate::ports::{Order, PageRequest};
use crate::{App, Listing};

/// What the customer side did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Replied,
    Decided,
    Opened,
    TextFailed,
    EmailFailed,
    OptedOut,
}

/// One thing a customer (or their phone's carrier, or their mail server) did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    /// Unique: what it is about (an event id, a failed send, an opt-out).
    pub id: String,
    pub kind: ActivityKind,
    #[schema(value_type = String, format = DateTime)]
    pub at: jiff::Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub case_id: Option<CaseId>,
    /// "#1004", as people call the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    /// What happened, in a sentence an advisor reads.
    pub summary: String,
}

/// Items a page answers at most.
const MAX_LIMIT: usize = 100;

/// `GET /v1/dealers/{dealerId}/activity?since=&limit=`: newest first, only what happened at
/// or after `since` when given. The dealer's people and its OEM read it.
pub async fn list(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    since: Option<&str>,
    page: PageRequest,
) -> Result<Listing<Activity>> {
    let since = match since.filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(s.parse::<jiff::Timestamp>().map_err(|_| {
            Error::bad_field(
                "since",
                format!("{s:?} is not a time (RFC 3339, for example 2026-11-25T16:00:00Z)"),
            )
        })?),
    };
    let (dealer, _) =
        crate::dealers::dealer_in_reach(app, p, dealer_id, Action::ReadActivity).await?;
    let page = PageRequest {
        limit: page.limit.min(MAX_LIMIT),
        order: Order::Descending,
        ..page
    };
    store::newest(app, &dealer.id, since, page).await
}

/// The activity an event is, if any: a contact's reply, a decision, a first look.
pub(crate) async fn from_event(app: &App, event: &DomainEvent) -> Result<()> {
    let Some(case_id) = event.case_id.as_ref() else {
        return Ok(());
    };
    let (kind, contact_id, contact_name, summary) = match event.what() {
        Ok(Happened::NoteCreated(n))
            if n.visibility == Visibility::External
                && matches!(n.source, NoteSource::Sms | NoteSource::Mobile) =>
        {
            let how = if n.source == NoteSource::Sms {
                "by text"
            } else {
                "on the page"
            };
            let said = format!(
                "{} replied {how}: \u{201c}{}\u{201d}",
                n.author.name,
                excerpt(&n.text)
            );
            (ActivityKind::Replied, n.author.id, n.author.name, said)
        }
        Ok(Happened::EstimateDecided(d)) => {
            let Some(first) = d.decisions.first() else {
                return Ok(());
            };
            let by = first.by.clone();
            let said = format!(
                "{} decided {} on estimate version {} \u{2014} {} approved",
                by.name,
                crate::text::count(d.decisions.len() as i64, "line", "lines"),
                d.version,
                crate::text::dollars(d.approved_cents)
            );
            (ActivityKind::Decided, by.id, by.name, said)
        }
        Ok(Happened::EstimateOpened(o)) => {
            let said = format!("{} opened estimate version {}", o.contact_name, o.version);
            (
                ActivityKind::Opened,
                Some(o.contact_id),
                o.contact_name,
                said,
            )
        }
        _ => return Ok(()),
    };
    let item = Activity {
        id: event.id.clone(),
        kind,
        at: event.occurred_at,
        case_id: Some(case_id.clone()),
        case_number: None,
        contact_id,
        contact_name: Some(contact_name),
        summary,
    };
    record(app, &event.dealer_id, item).await
}

/// Keeps `item` (once by its id), with its case's number.
pub(crate) async fn record(app: &App, dealer: &DealerId, mut item: Activity) -> Result<()> {
    if let (Some(case_id), None) = (&item.case_id, &item.case_number) {
        item.case_number = match crate::cases::load_case(app, dealer, case_id).await {
            Ok(case) if case.number > 0 => Some(case.label()),
            Ok(_) | Err(Error::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
    }
    store::keep(app, dealer, &item).await
}

/// The first 80 characters of a reply, on one line.
fn excerpt(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(80) {
        Some((at, _)) => format!("{}\u{2026}", &one_line[..at]),
        None => one_line,
    }
}
