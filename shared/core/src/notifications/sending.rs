//! What one send is about and what it came to: the vocabulary the text and the email paths
//! share ([`super::dispatch`] decides, [`super::email`] composes).

use serde::{Deserialize, Serialize};

use crate::cases::{Case, CaseStatus, NoteSource, Visibility};
use crate::dealers::{Dealer, ReplyMode};
use crate::events::DomainEvent;
use crate::happened::Happened;
use crate::words::Said;
use crate::App;

/// What a case event means to a customer, and who of the recipients hears of it.
pub struct Message {
    /// What happened, short ("your asset is ready", "new message"), said in each
    /// recipient's language.
    pub headline: Said,
    /// The words of a note, when it is one.
    pub detail: Option<String>,
    /// A contact's own reply is not sent back to them.
    pub(super) skip: Option<String>,
    /// Only these contacts (`None`: every recipient).
    pub(super) only: Option<Vec<String>>,
    /// An email only (a copy for the record), to those who take email; nobody is texted
    /// and nobody is logged as not notified.
    pub(super) email_only: bool,
    /// The estimate version whose PDF the email links to.
    pub(super) pdf: Option<(crate::ids::EstimateId, u32)>,
}

/// The customer who decided on the page gets a copy of the version by email.
fn decided_copy(d: &crate::happened::EstimateDecided) -> Option<Message> {
    let first = d.decisions.first()?;
    if first.channel != crate::estimates::Channel::Mobile {
        return None;
    }
    Some(Message {
        headline: Said::new("decisions-copy")
            .with("version", d.version)
            .with("approved", crate::estimates::dollars(d.approved_cents)),
        detail: None,
        skip: None,
        only: Some(first.by.id.clone().into_iter().collect()),
        email_only: true,
        pdf: Some((d.estimate_id.clone(), d.version)),
    })
}

impl Message {
    /// Whom it is for, and by which channels.
    pub(super) fn audience(&self) -> super::reach::Audience<'_> {
        super::reach::Audience {
            only: self.only.as_deref(),
            skip: self.skip.as_deref(),
            email_only: self.email_only,
        }
    }

    /// The signed link to the PDF the message carries, from the page's link.
    pub(super) fn pdf_link(&self, page: &str) -> Option<String> {
        self.pdf
            .as_ref()
            .map(|(estimate, n)| format!("{page}/estimates/{estimate}/versions/{n}/pdf"))
    }
}

/// What a case event means to a customer, if anything.
pub fn what_happened(event: &DomainEvent) -> Option<Message> {
    let message = |headline: Said, detail, skip, only| Message {
        headline,
        detail,
        skip,
        only,
        email_only: false,
        pdf: None,
    };
    match event.what().ok()? {
        Happened::EstimateSent(sent) => Some(message(
            approval_asked(sent.version, sent.total_cents),
            None,
            None,
            Some(sent.contact_ids.clone()),
        )),
        Happened::EstimateReminded(r) => Some(message(
            approval_waiting(r.version, r.total_cents),
            None,
            None,
            (!r.contact_ids.is_empty()).then(|| r.contact_ids.clone()),
        )),
        Happened::EstimateDecided(d) => decided_copy(&d),
        Happened::CaseStatusChanged(change) => {
            let headline = match change.to {
                CaseStatus::CheckIn => "status-checked-in",
                CaseStatus::RequestForApproval => "status-approval",
                CaseStatus::AssetReady => "status-ready",
                CaseStatus::AssetInService => "status-in-service",
                _ => return None,
            };
            Some(message(
                Said::new(headline),
                None,
                None,
                change.notify_only.clone(),
            ))
        }
        Happened::NoteCreated(note) => {
            if note.visibility != Visibility::External {
                return None;
            }
            let author = matches!(note.source, NoteSource::Sms | NoteSource::Mobile)
                .then(|| note.author.id.clone())
                .flatten();
            Some(message(
                Said::new("new-message"),
                Some(note.text.clone()),
                author,
                note.contact_ids.clone(),
            ))
        }
        _ => None,
    }
}

/// What one send came to (kept as the idempotency result; the first three are the names
/// texts were kept under before email existed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Outcome {
    Sent {
        message_id: String,
    },
    OptedOut,
    /// The provider did not confirm; it was not sent again.
    Unconfirmed,
    Suppressed {
        detail: String,
    },
    /// Refused for good by the provider (or given up on after retries).
    Failed {
        reason: String,
    },
}

/// Everything a send needs about the event.
pub(super) struct Sending<'a> {
    pub app: &'a App,
    pub event: &'a DomainEvent,
    pub dealer: &'a Dealer,
    pub case: &'a Case,
    pub mode: ReplyMode,
    pub message: &'a Message,
}

impl Sending<'_> {
    /// The view the link in this message opens: the estimate an approval request is about,
    /// the messages for anything else.
    pub(super) fn opens(&self) -> crate::mobile::links::Opens {
        use crate::mobile::links::Opens;
        match self.event.what() {
            Ok(Happened::EstimateSent(sent)) => Opens::Estimate {
                estimate_id: sent.estimate_id,
            },
            Ok(Happened::EstimateReminded(r)) => Opens::Estimate {
                estimate_id: r.estimate_id,
            },
            Ok(Happened::EstimateDecided(d)) => Opens::Estimate {
                estimate_id: d.estimate_id,
            },
            _ => Opens::Notes,
        }
    }
}

/// "estimate for $2,302.18 is ready for your approval" (a revision says which version, so it
/// is not taken for the first again; events raised before the amount was carried say none).
fn approval_asked(version: u32, total_cents: Option<i64>) -> Said {
    match total_cents {
        Some(total) if version > 1 => Said::new("estimate-asked-version")
            .with("version", version)
            .with("total", crate::estimates::dollars(total)),
        Some(total) => Said::new("estimate-asked").with("total", crate::estimates::dollars(total)),
        None => Said::new("estimate-asked-unpriced").with("version", version),
    }
}

/// "reminder: estimate for $2,302.18 is waiting for your approval".
fn approval_waiting(version: u32, total_cents: i64) -> Said {
    let total = crate::estimates::dollars(total_cents);
    if version > 1 {
        Said::new("estimate-waiting-version")
            .with("version", version)
            .with("total", total)
    } else {
        Said::new("estimate-waiting").with("total", total)
    }
}
